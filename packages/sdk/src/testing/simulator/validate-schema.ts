import { isObject, own, type SwaggerIndex } from "./swagger-document";

const MAX_DEPTH = 256;
const MAX_ISSUES = 20;

/**
 * Checks a JSON value against a Swagger 2.0 schema the way the platform does at run time, and returns one
 * message per problem in the platform's wording ("The API operation 'X' requires the property 'body/x' to be
 * of type 'Boolean' but is of type 'String'."). Checked: `type` (a `null` fails unless `x-nullable: true`),
 * `required`, `enum`, `items`, `properties`, `additionalProperties` and `allOf`. A schema with no `type` (or
 * with `x-ms-dynamic-schema`) accepts anything, like the designer's untyped outputs.
 *
 * @internal
 * @example
 * ```ts
 * validateSchema(index, { type: "object", properties: { ok: { type: "boolean" } } }, { ok: "yes" }, { operationId: "Get", root: "body" });
 * // ["The API operation 'Get' requires the property 'body/ok' to be of type 'Boolean' but is of type 'String'."]
 * ```
 */
export function validateSchema(
  index: SwaggerIndex,
  schema: unknown,
  value: unknown,
  options: { operationId: string; root: string },
): string[] {
  const issues: string[] = [];
  walk(index, schema, value, options.root, 0, issues, options.operationId);
  return issues.slice(0, MAX_ISSUES);
}

function walk(
  index: SwaggerIndex,
  rawSchema: unknown,
  value: unknown,
  path: string,
  depth: number,
  issues: string[],
  op: string,
): void {
  if (issues.length >= MAX_ISSUES) return;
  const schema = index.deref(rawSchema);
  if (!isObject(schema)) return;
  if (depth > MAX_DEPTH) {
    issues.push(
      `The API operation '${op}' returned a value nested deeper than ${MAX_DEPTH} levels at '${path}'.`,
    );
    return;
  }
  const allOf = own(schema, "allOf");
  if (Array.isArray(allOf)) for (const part of allOf) walk(index, part, value, path, depth + 1, issues, op);

  const type = own(schema, "type");
  if (value === null) {
    if (typeof type === "string" && own(schema, "x-nullable") !== true) {
      issues.push(mismatch(op, path, type, "Null"));
    }
    return;
  }
  if (typeof type === "string" && !matchesType(type, value)) {
    issues.push(mismatch(op, path, type, typeName(value)));
    return;
  }
  const enumValues = own(schema, "enum");
  if (Array.isArray(enumValues) && enumValues.length > 0 && !enumValues.some((e) => sameJson(e, value))) {
    issues.push(
      `The API operation '${op}' requires the property '${path}' to be one of ${JSON.stringify(enumValues).slice(0, 200)} but is ${JSON.stringify(value)?.slice(0, 100)}.`,
    );
  }
  if (Array.isArray(value)) {
    const items = own(schema, "items");
    if (items !== undefined) {
      value.forEach((item, i) => {
        walk(index, items, item, `${path}/${i}`, depth + 1, issues, op);
      });
    }
    return;
  }
  if (!isObject(value)) return;
  const properties = own(schema, "properties");
  const required = own(schema, "required");
  if (Array.isArray(required)) {
    for (const name of required) {
      if (typeof name === "string" && !Object.hasOwn(value, name)) {
        issues.push(`The API operation '${op}' requires the property '${path}/${name}' but it is missing.`);
      }
    }
  }
  const additional = own(schema, "additionalProperties");
  for (const [key, child] of Object.entries(value)) {
    const propSchema = own(properties, key);
    if (propSchema !== undefined) walk(index, propSchema, child, `${path}/${key}`, depth + 1, issues, op);
    else if (isObject(additional)) walk(index, additional, child, `${path}/${key}`, depth + 1, issues, op);
  }
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    default:
      return true; // "file" and unknown types are not checked
  }
}

/**
 * The platform's (Json.NET) name for a JSON value's type: `Null`, `Boolean`, `String`, `Integer`, `Float`,
 * `Array` or `Object`.
 * @internal
 * @example
 * ```ts
 * typeName(1.5); // "Float"
 * ```
 */
export function typeName(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "Array";
  switch (typeof value) {
    case "boolean":
      return "Boolean";
    case "string":
      return "String";
    case "number":
      return Number.isInteger(value) ? "Integer" : "Float";
    default:
      return "Object";
  }
}

function mismatch(op: string, path: string, expected: string, actual: string): string {
  const want = expected.charAt(0).toUpperCase() + expected.slice(1);
  return `The API operation '${op}' requires the property '${path}' to be of type '${want}' but is of type '${actual}'.`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
