import { OpenAPIRegistry, OpenApiGeneratorV3 } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { FIELD_META_KEY } from "../metadata/field";
import type { Connector } from "../operation/define-connector";
import { isSchemaSpec, responseSchema } from "../operation/response-spec";
import type { AnyOperation, RequestSchemas, ResponseObject } from "../operation/types";
import { SwaggerConversionError } from "./errors";
import { type EmitScope, fieldExtensions, fieldMetaOf, resolveOperation, X } from "./extensions";
import { SWAGGER_PARAMETER_TYPE_KEYS } from "./keywords";
import { type JsonSchema, type LowerContext, lowerSchema } from "./lower-schema";
import { operationMeta } from "./operation-meta";
import type { EmitOperation, OperationWithEmit, SwaggerDocument, ToSwaggerOptions } from "./types";

/**
 * Most operations a connector may have (counting the internal operations triggers add). `toSwagger` throws a
 * `SwaggerConversionError` above it.
 *
 * @example
 * ```ts
 * // a quick pre-check; toSwagger counts exactly (a webhook trigger also adds its delete and list operations)
 * if (connector.operations.length > MAX_OPERATIONS) console.warn("split the connector");
 * ```
 */
export const MAX_OPERATIONS = 256;
/**
 * Largest definition file the platform accepts, in bytes (< 1 MB). `toSwagger` throws a
 * `SwaggerConversionError` when the document, pretty-printed with 2-space indentation, reaches it.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(toSwagger(connector), null, 2);
 * Buffer.byteLength(json, "utf8") < MAX_DEFINITION_BYTES; // true
 * ```
 */
export const MAX_DEFINITION_BYTES = 1_000_000;

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};
const METHOD_ORDER = ["get", "put", "post", "patch", "delete"];
const PRIMITIVES = new Set(["string", "number", "integer", "boolean"]);
const PARAM_KEYS = SWAGGER_PARAMETER_TYPE_KEYS.filter((key) => key !== "collectionFormat");

function emitEntries(op: AnyOperation): EmitOperation[] {
  const own = (op as OperationWithEmit)["~emit"];
  if (own) return own();
  const meta = operationMeta(op);
  return [
    {
      method: op.method,
      path: op.path,
      meta: meta as EmitOperation["meta"],
      request: op.request,
      responses: op.responses,
    },
  ];
}

/**
 * Emits the connector's `apiDefinition.swagger.json`: Swagger 2.0 with the platform's `x-ms-*` extensions.
 * Pure and deterministic (paths and definitions sorted, no timestamps).
 *
 * @param connector - the connector from `defineConnector`.
 * @param options - host/basePath/schemes overrides (e.g. per environment).
 * @returns the swagger document.
 * @throws SwaggerConversionError naming the operation and field when a schema cannot be expressed in Swagger 2.0,
 * or when the connector breaks a platform limit (256 operations, 1 MB).
 * @example
 * ```ts
 * import { toSwagger } from "@connectorkit/sdk/swagger";
 * const swagger = toSwagger(connector);
 * fs.writeFileSync("apiDefinition.swagger.json", JSON.stringify(swagger, null, 2));
 * ```
 */
