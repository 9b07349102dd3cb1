import type { JWTPayload, JWTVerifyOptions } from "jose";

// jose loads on the first token, so importing the SDK stays cheap for connectors without OAuth.
let jose: Promise<typeof import("jose")> | undefined;
function loadJose(): Promise<typeof import("jose")> {
  jose ??= import("jose");
  return jose;
}

import { configError, MAX_CREDENTIAL_LENGTH, requireString } from "./credentials";
import type { AuthRequest } from "./types";
import { CredentialRejectedError } from "./verify-result";

/**
 * Checks a bearer token. Return the principal, `undefined` to refuse (401 `invalid_token`), or throw
 * {@link CredentialRejectedError} for a precise code.
 *
 * @example
 * ```ts
 * const verify: TokenVerifier<{ user: string }> = async (token) => (await introspect(token))?.active ? { user: "u" } : undefined;
 * ```
 */
export type TokenVerifier<TPrincipal> = (
  token: string,
  request: AuthRequest,
) => TPrincipal | undefined | Promise<TPrincipal | undefined>;

/**
 * The principal a verified JWT yields.
 *
 * @example
 * ```ts
 * const p: JwtPrincipal = { subject: "user-1", scopes: ["tickets.read"], roles: [], claims: { sub: "user-1" } };
 * ```
 */
export interface JwtPrincipal {
  /** The `sub` claim. */
  subject: string;
  /** The `tid` claim, when present (Microsoft Entra ID). */
  tenantId?: string;
  /** Delegated scopes from `scp` or `scope` (space-separated string or array). */
  scopes: string[];
  /** App roles from `roles`. */
  roles: string[];
  /** Every verified claim. */
  claims: JWTPayload;
}

/**
 * JWKS fetching knobs (jose `createRemoteJWKSet`): keys are cached, and an unknown `kid` triggers a refetch
 * at most once per cooldown, so rotated keys are picked up and removed keys stop working.
 *
 * @example
 * ```ts
 * const jwks: JwksOptions = { cooldownMs: 30_000, cacheMaxAgeMs: 600_000, timeoutMs: 5_000 };
 * ```
 */
export interface JwksOptions {
  /** @default 30000 */
  cooldownMs?: number;
  /** @default 600000 */
  cacheMaxAgeMs?: number;
  /** @default 5000 */
  timeoutMs?: number;
}

/**
 * Options of {@link jwtVerifier}.
 *
 * @example
 * ```ts
 * const o: JwtVerifierOptions = { issuer: "https://idp.contoso.com/", audience: "api://tickets", jwksUri: "https://idp.contoso.com/jwks" };
 * ```
 */
export interface JwtVerifierOptions {
  /** Accepted `iss` value(s). */
  issuer: string | readonly string[];
  /** Accepted `aud` value(s). */
  audience: string | readonly string[];
  /** The JWKS URL. Must be https (plain http is allowed only for loopback hosts, for tests). */
  jwksUri: string;
  /**
   * Accepted signature algorithms. Only asymmetric algorithms can be used with a JWKS.
   * @default ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
   */
  algorithms?: readonly string[];
  /**
   * Clock skew tolerated on `exp` / `nbf` / `iat`, in seconds.
   * @default 60
   */
  clockTolerance?: number;
  /** Scopes (or app roles) that must all be present; a token without them answers 403 `insufficient_scope`. */
  requiredScopes?: readonly string[];
  /** JWKS cache / rotation knobs. */
  jwks?: JwksOptions;
}

const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** jose error codes that mean "this token is bad" (as opposed to "we could not check it"). */
const TOKEN_ERRORS = new Set([
  "ERR_JWT_EXPIRED",
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWT_INVALID",
  "ERR_JWS_INVALID",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
]);

function toList(value: string | readonly string[], what: string): string[] {
  const list = typeof value === "string" ? [value] : [...(value ?? [])];
  if (list.length === 0) throw configError(`${what} must not be empty`);
  for (const item of list) requireString(item, what);
  return list;
}

function requireJwksUrl(value: unknown): URL {
  const s = requireString(value, "jwksUri");
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw configError(`jwksUri must be an absolute URL, got ${JSON.stringify(s)}`);
  }
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw configError(`jwksUri must use https (http only on loopback), got ${JSON.stringify(s)}`);
  }
  return url;
}

function scopesOf(payload: JWTPayload): string[] {
  const raw = payload["scp"] ?? payload["scope"];
  if (typeof raw === "string") return raw.split(" ").filter((s) => s !== "");
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === "string");
  return [];
}

function rolesOf(payload: JWTPayload): string[] {
  const raw = payload["roles"];
  return Array.isArray(raw) ? raw.filter((s): s is string => typeof s === "string") : [];
}

