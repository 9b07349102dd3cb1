import { ContractViolationError } from "./errors";
import { outputSchema } from "./responses";
import { isInternal, isObject, type OperationInfo, own, type SwaggerIndex } from "./swagger-document";

/**
 * Where a batch trigger's response is split into runs.
 * @internal
 */
export interface SplitOn {
  /** Property names from the body root to the array (empty = the body itself). */
  path: string[];
  /** The workflow expression the designer writes, e.g. `@triggerBody()?['value']`. */
  expression: string;
}

/**
 * Applies the designer's splitOn rule (POWER-PLATFORM.md §5.3): an array schema splits on the body; an object
 * with exactly one non-internal property recurses into that property; anything else cannot be split and fails
 * with `trigger.unsplittableBatch`.
 *
 * @internal
 * @example
 * ```ts
 * computeSplitOn(index, info); // { path: ["value"], expression: "@triggerBody()?['value']" }
 * ```
 */
export function computeSplitOn(index: SwaggerIndex, info: OperationInfo): SplitOn {
  let schema = index.deref(outputSchema(index, info));
  const path: string[] = [];
  let expression = "@triggerBody()";
  const fail = (why: string): never => {
    const at = path.length === 0 ? "the response body" : `'body/${path.join("/")}'`;
    throw new ContractViolationError(
      "trigger.unsplittableBatch",
      `batch schema cannot be split: ${at} of batch trigger '${info.operationId}' ${why}`,
      { operationId: info.operationId },
    );
  };
  for (let depth = 0; depth < 32; depth++) {
    if (!isObject(schema)) return fail("has no schema");
    const type = own(schema, "type");
    if (type === "array") return { path, expression };
    const props = own(schema, "properties");
    if (type !== "object" && !isObject(props))
      return fail(`is of type '${String(type ?? "any")}', not an array`);
    const visible = isObject(props)
      ? Object.entries(props).filter(([, p]) => !isInternal(index.deref(p)))
      : [];
    if (visible.length !== 1) {
      const names = visible.map(([n]) => n).join(", ");
      return fail(
        `is an object with ${visible.length} non-internal properties${names ? ` (${names})` : ""}; the designer splits only an object with exactly one non-internal property that is an array (mark the others x-ms-visibility: internal)`,
      );
    }
    const [name, child] = visible[0] as [string, unknown];
    const required = own(schema, "required");
    const optional = !(Array.isArray(required) && required.includes(name));
    expression += `${optional ? "?" : ""}['${name.replace(/'/g, "''")}']`;
    path.push(name);
    schema = index.deref(child);
  }
  return fail("is nested too deeply");
}
