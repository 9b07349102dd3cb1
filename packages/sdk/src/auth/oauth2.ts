import { bearerRuntime, redirectOf, scopesOf, swaggerScopesOf, tokenUiOf } from "./bearer";
import type {
  OAuthConnectionParameter,
  OAuthCustomParameter,
  ParameterUi,
  PrimitiveConnectionParameter,
  RedirectMode,
} from "./connection-parameter";
import { type CommonAuthOptions, configError, requireHttpsUrl, requireString } from "./credentials";
import type { TokenVerifier } from "./jwt-verifier";
import type { AuthSwaggerParts, ConnectorAuth } from "./types";

/**
 * Options shared by the OAuth 2.0 schemes.
 *
 * @example
 * ```ts
 * const o: OAuthCommonOptions<JwtPrincipal> = { scopes: ["read"], clientId: "abc", verify: jwtVerifier({ issuer, audience, jwksUri }) };
 * ```
 */
export interface OAuthCommonOptions<TPrincipal> extends CommonAuthOptions<TPrincipal> {
  /** Scopes requested at sign-in (written as given into `oAuthSettings.scopes`). */
  scopes?: readonly string[];
  /**
   * The OAuth client id (public). The client **secret** is never written: pass it to `paconn` / `pac` at upload.
   */
  clientId?: string;
  /** @default "Global" */
  redirectMode?: RedirectMode;
  /** Checks the bearer token the platform forwards, e.g. {@link jwtVerifier}. */
  verify: TokenVerifier<TPrincipal>;
  /** `uiDefinition` of the sign-in parameter (omitted when not given). */
  ui?: ParameterUi;
  /**
   * Name of the swagger `securityDefinitions` entry.
   * @default "oauth2_auth"
   */
  securityName?: string;
}

/**
 * Options of {@link oauth2}.
 *
 * @example
 * ```ts
 * const o: OAuth2AuthOptions<JwtPrincipal> = {
 *   authorizationUrl: "https://idp.contoso.com/authorize", tokenUrl: "https://idp.contoso.com/token",
 *   verify: jwtVerifier({ issuer: "https://idp.contoso.com/", audience: "tickets", jwksUri: "https://idp.contoso.com/jwks" }),
 * };
 * ```
 */
export interface OAuth2AuthOptions<TPrincipal> extends OAuthCommonOptions<TPrincipal> {
  authorizationUrl: string;
  tokenUrl: string;
  /** @default tokenUrl */
  refreshUrl?: string;
}

/** @internal */
export function customParametersOf(
  values: Record<string, string | null | undefined>,
): Record<string, OAuthCustomParameter> {
  const out: Record<string, OAuthCustomParameter> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = { value };
  return out;
}

/** @internal */
export function oauthSwagger(
  securityName: string,
  authorizationUrl: string,
  tokenUrl: string,
  scopes: readonly string[],
): AuthSwaggerParts {
  return {
    securityDefinitions: {
      [securityName]: {
        type: "oauth2",
        flow: "accessCode",
        authorizationUrl,
        tokenUrl,
        scopes: swaggerScopesOf(scopes),
      },
    },
    security: [{ [securityName]: [] }],
  };
}

/**
 * Generic OAuth 2.0 (authorization code) with fixed URLs: identity provider `oauth2` with `authorizationUrl`,
 * `tokenUrl`, `refreshUrl` custom parameters, and a swagger `oauth2` / `accessCode` security definition.
 * At run time the platform forwards `Authorization: Bearer <access token>`; `verify` checks it.
 *
 * @param options - See {@link OAuth2AuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const oauth = auth.oauth2({
 *   authorizationUrl: "https://www.formstack.com/api/v2/oauth2/authorize",
 *   tokenUrl: "https://www.formstack.com/api/v2/oauth2/token",
 *   clientId: "my-client-id",
 *   verify: jwtVerifier({ issuer: "https://idp.contoso.com/", audience: "tickets", jwksUri: "https://idp.contoso.com/jwks" }),
 * });
 * ```
 */