export function toSwagger(connector: Connector, options: ToSwaggerOptions = {}): SwaggerDocument {
  const entries = connector.operations.flatMap((op) => emitEntries(op).map((entry) => ({ entry, op })));
  if (entries.length > MAX_OPERATIONS) {
    throw new SwaggerConversionError(
      `the connector has ${entries.length} operations; the platform allows at most ${MAX_OPERATIONS}. Split it into several connectors.`,
    );
  }
  const operations = new Map<string, AnyOperation>();
  for (const op of connector.operations) operations.set(op.operationId, op);
  const emittedIds = new Set<string>();
  for (const { entry } of entries) {
    if (emittedIds.has(entry.meta.operationId)) {
      throw new SwaggerConversionError(`operationId "${entry.meta.operationId}" is emitted twice.`);
    }
    emittedIds.add(entry.meta.operationId);
  }

  // 1. zod-to-openapi generates OpenAPI 3.0 for every operation in one document.
  const registry = new OpenAPIRegistry();
  for (const { entry } of entries) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(entry.responses)) {
      const schema = responseSchema(spec);
      responses[status] = {
        description: "x",
        ...(schema ? { content: { "application/json": { schema } } } : {}),
      };
    }
    const body = entry.request.body;
    const notification = entry.notificationContent;
    if (notification)
      responses["299"] = {
        description: "x",
        content: { "application/json": { schema: notification.schema } },
      };
    registry.registerPath({
      method: entry.method.toLowerCase() as "get",
      path: entry.path,
      operationId: entry.meta.operationId,
      request: {
        ...(entry.request.params ? { params: entry.request.params } : {}),
        ...(entry.request.query ? { query: entry.request.query } : {}),
        ...(entry.request.headers ? { headers: entry.request.headers } : {}),
        ...(body
          ? {
              body: {
                content: { "application/json": { schema: body } },
                required: !acceptsUndefined(body),
              },
            }
          : {}),
      },
      responses: responses as never,
    });
  }
  let generated: {
    paths?: Record<string, Record<string, any>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  try {
    generated = new OpenApiGeneratorV3(registry.definitions).generateDocument({
      openapi: "3.0.0",
      info: { title: connector.title, version: connector.version ?? "1.0.0" },
    }) as unknown as typeof generated;
  } catch (error) {
    throw new SwaggerConversionError(
      `zod-to-openapi could not generate the schemas: ${(error as Error).message}`,
    );
  }
  const components = generated.components?.schemas ?? {};

  // 2. Lower to Swagger 2.0.
  const definitions: Record<string, JsonSchema> = {};
  const baseScope = (
    operationId: string | undefined,
    field: string,
    request?: RequestSchemas,
  ): EmitScope => ({
    operations,
    operationId,
    field,
    request,
  });
  for (const name of Object.keys(components).sort()) {
    const ctx: LowerContext = { scope: baseScope(undefined, `definitions.${name}`), definitions, components };
    definitions[name] = lowerSchema(components[name], ctx, `definitions.${name}`);
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const { entry } of entries) {
    const operationId = entry.meta.operationId;
    const generatedOp = generated.paths?.[entry.path]?.[entry.method.toLowerCase()] as Record<string, any>;
    const ctx = (field: string): LowerContext => ({
      scope: baseScope(operationId, field, entry.request),
      definitions,
      components,
    });
    const parameters: Record<string, unknown>[] = [];
    for (const p of (generatedOp["parameters"] ?? []) as Record<string, any>[]) {
      parameters.push(lowerParameter(p, ctx(`${locationName(p["in"])}.${p["name"]}`), components));
    }
    const requestBody = generatedOp["requestBody"] as Record<string, any> | undefined;
    if (requestBody) {
      const schema = lowerSchema(requestBody["content"]["application/json"]["schema"], ctx("body"), "body");
      if (entry.notificationUrlProperty)
        markNotificationUrl(schema, entry.notificationUrlProperty, definitions);
      const bodyParam: Record<string, unknown> = {
        name: "body",
        in: "body",
        required: requestBody["required"] === true,
        schema,
      };
      parameters.push(bodyParam);
    }
    const responses: Record<string, unknown> = {};
    let schemas = 0;
    for (const status of Object.keys(entry.responses).sort()) {
      const spec = entry.responses[Number(status)];
      const long = isSchemaSpec(spec) ? undefined : (spec as ResponseObject | undefined);
      const generatedSchema = generatedOp["responses"]?.[status]?.content?.["application/json"]?.schema;
      const response: Record<string, unknown> = {
        description: long?.description ?? STATUS_TEXT[Number(status)] ?? "Response",
      };
      if (long?.summary) response[X.summary] = long.summary;
      if (generatedSchema) {
        schemas += 1;
        response["schema"] = lowerSchema(generatedSchema, ctx(`response ${status}`), `response ${status}`);
      }
      if (long?.headers) {
        const headers: Record<string, unknown> = {};
        for (const name of Object.keys(long.headers)) {
          const h = long.headers[name]!;
          headers[name] = {
            type: h.type ?? "string",
            ...(h.description ? { description: h.description } : {}),
            ...(h.summary ? { [X.summary]: h.summary } : {}),
          };
        }
        response["headers"] = headers;
      }
      responses[status] = response;
    }
    if (schemas > 1) {
      throw new SwaggerConversionError(
        "more than one response declares a schema; the platform uses only one (OperationHasManyResponsesWithSchema). Declare error responses without a schema (undefined); the runtime's error body is documented on `default`.",
        { operationId },
      );
    }
    responses["default"] = {
      description: "Operation failed; the body is the connector's JSON error object.",
    };

    const op: Record<string, unknown> = {
      summary: entry.meta.summary,
      description: entry.meta.description,
      operationId,
    };
    if (entry.meta.tags?.length) op["tags"] = entry.meta.tags;
    if (entry.meta.deprecated) op["deprecated"] = true;
    if (parameters.length > 0) op["parameters"] = parameters;
    op["responses"] = responses;
    if (entry.meta.annotation?.status === "Production" && connector.status !== "Production") {
      throw new SwaggerConversionError(
        'annotation.status is "Production" but the connector is not (set defineConnector({ status: "Production" }) or use "Preview"): an operation cannot be ahead of its connector.',
        { operationId },
      );
    }
    Object.assign(op, operationExtensions(entry, baseScope(operationId, "operation")));
    paths[entry.path] ??= {};
    const pathItem = paths[entry.path]!;
    pathItem[entry.method.toLowerCase()] = op;
    if (entry.notificationContent) {
      const generatedSchema = generatedOp["responses"]?.["299"]?.content?.["application/json"]?.schema;
      pathItem[X.notificationContent] = {
        ...(entry.notificationContent.description
          ? { description: entry.notificationContent.description }
          : {}),
        schema: lowerSchema(generatedSchema, ctx("notification"), "notification"),
      };
    }
  }

  const doc = assemble(connector, options, paths, definitions, operations);
  const size = prettyJsonByteLength(JSON.stringify(doc));
  if (size >= MAX_DEFINITION_BYTES) {
    throw new SwaggerConversionError(
      `the definition is ${size} bytes; the platform accepts less than ${MAX_DEFINITION_BYTES}. Name shared schemas with .meta({ id }) or split the connector.`,
    );
  }
  return doc;
}

