/**
 * JSON pointer helpers shared by the build-time tools (diff, Postman export).
 * Resolution is read-only, uses own properties only (no prototype walking), and is bounded.
 */

/** A JSON object as read from a Swagger file. @internal */
export type JsonObject = { [key: string]: unknown };

/**
 * Escapes one reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
 *
 * @example
 * ```ts
 * escapePointerToken("/items/{id}"); // "~1items~1{id}"
 * ```
 * @internal
 */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Joins reference tokens into a JSON pointer.
 *
 * @example
 * ```ts
 * toPointer(["paths", "/items", "get"]); // "/paths/~1items/get"
 * ```
 * @internal
 */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join("");
}

/**
 * True for a plain JSON object (not an array, not null).
 *
 * @example
 * ```ts
 * isJsonObject({}); // true
 * ```
 * @internal
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an own property of a JSON object (never one inherited from `Object.prototype`).
 *
 * @example
 * ```ts
 * own({ a: 1 }, "a"); // 1
 * own({}, "constructor"); // undefined
 * ```
 * @internal
 */
export function own(obj: unknown, key: string): unknown {
  if (!isJsonObject(obj) || !Object.hasOwn(obj, key)) return undefined;
  return obj[key];
}

/**
 * Parses a local `$ref` (`#/definitions/Item`) into reference tokens, or returns `undefined`
 * for anything that is not a local JSON pointer (external files, URLs).
 *
 * @example
 * ```ts
 * parseLocalRef("#/definitions/A~1B"); // ["definitions", "A/B"]
 * ```
 * @internal
 */
export function parseLocalRef(ref: string): string[] | undefined {
  if (!ref.startsWith("#")) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === "") return [];
  if (!fragment.startsWith("/")) return undefined;
  return fragment
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Resolves reference tokens against a document, own properties only.
 *
 * @example
 * ```ts
 * getAt({ a: { b: 1 } }, ["a", "b"]); // 1
 * ```
 * @internal
 */
export function getAt(doc: unknown, tokens: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const token of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      cur = cur[Number(token)];
    } else {
      cur = own(cur, token);
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Outcome of {@link resolveLocalRefs}. @internal */
export interface ResolvedNode {
  /** The node after following every `$ref` (or the last node reached when the chain is broken). */
  node: unknown;
  /** Reference tokens of `node` inside the document. */
  tokens: string[];
  /** Set when the chain could not be followed: the offending `$ref` and why. */
  error?: { ref: string; reason: "external" | "missing" | "cycle" | "too-long" };
}

/**
 * Follows a chain of `$ref`s (`{ $ref: "#/definitions/A" }` → A → …) to a node that is not a reference.
 * Never throws and never loops: a chain that revisits a target, or is longer than 64 links, stops with `error`.
 *
 * @example
 * ```ts
 * const doc = { definitions: { A: { type: "string" } } };
 * resolveLocalRefs(doc, { $ref: "#/definitions/A" }, ["x"]).tokens; // ["definitions", "A"]
 * ```
 * @internal
 */
export function resolveLocalRefs(doc: unknown, node: unknown, tokens: string[]): ResolvedNode {
  const seen = new Set<string>();
  let cur = node;
  let curTokens = tokens;
  for (let hops = 0; ; hops++) {
    const ref = own(cur, "$ref");
    if (typeof ref !== "string") return { node: cur, tokens: curTokens };
    if (hops >= 64) return { node: cur, tokens: curTokens, error: { ref, reason: "too-long" } };
    const target = parseLocalRef(ref);
    if (target === undefined) return { node: cur, tokens: curTokens, error: { ref, reason: "external" } };
    const key = target.join("/");
    if (seen.has(key)) return { node: cur, tokens: curTokens, error: { ref, reason: "cycle" } };
    seen.add(key);
    const next = getAt(doc, target);
    if (next === undefined) return { node: cur, tokens: curTokens, error: { ref, reason: "missing" } };
    cur = next;
    curTokens = target;
  }
}
