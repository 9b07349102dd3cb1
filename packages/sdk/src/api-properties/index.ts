/** @module apiProperties.json emission: `toApiProperties` and the `policy` template builders. */

export { ApiPropertiesError } from "./api-properties-error";
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
} from "./policy";
// Emitter
export {
  type ApiPropertiesDocument,
  type ApiPropertiesOptions,
  INDEPENDENT_PUBLISHER_COLOR,
  RESERVED_BRAND_COLORS,
  toApiProperties,
} from "./to-api-properties";
