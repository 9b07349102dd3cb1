/**
 * Runtime helpers shared by the auth schemes: reading credentials, constant-time comparison, and the
 * 401 / 403 errors every scheme throws.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { ConnectorError } from "../errors/connector-error";
import type { AuthRequest } from "./types";

/**
 * The longest credential (header value, key, token) a scheme reads; longer ones are refused unread.
 *
 * @example
 * ```ts
 * if (header.length > MAX_CREDENTIAL_LENGTH) return;
 * ```
 */
export const MAX_CREDENTIAL_LENGTH = 16_384;

/**
 * The realm written into every `WWW-Authenticate` challenge.
 *
 * @example
 * ```ts
 * `Bearer realm="${DEFAULT_REALM}"`; // Bearer realm="connector"
 * ```
 */
export const DEFAULT_REALM = "connector";

/**
 * A user hook that decides whether an authenticated principal may use the connector. Returning `false` answers 403.
 *
 * @example
 * ```ts
 * const onlyAcme: AuthorizeHook<{ tenant: string }> = (principal) => principal.tenant === "acme";
 * ```
 */
export type AuthorizeHook<TPrincipal> = (
  principal: TPrincipal,
  request: AuthRequest,
) => boolean | Promise<boolean>;

/**
 * Options every scheme accepts.
 *
 * @example
 * ```ts
 * const common: CommonAuthOptions<{ tenant: string }> = { authorize: (p) => p.tenant !== "blocked" };
 * ```
 */
export interface CommonAuthOptions<TPrincipal> {
  /** Called after the credentials were verified; `false` answers 403 Forbidden. */
  authorize?: AuthorizeHook<NoInfer<TPrincipal>>;
  /**
   * `realm` of the `WWW-Authenticate` challenge.
   * @default "connector"
   */
  realm?: string;
}

/**
 * Compares two strings in constant time (SHA-256 both, then `crypto.timingSafeEqual`), so neither the
 * content nor the length of the expected value leaks through timing.
 *
 * @param a - One value.
 * @param b - The other value.
 * @returns Whether they are equal.
 * @example
 * ```ts
 * constantTimeEqual(providedKey, process.env.API_KEY ?? ""); // true or false, same time either way
 * ```
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

/** @internal Builds an auth-param list value, escaping quotes and backslashes. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** @internal A challenge, e.g. `Bearer realm="connector", error="invalid_token"`. */
export function challengeOf(scheme: string, realm: string, error?: string): string {
  return error === undefined
    ? `${scheme} realm=${quote(realm)}`
    : `${scheme} realm=${quote(realm)}, error=${quote(error)}`;
}

/** @internal 401 with a `WWW-Authenticate` challenge. Never carries why, beyond the short `error` code. */
export function unauthorized(challenge: string, missing: boolean, cause?: unknown): ConnectorError {
  return new ConnectorError("Unauthorized", {
    message: missing ? "Missing credentials" : "Invalid credentials",
    headers: { "www-authenticate": challenge },
    cause,
  });
}

/** @internal 403 for a principal the `authorize` hook refused. */
export function forbidden(challenge?: string): ConnectorError {
  return new ConnectorError("Forbidden", {
    message: "Access denied",
    ...(challenge === undefined ? {} : { headers: { "www-authenticate": challenge } }),
  });
}

/** @internal Reads one header (names lower-cased). Arrays (repeated headers) come back as `string[]`. */
export function readHeader(request: AuthRequest, name: string): string | string[] | undefined {
  const headers = request.headers ?? {};
  const lower = name.toLowerCase();
  return Object.hasOwn(headers, lower) ? headers[lower] : undefined;
}

/** @internal Reads one query parameter. */
export function readQuery(request: AuthRequest, name: string): string | string[] | undefined {
  const query = request.query ?? {};
  return Object.hasOwn(query, name) ? query[name] : undefined;
}

/**
 * @internal Splits `Authorization: <scheme> <credentials>`. Returns `undefined` when absent, `null` when
 * present but not of this scheme or malformed (repeated header, oversized, empty credentials).
 */
export function readAuthorization(request: AuthRequest, scheme: string): string | null | undefined {
  const raw = readHeader(request, "authorization");
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw !== "string" || raw.length > MAX_CREDENTIAL_LENGTH) return null;
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S+) *$/.exec(raw);
  if (!match || match[1]!.toLowerCase() !== scheme.toLowerCase()) return null;
  return match[2]!;
}

/** @internal Whether an `Authorization` header with this scheme is present. */
export function hasAuthorizationScheme(request: AuthRequest, scheme: string): boolean {
  const raw = readHeader(request, "authorization");
  if (typeof raw !== "string") return raw !== undefined;
  return raw.toLowerCase().startsWith(`${scheme.toLowerCase()} `);
}

/**
 * @internal Runs a verified principal through the `authorize` hook; a refusal is 403. A hook that throws a
 * `ConnectorError` keeps it; any other throw propagates (the core renders it as 500).
 */
export async function applyAuthorize<TPrincipal>(
  principal: TPrincipal,
  request: AuthRequest,
  authorize: AuthorizeHook<TPrincipal> | undefined,
): Promise<TPrincipal> {
  if (authorize === undefined) return principal;
  const allowed = await authorize(principal, request);
  if (allowed !== true) throw forbidden();
  return principal;
}

/** @internal Throws a configuration error at declaration time (not a request error). */
export function configError(message: string): TypeError {
  return new TypeError(`connectorkit auth: ${message}`);
}

/** @internal Rejects empty or non-string option values. */
export function requireString(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw configError(`${what} must be a non-empty string`);
  return value;
}

/** @internal Rejects non-https (or unparseable) URLs in auth options. */
export function requireHttpsUrl(value: unknown, what: string): string {
  const s = requireString(value, what);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw configError(`${what} must be an absolute URL, got ${JSON.stringify(s)}`);
  }
  if (url.protocol !== "https:") throw configError(`${what} must use https, got ${JSON.stringify(s)}`);
  return s;
}
