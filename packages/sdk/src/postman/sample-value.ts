import { isJsonObject, own, resolveLocalRefs, toPointer } from "../diff/json-pointer";
import { PostmanExportError } from "./postman-export-error";

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00",
  email: "user@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  uuid: "00000000-0000-0000-0000-000000000000",
  guid: "00000000-0000-0000-0000-000000000000",
  byte: "c2FtcGxl",
  binary: "",
  password: "password",
};

/** Context of one sample generation. @internal */
export interface SampleContext {
  doc: unknown;
  maxDepth: number;
}

/**
 * The value an author gave for a schema or parameter, in priority order:
 * `x-ms-test-value`, `example`, `x-example`, `default`, `enum[0]`.
 *
 * @example
 * ```ts
 * explicitSample({ type: "string", enum: ["open", "done"] }); // { found: true, value: "open" }
 * ```
 * @internal
 */
export function explicitSample(node: unknown): { found: true; value: unknown } | { found: false } {
  for (const key of ["x-ms-test-value", "example", "x-example", "default"]) {
    const value = own(node, key);
    if (value !== undefined) return { found: true, value };
  }
  const values = own(node, "enum");
  if (Array.isArray(values) && values.length > 0) return { found: true, value: values[0] };
  return { found: false };
}

/**
 * Follows `$ref`s for the exporter; a broken chain is malformed input and throws {@link PostmanExportError}.
 *
 * @example
 * ```ts
 * resolveForExport({ definitions: { A: { type: "string" } } }, { $ref: "#/definitions/A" }, ["x"]).tokens; // ["definitions", "A"]
 * ```
 * @internal
 */
export function resolveForExport(
  doc: unknown,
  node: unknown,
  tokens: string[],
): { node: unknown; tokens: string[] } {
  const result = resolveLocalRefs(doc, node, tokens);
  if (result.error !== undefined) {
    throw new PostmanExportError(
      `cannot resolve $ref "${result.error.ref}" (${result.error.reason})`,
      toPointer(result.tokens),
    );
  }
  return { node: result.node, tokens: result.tokens };
}

function typeSample(schema: unknown): unknown {
  const type = own(schema, "type");
  const format = own(schema, "format");
  switch (type) {
    case "integer":
    case "number": {
      const minimum = own(schema, "minimum");
      return typeof minimum === "number" ? minimum : 0;
    }
    case "boolean":
      return false;
    case "string":
      return typeof format === "string" && Object.hasOwn(FORMAT_SAMPLES, format)
        ? FORMAT_SAMPLES[format]
        : "string";
    case "file":
      return "";
    default:
      return undefined;
  }
}

/**
 * Builds a sample JSON value for a Swagger schema: explicit values first (see {@link explicitSample}), then a
 * placeholder by type (`"string"`, format-aware strings, `0`, `false`, one-element arrays, objects with every
 * writable property). Recursive definitions stop at the first repetition; depth is capped.
 *
 * @example
 * ```ts
 * sampleFromSchema({ type: "object", properties: { n: { type: "integer" } } }, ["s"], { doc: {}, maxDepth: 8 }); // { n: 0 }
 * ```
 * @internal
 */
export function sampleFromSchema(
  schema: unknown,
  tokens: string[],
  ctx: SampleContext,
  depth = 0,
  active: ReadonlySet<string> = new Set(),
): unknown {
  const resolved = resolveForExport(ctx.doc, schema, tokens);
  const key = resolved.tokens.join("/");
  if (active.has(key) || depth > ctx.maxDepth) return undefined;
  const node = resolved.node;
  const explicit = explicitSample(node);
  if (explicit.found) return explicit.value;
  const inPath = new Set(active).add(key);
  const properties = own(node, "properties");
  const allOf = own(node, "allOf");
  const type = own(node, "type");
  if (type === "object" || isJsonObject(properties) || Array.isArray(allOf)) {
    const out: Record<string, unknown> = {};
    if (Array.isArray(allOf)) {
      allOf.forEach((part, i) => {
        const value = sampleFromSchema(
          part,
          [...resolved.tokens, "allOf", String(i)],
          ctx,
          depth + 1,
          inPath,
        );
        if (isJsonObject(value)) Object.assign(out, value);
      });
    }
    if (isJsonObject(properties)) {
      for (const name of Object.keys(properties)) {
        const prop = properties[name];
        if (
          own(resolveForExport(ctx.doc, prop, [...resolved.tokens, "properties", name]).node, "readOnly") ===
          true
        ) {
          continue;
        }
        const value = sampleFromSchema(
          prop,
          [...resolved.tokens, "properties", name],
          ctx,
          depth + 1,
          inPath,
        );
        if (value !== undefined)
          Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  }
  if (type === "array" || own(node, "items") !== undefined) {
    const item = sampleFromSchema(
      own(node, "items") ?? {},
      [...resolved.tokens, "items"],
      ctx,
      depth + 1,
      inPath,
    );
    return item === undefined ? [] : [item];
  }
  return typeSample(node);
}

/**
 * Turns a sample value into the text Postman puts in a URL, header or form field.
 *
 * @example
 * ```ts
 * toParameterText(["a", "b"], "pipes"); // "a|b"
 * ```
 * @internal
 */
export function toParameterText(value: unknown, collectionFormat: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const sep = { ssv: " ", tsv: "\t", pipes: "|" }[String(collectionFormat)] ?? ",";
    return value.map((v) => toParameterText(v, undefined)).join(sep);
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
