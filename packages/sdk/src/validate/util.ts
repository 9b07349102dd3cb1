/**
 * Small helpers shared by the validator's checks.
 * @internal
 * @module
 */

/** A JSON object (not an array, not null). @internal */
export type JsonObject = Record<string, unknown>;

/** `true` for plain JSON objects. @internal */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own enumerable string-keyed entries of an object, tolerant of odd inputs. @internal */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  return isObject(value) ? Object.entries(value) : [];
}

/** Escapes one RFC 6901 reference token. @internal */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Appends tokens to a JSON pointer. @internal */
export function ptr(base: string, ...tokens: Array<string | number>): string {
  let out = base;
  for (const t of tokens) out += `/${escapePointerToken(String(t))}`;
  return out;
}

/** Splits a JSON pointer into unescaped tokens, or `undefined` when it is not a valid RFC 6901 pointer. @internal */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  const tokens = pointer.slice(1).split("/");
  const out: string[] = [];
  for (const t of tokens) {
    if (/~[^01]|~$/.test(t)) return undefined;
    out.push(t.replace(/~1/g, "/").replace(/~0/g, "~"));
  }
  return out;
}

/** Follows pointer tokens through a JSON value (own properties only). @internal */
export function getAt(root: unknown, tokens: readonly string[]): unknown {
  let cur: unknown = root;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(t)) return undefined;
      cur = cur[Number(t)];
    } else if (isObject(cur)) {
      if (!Object.hasOwn(cur, t)) return undefined;
      cur = cur[t];
    } else return undefined;
  }
  return cur;
}

/** The JSON type name of a value, as in Swagger (`integer` for whole numbers). @internal */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** `true` when `value` is a valid instance of Swagger primitive type `type`. @internal */
export function matchesType(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value);
  switch (type) {
    case "integer":
      return actual === "integer";
    case "number":
      return actual === "integer" || actual === "number";
    case "string":
    case "file":
      return actual === "string";
    case "boolean":
    case "array":
    case "object":
      return actual === type;
    default:
      return true;
  }
}

/**
 * A stable, depth- and cycle-safe string key for a JSON value (used to compare values for equality).
 * @internal
 */
export function stableKey(value: unknown, depth = 0, seen: Set<unknown> = new Set()): string {
  if (depth > 64) return "…";
  if (value === null || typeof value !== "object") {
    return typeof value === "string" ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
  }
  if (seen.has(value)) return "<cycle>";
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) out = `[${value.map((v) => stableKey(v, depth + 1, seen)).join(",")}]`;
  else {
    const keys = Object.keys(value).sort();
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${stableKey((value as JsonObject)[k], depth + 1, seen)}`).join(",")}}`;
  }
  seen.delete(value);
  return out;
}

/** Short, single-line rendering of a value for messages. @internal */
export function show(value: unknown): string {
  const s = typeof value === "string" ? value : stableKey(value);
  const oneLine = s.replace(/\s+/g, " ");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

/** `true` for an absolute http(s) URL. @internal */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string" || value.trim() !== value || value === "") return false;
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}
