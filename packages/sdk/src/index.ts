/**
 * @module @connectorkit/sdk — define Power Platform connector operations with zod schemas and typed handlers.
 */

// Auth contract
export type {
  AuthApiPropertiesParts,
  AuthRequest,
  AuthSwaggerParts,
  ConnectorAuth,
  SwaggerSecurityScheme,
} from "./auth/types";
export type { ErrorCode, RequestLocation } from "./errors/codes";
// Errors
export { ERROR_CODES } from "./errors/codes";
export type { ConnectorErrorOptions, ErrorBody, ErrorDetail } from "./errors/connector-error";
export {
  ConnectorError,
  RequestValidationError,
  ResponseValidationError,
  toConnectorError,
} from "./errors/connector-error";
export type {
  DynamicParameterValue,
  DynamicSchemaOptions,
  DynamicSchemaRef,
  DynamicValuesOptions,
  DynamicValuesRef,
  FieldMeta,
  OperationRef,
} from "./metadata/field";
// Typed platform metadata
export { dynamicSchema, dynamicValues, field } from "./metadata/field";
export type {
  ApiAnnotation,
  ConnectorCategory,
  OpenAiData,
  StringFormat,
  Visibility,
} from "./metadata/types";
export { CONNECTOR_CATEGORIES } from "./metadata/types";
export type { ActionConfig, RequestFor } from "./operation/action";
// Authoring
export { action } from "./operation/action";
export type { Connector, ConnectorConfig, ConnectorMetadata } from "./operation/define-connector";
export { defineConnector } from "./operation/define-connector";
export type {
  ActionOperation,
  AnyOperation,
  Deprecation,
  Handler,
  HandlerContext,
  HandlerResult,
  inferOperationInput,
  inferOperationResponses,
  OperationInput,
  OperationMeta,
  OperationMethod,
  Register,
  RegisteredPrincipal,
  RequestSchemas,
  ResponseHeader,
  ResponseObject,
  ResponseSpec,
  ResponsesDecl,
} from "./operation/types";
export type { MemoryStoreOptions } from "./store/memory-store";
// State
export { memoryStore } from "./store/memory-store";
export type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./store/types";
