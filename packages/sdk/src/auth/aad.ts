import { bearerRuntime, redirectOf, scopesOf, tokenUiOf } from "./bearer";
import type { OAuthConnectionParameter, PrimitiveConnectionParameter } from "./connection-parameter";
import { requireHttpsUrl, requireString } from "./credentials";
import { customParametersOf, type OAuthCommonOptions, oauthSwagger } from "./oauth2";
import type { ConnectorAuth } from "./types";

/**
 * The `token:TenantId` claim parameter, exactly as Microsoft's schema (`ConnectionParameter-claim-TenantId`)
 * requires it: the platform fills it with the signed-in user's tenant.
 *
 * @example
 * ```ts
 * const params = { token, "token:TenantId": TENANT_ID_CLAIM_PARAMETER };
 * ```
 */
export const TENANT_ID_CLAIM_PARAMETER: PrimitiveConnectionParameter = {
  type: "string",
  metadata: { sourceType: "AzureActiveDirectoryTenant" },
  uiDefinition: {
    displayName: "Tenant",
    description: "The tenant ID of for the Azure Active Directory application",
    constraints: { required: "false", hidden: "true" },
  },
};

function tenantClaim(): PrimitiveConnectionParameter {
  return structuredClone(TENANT_ID_CLAIM_PARAMETER);
}

/**
 * Options of {@link aad}.
 *
 * @example
 * ```ts
 * const o: AadAuthOptions<EntraIdPrincipal> = {
 *   resourceUri: "api://contoso-tickets", clientId: "00000000-0000-0000-0000-000000000002",
 *   verify: entraIdVerifier({ tenantId: "common", audience: "api://contoso-tickets" }),
 * };
 * ```
 */
export interface AadAuthOptions<TPrincipal> extends OAuthCommonOptions<TPrincipal> {
  /** The resource (Application ID URI or app id) the token is requested for. */
  resourceUri: string;
  /**
   * `common`, `organizations` or a directory id.
   * @default "common"
   */
  tenantId?: string;
  /** @default "https://login.windows.net" */
  loginUri?: string;
  /**
   * Enables on-behalf-of login (the platform exchanges the user's token for one for `resourceUri`). Writes
   * `properties.IsOnbehalfofLoginSupported`, `properties.AzureActiveDirectoryResourceId` and
   * `customParameters.enableOnbehalfOfLogin`, as the portal does. Note: Microsoft's paconn schema does not list
   * `enableOnbehalfOfLogin` in the `aad` custom parameters, so files with it do not validate against that schema.
   * @default undefined (not written)
   */
  enableOnBehalfOfLogin?: boolean;
  /**
   * Also emit the `token:TenantId` claim parameter.
   * @default false
   */
  tenantClaim?: boolean;
}

/**
 * Microsoft Entra ID (Azure AD) sign-in: identity provider `aad` with `resourceUri` / `loginUri` / `tenantId`
 * custom parameters, and a swagger `oauth2` / `accessCode` definition on `{loginUri}/{tenantId}/oauth2/...`
 * (as the portal writes for Microsoft Bookings). Pair it with {@link entraIdVerifier}.
 *
 * @param options - See {@link AadAuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const entra = auth.aad({
 *   resourceUri: "api://contoso-tickets",
 *   clientId: process.env.CONNECTOR_APP_ID!,
 *   scopes: ["api://contoso-tickets/Tickets.Read"],
 *   verify: entraIdVerifier({ tenantId: process.env.TENANT_ID!, audience: "api://contoso-tickets" }),
 * });
 * ```
 */
