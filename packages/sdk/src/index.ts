/**
 * Define Power Platform connector operations with zod schemas and typed handlers.
 * @module @connectorkit/sdk
 */

// Connection auth
export {
  type AadAuthOptions,
  type AadCertificateAuthOptions,
  aad,
  aadCertificate,
  TENANT_ID_CLAIM_PARAMETER,
} from "./auth/aad";
export {
  type ApiKeyAuthOptions,
  type ApiKeyEntry,
  type ApiKeyPrincipal,
  type ApiKeyVerify,
  apiKey,
  apiKeyId,
  type NamedApiKey,
} from "./auth/api-key";
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
// Long-running actions
export type { AcceptedOptions, AcceptedResult } from "./long-running/accepted";
export { ACCEPTED_RESPONSE, accepted } from "./long-running/accepted";
export type { InProcessJobRunner, InProcessJobRunnerOptions } from "./long-running/job-runner";
export { DEFAULT_RUNNER_LEASE_MS, inProcessJobRunner, RUNNER_LEASE_PREFIX } from "./long-running/job-runner";
export type { LongRunningConfig, LongRunningConfigBase } from "./long-running/long-running";
export {
  DEFAULT_JOB_RETENTION_MS,
  JOB_STATUS_PREFIX,
  longRunning,
  MAX_JOB_DURATION_MS,
} from "./long-running/long-running";
export { JOB_INTERRUPTED } from "./long-running/recovery";
export { JOB_KEY_PREFIX, runJob } from "./long-running/run-job";
// Client shapes of the optional peers (ioredis, @azure/data-tables, @azure/storage-queue)
export type { QueueClientLike, RedisClientLike, TableClientLike } from "./optional-peers";
export { DEFAULT_MAX_JOB_INPUT_BYTES } from "./long-running/stored-input";
export type {
  JobMessage,
  StorageQueueJobRunner,
  StorageQueueJobRunnerOptions,
  StorageQueueJobWorker,
  StorageQueueJobWorkerOptions,
  StorageQueueTarget,
} from "./long-running/storage-queue-job-runner";
export {
  decodeJobMessage,
  encodeJobMessage,
  storageQueueJobRunner,
  storageQueueJobWorker,
} from "./long-running/storage-queue-job-runner";
export type {
  JobContext,
  JobOutcome,
  JobRecord,
  JobRunner,
  JobState,
  LongRunningHandler,
  LongRunningOperation,
  LongRunningTiming,
  RunJobOptions,
  ScheduledJob,
} from "./long-running/types";

// Polling triggers
export type {
  GatewayPollingTriggerConfig,
  GatewayPollingTriggerOperation,
  PollingTriggerPolicyInstance,
} from "./triggers/polling/gateway-polling-trigger";
export { gatewayPollingTrigger, pollingTriggerPolicy } from "./triggers/polling/gateway-polling-trigger";
export type {
  BatchBody,
  PollInput,
  PollingMode,
  PollingRequestFor,
  PollingTriggerConfig,
  PollingTriggerOperation,
  PollOutput,
} from "./triggers/polling/polling-trigger";
export { pollingTrigger, TRIGGER_STATE_PARAMETER } from "./triggers/polling/polling-trigger";
export type { StateKey, StateSecret } from "./triggers/polling/state-token";
export {
  DEV_STATE_SECRET_FILE,
  MIN_SECRET_BYTES,
  parseStateSecret,
  STATE_SECRET_ENV,
} from "./triggers/polling/state-token";

// Webhook triggers
export { backoffDelay, parseRetryAfter } from "./triggers/webhook/backoff";
export type {
  CallbackCheck,
  CallbackPolicy,
  CallbackPolicyOptions,
} from "./triggers/webhook/callback-policy";
export {
  checkCallbackUrl,
  DEFAULT_CALLBACK_HOSTS,
  isPrivateAddress,
  MAX_CALLBACK_URL_LENGTH,
  resolveCallbackPolicy,
} from "./triggers/webhook/callback-policy";
export { createDispatcher, DELIVERY_ID_HEADER } from "./triggers/webhook/dispatcher";
export { WebhookEventValidationError } from "./triggers/webhook/errors";
export type { DeadLetter, StoredSubscription } from "./triggers/webhook/subscriptions";
export { principalFingerprint, SUBSCRIPTION_ID } from "./triggers/webhook/subscriptions";
export type {
  DeadLetterReport,
  DeliveryAttempt,
  DeliveryFailure,
  DeliveryReport,
  DispatcherOptions,
  DispatchTarget,
  FireEventOptions,
  FireOptions,
  RetryDeadLettersOptions,
  SubscribeHookResult,
  SubscribeResult,
  WebhookDispatcher,
  WebhookSubscriptionInfo,
  WebhookTrigger,
  WebhookTriggerConfig,
} from "./triggers/webhook/types";
export { LIST_PAGE_SIZE, LIST_SCAN_LIMIT, webhookTrigger } from "./triggers/webhook/webhook-trigger";

// State stores
export type { AzureTableStore, AzureTableStoreOptions } from "./store/azure-table-store";
export { azureTableStore } from "./store/azure-table-store";
export type {
  FileStore,
  FileStoreLogger,
  FileStoreOptions,
  FileStoreRecovery,
  FileStoreStats,
} from "./store/file-store";
export { fileStore } from "./store/file-store";
export type { MemoryStoreOptions } from "./store/memory-store";
export { DEFAULT_STATE_DIR, defaultStore, STATE_DIR_ENV } from "./store/default-store";
export { memoryStore } from "./store/memory-store";
export type { RedisStoreOptions } from "./store/redis-store";
export { redisStore } from "./store/redis-store";
export {
  MAX_KEY_BYTES,
  StoreCorruptError,
  StoreLockedError,
  StoreUnavailableError,
} from "./store/store-errors";
export type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./store/types";
