import type { z } from "zod";
import type { RequestLocation } from "../errors/codes";
import { type ErrorDetail, RequestValidationError } from "../errors/connector-error";
import type { AnyOperation, OperationInput, RequestSchemas } from "../operation/types";
import { readRequestBody } from "./body";
import { type Coercer, objectCoercers } from "./coerce";
import type { ConnectorRequest } from "./types";

/** Per-operation precompiled input parsing. @internal */
export interface CompiledInput {
  parse(
    req: ConnectorRequest,
    params: Record<string, string>,
    maxBodyBytes: number,
  ): Promise<OperationInput<RequestSchemas>>;
}

const EMPTY = Object.freeze({}) as Record<string, never>;

/** Converts zod issues to error details at a location. @internal */
export function issuesToDetails(
  location: RequestLocation,
  issues: readonly z.core.$ZodIssue[],
): ErrorDetail[] {
  return issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    return {
      code: issue.code,
      target: [location, ...path].join("."),
      location,
      path,
      message: issue.message,
    };
  });
}

/** Compiles the input parser of an operation. @internal */
export function compileInput(op: AnyOperation): CompiledInput {
  const { params, query, headers, body } = op.request;
  const paramCoercers = objectCoercers(params);
  const queryCoercers = objectCoercers(query);
  const headerCoercers: [string, string, Coercer][] = objectCoercers(headers).map(([k, c]) => [
    k,
    k.toLowerCase(),
    c,
  ]);

  return {
    async parse(req, rawParams, maxBodyBytes) {
      const details: ErrorDetail[] = [];
      let parsedParams: unknown = EMPTY;
      let parsedQuery: unknown = EMPTY;
      let parsedHeaders: unknown = EMPTY;
      let parsedBody: unknown;

      if (params) {
        const input: Record<string, unknown> = Object.create(null);
        for (const [key, coerce] of paramCoercers) {
          const v = rawParams[key];
          if (v !== undefined) input[key] = coerce(v);
        }
        const r = await params.safeParseAsync(input);
        if (r.success) parsedParams = r.data;
        else details.push(...issuesToDetails("path", r.error.issues));
      }
      if (query) {
        const input: Record<string, unknown> = Object.create(null);
        for (const [key, coerce] of queryCoercers) {
          const v = req.query[key];
          if (v !== undefined) input[key] = coerce(v);
        }
        const r = await query.safeParseAsync(input);
        if (r.success) parsedQuery = r.data;
        else details.push(...issuesToDetails("query", r.error.issues));
      }
      if (headers) {
        const input: Record<string, unknown> = Object.create(null);
        for (const [key, lower, coerce] of headerCoercers) {
          const v = req.headers[lower];
          if (v !== undefined) input[key] = coerce(v);
        }
        const r = await headers.safeParseAsync(input);
        if (r.success) parsedHeaders = r.data;
        else details.push(...issuesToDetails("header", r.error.issues));
      }
      if (body) {
        const raw = await readRequestBody(req, maxBodyBytes);
        const r = await body.safeParseAsync(raw);
        if (r.success) parsedBody = r.data;
        else details.push(...issuesToDetails("body", r.error.issues));
      }
      if (details.length > 0) throw new RequestValidationError(details);
      return {
        params: parsedParams,
        query: parsedQuery,
        headers: parsedHeaders,
        body: parsedBody,
      } as OperationInput<RequestSchemas>;
    },
  };
}