export function oauth2<TPrincipal>(options: OAuth2AuthOptions<TPrincipal>): ConnectorAuth<TPrincipal> {
  const authorizationUrl = requireHttpsUrl(options.authorizationUrl, "oauth2 authorizationUrl");
  const tokenUrl = requireHttpsUrl(options.tokenUrl, "oauth2 tokenUrl");
  const refreshUrl = requireHttpsUrl(options.refreshUrl ?? tokenUrl, "oauth2 refreshUrl");
  const scopes = scopesOf(options.scopes);
  const redirect = redirectOf(options.redirectMode);
  const clientId = options.clientId === undefined ? undefined : requireString(options.clientId, "clientId");
  const securityName = options.securityName ?? "oauth2_auth";
  const runtime = bearerRuntime({
    verify: options.verify,
    authorize: options.authorize,
    realm: options.realm,
  });
  return {
    type: "oauth2",
    ...runtime,
    toSwagger: () => oauthSwagger(securityName, authorizationUrl, tokenUrl, scopes),
    toApiProperties: () => {
      const token: OAuthConnectionParameter = {
        type: "oauthSetting",
        oAuthSettings: {
          identityProvider: "oauth2",
          ...(clientId === undefined ? {} : { clientId }),
          scopes,
          ...redirect,
          properties: { IsFirstParty: "False" },
          customParameters: customParametersOf({ authorizationUrl, tokenUrl, refreshUrl }),
        },
        ...tokenUiOf(options.ui),
      };
      return { connectionParameters: { token } };
    },
  };
}

/**
 * A `token:<name>` connection parameter of {@link oauth2Generic}: a value the user types at sign-in that the
 * URL templates reference as `{name}` (e.g. a region or tenant subdomain).
 *
 * @example
 * ```ts
 * const region: TokenParameter = { displayName: "Region", description: "Your data region", allowedValues: ["eu", "us"] };
 * ```
 */
export interface TokenParameter {
  displayName: string;
  description: string;
  tooltip?: string;
  /** @default "string" */
  type?: "string" | "securestring";
  /** @default true */
  required?: boolean;
  defaultValue?: string;
  /** Choices shown as a drop-down. */
  allowedValues?: readonly string[];
}

/**
 * URL templates of {@link oauth2Generic} (`oauth2generic` custom parameters). Templates may use `{ClientId}`,
 * `{RedirectUrl}`, `{state}`, `{Code}`, `{RefreshToken}`, `{Scopes}` and `{<tokenParameter>}`.
 *
 * @example
 * ```ts
 * const t: OAuth2GenericTemplates = {
 *   authorizationUrlTemplate: "https://api.surveymonkey.net/oauth/authorize",
 *   authorizationUrlQueryStringTemplate: "?client_id={ClientId}&response_type=code&redirect_uri={RedirectUrl}&state={state}",
 *   tokenUrlTemplate: "https://api.surveymonkey.net/oauth/token",
 * };
 * ```
 */
export interface OAuth2GenericTemplates {
  authorizationUrlTemplate: string;
  authorizationUrlQueryStringTemplate?: string;
  tokenUrlTemplate: string;
  tokenUrlQueryStringTemplate?: string;
  tokenBodyTemplate?: string;
  refreshUrlTemplate?: string;
  refreshUrlQueryStringTemplate?: string;
  refreshBodyTemplate?: string;
  /** @default " " */
  scopeListDelimiter?: string;
}

/**
 * Options of {@link oauth2Generic}.
 *
 * @example
 * ```ts
 * const o: OAuth2GenericAuthOptions<JwtPrincipal> = {
 *   authorizationUrlTemplate: "https://{region}.idp.contoso.com/authorize",
 *   tokenUrlTemplate: "https://{region}.idp.contoso.com/token",
 *   tokenParameters: { region: { displayName: "Region", description: "Your region", allowedValues: ["eu", "us"] } },
 *   verify: jwtVerifier({ issuer: "https://idp.contoso.com/", audience: "tickets", jwksUri: "https://idp.contoso.com/jwks" }),
 * };
 * ```
 */
export interface OAuth2GenericAuthOptions<TPrincipal>
  extends OAuthCommonOptions<TPrincipal>,
    OAuth2GenericTemplates {
  /** `token:<name>` parameters the templates reference as `{name}`. */
  tokenParameters?: Readonly<Record<string, TokenParameter>>;
}

