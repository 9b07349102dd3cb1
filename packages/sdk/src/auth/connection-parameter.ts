/**
 * Typed shapes of `apiProperties.json` connection parameters, as Microsoft's `paconn-apiProperties.schema.json`
 * defines them (plus the few keys the platform writes that the schema does not list, marked below).
 * @module
 */

/**
 * A `"true"` / `"false"` string: the platform types `constraints.required` and `constraints.hidden` as strings.
 *
 * @example
 * ```ts
 * const required: StringBoolean = "true";
 * ```
 */
export type StringBoolean = "true" | "false";

/**
 * `uiDefinition.constraints` of a connection parameter.
 *
 * @example
 * ```ts
 * const c: ConnectionParameterConstraints = { tabIndex: 2, clearText: false, required: "true" };
 * ```
 */
export interface ConnectionParameterConstraints {
  tabIndex?: number;
  clearText?: boolean;
  required?: StringBoolean;
  hidden?: StringBoolean;
  /** e.g. `["gateway"]` or `["cloud"]`. */
  capability?: string[];
  allowedValues?: Array<{ text?: string; value: string }>;
  dependencies?: Record<string, { values: string[] }>;
}

/**
 * `uiDefinition` of a connection parameter.
 *
 * @example
 * ```ts
 * const ui: ConnectionParameterUiDefinition = { displayName: "API key", description: "Your API key", tooltip: "Provide your API key" };
 * ```
 */
export interface ConnectionParameterUiDefinition {
  displayName?: string;
  description?: string;
  tooltip?: string;
  tabIndex?: number;
  constraints?: ConnectionParameterConstraints;
  /**
   * Multi-auth only (not in the paconn schema): Microsoft's multi-auth guide says a string parameter's
   * description must also be placed in `uiDefinition.schema.description` to be shown.
   */
  schema?: { type: string; description: string };
}

/**
 * A primitive connection parameter (`string`, `securestring`, `int`, `bool`).
 *
 * @example
 * ```ts
 * const p: PrimitiveConnectionParameter = { type: "securestring", uiDefinition: { displayName: "API key" } };
 * ```
 */
export interface PrimitiveConnectionParameter {
  type: "string" | "securestring" | "int" | "bool";
  allowedValues?: Array<{ value: string; uiDefinition?: { displayName?: string; description?: string } }>;
  defaultValue?: string;
  /** Only on `token:TenantId` (the AAD tenant claim). */
  metadata?: { sourceType: "AzureActiveDirectoryTenant" };
  uiDefinition?: ConnectionParameterUiDefinition;
}

/**
 * A `gatewaySetting` parameter: lets the connection go through the on-premises data gateway.
 *
 * @example
 * ```ts
 * const g: GatewayConnectionParameter = { type: "gatewaySetting", uiDefinition: { constraints: { required: "true", capability: ["gateway"] } } };
 * ```
 */
export interface GatewayConnectionParameter {
  type: "gatewaySetting";
  /** Written by the platform (e.g. Connect Bridge) but not listed by the paconn schema. */
  gatewaySettings?: { dataSourceType: string; connectionDetails: unknown[] };
  uiDefinition?: ConnectionParameterUiDefinition;
}

/**
 * `{ value }` wrapper of an OAuth custom parameter. `null` is written by the platform for "unset" templates.
 *
 * @example
 * ```ts
 * const p: OAuthCustomParameter = { value: "https://login.windows.net" };
 * ```
 */
export interface OAuthCustomParameter {
  value: string | null;
}

/**
 * `oAuthSettings` of an `oauthSetting` parameter. There is deliberately no `clientSecret`: paconn / pac inject
 * it at upload time, and a secret must never be written into the connector files.
 *
 * @example
 * ```ts
 * const s: OAuthSettings = { identityProvider: "oauth2", clientId: "abc", scopes: [], redirectMode: "Global" };
 * ```
 */
export interface OAuthSettings {
  identityProvider: "oauth2" | "oauth2generic" | "aad" | "aadcertificate" | "facebook";
  clientId?: string;
  scopes?: string[];
  redirectMode?: RedirectMode;
  redirectUrl?: string;
  properties?: {
    IsFirstParty: "True" | "False";
    AzureActiveDirectoryResourceId?: string;
    IsOnbehalfofLoginSupported?: boolean;
  };
  customParameters?: Record<string, OAuthCustomParameter>;
}

/**
 * How the consent service redirects back after sign-in. `Global` and `Direct` are the schema's values;
 * `GlobalPerConnector` (a per-connector redirect URL, which Microsoft now recommends) is written by the
 * platform but not listed by the schema.
 *
 * @example
 * ```ts
 * const mode: RedirectMode = "Global";
 * ```
 */
export type RedirectMode = "Global" | "Direct" | "GlobalPerConnector";

/**
 * An `oauthSetting` parameter (always named `token`).
 *
 * @example
 * ```ts
 * const t: OAuthConnectionParameter = { type: "oauthSetting", oAuthSettings: { identityProvider: "aad" } };
 * ```
 */
export interface OAuthConnectionParameter {
  type: "oauthSetting";
  oAuthSettings: OAuthSettings;
  uiDefinition?: ConnectionParameterUiDefinition;
}

/**
 * Any connection parameter.
 *
 * @example
 * ```ts
 * const p: ConnectionParameter = { type: "securestring" };
 * ```
 */
export type ConnectionParameter =
  | PrimitiveConnectionParameter
  | GatewayConnectionParameter
  | OAuthConnectionParameter;

/**
 * One entry of `connectionParameterSets.values` (multi-auth).
 *
 * @example
 * ```ts
 * const set: ConnectionParameterSet = { name: "api-key", uiDefinition: { displayName: "API key", description: "Use an API key." }, parameters: {} };
 * ```
 */
export interface ConnectionParameterSet {
  name: string;
  uiDefinition: { displayName: string; description: string };
  metadata?: { allowSharing: boolean };
  parameters: Record<string, ConnectionParameter>;
}

/**
 * `connectionParameterSets` (multi-auth). Not part of Microsoft's paconn schema (whose `properties` object has
 * `additionalProperties: false`), but uploaded by paconn / pac and used by certified connectors.
 *
 * @example
 * ```ts
 * const sets: ConnectionParameterSets = { uiDefinition: { displayName: "Authentication Type", description: "Type of authentication to be used." }, values: [] };
 * ```
 */
export interface ConnectionParameterSets {
  uiDefinition: { displayName: string; description: string };
  values: ConnectionParameterSet[];
}

/**
 * The UI text of a single connection parameter, as a factory option.
 *
 * @example
 * ```ts
 * const ui: ParameterUi = { displayName: "License Key", description: "The License Key for this api", tooltip: "Provide your License Key" };
 * ```
 */
export interface ParameterUi {
  displayName?: string;
  description?: string;
  tooltip?: string;
}
