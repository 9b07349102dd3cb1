/**
 * How a job keeps its input: the validated, schema-stripped output of the operation's request schemas (never
 * the raw request body), as JSON, with the paths of `Date` values so they come back as dates.
 * @module
 */
import { ConnectorError } from "../errors/connector-error";

/**
 * Default largest stored job input, in UTF-8 bytes of JSON: 256 KiB.
 *
 * @example
 * ```ts
 * longRunning({ ...config, maxInputBytes: 4 * DEFAULT_MAX_JOB_INPUT_BYTES }); // allow 1 MiB of input per job
 * ```
 */
export const DEFAULT_MAX_JOB_INPUT_BYTES = 262_144;

/** A job's parsed input as stored. @internal */
export interface StoredInput {
  /** `{ params, query, headers, body }` as the request schemas output them, JSON-encoded. */
  json: unknown;
  /** Paths (below `json`) of values that were `Date`s. */
  dates?: (string | number)[][];
}

const MAX_DEPTH = 64;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Encodes parsed input for storage. Accepts what JSON represents plus `Date` (and `undefined` object
 * properties, which are dropped); anything else (Map, Set, class instances, bigint, functions, non-finite
 * numbers) throws a `TypeError` naming the path, so a job never silently changes its input.
 * @internal
 */
export function encodeInput(value: unknown): StoredInput {
  const dates: (string | number)[][] = [];
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new TypeError(`nested more than ${MAX_DEPTH} levels at ${where()}`);
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new TypeError(`${String(v)} at ${where()} has no JSON form`);
      return v;
    }
    if (typeof v !== "object") throw new TypeError(`a ${typeof v} at ${where()} has no JSON form`);
    if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) throw new TypeError(`an invalid Date at ${where()}`);
      dates.push([...path]);
      return v.toISOString();
    }
    if (Array.isArray(v)) {
      return v.map((item, i) => {
        if (item === undefined) throw new TypeError(`undefined in an array at ${where()}[${i}]`);
        path.push(i);
        const out = walk(item, depth + 1);
        path.pop();
        return out;
      });
    }
    if (!isPlainObject(v)) {
      throw new TypeError(`a ${v.constructor?.name ?? "non-plain object"} at ${where()} has no JSON form`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      if (item === undefined) continue;
      path.push(key);
      out[key] = walk(item, depth + 1);
      path.pop();
    }
    return out;
  };
  const where = (): string => (path.length === 0 ? "the top level" : path.join("."));
  const json = walk(value, 0);
  return dates.length > 0 ? { json, dates } : { json };
}

/** Whether `step` is an own property of an object or array (never a prototype's). */
function own(parent: unknown, step: unknown): boolean {
  return (
    parent !== null &&
    typeof parent === "object" &&
    (typeof step === "string" || typeof step === "number") &&
    Object.hasOwn(parent, step)
  );
}

/**
 * Rebuilds parsed input from its stored form (a deep copy: the stored record is never aliased).
 * @internal
 */
export function decodeInput(stored: StoredInput): unknown {
  const value = structuredClone(stored.json);
  for (const path of stored.dates ?? []) {
    if (!Array.isArray(path) || path.length === 0) continue;
    let parent: unknown = value;
    for (const step of path.slice(0, -1)) {
      parent = own(parent, step) ? (parent as Record<string, unknown>)[step] : undefined;
    }
    const last = path[path.length - 1]!;
    if (own(parent, last)) {
      const current = (parent as Record<string, unknown>)[last];
      if (typeof current === "string") (parent as Record<string, unknown>)[last] = new Date(current);
    }
  }
  return value;
}

/**
 * The 413 a start request gets when its validated input is larger than the operation's budget.
 * @internal
 */
export function inputTooLarge(operationId: string, bytes: number, limit: number): ConnectorError {
  return new ConnectorError("PayloadTooLarge", {
    message: `The input of ${operationId} is ${bytes} bytes of JSON after validation; a job keeps at most ${limit} bytes. Send less data, or raise maxInputBytes in longRunning().`,
  });
}