/** @internal The common JWT verification core of {@link jwtVerifier} and {@link entraIdVerifier}. */
export function createJwtVerifier<TPrincipal>(config: {
  jwksUri: string;
  jwks: JwksOptions | undefined;
  verifyOptions: JWTVerifyOptions;
  checkPayload?: (payload: JWTPayload) => boolean;
  requiredScopes: readonly string[] | undefined;
  toPrincipal: (base: JwtPrincipal) => TPrincipal;
}): TokenVerifier<TPrincipal> {
  const url = requireJwksUrl(config.jwksUri);
  let getKey: ReturnType<typeof import("jose")["createRemoteJWKSet"]> | undefined;
  const required = [...(config.requiredScopes ?? [])];
  return async (token) => {
    if (typeof token !== "string" || token.length > MAX_CREDENTIAL_LENGTH || !JWT_SHAPE.test(token)) {
      throw new CredentialRejectedError("invalid_token");
    }
    let payload: JWTPayload;
    try {
      const { createRemoteJWKSet, jwtVerify } = await loadJose();
      getKey ??= createRemoteJWKSet(url, {
        cooldownDuration: config.jwks?.cooldownMs ?? 30_000,
        cacheMaxAge: config.jwks?.cacheMaxAgeMs ?? 600_000,
        timeoutDuration: config.jwks?.timeoutMs ?? 5_000,
      });
      ({ payload } = await jwtVerify(token, getKey, config.verifyOptions));
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const reason = typeof code === "string" && TOKEN_ERRORS.has(code) ? "invalid_token" : "unavailable";
      throw new CredentialRejectedError(reason, { cause: error });
    }
    if (typeof payload.sub !== "string" || payload.sub === "")
      throw new CredentialRejectedError("invalid_token");
    if (config.checkPayload && !config.checkPayload(payload))
      throw new CredentialRejectedError("invalid_token");
    const base: JwtPrincipal = {
      subject: payload.sub,
      scopes: scopesOf(payload),
      roles: rolesOf(payload),
      claims: payload,
    };
    const tid = payload["tid"];
    if (typeof tid === "string") base.tenantId = tid;
    const granted = new Set([...base.scopes, ...base.roles]);
    if (!required.every((s) => granted.has(s))) {
      throw new CredentialRejectedError("insufficient_scope", { requiredScopes: required });
    }
    return config.toPrincipal(base);
  };
}

function verifyOptionsOf(options: {
  issuer?: string[];
  audience: string[];
  algorithms: readonly string[] | undefined;
  clockTolerance: number | undefined;
}): JWTVerifyOptions {
  const algorithms = [...(options.algorithms ?? ASYMMETRIC)];
  for (const alg of algorithms) {
    if (!ASYMMETRIC.includes(alg))
      throw configError(`algorithm ${JSON.stringify(alg)} cannot be used with a JWKS`);
  }
  const clockTolerance = options.clockTolerance ?? 60;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0 || clockTolerance > 600) {
    throw configError("clockTolerance must be between 0 and 600 seconds");
  }
  return {
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    audience: options.audience,
    algorithms,
    clockTolerance,
    requiredClaims: ["exp"],
  };
}

/**
 * Verifies JWT bearer tokens against a remote JWKS with `jose`: signature (asymmetric algorithms only),
 * `iss`, `aud`, `exp` (required) / `nbf` with clock tolerance, and required scopes. Keys are cached; a token with
 * an unknown `kid` refetches the JWKS (at most once per cooldown), so key rotation needs no restart.
 * Any failure refuses the token without saying why (401 `invalid_token`, 403 `insufficient_scope`, or 503
 * when the JWKS cannot be fetched).
 *
 * @param options - See {@link JwtVerifierOptions}.
 * @returns A {@link TokenVerifier} for `auth.oauth2({ verify })` and friends.
 * @example
 * ```ts
 * const verify = jwtVerifier({
 *   issuer: "https://idp.contoso.com/",
 *   audience: "api://tickets",
 *   jwksUri: "https://idp.contoso.com/.well-known/jwks.json",
 *   requiredScopes: ["tickets.read"],
 * });
 * ```
 */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier<JwtPrincipal> {
  return createJwtVerifier({
    jwksUri: options.jwksUri,
    jwks: options.jwks,
    verifyOptions: verifyOptionsOf({
      issuer: toList(options.issuer, "issuer"),
      audience: toList(options.audience, "audience"),
      algorithms: options.algorithms,
      clockTolerance: options.clockTolerance,
    }),
    requiredScopes: options.requiredScopes,
    toPrincipal: (base) => base,
  });
}

/**
 * The principal a verified Microsoft Entra ID token yields.
 *
 * @example
 * ```ts
 * const p: EntraIdPrincipal = { subject: "s", tenantId: "t", scopes: [], roles: [], claims: {}, tokenVersion: "2.0" };
 * ```
 */
export interface EntraIdPrincipal extends JwtPrincipal {
  tenantId: string;
  /** The user's or service principal's object id (`oid`). */
  objectId?: string;
  /** The calling client application (`azp` in v2, `appid` in v1). */
  clientAppId?: string;
  /** `1.0` (issuer `https://sts.windows.net/{tid}/`) or `2.0` (issuer `https://login.microsoftonline.com/{tid}/v2.0`). */
  tokenVersion: "1.0" | "2.0";
}

