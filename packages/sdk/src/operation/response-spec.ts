import type { z } from "zod";
import type { ResponseObject, ResponseSpec } from "./types";

/** Whether a response spec is a bare zod schema (the short form). @internal */
export function isSchemaSpec(spec: ResponseSpec): spec is z.ZodType {
  return spec !== undefined && typeof (spec as z.ZodType).safeParseAsync === "function";
}

/** The body schema of a response spec (short or long form), or `undefined` for no body. @internal */
export function responseSchema(spec: ResponseSpec): z.ZodType | undefined {
  return isSchemaSpec(spec) ? spec : (spec as ResponseObject | undefined)?.schema;
}
