/**
 * Stable JSON and SHA-256 fingerprints, used to bind long-running jobs to their caller and polling-trigger
 * state to the trigger's parameters.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";

const MAX_DEPTH = 64;

/**
 * Serializes a value to JSON with object keys sorted at every level, so equal values always give the same
 * string. `undefined` properties are dropped (as in `JSON.stringify`), dates become ISO strings, bigints
 * decimal strings; functions and symbols are dropped. Cycles and nesting deeper than 64 levels throw.
 *
 * @param value - any value.
 * @returns the canonical JSON text.
 * @example
 * ```ts
 * stableJson({ b: 1, a: [true, { d: undefined, c: "x" }] }); // '{"a":[true,{"c":"x"}],"b":1}'
 * ```
 */
export function stableJson(value: unknown): string {
  return encode(value, 0, new Set()) ?? "null";
}

function encode(value: unknown, depth: number, seen: Set<object>): string | undefined {
  if (depth > MAX_DEPTH) throw new TypeError("value is nested too deeply to fingerprint");
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "bigint":
      return JSON.stringify(value.toString());
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  const obj = value as object;
  if (obj instanceof Date) return JSON.stringify(Number.isNaN(obj.getTime()) ? null : obj.toISOString());
  if (seen.has(obj)) throw new TypeError("value is cyclic and cannot be fingerprinted");
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v) => encode(v, depth + 1, seen) ?? "null").join(",")}]`;
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const encoded = encode((obj as Record<string, unknown>)[key], depth + 1, seen);
      if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * SHA-256 of the stable JSON of a value, base64url-encoded (43 characters).
 *
 * @param value - any JSON-like value.
 * @returns the fingerprint.
 * @example
 * ```ts
 * fingerprint({ tenant: "acme" }) === fingerprint({ tenant: "acme" }); // true
 * ```
 */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("base64url");
}

/**
 * Compares two strings in constant time (for equal lengths); different lengths are unequal.
 *
 * @param a - first string.
 * @param b - second string.
 * @returns whether they are equal.
 * @example
 * ```ts
 * constantTimeEquals("abc", "abc"); // true
 * ```
 */
export function constantTimeEquals(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
