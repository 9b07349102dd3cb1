import type { ConnectorRequest } from "./types";

/**
 * Collects query parameters into a {@link ConnectorRequest}'s `query`: a repeated parameter becomes an array,
 * in order. The record has no prototype, so any key is safe (`constructor`, `__proto__`, ...). Adapters call it with `URLSearchParams` (or anything that yields `[name, value]` pairs).
 *
 * @param params - the decoded query parameters.
 * @returns the query record.
 * @example
 * ```ts
 * toQueryRecord(new URLSearchParams("tag=a&tag=b&top=5")); // { tag: ["a", "b"], top: "5" }
 * ```
 */
export function toQueryRecord(params: Iterable<[string, string]>): ConnectorRequest["query"] {
  // No prototype: a key named `constructor`, `__proto__` or `toString` is just a key.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of params) {
    const prev = query[key];
    if (prev === undefined) query[key] = value;
    else if (typeof prev === "string") query[key] = [prev, value];
    else prev.push(value); // in place: a hostile URL with many repeats stays linear
  }
  return query;
}
