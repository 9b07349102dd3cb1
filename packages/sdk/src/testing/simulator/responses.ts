import { ContractViolationError } from "./errors";
import type { SimResponse } from "./http-client";
import { isObject, type OperationInfo, own, type SwaggerIndex } from "./swagger-document";
import type { TraceEntry } from "./types";
import { validateSchema } from "./validate-schema";

/**
 * The schema declared for a status code (falling back to `default`), or `undefined`.
 * @internal
 * @example
 * ```ts
 * responseSchemaFor(index, info, 200);
 * ```
 */
export function responseSchemaFor(index: SwaggerIndex, info: OperationInfo, status: number): unknown {
  const responses = own(info.op, "responses");
  const response = index.deref(own(responses, String(status)) ?? own(responses, "default"));
  return own(response, "schema");
}

/**
 * The schema the designer uses as the operation's outputs: the only 2xx/default response if there is one,
 * else `200`, else `201`, else `default` (POWER-PLATFORM.md §5.1).
 * @internal
 * @example
 * ```ts
 * outputSchema(index, info);
 * ```
 */
export function outputSchema(index: SwaggerIndex, info: OperationInfo): unknown {
  const responses = own(info.op, "responses");
  if (!isObject(responses)) return undefined;
  const success = Object.keys(responses).filter((k) => /^2\d\d$/.test(k) || k === "default");
  const key =
    success.length === 1 ? success[0] : ["200", "201", "default"].find((k) => Object.hasOwn(responses, k));
  return key === undefined ? undefined : own(index.deref(responses[key]), "schema");
}

/**
 * Fails like the platform when a 2xx body does not match its declared schema (`response.schemaMismatch`) or
 * is not JSON (`response.notJson`).
 * @internal
 * @example
 * ```ts
 * checkResponse(index, info, res, trace);
 * ```
 */
export function checkResponse(
  index: SwaggerIndex,
  info: OperationInfo,
  res: SimResponse,
  trace: TraceEntry[],
  schema: unknown = responseSchemaFor(index, info, res.status),
): void {
  if (res.status < 200 || res.status > 299 || schema === undefined) return;
  if (!res.json) {
    throw new ContractViolationError(
      "response.notJson",
      `The API operation '${info.operationId}' answered ${res.status} with a body that is not JSON: ${String(res.body).slice(0, 120)}`,
      { operationId: info.operationId, trace },
    );
  }
  if (res.body === undefined) return;
  const issues = validateSchema(index, schema, res.body, { operationId: info.operationId, root: "body" });
  if (issues.length > 0) {
    throw new ContractViolationError(
      "response.schemaMismatch",
      `The API returned an invalid response for operation '${info.operationId}' (status ${res.status}). Error details: ${issues.join(" ")}`,
      { operationId: info.operationId, trace },
    );
  }
}
