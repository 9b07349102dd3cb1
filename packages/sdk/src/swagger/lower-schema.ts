import { FIELD_META_KEY } from "../metadata/field";
import { SwaggerConversionError } from "./errors";
import { assertKnownExtension, type EmitScope, fieldExtensions, fieldMetaOf, X } from "./extensions";
import { SWAGGER_SCHEMA_KEYWORDS } from "./keywords";

/** A JSON schema object (loosely typed). @internal */
export type JsonSchema = Record<string, unknown>;

const SCHEMA_KEYWORDS = new Set<string>(SWAGGER_SCHEMA_KEYWORDS);
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/** Options of the lowering pass. @internal */
export interface LowerContext {
  scope: EmitScope;
  /** Already-lowered definitions, for flattening intersections that reference them. */
  definitions: Record<string, JsonSchema>;
  /** Raw OpenAPI 3 component schemas, for flattening before their own lowering. */
  components: Record<string, JsonSchema>;
}

function fail(message: string, ctx: LowerContext, path: string): never {
  throw new SwaggerConversionError(message, { operationId: ctx.scope.operationId, field: path });
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function refName(ref: string): string {
  return ref.replace(/^#\/components\/schemas\//, "");
}

/**
 * Lowers one OpenAPI 3.0 schema (as zod-to-openapi makes it) to a Swagger 2.0 schema: `$ref`s to
 * `#/definitions`, `nullable` to `x-nullable`, enum-only unions to `enum`, object intersections flattened,
 * typed field metadata expanded to `x-ms-*`. Everything Swagger 2.0 cannot say fails with the field's path.
 * @internal
 */
export function lowerSchema(schema: unknown, ctx: LowerContext, path: string, depth = 0): JsonSchema {
  if (depth > 64)
    fail(
      "schema is nested more than 64 levels deep (recursive schemas must be named with .meta({ id })).",
      ctx,
      path,
    );
  if (!isObject(schema)) fail("schema is not an object.", ctx, path);
  const out: JsonSchema = {};
  let nullable = false;

  if (typeof schema["$ref"] === "string") {
    return { $ref: `#/definitions/${refName(schema["$ref"] as string)}` };
  }

  // Unions: only unions of enums/literals of one type (and null) can be expressed.
  const union = (schema["anyOf"] ?? schema["oneOf"]) as unknown;
  if (union !== undefined) return lowerUnion(schema, union, ctx, path, depth);
  if (schema["not"] !== undefined) fail("`not` schemas cannot be expressed in Swagger 2.0.", ctx, path);

  if (Array.isArray(schema["allOf"])) return lowerAllOf(schema, ctx, path, depth);

  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") {
      nullable = value === true;
      continue;
    }
    if (key === FIELD_META_KEY) continue;
    if (key.startsWith("x-")) {
      assertKnownExtension(key, { ...ctx.scope, field: path });
      out[key] = value;
      continue;
    }
    if (key === "const") {
      out["enum"] = [value];
      continue;
    }
    if (!SCHEMA_KEYWORDS.has(key)) {
      const hint =
        key === "prefixItems" ? " (tuples are not supported; use an object or an array of one type)" : "";
      fail(`keyword "${key}" cannot be expressed in Swagger 2.0${hint}.`, ctx, path);
    }
    switch (key) {
      case "properties": {
        const props: JsonSchema = {};
        for (const [name, prop] of Object.entries(value as JsonSchema)) {
          props[name] = lowerSchema(prop, ctx, `${path}.${name}`, depth + 1);
        }
        out[key] = props;
        break;
      }
      case "items":
        if (Array.isArray(value)) fail("tuples are not supported; use an array of one type.", ctx, path);
        if (
          isObject(value) &&
          (value["anyOf"] !== undefined || value["oneOf"] !== undefined) &&
          schema["minItems"] !== undefined &&
          schema["minItems"] === schema["maxItems"]
        ) {
          fail("tuples are not supported by Swagger 2.0; use an object with named properties.", ctx, path);
        }
        out[key] = lowerSchema(value, ctx, `${path}[]`, depth + 1);
        break;
      case "additionalProperties":
        out[key] = isObject(value) ? lowerSchema(value, ctx, `${path}{}`, depth + 1) : value;
        break;
      case "minimum":
      case "maximum":
        // z.int() adds the safe-integer bounds; they are noise in a connector definition.
        if (schema["type"] === "integer" && Math.abs(value as number) === SAFE_MAX) break;
        out[key] = value;
        break;
      case "type":
        if (Array.isArray(value)) fail("multiple types cannot be expressed in Swagger 2.0.", ctx, path);
        if (value === "null") fail("a null-only type cannot be expressed in Swagger 2.0.", ctx, path);
        out[key] = value;
        break;
      default:
        out[key] = value;
    }
  }
  if (schema["type"] === "array" && out["items"] === undefined) {
    fail("arrays need an item schema (the platform rejects arrays without items).", ctx, path);
  }
  // An internal property with a default must be required, or the platform never sends it.
  if (out["properties"] !== undefined) {
    const props = out["properties"] as Record<string, JsonSchema>;
    const internalDefaults = Object.keys(props).filter(
      (name) => props[name]?.[X.visibility] === "internal" && props[name]?.["default"] !== undefined,
    );
    if (internalDefaults.length > 0) {
      out["required"] = [
        ...new Set([...((out["required"] as string[] | undefined) ?? []), ...internalDefaults]),
      ];
    }
  }
  if (Array.isArray(out["required"]) && (out["required"] as unknown[]).length === 0) delete out["required"];
  if (nullable && Object.keys(out).length > 0) out[X.nullable] = true;
  const meta = fieldMetaOf(schema[FIELD_META_KEY]);
  if (meta) Object.assign(out, fieldExtensions(meta, { ...ctx.scope, field: path }, "schema"));
  return out;
}