export function aad<TPrincipal>(options: AadAuthOptions<TPrincipal>): ConnectorAuth<TPrincipal> {
  const resourceUri = requireString(options.resourceUri, "aad resourceUri");
  const tenantId = requireString(options.tenantId ?? "common", "aad tenantId");
  const loginUri = requireHttpsUrl(options.loginUri ?? "https://login.windows.net", "aad loginUri").replace(
    /\/+$/,
    "",
  );
  const scopes = scopesOf(options.scopes);
  const redirect = redirectOf(options.redirectMode);
  const clientId = options.clientId === undefined ? undefined : requireString(options.clientId, "clientId");
  const securityName = options.securityName ?? "oauth2_auth";
  const obo = options.enableOnBehalfOfLogin;
  const runtime = bearerRuntime({
    verify: options.verify,
    authorize: options.authorize,
    realm: options.realm,
  });
  return {
    type: "aad",
    ...runtime,
    toSwagger: () =>
      oauthSwagger(
        securityName,
        `${loginUri}/${tenantId}/oauth2/authorize`,
        `${loginUri}/${tenantId}/oauth2/token`,
        scopes,
      ),
    toApiProperties: () => {
      const token: OAuthConnectionParameter = {
        type: "oauthSetting",
        oAuthSettings: {
          identityProvider: "aad",
          ...(clientId === undefined ? {} : { clientId }),
          scopes,
          ...redirect,
          properties:
            obo === true
              ? {
                  IsFirstParty: "False",
                  AzureActiveDirectoryResourceId: resourceUri,
                  IsOnbehalfofLoginSupported: true,
                }
              : { IsFirstParty: "False" },
          customParameters: customParametersOf({
            resourceUri,
            loginUri,
            tenantId,
            enableOnbehalfOfLogin: obo === undefined ? undefined : String(obo),
          }),
        },
        ...tokenUiOf(options.ui),
      };
      const connectionParameters: Record<string, unknown> = { token };
      if (options.tenantClaim === true) connectionParameters["token:TenantId"] = tenantClaim();
      return { connectionParameters };
    },
  };
}

/**
 * Options of {@link aadCertificate}.
 *
 * @example
 * ```ts
 * const o: AadCertificateAuthOptions<EntraIdPrincipal> = {
 *   resourceUri: "https://graph.microsoft.com/", verify: entraIdVerifier({ tenantId: "common", audience: "https://graph.microsoft.com" }),
 * };
 * ```
 */
export interface AadCertificateAuthOptions<TPrincipal> extends OAuthCommonOptions<TPrincipal> {
  resourceUri: string;
  /** @default "https://login.windows.net" */
  loginUri?: string;
  /** @default loginUri */
  loginUriAAD?: string;
  /**
   * Emit the `token:TenantId` claim parameter.
   * @default true
   */
  tenantClaim?: boolean;
}

/**
 * Entra ID sign-in with a certificate-backed **first-party** app (identity provider `aadcertificate`,
 * `properties.IsFirstParty: "True"`), as Microsoft's own connectors (Planner) use. The schema only allows it for
 * first-party apps, so third-party connectors should use {@link aad}. Emits the `token:TenantId` claim parameter
 * and, like Planner, no swagger security definition.
 *
 * @param options - See {@link AadCertificateAuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const planner = auth.aadCertificate({
 *   resourceUri: "https://graph.microsoft.com/",
 *   scopes: ["Group.ReadWrite.All offline_access"],
 *   verify: entraIdVerifier({ tenantId: "organizations", audience: "https://graph.microsoft.com" }),
 * });
 * ```
 */
export function aadCertificate<TPrincipal>(
  options: AadCertificateAuthOptions<TPrincipal>,
): ConnectorAuth<TPrincipal> {
  const resourceUri = requireString(options.resourceUri, "aadCertificate resourceUri");
  const loginUri = requireHttpsUrl(
    options.loginUri ?? "https://login.windows.net",
    "aadCertificate loginUri",
  );
  const loginUriAAD = requireHttpsUrl(options.loginUriAAD ?? loginUri, "aadCertificate loginUriAAD");
  const scopes = scopesOf(options.scopes);
  const redirect = redirectOf(options.redirectMode);
  const clientId = options.clientId === undefined ? undefined : requireString(options.clientId, "clientId");
  const runtime = bearerRuntime({
    verify: options.verify,
    authorize: options.authorize,
    realm: options.realm,
  });
  return {
    type: "aadcertificate",
    ...runtime,
    toSwagger: () => undefined,
    toApiProperties: () => {
      const token: OAuthConnectionParameter = {
        type: "oauthSetting",
        oAuthSettings: {
          identityProvider: "aadcertificate",
          ...(clientId === undefined ? {} : { clientId }),
          scopes,
          ...redirect,
          properties: { IsFirstParty: "True" },
          customParameters: customParametersOf({ resourceUri, loginUri, loginUriAAD }),
        },
        ...tokenUiOf(options.ui),
      };
      const connectionParameters: Record<string, unknown> = { token };
      if (options.tenantClaim !== false) connectionParameters["token:TenantId"] = tenantClaim();
      return { connectionParameters };
    },
  };
}
