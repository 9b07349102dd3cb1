/** @module Connection auth: factories, verifiers and the `ConnectorAuth` contract. */

export {
  type AadAuthOptions,
  type AadCertificateAuthOptions,
  aad,
  aadCertificate,
  TENANT_ID_CLAIM_PARAMETER,
} from "./aad";
export {
  type ApiKeyAuthOptions,
  type ApiKeyEntry,
  type ApiKeyPrincipal,
  type ApiKeyVerify,
  apiKey,
  apiKeyId,
  type NamedApiKey,
} from "./api-key";
// The auth namespace and its factories
export { auth } from "./auth";
export { type BasicAuthOptions, type BasicVerify, basic } from "./basic";
export { GLOBAL_REDIRECT_URL } from "./bearer";
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
} from "./connection-parameter";
export {
  type AuthorizeHook,
  type CommonAuthOptions,
  constantTimeEqual,
  DEFAULT_REALM,
  MAX_CREDENTIAL_LENGTH,
} from "./credentials";
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
} from "./jwt-verifier";
export { type AuthOption, type MultiAuthPrincipal, type MultipleAuthOptions, multiple } from "./multiple";
export { none } from "./none";
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
} from "./oauth2";
// Contract and apiProperties shapes
export type {
  AuthApiPropertiesParts,
  AuthRequest,
  AuthSwaggerParts,
  ConnectorAuth,
  SwaggerSecurityScheme,
} from "./types";
export { CredentialRejectedError, type CredentialRejectionReason } from "./verify-result";
export {
  type WindowsGatewayAuthOptions,
  type WindowsIdentityVerify,
  windowsGateway,
} from "./windows-gateway";