function locationName(location: string): string {
  return location === "header" ? "header" : location;
}

function lowerParameter(
  p: Record<string, any>,
  ctx: LowerContext,
  components: Record<string, JsonSchema>,
): Record<string, unknown> {
  const field = ctx.scope.field;
  let raw = p["schema"] as JsonSchema;
  if (typeof raw["$ref"] === "string")
    raw = components[(raw["$ref"] as string).replace(/^#\/components\/schemas\//, "")] ?? raw;
  const meta = fieldMetaOf(raw[FIELD_META_KEY]);
  const { [FIELD_META_KEY]: _marker, ...unmarked } = raw;
  const schema = lowerSchema(unmarked, ctx, field);
  const type = schema["type"];
  if (typeof type !== "string" || !(PRIMITIVES.has(type) || type === "array")) {
    throw new SwaggerConversionError(
      `${p["in"]} parameters must be strings, numbers, integers, booleans or arrays of them; move structured input into the body.`,
      { operationId: ctx.scope.operationId, field },
    );
  }
  const out: Record<string, unknown> = {
    name: p["name"],
    in: p["in"],
    required: p["in"] === "path" ? true : p["required"] === true,
  };
  const description =
    (p["description"] as string | undefined) ?? (schema["description"] as string | undefined);
  if (description) out["description"] = description;
  for (const key of PARAM_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
  if (type === "array") {
    const items = schema["items"] as JsonSchema;
    if (!PRIMITIVES.has(items["type"] as string)) {
      throw new SwaggerConversionError(
        `array ${p["in"]} parameters must hold strings, numbers, integers or booleans.`,
        {
          operationId: ctx.scope.operationId,
          field,
        },
      );
    }
    out["collectionFormat"] = "csv";
  }
  for (const [key, value] of Object.entries(schema)) if (key.startsWith("x-ms-")) out[key] = value;
  if (meta) Object.assign(out, fieldExtensions(meta, ctx.scope, "parameter"));
  if (p["in"] === "path") out[X.urlEncoding] = meta?.urlEncoding ?? "single";
  else if (meta?.urlEncoding !== undefined) {
    throw new SwaggerConversionError("urlEncoding applies to path parameters only.", {
      operationId: ctx.scope.operationId,
      field,
    });
  }
  // The platform only sends required inputs; an internal input with a default must be required to be sent.
  if (out[X.visibility] === "internal" && out["default"] !== undefined) out["required"] = true;
  if (out[X.visibility] === "internal" && out["required"] === true && out["default"] === undefined) {
    throw new SwaggerConversionError(
      "an internal, required parameter needs a default value (users cannot see it to fill it in).",
      {
        operationId: ctx.scope.operationId,
        field,
      },
    );
  }
  return out;
}

function markNotificationUrl(
  schema: JsonSchema,
  property: string,
  definitions: Record<string, JsonSchema>,
): void {
  const target =
    typeof schema["$ref"] === "string"
      ? definitions[(schema["$ref"] as string).replace("#/definitions/", "")]
      : schema;
  const props = target?.["properties"] as Record<string, JsonSchema> | undefined;
  const prop = props?.[property];
  if (!target || !prop)
    throw new SwaggerConversionError(`notification URL property "${property}" is missing from the body.`);
  prop["type"] = "string";
  prop[X.notificationUrl] = true;
  prop[X.visibility] = "internal";
  const required = new Set((target["required"] as string[] | undefined) ?? []);
  required.add(property);
  target["required"] = [...required];
}

function operationExtensions(entry: EmitOperation, scope: EmitScope): Record<string, unknown> {
  const m = entry.meta;
  const out: Record<string, unknown> = {};
  if (m.visibility) out[X.visibility] = m.visibility;
  const annotation: Record<string, unknown> = {};
  if (m.annotation?.family) annotation["family"] = m.annotation.family;
  if (m.annotation?.revision !== undefined) annotation["revision"] = m.annotation.revision;
  if (m.annotation?.status) annotation["status"] = m.annotation.status;
  if (typeof m.deprecated === "object" && m.deprecated.replacement) {
    const { api, operationId } = m.deprecated.replacement;
    if (typeof api !== "string" || api.trim() === "") {
      throw new SwaggerConversionError(
        "deprecated.replacement.api is required (the platform needs the API that hosts the replacement).",
        scope,
      );
    }
    annotation["replacement"] = { api, operationId };
  }
  if (Object.keys(annotation).length > 0) out[X.apiAnnotation] = annotation;
  if (m.noGenericTest) out[X.noGenericTest] = true;
  if (m.pageable) out[X.pageable] = { nextLinkName: m.pageable.nextLinkName };
  if (m.chunkTransfer !== undefined) out[X.capabilities] = { chunkTransfer: m.chunkTransfer };
  if (m.openAiData) {
    out[X.openAiData] = {
      "openai-enabled": m.openAiData.enabled,
      operations: [
        {
          operationId: m.operationId,
          "x-ms-require-user-confirmation": m.openAiData.requireUserConfirmation ?? false,
        },
      ],
    };
  }
  Object.assign(out, entry.extensions);
  return out;
}

function assemble(
  connector: Connector,
  options: ToSwaggerOptions,
  paths: Record<string, Record<string, unknown>>,
  definitions: Record<string, JsonSchema>,
  operations: ReadonlyMap<string, AnyOperation>,
): SwaggerDocument {
  const info: Record<string, unknown> = {
    title: connector.title,
    description: connector.description,
    version: connector.version ?? "1.0.0",
  };
  if (connector.contact) info["contact"] = { ...connector.contact };
  if (connector.status) info[X.apiAnnotation] = { status: connector.status };
  const host = options.host ?? connector.host;
  const doc: Record<string, unknown> = { swagger: "2.0", info };
  if (host !== undefined) {
    if (!/^[^{}/ :\\?#]+(?::\d{1,5})?$/.test(host)) {
      throw new SwaggerConversionError(
        `host "${host}" must be a host name with optional port, without scheme or path.`,
      );
    }
    doc["host"] = host;
  }
  doc["basePath"] = options.basePath ?? connector.basePath;
  const schemes = options.schemes ?? connector.schemes ?? ["https"];
  if (schemes.length === 0) throw new SwaggerConversionError("schemes must not be empty.");
  doc["schemes"] = [...schemes].sort((a, b) => (a === "https" ? -1 : b === "https" ? 1 : 0));
  doc["consumes"] = ["application/json"];
  doc["produces"] = ["application/json"];
  const sortedPaths: Record<string, Record<string, unknown>> = {};
  for (const path of Object.keys(paths).sort()) {
    const item = paths[path]!;
    const sortedItem: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)))
      sortedItem[key] = item[key];
    sortedPaths[path] = sortedItem;
  }
  doc["paths"] = sortedPaths;
  doc["definitions"] = definitions;
  doc["parameters"] = {};
  doc["responses"] = {};
  const security = connector.auth?.toSwagger();
  doc["securityDefinitions"] = security?.securityDefinitions ?? {};
  doc["security"] = security?.security ?? [];
  if (connector.tags?.length) doc["tags"] = connector.tags.map((t) => ({ ...t }));
  if (connector.metadata) {
    doc[X.connectorMetadata] = [
      { propertyName: "Website", propertyValue: connector.metadata.website },
      { propertyName: "Privacy policy", propertyValue: connector.metadata.privacyPolicy },
      { propertyName: "Categories", propertyValue: connector.metadata.categories.join(";") },
    ];
  }
  if (connector.testConnection) {
    const target = resolveOperation(
      connector.testConnection.operation,
      { operations, operationId: undefined, field: "testConnection" },
      "testConnection",
    );
    doc[X.capabilities] = {
      testConnection: {
        operationId: target.operationId,
        parameters: { ...(connector.testConnection.parameters ?? {}) },
      },
    };
  }
  return doc as SwaggerDocument;
}

function rank(key: string): number {
  const i = METHOD_ORDER.indexOf(key);
  return i === -1 ? -1 : i;
}

/** Whether a schema accepts a missing value (optional body), without running a failing parse. */
function acceptsUndefined(schema: z.ZodType): boolean {
  return (schema as unknown as { _zod: { optin?: string } })._zod.optin === "optional";
}

/**
 * The UTF-8 byte length of `JSON.stringify(value, null, 2)`, computed from the compact form by counting the
 * whitespace pretty-printing adds. Cheaper than serializing twice.
 * @internal
 */
export function prettyJsonByteLength(compact: string): number {
  let extra = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    switch (c) {
      case 34:
        inString = true;
        break;
      case 123: // {
      case 91: {
        // [
        const next = compact.charCodeAt(i + 1);
        if (next === 125 || next === 93) {
          i++; // empty container stays "{}" / "[]"
          break;
        }
        depth++;
        extra += 1 + 2 * depth;
        break;
      }
      case 125: // }
      case 93: // ]
        depth--;
        extra += 1 + 2 * depth;
        break;
      case 44: // ,
        extra += 1 + 2 * depth;
        break;
      case 58: // :
        extra += 1;
        break;
    }
  }
  return Buffer.byteLength(compact) + extra;
}