const BUILTIN_PLACEHOLDERS = new Set([
  "clientid",
  "clientsecret",
  "redirecturl",
  "state",
  "code",
  "refreshtoken",
  "scopes",
]);
const PARAM_NAME = /^[0-9a-zA-Z_]+$/;

/**
 * OAuth 2.0 with templated URLs (identity provider `oauth2generic`): for providers whose URLs depend on a
 * value the user types at sign-in (`token:<name>` parameters) or that need custom query/body templates.
 * A swagger `oauth2` definition is emitted only when both URL templates are plain https URLs.
 *
 * @param options - See {@link OAuth2GenericAuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const oauth = auth.oauth2Generic({
 *   authorizationUrlTemplate: "https://identity{environment}/ids/connect/authorize",
 *   tokenUrlTemplate: "https://identity{environment}/ids/connect/token",
 *   tokenParameters: { environment: { displayName: "Environment", description: "Environment host suffix" } },
 *   scopes: ["openid"],
 *   verify: async (token) => lookUp(token),
 * });
 * ```
 */
export function oauth2Generic<TPrincipal>(
  options: OAuth2GenericAuthOptions<TPrincipal>,
): ConnectorAuth<TPrincipal> {
  const authorizationUrlTemplate = requireString(
    options.authorizationUrlTemplate,
    "authorizationUrlTemplate",
  );
  const tokenUrlTemplate = requireString(options.tokenUrlTemplate, "tokenUrlTemplate");
  const scopes = scopesOf(options.scopes);
  const redirect = redirectOf(options.redirectMode);
  const clientId = options.clientId === undefined ? undefined : requireString(options.clientId, "clientId");
  const securityName = options.securityName ?? "oauth2_auth";
  const tokenParameters = Object.entries(options.tokenParameters ?? {});
  const known = new Set(BUILTIN_PLACEHOLDERS);
  for (const [name, p] of tokenParameters) {
    if (!PARAM_NAME.test(name))
      throw configError(`token parameter name ${JSON.stringify(name)} must match ${PARAM_NAME}`);
    if (name === "TenantId") {
      throw configError("token:TenantId is reserved for the AAD tenant claim; use auth.aad");
    }
    requireString(p.displayName, `token:${name} displayName`);
    requireString(p.description, `token:${name} description`);
    known.add(name.toLowerCase());
  }
  const templates: Record<string, string | undefined> = {
    authorizationUrlTemplate,
    authorizationUrlQueryStringTemplate: options.authorizationUrlQueryStringTemplate,
    tokenUrlTemplate,
    tokenUrlQueryStringTemplate: options.tokenUrlQueryStringTemplate,
    tokenBodyTemplate: options.tokenBodyTemplate,
    refreshUrlTemplate: options.refreshUrlTemplate,
    refreshUrlQueryStringTemplate: options.refreshUrlQueryStringTemplate,
    refreshBodyTemplate: options.refreshBodyTemplate,
    scopeListDelimiter: options.scopeListDelimiter ?? " ",
  };
  for (const [key, template] of Object.entries(templates)) {
    if (template === undefined || key === "scopeListDelimiter") continue;
    for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
      if (!known.has(match[1]!.toLowerCase())) {
        throw configError(
          `${key} references {${match[1]}}, which is neither a built-in placeholder nor a tokenParameters entry`,
        );
      }
    }
  }
  const plainUrl = (s: string) => {
    if (s.includes("{")) return false;
    try {
      return new URL(s).protocol === "https:";
    } catch {
      return false;
    }
  };
  const runtime = bearerRuntime({
    verify: options.verify,
    authorize: options.authorize,
    realm: options.realm,
  });
  return {
    type: "oauth2generic",
    ...runtime,
    toSwagger: () =>
      plainUrl(authorizationUrlTemplate) && plainUrl(tokenUrlTemplate)
        ? oauthSwagger(securityName, authorizationUrlTemplate, tokenUrlTemplate, scopes)
        : undefined,
    toApiProperties: () => {
      const token: OAuthConnectionParameter = {
        type: "oauthSetting",
        oAuthSettings: {
          identityProvider: "oauth2generic",
          ...(clientId === undefined ? {} : { clientId }),
          scopes,
          ...redirect,
          properties: { IsFirstParty: "False" },
          customParameters: customParametersOf(templates),
        },
        ...tokenUiOf(options.ui),
      };
      const connectionParameters: Record<string, unknown> = { token };
      tokenParameters.forEach(([name, p], index) => {
        const parameter: PrimitiveConnectionParameter = {
          type: p.type ?? "string",
          ...(p.allowedValues === undefined
            ? {}
            : { allowedValues: p.allowedValues.map((value) => ({ value })) }),
          ...(p.defaultValue === undefined ? {} : { defaultValue: p.defaultValue }),
          uiDefinition: {
            displayName: p.displayName,
            description: p.description,
            tooltip: p.tooltip ?? p.description,
            constraints: { tabIndex: index + 2, required: p.required === false ? "false" : "true" },
          },
        };
        connectionParameters[`token:${name}`] = parameter;
      });
      return { connectionParameters };
    },
  };
}

