/**
 * Swagger 2.0 keyword lists shared by the emitter, the validator and the OpenAPI 3 converter.
 * @internal
 * @module
 */

/** Constraints a non-body parameter, a header or an items object may carry. @internal */
export const SWAGGER_VALUE_CONSTRAINTS = [
  "default",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "enum",
  "multipleOf",
] as const;

/** Keys of a non-body parameter's type description (without name/in/required/description). @internal */
export const SWAGGER_PARAMETER_TYPE_KEYS = [
  "type",
  "format",
  "items",
  "collectionFormat",
  ...SWAGGER_VALUE_CONSTRAINTS,
] as const;

/** Every keyword a Swagger 2.0 Schema Object allows (besides `x-` extensions). @internal */
export const SWAGGER_SCHEMA_KEYWORDS = [
  "$ref",
  "format",
  "title",
  "description",
  ...SWAGGER_VALUE_CONSTRAINTS,
  "maxProperties",
  "minProperties",
  "required",
  "additionalProperties",
  "type",
  "items",
  "allOf",
  "properties",
  "discriminator",
  "readOnly",
  "xml",
  "externalDocs",
  "example",
] as const;