/**
 * Options of {@link entraIdVerifier}.
 *
 * @example
 * ```ts
 * const o: EntraIdVerifierOptions = { tenantId: "00000000-0000-0000-0000-000000000001", audience: "api://tickets" };
 * ```
 */
export interface EntraIdVerifierOptions {
  /**
   * The directory (tenant) id. `common` or `organizations` accept any tenant (restrict with `allowedTenants`).
   */
  tenantId: string;
  /** Accepted `aud` value(s): usually the Application ID URI and/or the client id of the API app. */
  audience: string | readonly string[];
  /** With a multi-tenant `tenantId`: the tenant ids that may call. */
  allowedTenants?: readonly string[];
  /** Scopes (`scp`) or app roles (`roles`) that must all be present. */
  requiredScopes?: readonly string[];
  /**
   * v2 issuer base and JWKS host (override for tests / sovereign clouds).
   * @default "https://login.microsoftonline.com"
   */
  authority?: string;
  /**
   * v1 issuer base (override for tests / sovereign clouds).
   * @default "https://sts.windows.net"
   */
  v1IssuerBase?: string;
  /**
   * JWKS URL.
   * @default `${authority}/common/discovery/v2.0/keys`
   */
  jwksUri?: string;
  /** @default the asymmetric list of {@link JwtVerifierOptions.algorithms} */
  algorithms?: readonly string[];
  /** @default 60 */
  clockTolerance?: number;
  jwks?: JwksOptions;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A {@link jwtVerifier} preset for Microsoft Entra ID (Azure AD) access tokens: accepts both v1
 * (`https://sts.windows.net/{tid}/`) and v2 (`https://login.microsoftonline.com/{tid}/v2.0`) issuers, keys from the
 * common JWKS (`https://login.microsoftonline.com/common/discovery/v2.0/keys`). Use it with `auth.aad({ verify })`.
 *
 * @param options - See {@link EntraIdVerifierOptions}.
 * @returns A {@link TokenVerifier} yielding an {@link EntraIdPrincipal}.
 * @example
 * ```ts
 * const verify = entraIdVerifier({ tenantId: process.env.TENANT_ID!, audience: "api://contoso-tickets" });
 * ```
 */
export function entraIdVerifier(options: EntraIdVerifierOptions): TokenVerifier<EntraIdPrincipal> {
  const tenantId = requireString(options.tenantId, "tenantId");
  const multiTenant = tenantId === "common" || tenantId === "organizations";
  if (!multiTenant && !GUID.test(tenantId)) {
    throw configError(
      `tenantId must be a directory GUID, "common" or "organizations", got ${JSON.stringify(tenantId)}`,
    );
  }
  if (!multiTenant && options.allowedTenants !== undefined) {
    throw configError("allowedTenants only applies to a multi-tenant tenantId (common / organizations)");
  }
  const allowed = options.allowedTenants?.map((t) => t.toLowerCase());
  const authority = (options.authority ?? "https://login.microsoftonline.com").replace(/\/+$/, "");
  const v1Base = (options.v1IssuerBase ?? "https://sts.windows.net").replace(/\/+$/, "");
  const v1 = (tid: string) => `${v1Base}/${tid}/`;
  const v2 = (tid: string) => `${authority}/${tid}/v2.0`;
  return createJwtVerifier({
    jwksUri: options.jwksUri ?? `${authority}/common/discovery/v2.0/keys`,
    jwks: options.jwks,
    verifyOptions: verifyOptionsOf({
      ...(multiTenant ? {} : { issuer: [v1(tenantId), v2(tenantId)] }),
      audience: toList(options.audience, "audience"),
      algorithms: options.algorithms,
      clockTolerance: options.clockTolerance,
    }),
    checkPayload: (payload) => {
      const tid = payload["tid"];
      if (typeof tid !== "string" || !GUID.test(tid)) return false;
      if (!multiTenant) return tid.toLowerCase() === tenantId.toLowerCase();
      if (payload.iss !== v1(tid) && payload.iss !== v2(tid)) return false;
      return allowed === undefined || allowed.includes(tid.toLowerCase());
    },
    requiredScopes: options.requiredScopes,
    toPrincipal: (base): EntraIdPrincipal => {
      const claims = base.claims;
      const principal: EntraIdPrincipal = {
        ...base,
        tenantId: claims["tid"] as string,
        tokenVersion: claims.iss?.startsWith(`${v1Base}/`) ? "1.0" : "2.0",
      };
      if (typeof claims["oid"] === "string") principal.objectId = claims["oid"];
      const app = claims["azp"] ?? claims["appid"];
      if (typeof app === "string") principal.clientAppId = app;
      return principal;
    },
  });
}
