import type { z } from "zod";

/** Turns a raw string (or repeated strings) into what a schema expects. @internal */
export type Coercer = (raw: unknown) => unknown;

const identity: Coercer = (raw) => raw;

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function digitsFrom(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

/**
 * Whether `s` is a decimal number: `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`. One pass,
 * linear time (a backtracking regex for this is quadratic on long digit runs).
 * @internal
 */
export function isDecimalNumber(s: string): boolean {
  let i = 0;
  const n = s.length;
  const sign = (at: number): boolean => at < n && (s.charCodeAt(at) === 0x2b || s.charCodeAt(at) === 0x2d);
  if (sign(i)) i++;
  const intStart = i;
  i = digitsFrom(s, i);
  let mantissa = i > intStart;
  if (i < n && s.charCodeAt(i) === 0x2e) {
    const fracStart = ++i;
    i = digitsFrom(s, i);
    mantissa ||= i > fracStart;
  }
  if (!mantissa) return false;
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (sign(i)) i++;
    const expStart = i;
    i = digitsFrom(s, i);
    if (i === expStart) return false;
  }
  return i === n;
}

/** Whether `s` is `[+-]? digits`. Linear time. @internal */
export function isDecimalInteger(s: string): boolean {
  const first = s.charCodeAt(0);
  const start = first === 0x2b || first === 0x2d ? 1 : 0;
  return s.length > start && digitsFrom(s, start) === s.length;
}

// Longest digit string turned into a bigint: BigInt() of a huge string costs more than linear time, and no
// schema-valid bigint parameter is longer.
const MAX_BIGINT_CHARS = 1_000;

// Longest string read as a number: a double has at most 17 significant digits, so no real number parameter is
// longer, and a hostile one costs nothing to refuse (the schema reports "expected number").
const MAX_NUMBER_CHARS = 1_000;

const toNumber: Coercer = (raw) => {
  if (typeof raw !== "string" || raw.length > MAX_NUMBER_CHARS) return raw;
  return isDecimalNumber(raw.trim()) ? Number(raw) : raw;
};
const toBigInt: Coercer = (raw) => {
  if (typeof raw !== "string") return raw;
  const s = raw.trim();
  return s.length <= MAX_BIGINT_CHARS && isDecimalInteger(s) ? BigInt(s) : raw;
};
const toBoolean: Coercer = (raw) => {
  if (typeof raw !== "string") return raw;
  const lower = raw.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : raw;
};
const toDate: Coercer = (raw) => {
  if (typeof raw !== "string" || raw === "") return raw;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? raw : new Date(time);
};

/**
 * Builds a coercer for a path, query or header value: numbers, booleans, bigints and dates are parsed from
 * strings; arrays accept repeated values or one comma-separated value (`collectionFormat: csv`).
 * Anything that does not parse is left as is, so the schema reports a precise error.
 * @internal
 */
export function coercerFor(schema: z.ZodType, depth = 0): Coercer {
  if (depth > 32) return identity;
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return def.innerType ? coercerFor(def.innerType, depth + 1) : identity;
    case "pipe":
      return def.in ? coercerFor(def.in, depth + 1) : identity;
    case "lazy":
      return def.getter ? (raw) => coercerFor(def.getter!(), depth + 1)(raw) : identity;
    case "number":
      return toNumber;
    case "bigint":
      return toBigInt;
    case "boolean":
      return toBoolean;
    case "date":
      return toDate;
    case "enum": {
      const values = Object.values(def.entries ?? {});
      return values.length > 0 && values.every((v) => typeof v === "number") ? toNumber : identity;
    }
    case "literal": {
      const values = def.values ?? [];
      if (values.length > 0 && values.every((v) => typeof v === "number")) return toNumber;
      if (values.length > 0 && values.every((v) => typeof v === "boolean")) return toBoolean;
      return identity;
    }
    case "array": {
      const item = def.element ? coercerFor(def.element, depth + 1) : identity;
      return (raw) => {
        const list = Array.isArray(raw)
          ? raw
          : typeof raw === "string"
            ? raw === ""
              ? []
              : raw.split(",")
            : raw;
        return Array.isArray(list) ? list.map(item) : list;
      };
    }
    default:
      return identity;
  }
}

/** Coercers for each key of an object schema. @internal */
export function objectCoercers(schema: z.ZodObject<any> | undefined): [string, Coercer][] {
  if (!schema) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, s]) => [key, coercerFor(s)]);
}
