/**
 * Method + swagger-path routing. Segments are matched before percent-decoding, so an encoded `/` stays
 * inside its parameter.
 * @internal
 */

/** A compiled route. @internal */
export interface Route<T> {
  method: string;
  path: string;
  segments: (string | { param: string })[];
  target: T;
}

/** A route match. @internal */
export type RouteMatch<T> =
  | { kind: "found"; target: T; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" }
  | { kind: "bad-path"; message: string };

/** Routes requests by method and path. @internal */
export class Router<T> {
  readonly #bySize = new Map<number, Route<T>[]>();
  #maxSize = 0;

  add(method: string, path: string, target: T): void {
    const segments = split(path).map((s) =>
      s.startsWith("{") && s.endsWith("}") ? { param: s.slice(1, -1) } : s.toLowerCase(),
    );
    const list = this.#bySize.get(segments.length) ?? [];
    // Static segments win over parameters: sort routes with more static segments first.
    list.push({ method, path, segments, target });
    list.sort((a, b) => staticScore(b) - staticScore(a));
    this.#bySize.set(segments.length, list);
    this.#maxSize = Math.max(this.#maxSize, segments.length);
  }

  match(method: string, rawPath: string): RouteMatch<T> {
    // Count segments before splitting: a path with thousands of slashes is refused without allocating them.
    const candidates = this.#bySize.get(segmentCount(rawPath, this.#maxSize));
    if (!candidates) return { kind: "not-found" };
    const parts = split(rawPath);
    const allow: string[] = [];
    let matchedPattern: string | undefined;
    for (const route of candidates) {
      if (matchedPattern !== undefined && route.path !== matchedPattern) continue;
      if (!matches(route, parts)) continue;
      matchedPattern = route.path;
      if (route.method !== method) {
        allow.push(route.method);
        continue;
      }
      const params: Record<string, string> = Object.create(null);
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i];
        if (typeof seg === "object") {
          try {
            params[seg.param] = decodeURIComponent(parts[i] as string);
          } catch {
            return {
              kind: "bad-path",
              message: `Path parameter "${seg.param}" is not valid percent-encoding.`,
            };
          }
        }
      }
      return { kind: "found", target: route.target, params };
    }
    return allow.length > 0
      ? { kind: "method-not-allowed", allow: [...new Set(allow)].sort() }
      : { kind: "not-found" };
  }
}

/**
 * Number of segments {@link split} would return, without allocating them; stops counting past `max` (returns
 * `max + 1`), so a path with thousands of slashes costs no more than the longest route. @internal
 */
export function segmentCount(path: string, max = Number.POSITIVE_INFINITY): number {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 0x2f) start++;
  while (end > start && path.charCodeAt(end - 1) === 0x2f) end--;
  if (start === end) return 0;
  let count = 1;
  for (let i = start; i < end && count <= max; i++) if (path.charCodeAt(i) === 0x2f) count++;
  return count;
}

/** Splits a path into segments, leading and trailing slashes dropped. Linear time (no regex). @internal */
export function split(path: string): string[] {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 0x2f) start++;
  while (end > start && path.charCodeAt(end - 1) === 0x2f) end--;
  return start === end ? [] : path.slice(start, end).split("/");
}

function staticScore(route: Route<unknown>): number {
  let score = 0;
  for (let i = 0; i < route.segments.length; i++)
    if (typeof route.segments[i] === "string") score += 2 ** (32 - i);
  return score;
}

function matches(route: Route<unknown>, parts: string[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i];
    if (typeof seg === "string") {
      if (seg !== (parts[i] as string).toLowerCase()) return false;
    } else if (parts[i] === "") return false;
  }
  return true;
}
