import type { ConnectorRequest } from "./types";

/**
 * Collects query parameters into a {@link ConnectorRequest}'s `query`: a repeated parameter becomes an array,
 * in order. Adapters call it with `URLSearchParams` (or anything that yields `[name, value]` pairs).
 *
 * @param params - the decoded query parameters.
 * @returns the query record.
 * @example
 * ```ts
 * toQueryRecord(new URLSearchParams("tag=a&tag=b&top=5")); // { tag: ["a", "b"], top: "5" }
 * ```
 */
export function toQueryRecord(params: Iterable<[string, string]>): ConnectorRequest["query"] {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const prev = query[key];
    if (prev === undefined) query[key] = value;
    else if (typeof prev === "string") query[key] = [prev, value];
    else prev.push(value); // in place: a hostile URL with many repeats stays linear
  }
  return query;
}
