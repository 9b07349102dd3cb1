import type { z } from "zod";

/** Turns a raw string (or repeated strings) into what a schema expects. @internal */
export type Coercer = (raw: unknown) => unknown;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
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

const toNumber: Coercer = (raw) => (typeof raw === "string" && NUMBER.test(raw.trim()) ? Number(raw) : raw);
const toBigInt: Coercer = (raw) => {
  if (typeof raw !== "string" || !/^[+-]?\d+$/.test(raw.trim())) return raw;
  return BigInt(raw);
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
