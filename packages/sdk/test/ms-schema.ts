/**
 * Test helper: validates documents against Microsoft's JSON schemas vendored in fixtures/ms-schemas
 * (JSON with comments, draft-04).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import Ajv04 from "ajv-draft-04";
import { type ParseError, parse } from "jsonc-parser";
import { MS_SCHEMAS_DIR } from "./fixtures";

function load(name: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const schema = parse(readFileSync(join(MS_SCHEMAS_DIR, name), "utf8"), errors, {
    allowTrailingComma: true,
  });
  if (errors.length > 0) throw new Error(`cannot parse ${name}`);
  return schema as Record<string, unknown>;
}

const cache = new Map<string, (doc: unknown) => string[]>();

/** Returns the schema errors of a document ("" list = valid). */
export function msSchemaErrors(
  name: "apiDefinition.swagger.schema.json" | "paconn-apiProperties.schema.json",
  doc: unknown,
): string[] {
  let validate = cache.get(name);
  if (!validate) {
    const schema = load(name);
    // apiDefinition's schema is draft-04; paconn-apiProperties' is draft-07 with a draft-04 style "id".
    const draft07 = String(schema["$schema"] ?? "").includes("draft-07");
    if (draft07) delete schema["id"];
    const options = { allErrors: true, strict: false, validateFormats: false };
    const ajv = draft07 ? new Ajv(options) : new Ajv04(options);
    const fn = ajv.compile(schema);
    validate = (d) =>
      fn(d) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    cache.set(name, validate);
  }
  return validate(doc);
}
