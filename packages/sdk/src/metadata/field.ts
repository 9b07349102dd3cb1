import type { z } from "zod";
import type { AnyOperation, InputNames, SuccessBody } from "../operation/types";
import type { StringFormat, Visibility } from "./types";

/** The meta key under which a field's typed metadata id travels through zod-to-openapi. @internal */
export const FIELD_META_KEY = "x-connectorkit-field";

/**
 * A reference to an operation, or a thunk for one declared later in the file.
 *
 * @example
 * ```ts
 * const now: OperationRef = listProjects;
 * const later: OperationRef = () => listProjects; // listProjects is declared further down
 * dynamicValues(() => listProjects, { collection: "value", value: "id" });
 * ```
 */
export type OperationRef<TOperation extends AnyOperation = AnyOperation> = TOperation | (() => TOperation);

/**
 * A value passed to a parameter of the operation a dynamic extension calls: a literal, or another input of this operation.
 *
 * @example
 * ```ts
 * const literal: DynamicParameterValue = "active";
 * const fromInput: DynamicParameterValue = { parameter: "projectId" }; // this operation's projectId input
 * dynamicValues(listBoards, { parameters: { project: fromInput, state: literal }, value: "id" });
 * ```
 */
export type DynamicParameterValue = string | number | boolean | { parameter: string };

type ArrayKeys<T> = T extends readonly unknown[]
  ? never
  : { [K in keyof T & string]: T[K] extends readonly unknown[] ? K : never }[keyof T & string];
type ItemOf<TBody, TCollection> = TCollection extends keyof TBody
  ? TBody[TCollection] extends readonly (infer I)[]
    ? I
    : never
  : TBody extends readonly (infer I)[]
    ? I
    : never;
type ItemKeys<TBody, TCollection> =
  unknown extends ItemOf<TBody, TCollection> ? string : keyof ItemOf<TBody, TCollection> & string;

/**
 * Options of {@link dynamicValues}. `collection`, `value` and `title` are checked against the target
 * operation's 200 response schema.
 *
 * @example
 * ```ts
 * // listProjects answers 200 { value: { id: string; name: string }[] }
 * const options: DynamicValuesOptions<typeof listProjects, "value"> = { collection: "value", value: "id", title: "name" };
 * const ref = dynamicValues(listProjects, options);
 * ```
 */
export interface DynamicValuesOptions<TTarget extends AnyOperation, TCollection extends string | undefined> {
  /** Inputs of the target operation: literals, or `{ parameter: "<input of this operation>" }`. */
  parameters?: { [K in InputNames<TTarget>]?: DynamicParameterValue };
  /** Property of the response holding the array (omit when the response is the array). */
  collection?: TCollection &
    (unknown extends SuccessBody<TTarget> ? string : ArrayKeys<SuccessBody<TTarget>>);
  /** Property of each item holding the value to use. */
  value: ItemKeys<SuccessBody<TTarget>, TCollection>;
  /** Property of each item holding the text to show. */
  title?: ItemKeys<SuccessBody<TTarget>, TCollection>;
}

/**
 * A resolved dynamic-values reference, as {@link dynamicValues} returns it; pass it as `dynamicValues` to
 * {@link field}. Emitted as both `x-ms-dynamic-values` and `x-ms-dynamic-list`.
 *
 * @example
 * ```ts
 * const ref: DynamicValuesRef = dynamicValues(listProjects, { collection: "value", value: "id", title: "name" });
 * const projectId = field(z.string(), { summary: "Project", dynamicValues: ref });
 * ```
 */
export interface DynamicValuesRef {
  /** Discriminator. */
  readonly kind: "dynamicValues";
  /** The operation that supplies the values. */
  readonly target: OperationRef;
  /** Inputs passed to the target. */
  readonly parameters: Record<string, DynamicParameterValue>;
  /** Property of the response holding the array; `undefined` when the response is the array. */
  readonly collection: string | undefined;
  /** Property of each item holding the value. */
  readonly value: string;
  /** Property of each item holding the display text. */
  readonly title: string | undefined;
}

