import {
  type DynamicParameterValue,
  type FieldMeta,
  getFieldMeta,
  type OperationRef,
} from "../metadata/field";
import type { AnyOperation, RequestSchemas } from "../operation/types";
import { SwaggerConversionError } from "./errors";

/**
 * Every `x-ms-*` key the emitter writes, in one table: the only place extension names are spelled.
 * @internal
 */
export const X = {
  summary: "x-ms-summary",
  visibility: "x-ms-visibility",
  urlEncoding: "x-ms-url-encoding",
  enumValues: "x-ms-enum-values",
  testValue: "x-ms-test-value",
  dynamicValues: "x-ms-dynamic-values",
  dynamicList: "x-ms-dynamic-list",
  dynamicSchema: "x-ms-dynamic-schema",
  dynamicProperties: "x-ms-dynamic-properties",
  notificationUrl: "x-ms-notification-url",
  notificationContent: "x-ms-notification-content",
  trigger: "x-ms-trigger",
  triggerHint: "x-ms-trigger-hint",
  triggerMetadata: "x-ms-trigger-metadata",
  apiAnnotation: "x-ms-api-annotation",
  noGenericTest: "x-ms-no-generic-test",
  pageable: "x-ms-pageable",
  capabilities: "x-ms-capabilities",
  openAiData: "x-ms-openai-data",
  connectorMetadata: "x-ms-connector-metadata",
  nullable: "x-nullable",
} as const;

const KNOWN = new Set<string>(Object.values(X));

/** Context for resolving operation references. @internal */
export interface EmitScope {
  operations: ReadonlyMap<string, AnyOperation>;
  operationId: string | undefined;
  field: string;
  /** The request schemas of the operation being emitted (absent inside shared definitions). */
  request?: RequestSchemas | undefined;
}

/**
 * The reference path of an input in the `x-ms-dynamic-list` / `x-ms-dynamic-properties` form: a path, query or
 * header parameter by name, a top-level body property as `body/<name>`. Names that already contain `/` are kept.
 * @internal
 */
export function inputReference(request: RequestSchemas | undefined, name: string): string | undefined {
  if (name.includes("/")) return name;
  if (!request) return name;
  for (const part of [request.params, request.query, request.headers]) {
    if (part && Object.hasOwn(part.shape, name)) return name;
  }
  const body = request.body as { shape?: Record<string, unknown> } | undefined;
  if (body?.shape && Object.hasOwn(body.shape, name)) return `body/${name}`;
  return undefined;
}

/** Resolves an operation reference and checks it is part of the connector. @internal */
export function resolveOperation(ref: OperationRef, scope: EmitScope, what: string): AnyOperation {
  let target: AnyOperation | undefined;
  try {
    target = typeof ref === "function" ? (ref as () => AnyOperation)() : ref;
  } catch (error) {
    throw new SwaggerConversionError(
      `${what} target threw while resolving: ${(error as Error).message}`,
      scope,
    );
  }
  if (!target || typeof target.operationId !== "string") {
    throw new SwaggerConversionError(
      `${what} target is not an operation (is it declared before use? pass a thunk: () => op).`,
      scope,
    );
  }
  if (scope.operations.get(target.operationId) !== target) {
    throw new SwaggerConversionError(
      `${what} references operation "${target.operationId}", which is not in this connector's operations. Add it to defineConnector({ operations }).`,
      scope,
    );
  }
  return target;
}

function parameterValues(
  params: Record<string, DynamicParameterValue>,
  form: "values" | "list",
  target: AnyOperation,
  scope: EmitScope,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const key = form === "list" ? inputReference(target.request, name) : name;
    if (key === undefined) {
      throw new SwaggerConversionError(
        `"${name}" is not an input of operation "${target.operationId}".`,
        scope,
      );
    }
    if (typeof value === "object" && value !== null) {
      if (form === "values") {
        out[key] = { parameter: value.parameter };
        continue;
      }
      const reference = inputReference(scope.request, value.parameter);
      if (reference === undefined) {
        throw new SwaggerConversionError(
          `{ parameter: "${value.parameter}" } does not name an input of this operation (path, query, header or top-level body property).`,
          scope,
        );
      }
      out[key] = { parameterReference: reference };
    } else {
      out[key] = form === "values" ? value : { value };
    }
  }
  return out;
}

