/**
 * @module @connectorkit/sdk — define Power Platform connector operations with zod schemas and typed handlers.
 */

// Connection auth
export {
  type AadAuthOptions,
  type AadCertificateAuthOptions,
  aad,
  aadCertificate,
  TENANT_ID_CLAIM_PARAMETER,
} from "./auth/aad";
export { type ApiKeyAuthOptions, type ApiKeyEntry, type ApiKeyVerify, apiKey } from "./auth/api-key";
// The auth namespace and its factories
export { auth } from "./auth/auth";
export { type BasicAuthOptions, type BasicVerify, basic } from "./auth/basic";
export { GLOBAL_REDIRECT_URL } from "./auth/bearer";
export type {
  ConnectionParameter,
  ConnectionParameterConstraints,
  ConnectionParameterSet,
  ConnectionParameterSets,
  ConnectionParameterUiDefinition,
  GatewayConnectionParameter,
  OAuthConnectionParameter,
  OAuthCustomParameter,
  OAuthSettings,
  ParameterUi,
  PrimitiveConnectionParameter,
  RedirectMode,
  StringBoolean,
} from "./auth/connection-parameter";
export {
  type AuthorizeHook,
  type CommonAuthOptions,
  constantTimeEqual,
  DEFAULT_REALM,
  MAX_CREDENTIAL_LENGTH,
} from "./auth/credentials";
// Token verification
export {
  type EntraIdPrincipal,
  type EntraIdVerifierOptions,
  entraIdVerifier,
  type JwksOptions,
  type JwtPrincipal,
  type JwtVerifierOptions,
  jwtVerifier,
  type TokenVerifier,
} from "./auth/jwt-verifier";
export {
  type AuthOption,
  type MultiAuthPrincipal,
  type MultipleAuthOptions,
  multiple,
} from "./auth/multiple";
export { none } from "./auth/none";
export {
  type NamedOAuthProvider,
  type OAuth2AuthOptions,
  type OAuth2GenericAuthOptions,
  type OAuth2GenericTemplates,
  type OAuth2ProviderOptions,
  type OAuthCommonOptions,
  oauth2,
  oauth2Generic,
  oauth2Provider,
  type TokenParameter,
} from "./auth/oauth2";
// Contract and apiProperties shapes
export type {
  AuthApiPropertiesParts,
  AuthRequest,
  AuthSwaggerParts,
  ConnectorAuth,
  SwaggerSecurityScheme,
} from "./auth/types";
export { CredentialRejectedError, type CredentialRejectionReason } from "./auth/verify-result";
export {
  type WindowsGatewayAuthOptions,
  type WindowsIdentityVerify,
  windowsGateway,
} from "./auth/windows-gateway";
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
