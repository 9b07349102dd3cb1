import { Ajv, type ValidateFunction } from "ajv";

/**
 * A strict subset of the Postman Collection v2.1 JSON schema
 * (https://schema.getpostman.com/json/collection/v2.1.0/collection.json), written out here because the official
 * file cannot be downloaded in tests. It keeps the official names, requirements and enums for every part the
 * exporter emits, and forbids unknown properties so a typo cannot slip through.
 *
 * @example
 * ```ts
 * const validate = compileCollectionValidator();
 * validate(collection); // true or false, details in validate.errors
 * ```
 * @internal
 */
export const COLLECTION_V21_SUBSET_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["info", "item"],
  additionalProperties: false,
  properties: {
    info: {
      type: "object",
      required: ["name", "schema"],
      additionalProperties: false,
      properties: {
        name: { type: "string" },
        _postman_id: { type: "string" },
        description: { type: "string" },
        version: { type: "string" },
        schema: { const: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
      },
    },
    item: {
      type: "array",
      items: { anyOf: [{ $ref: "#/definitions/item" }, { $ref: "#/definitions/item-group" }] },
    },
    variable: { $ref: "#/definitions/variable-list" },
    auth: { $ref: "#/definitions/auth" },
    event: { type: "array", items: { $ref: "#/definitions/event" } },
  },
  definitions: {
    "item-group": {
      type: "object",
      required: ["item"],
      additionalProperties: false,
      properties: {
        name: { type: "string" },
        description: { type: "string" },
        item: {
          type: "array",
          items: { anyOf: [{ $ref: "#/definitions/item" }, { $ref: "#/definitions/item-group" }] },
        },
        auth: { $ref: "#/definitions/auth" },
        event: { type: "array", items: { $ref: "#/definitions/event" } },
      },
    },
    item: {
      type: "object",
      required: ["request"],
      additionalProperties: false,
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        description: { type: "string" },
        request: { $ref: "#/definitions/request" },
        response: { type: "array" },
        event: { type: "array", items: { $ref: "#/definitions/event" } },
      },
    },
    request: {
      type: "object",
      additionalProperties: false,
      properties: {
        method: {
          enum: [
            "GET",
            "PUT",
            "POST",
            "PATCH",
            "DELETE",
            "COPY",
            "HEAD",
            "OPTIONS",
            "LINK",
            "UNLINK",
            "PURGE",
            "LOCK",
            "UNLOCK",
            "PROPFIND",
            "VIEW",
          ],
        },
        url: { $ref: "#/definitions/url" },
        header: { type: "array", items: { $ref: "#/definitions/header" } },
        body: { $ref: "#/definitions/body" },
        auth: { $ref: "#/definitions/auth" },
        description: { type: "string" },
      },
      required: ["method", "url"],
    },
    url: {
      type: "object",
      additionalProperties: false,
      required: ["raw", "host", "path"],
      properties: {
        raw: { type: "string", pattern: "^\\{\\{baseUrl\\}\\}" },
        host: { type: "array", items: { type: "string" } },
        path: { type: "array", items: { type: "string" } },
        query: { type: "array", items: { $ref: "#/definitions/query-param" } },
        variable: { $ref: "#/definitions/variable-list" },
      },
    },
    "query-param": {
      type: "object",
      additionalProperties: false,
      required: ["key", "value"],
      properties: {
        key: { type: ["string", "null"] },
        value: { type: ["string", "null"] },
        disabled: { type: "boolean" },
        description: { type: "string" },
      },
    },
    header: {
      type: "object",
      additionalProperties: false,
      required: ["key", "value"],
      properties: {
        key: { type: "string" },
        value: { type: "string" },
        disabled: { type: "boolean" },
        description: { type: "string" },
      },
    },
    body: {
      type: "object",
      required: ["mode"],
      additionalProperties: false,
      properties: {
        mode: { enum: ["raw", "urlencoded", "formdata", "file", "graphql"] },
        raw: { type: "string" },
        options: { type: "object" },
        urlencoded: { type: "array", items: { $ref: "#/definitions/form-field" } },
        formdata: { type: "array", items: { $ref: "#/definitions/form-field" } },
      },
    },
    "form-field": {
      type: "object",
      required: ["key"],
      additionalProperties: false,
      properties: {
        key: { type: "string" },
        value: { type: "string" },
        type: { enum: ["text", "file"] },
        disabled: { type: "boolean" },
        description: { type: "string" },
      },
    },
    "variable-list": { type: "array", items: { $ref: "#/definitions/variable" } },
    variable: {
      type: "object",
      required: ["key"],
      additionalProperties: false,
      properties: {
        key: { type: "string" },
        value: {},
        type: { enum: ["string", "boolean", "any", "number"] },
        description: { type: "string" },
        disabled: { type: "boolean" },
      },
    },
    auth: {
      type: "object",
      required: ["type"],
      additionalProperties: false,
      properties: {
        type: {
          enum: [
            "apikey",
            "awsv4",
            "basic",
            "bearer",
            "digest",
            "edgegrid",
            "hawk",
            "noauth",
            "oauth1",
            "oauth2",
            "ntlm",
          ],
        },
        apikey: { $ref: "#/definitions/auth-attributes" },
        basic: { $ref: "#/definitions/auth-attributes" },
        bearer: { $ref: "#/definitions/auth-attributes" },
      },
    },
    "auth-attributes": {
      type: "array",
      items: {
        type: "object",
        required: ["key"],
        additionalProperties: false,
        properties: { key: { type: "string" }, value: {}, type: { type: "string" } },
      },
    },
    event: {
      type: "object",
      required: ["listen"],
      additionalProperties: false,
      properties: {
        listen: { type: "string" },
        script: {
          type: "object",
          additionalProperties: false,
          properties: {
            type: { type: "string" },
            exec: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "string" }] },
          },
        },
      },
    },
  },
} as const;

/**
 * Compiles {@link COLLECTION_V21_SUBSET_SCHEMA} with ajv.
 *
 * @example
 * ```ts
 * const validate = compileCollectionValidator();
 * expect(validate(collection), JSON.stringify(validate.errors)).toBe(true);
 * ```
 * @internal
 */
export function compileCollectionValidator(): ValidateFunction {
  return new Ajv({ allErrors: true, strict: true }).compile(COLLECTION_V21_SUBSET_SCHEMA);
}
