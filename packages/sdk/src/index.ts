/**
 * @module @connectorkit/sdk — define Power Platform connector operations with zod schemas and typed handlers.
 */

// Authoring
export { action } from "./operation/action";
export type { ActionConfig, RequestFor } from "./operation/action";
export { defineConnector } from "./operation/define-connector";
export type { Connector, ConnectorConfig, ConnectorMetadata } from "./operation/define-connector";
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
  ResponsesDecl,
  ResponseSpec,
} from "./operation/types";

// Typed platform metadata
export { dynamicSchema, dynamicValues, field } from "./metadata/field";
export type {
  DynamicParameterValue,
  DynamicSchemaOptions,
  DynamicSchemaRef,
  DynamicValuesOptions,
  DynamicValuesRef,
  FieldMeta,
  OperationRef,
} from "./metadata/field";
export { CONNECTOR_CATEGORIES } from "./metadata/types";
export type { ApiAnnotation, ConnectorCategory, OpenAiData, StringFormat, Visibility } from "./metadata/types";

// Errors
export { ERROR_CODES } from "./errors/codes";
export type { ErrorCode, RequestLocation } from "./errors/codes";
export {
  ConnectorError,
  RequestValidationError,
  ResponseValidationError,
  toConnectorError,
} from "./errors/connector-error";
export type { ConnectorErrorOptions, ErrorBody, ErrorDetail } from "./errors/connector-error";

// State
export { memoryStore } from "./store/memory-store";
export type { MemoryStoreOptions } from "./store/memory-store";
export type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./store/types";

// Auth contract
export type {
  AuthApiPropertiesParts,
  AuthRequest,
  AuthSwaggerParts,
  ConnectorAuth,
  SwaggerSecurityScheme,
} from "./auth/types";