/**
 * The extensions a field's typed metadata stands for, given where the field is.
 * @internal
 */
export function fieldExtensions(
  meta: FieldMeta,
  scope: EmitScope,
  where: "parameter" | "schema",
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (meta.summary !== undefined) out[X.summary] = meta.summary;
  if (meta.visibility !== undefined) out[X.visibility] = meta.visibility;
  if (meta.format !== undefined) out["format"] = meta.format;
  if (meta.example !== undefined) out["example"] = meta.example;
  if (meta.enumValues !== undefined) {
    out[X.enumValues] = Object.entries(meta.enumValues).map(([value, displayName]) => ({
      value,
      displayName,
    }));
  }
  if (meta.testValue !== undefined) out[X.testValue] = meta.testValue;
  if (meta.dynamicValues) {
    const d = meta.dynamicValues;
    const target = resolveOperation(d.target, scope, "dynamicValues");
    const values: Record<string, unknown> = { operationId: target.operationId };
    if (Object.keys(d.parameters).length > 0)
      values["parameters"] = parameterValues(d.parameters, "values", target, scope);
    if (d.collection !== undefined) values["value-collection"] = d.collection;
    values["value-path"] = d.value;
    if (d.title !== undefined) values["value-title"] = d.title;
    const list: Record<string, unknown> = { operationId: target.operationId };
    if (Object.keys(d.parameters).length > 0)
      list["parameters"] = parameterValues(d.parameters, "list", target, scope);
    if (d.collection !== undefined) list["itemsPath"] = d.collection;
    list["itemValuePath"] = d.value;
    if (d.title !== undefined) list["itemTitlePath"] = d.title;
    out[X.dynamicValues] = values;
    out[X.dynamicList] = list;
  }
  if (meta.dynamicSchema) {
    if (where === "parameter") {
      throw new SwaggerConversionError(
        "dynamicSchema applies to a body or response schema, not to a path, query or header parameter.",
        scope,
      );
    }
    const d = meta.dynamicSchema;
    const target = resolveOperation(d.target, scope, "dynamicSchema");
    const schema: Record<string, unknown> = { operationId: target.operationId };
    const properties: Record<string, unknown> = { operationId: target.operationId };
    if (Object.keys(d.parameters).length > 0) {
      schema["parameters"] = parameterValues(d.parameters, "values", target, scope);
      properties["parameters"] = parameterValues(d.parameters, "list", target, scope);
    }
    if (d.valuePath !== undefined) {
      schema["value-path"] = d.valuePath;
      properties["itemValuePath"] = d.valuePath;
    }
    out[X.dynamicSchema] = schema;
    out[X.dynamicProperties] = properties;
  }
  if (meta.urlEncoding !== undefined && where === "schema") {
    throw new SwaggerConversionError("urlEncoding applies to path parameters only.", scope);
  }
  return out;
}

/** Reads the typed metadata behind a marker value. @internal */
export function fieldMetaOf(marker: unknown): FieldMeta | undefined {
  return getFieldMeta(marker);
}

/** Rejects any `x-ms-*` key the SDK did not write itself (typos such as `x-ms-visibilty`). @internal */
export function assertKnownExtension(key: string, scope: EmitScope): void {
  if (key.startsWith("x-ms-") && !KNOWN.has(key)) {
    throw new SwaggerConversionError(
      `unknown extension "${key}" in schema metadata. Set platform metadata with field(schema, { ... }) so its keys are checked.`,
      scope,
    );
  }
}