function lowerUnion(
  schema: JsonSchema,
  union: unknown,
  ctx: LowerContext,
  path: string,
  depth: number,
): JsonSchema {
  if (!Array.isArray(union)) fail("anyOf/oneOf must be an array.", ctx, path);
  const branches = union as JsonSchema[];
  const nonNull = branches.filter(
    (b) =>
      !(isObject(b) && (b["type"] === "null" || (Object.keys(b).length === 1 && b["nullable"] === true))),
  );
  const nullable = nonNull.length !== branches.length || schema["nullable"] === true;
  if (nonNull.length === 1) {
    const branch = nonNull[0];
    if (nullable && isObject(branch) && typeof branch["$ref"] === "string") {
      return lowerAllOf(
        { allOf: [branch], nullable: true, description: schema["description"] },
        ctx,
        path,
        depth + 1,
      );
    }
    const single = lowerSchema(
      { ...nonNull[0], ...(nullable ? { nullable: true } : {}) },
      ctx,
      path,
      depth + 1,
    );
    return withSiblings(single, schema, ctx, path);
  }
  const enums = nonNull.every((b) => isObject(b) && (Array.isArray(b["enum"]) || b["const"] !== undefined));
  const types = new Set(nonNull.map((b) => b["type"]));
  if (enums && types.size === 1) {
    const values = nonNull.flatMap((b) =>
      Array.isArray(b["enum"]) ? (b["enum"] as unknown[]) : [b["const"]],
    );
    const out: JsonSchema = { type: [...types][0], enum: [...new Set(values)] };
    if (nullable) out[X.nullable] = true;
    return withSiblings(out, schema, ctx, path);
  }
  fail(
    "unions cannot be expressed in Swagger 2.0 (no oneOf/anyOf). Use an enum, one object with optional properties, or separate operations.",
    ctx,
    path,
  );
}

function withSiblings(out: JsonSchema, schema: JsonSchema, ctx: LowerContext, path: string): JsonSchema {
  if (typeof schema["description"] === "string" && out["$ref"] === undefined)
    out["description"] = schema["description"];
  if (schema["default"] !== undefined && out["$ref"] === undefined) out["default"] = schema["default"];
  const meta = fieldMetaOf(schema[FIELD_META_KEY]);
  if (meta && out["$ref"] === undefined)
    Object.assign(out, fieldExtensions(meta, { ...ctx.scope, field: path }, "schema"));
  return out;
}

function lowerAllOf(schema: JsonSchema, ctx: LowerContext, path: string, depth: number): JsonSchema {
  const parts = schema["allOf"] as unknown[];
  const nullable =
    schema["nullable"] === true ||
    parts.some((p) => isObject(p) && Object.keys(p).length === 1 && p["nullable"] === true);
  const real = parts.filter((p) => !(isObject(p) && Object.keys(p).length === 1 && p["nullable"] === true));
  // A nullable reference: keep the reference inside allOf so no keyword sits next to $ref.
  if (real.length === 1 && isObject(real[0]) && typeof real[0]["$ref"] === "string") {
    const out: JsonSchema = { allOf: [lowerSchema(real[0], ctx, path, depth + 1)] };
    if (nullable) out[X.nullable] = true;
    if (typeof schema["description"] === "string") out["description"] = schema["description"];
    return out;
  }
  // Flatten intersections of objects into one object.
  const merged: JsonSchema = { type: "object", properties: {} as JsonSchema };
  const required = new Set<string>();
  for (const [i, part] of real.entries()) {
    const resolved =
      isObject(part) && typeof part["$ref"] === "string"
        ? ctx.components[refName(part["$ref"] as string)]
        : part;
    if (
      !isObject(resolved) ||
      resolved["type"] !== "object" ||
      resolved["anyOf"] !== undefined ||
      resolved["oneOf"] !== undefined
    ) {
      fail(
        `intersection part ${i + 1} is not an object, so the intersection cannot be flattened for Swagger 2.0.`,
        ctx,
        path,
      );
    }
    const lowered = lowerSchema(resolved, ctx, path, depth + 1);
    for (const [name, prop] of Object.entries((lowered["properties"] as JsonSchema | undefined) ?? {})) {
      if ((merged["properties"] as JsonSchema)[name] !== undefined) {
        fail(`intersection declares property "${name}" twice; it cannot be flattened.`, ctx, path);
      }
      (merged["properties"] as JsonSchema)[name] = prop;
    }
    for (const r of (lowered["required"] as string[] | undefined) ?? []) required.add(r);
    if (lowered["additionalProperties"] !== undefined)
      merged["additionalProperties"] = lowered["additionalProperties"];
  }
  if (required.size > 0) merged["required"] = [...required];
  if (nullable) merged[X.nullable] = true;
  if (typeof schema["description"] === "string") merged["description"] = schema["description"];
  return merged;
}
