/**
 * Build-time emission of the connector package. Kept off the runtime import path.
 * @module @connectorkit/sdk/swagger
 */

// apiProperties.json
export { ApiPropertiesError } from "./api-properties/api-properties-error";
// Policy templates
export {
  type ConvertArrayToObjectOptions,
  type ConvertArrayToObjectPolicy,
  type ConvertObjectToArrayOptions,
  type ConvertObjectToArrayPolicy,
  type DynamicHostUrlOptions,
  type DynamicHostUrlPolicy,
  type EncodePropertyValueOptions,
  type EncodePropertyValuePolicy,
  type ExistsAction,
  type OperationRef,
  type PolicyCommonOptions,
  type PolicySection,
  type PolicyTemplateInstance,
  type PollingTriggerOptions,
  type PollingTriggerPolicy,
  policy,
  type RouteHttpMethod,
  type RouteRequestToEndpointOptions,
  type RouteRequestToEndpointPolicy,
  type SetHeaderOptions,
  type SetHeaderPolicy,
  type SetPropertyOptions,
  type SetPropertyPolicy,
  type SetQueryParameterOptions,
  type SetQueryParameterPolicy,
  type SetValueFromUrlOptions,
  type SetValueFromUrlPolicy,
  type StringReplaceOptions,
  type StringReplacePolicy,
  type StringToArrayOptions,
  type StringToArrayPolicy,
  type UpdateNextLinkOptions,
  type UpdateNextLinkPolicy,
} from "./api-properties/policy";
// Emitter
export {
  type ApiPropertiesDocument,
  type ApiPropertiesOptions,
  INDEPENDENT_PUBLISHER_COLOR,
  RESERVED_BRAND_COLORS,
  toApiProperties,
} from "./api-properties/to-api-properties";
export { toConnectorApiProperties } from "./swagger/connector-api-properties";
export { SwaggerConversionError } from "./swagger/errors";
// Keyword list shared with @connectorkit/cli (its OpenAPI 3 conversion)
export { SWAGGER_PARAMETER_TYPE_KEYS } from "./swagger/keywords";
export { MAX_DEFINITION_BYTES, MAX_OPERATIONS, toSwagger } from "./swagger/to-swagger";
export type { SwaggerDocument, ToSwaggerOptions } from "./swagger/types";
