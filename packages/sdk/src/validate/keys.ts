/**
 * Allowed keys per Swagger object, and the check for unknown / misspelled keys.
 * @internal
 * @module
 */
import { SWAGGER_SCHEMA_KEYWORDS, SWAGGER_VALUE_CONSTRAINTS } from "../swagger/keywords";
import type { ValidationContext } from "./context";
import { isObject, ptr } from "./util";

const set = (...keys: string[]) => new Set(keys);

const NUMERIC_AND_STRING = SWAGGER_VALUE_CONSTRAINTS;

/** Non-extension keys Swagger 2.0 allows on each object. @internal */
export const ALLOWED_KEYS = {
  root: set(
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "security",
    "securityDefinitions",
    "tags",
    "externalDocs",
  ),
  info: set("title", "version", "description", "termsOfService", "contact", "license"),
  pathItem: set("$ref", "get", "put", "post", "delete", "options", "head", "patch", "parameters"),
  operation: set(
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "produces",
    "consumes",
    "parameters",
    "responses",
    "schemes",
    "deprecated",
    "security",
  ),
  bodyParameter: set("description", "name", "in", "required", "schema"),
  nonBodyParameter: set(
    "description",
    "name",
    "in",
    "required",
    "allowEmptyValue",
    "type",
    "format",
    "items",
    "collectionFormat",
    ...NUMERIC_AND_STRING,
  ),
  items: set("type", "format", "items", "collectionFormat", ...NUMERIC_AND_STRING),
  response: set("description", "schema", "headers", "examples"),
  header: set("description", "type", "format", "items", "collectionFormat", ...NUMERIC_AND_STRING),
  schema: set(...SWAGGER_SCHEMA_KEYWORDS),
  tag: set("name", "description", "externalDocs"),
} as const;

/** JSON-Schema keywords Swagger 2.0 (and the platform) do not support inside schemas. @internal */
export const UNSUPPORTED_SCHEMA_KEYWORDS = set(
  "oneOf",
  "anyOf",
  "not",
  "nullable",
  "const",
  "$schema",
  "$id",
  "id",
  "patternProperties",
  "if",
  "then",
  "else",
  "contains",
  "prefixItems",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contentMediaType",
  "contentEncoding",
  "writeOnly",
  "deprecated",
  "examples",
  "$defs",
  "definitions",
  "additionalItems",
);

/**
 * Every `x-ms-*` key known to the platform: the repo JSON schema, the designer (LogicAppsUX), and keys certified
 * connectors ship that the schema predates. Anything else (e.g. `x-ms-visibilty`) is reported.
 * @internal
 */
export const KNOWN_EXTENSIONS = set(
  "x-ms-summary",
  "x-ms-visibility",
  "x-ms-url-encoding",
  "x-ms-dynamic-values",
  "x-ms-dynamic-list",
  "x-ms-dynamic-schema",
  "x-ms-dynamic-properties",
  "x-ms-dynamic-tree",
  "x-ms-trigger",
  "x-ms-trigger-hint",
  "x-ms-trigger-metadata",
  "x-ms-trigger-value",
  "x-ms-notification-content",
  "x-ms-notification-url",
  "x-ms-notification",
  "x-ms-api-annotation",
  "x-ms-capabilities",
  "x-ms-connector-metadata",
  "x-ms-test-value",
  "x-ms-no-generic-test",
  "x-ms-pageable",
  "x-ms-safe-operation",
  "x-ms-operation-context",
  "x-ms-enum-values",
  "x-ms-enum",
  "x-ms-media-kind",
  "x-ms-localizeDefaultValue",
  "x-ms-deployment-version",
  "x-ms-docs",
  "x-ms-editor",
  "x-ms-editor-options",
  "x-ms-openai-data",
  "x-ms-openai-manifest",
  "x-ms-keywords",
  "x-ms-openai-published-to-copilots",
  "x-ms-require-user-confirmation",
  "x-ms-long-running-operation",
  "x-ms-long-running-operation-options",
  "x-ms-parameter-location",
  "x-ms-skip-url-encoding",
  // AutoRest keys found in certified connectors (ignored by the platform, harmless)
  "x-ms-mutability",
  "x-ms-discriminator-value",
  "x-ms-identifiers",
  "x-ms-client-name",
  "x-ms-secret",
  "x-ms-client-flatten",
  "x-ms-parameterized-host",
  "x-ms-examples",
  "x-ms-azure-resource",
  "x-ms-docs-operation-type",
  "x-ms-navigationProperty",
  // designer (LogicAppsUX ExtensionProperties)
  "x-ms-property-name-alias",
  "x-ms-base-path",
  "x-ms-content-hint",
  "x-ms-connection-required",
  "x-ms-create-new-resource",
  "x-ms-connection-options",
  "x-ms-displayFormat",
  "x-ms-dynamically-added",
  "x-ms-format",
  "x-ms-group-name",
  "x-ms-headers",
  "x-ms-input-dependencies",
  "x-ms-method",
  "x-ms-path",
  "x-ms-permission",
  "x-ms-relationships",
  "x-ms-scheduler-recommendation",
  "x-ms-scheduler-trigger",
  "x-ms-serialization",
  "x-ms-deserialization",
  "x-ms-stateless-default",
);

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min((prev[j] ?? 0) + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 99;
}

/** The closest known extension name, for "did you mean" hints. @internal */
export function suggestExtension(key: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const known of KNOWN_EXTENSIONS) {
    const d = distance(key.toLowerCase(), known.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = known;
    }
  }
  return best;
}

/**
 * Reports keys of `obj` that are neither allowed nor extensions (`ExtensionNameNotValid`), keys the caller
 * classes as unsupported (`SwaggerKeywordNotSupported`), and unknown `x-ms-*` keys (`AdditionalPropertyNotAllowed`).
 * @internal
 */
export function checkKeys(
  ctx: ValidationContext,
  obj: unknown,
  pointer: string,
  allowed: ReadonlySet<string> | undefined,
  operationId?: string,
  unsupported?: ReadonlySet<string>,
): void {
  if (!isObject(obj)) return;
  for (const key of Object.keys(obj)) {
    if (key.startsWith("x-")) {
      if (key.toLowerCase().startsWith("x-ms-") && !KNOWN_EXTENSIONS.has(key)) {
        const hint = suggestExtension(key);
        ctx.report(
          "AdditionalPropertyNotAllowed",
          ptr(pointer, key),
          `The property '${key}' is not allowed and must be removed.${hint ? ` Did you mean '${hint}'?` : ""}`,
          operationId,
        );
      }
    } else if (unsupported?.has(key)) {
      ctx.report(
        "SwaggerKeywordNotSupported",
        ptr(pointer, key),
        `The '${key}' keyword is not supported.`,
        operationId,
      );
    } else if (allowed !== undefined && !allowed.has(key)) {
      ctx.report(
        "ExtensionNameNotValid",
        ptr(pointer, key),
        `The property '${key}' is not valid. If this property is an extension, its name must begin with "x-".`,
        operationId,
      );
    }
  }
}