/**
 * Identity providers the connector may name directly (beyond `oauth2` / `oauth2generic` / `aad` / `aadcertificate`).
 *
 * @example
 * ```ts
 * const p: NamedOAuthProvider = "facebook";
 * ```
 */
export type NamedOAuthProvider = "facebook";

/**
 * Options of {@link oauth2Provider}.
 *
 * @example
 * ```ts
 * const o: OAuth2ProviderOptions<{ id: string }> = { provider: "facebook", clientId: "123", scopes: ["email"], verify: async () => ({ id: "1" }) };
 * ```
 */
export interface OAuth2ProviderOptions<TPrincipal> extends OAuthCommonOptions<TPrincipal> {
  provider: NamedOAuthProvider;
}

const PROVIDER_URLS: Record<NamedOAuthProvider, { authorizationUrl: string; tokenUrl: string }> = {
  facebook: {
    authorizationUrl: "https://www.facebook.com/dialog/oauth",
    tokenUrl: "https://graph.facebook.com/oauth/access_token",
  },
};

/**
 * A named OAuth identity provider whose URLs the platform knows. Only `facebook` is accepted: it is the one
 * named provider in Microsoft's `paconn-apiProperties.schema.json` (`identityProvider` enum: oauth2,
 * oauth2generic, aad, aadcertificate, facebook). Other names the portal shows (GitHub, Google, Dropbox,
 * Salesforce, ...) are refused: their `identityProvider` ids and custom parameters are neither in the schema
 * nor in certified connectors, so a file naming them could not be validated. Use {@link oauth2} with the
 * provider's URLs instead.
 *
 * @param options - See {@link OAuth2ProviderOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const fb = auth.oauth2Provider({ provider: "facebook", clientId: "1234", scopes: ["email"], verify: checkFacebookToken });
 * ```
 */
export function oauth2Provider<TPrincipal>(
  options: OAuth2ProviderOptions<TPrincipal>,
): ConnectorAuth<TPrincipal> {
  const urls = Object.hasOwn(PROVIDER_URLS, options.provider) ? PROVIDER_URLS[options.provider] : undefined;
  if (urls === undefined) {
    throw configError(
      `identity provider ${JSON.stringify(options.provider)} is not supported: only "facebook" is a named provider ` +
        `in Microsoft's apiProperties schema; use auth.oauth2({ authorizationUrl, tokenUrl, ... }) for other providers`,
    );
  }
  const scopes = scopesOf(options.scopes);
  const redirect = redirectOf(options.redirectMode);
  const clientId = options.clientId === undefined ? undefined : requireString(options.clientId, "clientId");
  const securityName = options.securityName ?? "oauth2_auth";
  const runtime = bearerRuntime({
    verify: options.verify,
    authorize: options.authorize,
    realm: options.realm,
  });
  return {
    type: options.provider,
    ...runtime,
    toSwagger: () => oauthSwagger(securityName, urls.authorizationUrl, urls.tokenUrl, scopes),
    toApiProperties: () => {
      const token: OAuthConnectionParameter = {
        type: "oauthSetting",
        oAuthSettings: {
          identityProvider: options.provider,
          ...(clientId === undefined ? {} : { clientId }),
          scopes,
          ...redirect,
          properties: { IsFirstParty: "False" },
        },
        ...tokenUiOf(options.ui),
      };
      return { connectionParameters: { token } };
    },
  };
}
