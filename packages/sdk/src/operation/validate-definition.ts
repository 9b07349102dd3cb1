import type { AnyOperation } from "./types";

const OPERATION_ID = /^[A-Za-z][A-Za-z0-9_]*$/;
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Extracts `{name}` parameter names of a swagger path template. @internal */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^{}/]+)\}/g)].map((m) => m[1] as string);
}

/**
 * Checks the parts of an operation definition that would break routing or emission, with messages that
 * name the operation and what to fix.
 * @internal
 */
export function assertOperationShape(op: AnyOperation): void {
  const where = `Operation "${String(op.operationId)}"`;
  if (typeof op.operationId !== "string" || !OPERATION_ID.test(op.operationId)) {
    throw new TypeError(
      `${where}: operationId must start with a letter and contain only letters, digits and underscores (e.g. "GetTicket" or "GetTicket_V2").`,
    );
  }
  if (!METHODS.has(op.method)) throw new TypeError(`${where}: unsupported method "${op.method}".`);
  if (typeof op.path !== "string" || !op.path.startsWith("/")) {
    throw new TypeError(`${where}: path must start with "/" (got ${JSON.stringify(op.path)}).`);
  }
  if (/[?#]/.test(op.path))
    throw new TypeError(`${where}: path must not contain a query string or fragment.`);
  for (const segment of op.path.split("/")) {
    const braces = segment.match(/[{}]/g)?.length ?? 0;
    if (braces > 0 && !/^\{[A-Za-z_][A-Za-z0-9_.-]*\}$/.test(segment)) {
      throw new TypeError(
        `${where}: path segment "${segment}" must be a whole parameter like "{id}" (the platform allows one parameter per segment, no defaults).`,
      );
    }
  }
  if (typeof op.summary !== "string" || op.summary.trim() === "")
    throw new TypeError(`${where}: summary is required.`);
  if (typeof op.description !== "string" || op.description.trim() === "") {
    throw new TypeError(`${where}: description is required.`);
  }
  const names = pathParamNames(op.path);
  const declared = op.request.params ? Object.keys(op.request.params.shape) : [];
  for (const name of names) {
    if (!declared.includes(name)) {
      throw new TypeError(`${where}: path parameter "{${name}}" has no schema in request.params.`);
    }
  }
  for (const name of declared) {
    if (!names.includes(name)) {
      throw new TypeError(
        `${where}: request.params declares "${name}" but the path "${op.path}" has no "{${name}}".`,
      );
    }
  }
  if (new Set(names).size !== names.length) throw new TypeError(`${where}: path parameters must be unique.`);
  if (op.method === "GET" && op.request.body !== undefined) {
    throw new TypeError(`${where}: a GET operation cannot have a body (the platform refuses it).`);
  }
  if (!op.responses || typeof op.responses !== "object" || Object.keys(op.responses).length === 0) {
    throw new TypeError(`${where}: declare at least one response.`);
  }
  for (const status of Object.keys(op.responses)) {
    const code = Number(status);
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      throw new TypeError(`${where}: response key "${status}" is not an HTTP status code.`);
    }
  }
}