/**
 * Fills a parameter's dropdown from another operation's response (`x-ms-dynamic-values` together with
 * `x-ms-dynamic-list`). The target is the operation object, so a renamed or missing operation fails the build.
 *
 * @param target - the operation to call, or a thunk returning it (for operations declared later).
 * @param options - where the list, the values and the titles are in the target's response.
 * @returns a reference to pass as `dynamicValues` to {@link field}.
 * @example
 * ```ts
 * const projectId = field(z.string(), {
 *   summary: "Project",
 *   dynamicValues: dynamicValues(listProjects, { collection: "value", value: "id", title: "name" }),
 * });
 * ```
 */
export function dynamicValues<
  TTarget extends AnyOperation,
  const TCollection extends string | undefined = undefined,
>(target: OperationRef<TTarget>, options: DynamicValuesOptions<TTarget, TCollection>): DynamicValuesRef {
  return {
    kind: "dynamicValues",
    target: target as OperationRef,
    parameters: (options.parameters ?? {}) as Record<string, DynamicParameterValue>,
    collection: options.collection as string | undefined,
    value: options.value as string,
    title: options.title as string | undefined,
  };
}

/**
 * Options of {@link dynamicSchema}.
 *
 * @example
 * ```ts
 * const options: DynamicSchemaOptions<typeof getTableSchema> = { parameters: { table: { parameter: "table" } }, valuePath: "schema" };
 * const ref = dynamicSchema(getTableSchema, options);
 * ```
 */
export interface DynamicSchemaOptions<TTarget extends AnyOperation> {
  /** Inputs of the target operation: literals, or `{ parameter: "<input of this operation>" }`. */
  parameters?: { [K in InputNames<TTarget>]?: DynamicParameterValue };
  /**
   * Path (slash-separated) to the JSON schema object inside the target's response, e.g. `schema`.
   * Omit when the whole response is the schema.
   */
  valuePath?: string;
}

/**
 * A resolved dynamic-schema reference, as {@link dynamicSchema} returns it; pass it as `dynamicSchema` to
 * {@link field}. Emitted as both `x-ms-dynamic-schema` and `x-ms-dynamic-properties`.
 *
 * @example
 * ```ts
 * const ref: DynamicSchemaRef = dynamicSchema(getTableSchema, { valuePath: "schema" });
 * const Row = field(z.record(z.string(), z.unknown()), { dynamicSchema: ref });
 * ```
 */
export interface DynamicSchemaRef {
  /** Discriminator. */
  readonly kind: "dynamicSchema";
  /** The operation that returns the JSON schema. */
  readonly target: OperationRef;
  /** Inputs passed to the target. */
  readonly parameters: Record<string, DynamicParameterValue>;
  /** Slash-separated path to the schema inside the response; `undefined` when the response is the schema. */
  readonly valuePath: string | undefined;
}

/**
 * Makes a body or response schema dynamic: the designer calls `target` to learn its properties
 * (`x-ms-dynamic-schema` together with `x-ms-dynamic-properties`).
 *
 * @param target - the operation returning a JSON schema, or a thunk returning it.
 * @param options - where the schema is in the response and which inputs to pass.
 * @returns a reference to pass as `dynamicSchema` to {@link field}.
 * @example
 * ```ts
 * const Row = field(z.record(z.string(), z.unknown()), {
 *   dynamicSchema: dynamicSchema(getTableSchema, { parameters: { table: { parameter: "table" } }, valuePath: "schema" }),
 * });
 * ```
 */
export function dynamicSchema<TTarget extends AnyOperation>(
  target: OperationRef<TTarget>,
  options: DynamicSchemaOptions<TTarget> = {},
): DynamicSchemaRef {
  return {
    kind: "dynamicSchema",
    target: target as OperationRef,
    parameters: (options.parameters ?? {}) as Record<string, DynamicParameterValue>,
    valuePath: options.valuePath,
  };
}

type EnumKey<TSchema extends z.ZodType> =
  z.output<TSchema> extends infer V ? (V extends string | number ? V : never) : never;

/**
 * Typed metadata for one field (a parameter or a schema property). Each key maps to one platform extension;
 * unknown keys do not compile.
 *
 * @example
 * ```ts
 * const Status = z.enum(["open", "closed"]);
 * const meta: FieldMeta<typeof Status> = {
 *   summary: "Status",
 *   visibility: "advanced",
 *   enumValues: { open: "Open", closed: "Closed" },
 *   testValue: "open",
 * };
 * const status = field(Status, meta);
 * ```
 */
export interface FieldMeta<TSchema extends z.ZodType = z.ZodType> {
  /** `x-ms-summary`: the field's title in the designer (title case, at most 80 characters). */
  summary?: string;
  /** `description`: a full sentence shown as help text. */
  description?: string;
  /** `x-ms-visibility`. Internal inputs must be required or have a default. */
  visibility?: Visibility;
  /** `x-ms-enum-values`: display names of enum values, keyed by value. */
  enumValues?: { [K in EnumKey<TSchema>]?: string };
  /** `x-ms-test-value`: a sample used by test runs (no secrets or personal data). */
  testValue?: z.input<TSchema>;
  /** `format` override, e.g. `html` or `date-no-tz`. */
  format?: StringFormat;
  /** `example`. */
  example?: z.input<TSchema>;
  /** `x-ms-dynamic-values` + `x-ms-dynamic-list`. */
  dynamicValues?: DynamicValuesRef;
  /** `x-ms-dynamic-schema` + `x-ms-dynamic-properties` (body and response schemas only). */
  dynamicSchema?: DynamicSchemaRef;
  /** `x-ms-url-encoding` of a path parameter. @default "single" */
  urlEncoding?: "single" | "double";
}

// Shared through globalThis so that two copies of the SDK in one process (ESM + CJS builds, or a CLI loading a
// user's connector) still see each other's field metadata.
const REGISTRY_KEY = Symbol.for("connectorkit.field-metadata");
type FieldRegistry = { next: number; metas: Map<number, FieldMeta> };
const globals = globalThis as Record<symbol, FieldRegistry | undefined>;
const registry: FieldRegistry = globals[REGISTRY_KEY] ?? { next: 1, metas: new Map<number, FieldMeta>() };
globals[REGISTRY_KEY] = registry;
const fieldMetas = registry.metas;

/** Reads the typed metadata attached by {@link field}. @internal */
export function getFieldMeta(id: unknown): FieldMeta | undefined {
  return typeof id === "number" ? fieldMetas.get(id) : undefined;
}

/**
 * Attaches typed platform metadata to a schema: titles, visibility, enum display names, test values and
 * dynamic values/schema. Returns a new schema (zod schemas are immutable) of the same type.
 *
 * @param schema - any zod schema.
 * @param meta - the field's metadata.
 * @returns the same schema with metadata.
 * @example
 * ```ts
 * import { z } from "zod";
 * import { field } from "@connectorkit/sdk";
 * const Priority = field(z.enum(["low", "high"]), {
 *   summary: "Priority",
 *   visibility: "important",
 *   enumValues: { low: "Low", high: "High" },
 * });
 * ```
 */
export function field<TSchema extends z.ZodType>(schema: TSchema, meta: FieldMeta<TSchema>): TSchema {
  const id = registry.next++;
  const previous = getFieldMeta((schema.meta() as Record<string, unknown> | undefined)?.[FIELD_META_KEY]);
  fieldMetas.set(id, { ...previous, ...(meta as FieldMeta) });
  const extra: Record<string, unknown> = { [FIELD_META_KEY]: id };
  if (meta.description !== undefined) extra["description"] = meta.description;
  return schema.meta(extra) as TSchema;
}
