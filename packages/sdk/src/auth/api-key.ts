import { createHash } from "node:crypto";
import type { ParameterUi, PrimitiveConnectionParameter } from "./connection-parameter";
import {
  applyAuthorize,
  type CommonAuthOptions,
  challengeOf,
  configError,
  constantTimeEqual,
  DEFAULT_REALM,
  MAX_CREDENTIAL_LENGTH,
  readHeader,
  readQuery,
  requireString,
  unauthorized,
} from "./credentials";
import type { AuthRequest, ConnectorAuth } from "./types";
import { runVerifier } from "./verify-result";

/**
 * Checks an API key. Return the principal, or `undefined` to refuse (401).
 *
 * @example
 * ```ts
 * const verify: ApiKeyVerify<{ tenant: string }> = async (key) => (await db.findKey(key)) ?? undefined;
 * ```
 */
export type ApiKeyVerify<TPrincipal> = (
  key: string,
  request: AuthRequest,
) => TPrincipal | undefined | Promise<TPrincipal | undefined>;

/**
 * Options of {@link apiKey}.
 *
 * @example
 * ```ts
 * const options: ApiKeyAuthOptions<ApiKeyPrincipal> = { in: "header", name: "X-API-Key", verify: apiKey.keys({ primary: "k1k1k1k1" }) };
 * ```
 */
export interface ApiKeyAuthOptions<TPrincipal> extends CommonAuthOptions<TPrincipal> {
  /** Where the platform sends the key. */
  in: "header" | "query";
  /** The header or query parameter name, e.g. `X-API-Key`. */
  name: string;
  /** Checks the key. Use `apiKey.keys` (see {@link apiKey}) for a fixed list (constant-time). */
  verify: ApiKeyVerify<TPrincipal>;
  /** The connection dialog's text for the key field. */
  ui?: ParameterUi;
  /**
   * Scheme name of the `WWW-Authenticate` challenge on a 401.
   * @default "ApiKey"
   */
  scheme?: string;
  /**
   * Name of the swagger `securityDefinitions` entry.
   * @default "API Key"
   */
  securityName?: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function apiKeyFactory<TPrincipal>(options: ApiKeyAuthOptions<TPrincipal>): ConnectorAuth<TPrincipal> {
  if (options.in !== "header" && options.in !== "query") {
    throw configError(`apiKey "in" must be "header" or "query", got ${JSON.stringify(options.in)}`);
  }
  const name = requireString(options.name, "apiKey name");
  if (options.in === "header" && !HEADER_NAME.test(name)) {
    throw configError(`apiKey header name ${JSON.stringify(name)} is not a valid HTTP header name`);
  }
  if (typeof options.verify !== "function") throw configError("apiKey verify must be a function");
  const scheme = options.scheme ?? "ApiKey";
  const realm = options.realm ?? DEFAULT_REALM;
  const securityName = options.securityName ?? "API Key";
  const missing = challengeOf(scheme, realm);
  const invalid = challengeOf(scheme, realm, "invalid_key");
  const read = (request: AuthRequest) =>
    options.in === "header" ? readHeader(request, name) : readQuery(request, name);

  return {
    type: "apiKey",
    challenge: missing,
    hasCredentials: (request) => {
      const value = read(request);
      return value !== undefined && value !== "";
    },
    async authenticate(request) {
      const value = read(request);
      if (value === undefined || value === "") throw unauthorized(missing, true);
      if (typeof value !== "string" || value.length > MAX_CREDENTIAL_LENGTH)
        throw unauthorized(invalid, false);
      const principal = await runVerifier(() => options.verify(value, request), { invalid });
      return applyAuthorize(principal, request, options.authorize);
    },
    toSwagger: () => ({
      securityDefinitions: { [securityName]: { type: "apiKey", in: options.in, name } },
      security: [{ [securityName]: [] }],
    }),
    toApiProperties: () => {
      const parameter: PrimitiveConnectionParameter = {
        type: "securestring",
        uiDefinition: {
          displayName: options.ui?.displayName ?? "API Key",
          description: options.ui?.description ?? "The API key for this connection",
          tooltip: options.ui?.tooltip ?? "Provide your API key",
          constraints: { tabIndex: 2, clearText: false, required: "true" },
        },
      };
      return { connectionParameters: { api_key: parameter } };
    },
  };
}

/**
 * One entry of a fixed key list given to `apiKey.keys` (see {@link apiKey}): the key and the principal it stands for.
 * Give two keys the same principal to rotate a key without changing who the caller is.
 *
 * @example
 * ```ts
 * const entry: ApiKeyEntry<{ tenant: string }> = { key: process.env.ACME_KEY ?? "", principal: { tenant: "acme" } };
 * ```
 */
export interface ApiKeyEntry<TPrincipal> {
  key: string;
  principal: TPrincipal;
}

/**
 * One key with an identity the author names, for `apiKey.keys([{ id, key }])` (see {@link apiKey}): the
 * principal is `{ keyId: id }`, whatever the key's position in the list.
 *
 * @example
 * ```ts
 * const k: NamedApiKey = { id: "automation", key: process.env.AUTOMATION_KEY ?? "" };
 * ```
 */
export interface NamedApiKey {
  id: string;
  key: string;
}

/**
 * The principal of `apiKey.keys` without author-given principals: a stable key identity. It is the name the
 * author gave the key (`keys({ primary: K1 })`, `keys([{ id, key }])`), or for a bare key (`keys([K1])`)
 * `sha256:` and the first 32 hex digits of SHA-256 over the key (never the key itself, never its position).
 * Job, subscription and polling-state ownership follow it, so removing one key never hands its data to another.
 *
 * @example
 * ```ts
 * const p: ApiKeyPrincipal = { keyId: "primary" };
 * ```
 */
export interface ApiKeyPrincipal {
  keyId: string;
}

const KEY_ID_MAX = 128;

/**
 * The identity `apiKey.keys([...])` gives a bare key: `sha256:` + the first 128 bits (hex) of SHA-256 over a
 * domain prefix and the key. Stable across restarts, instances and list order; does not reveal the key (use
 * high-entropy keys: a short key could be guessed from its hash offline).
 *
 * @param key - the API key.
 * @returns e.g. `sha256:9f86d081884c7d659a2feaa0c55ad015`.
 * @example
 * ```ts
 * apiKeyId("contoso-key-0001") === apiKeyId("contoso-key-0001"); // true; differs for any other key
 * ```
 */
export function apiKeyId(key: string): string {
  return `sha256:${createHash("sha256").update("connectorkit/api-key\0").update(key, "utf8").digest("hex").slice(0, 32)}`;
}

function keys(list: readonly (string | NamedApiKey)[]): ApiKeyVerify<ApiKeyPrincipal>;
function keys(named: Readonly<Record<string, string>>): ApiKeyVerify<ApiKeyPrincipal>;
function keys<TPrincipal>(list: readonly ApiKeyEntry<TPrincipal>[]): ApiKeyVerify<TPrincipal>;
function keys(
  input: readonly (string | NamedApiKey | ApiKeyEntry<unknown>)[] | Readonly<Record<string, string>>,
): ApiKeyVerify<unknown> {
  const list: readonly unknown[] = Array.isArray(input)
    ? input
    : input !== null && typeof input === "object"
      ? Object.entries(input).map(([id, key]) => ({ id, key }))
      : [];
  if (list.length === 0) throw configError("apiKey.keys needs at least one key");
  const seenKeys = new Set<string>();
  const seenIds = new Set<string>();
  const entries = list.map((item, n) => {
    const where = `apiKey.keys: key #${n + 1}`;
    let entry: { key: unknown; principal: unknown };
    if (typeof item === "string") entry = { key: item, principal: { keyId: apiKeyId(item) } };
    else if (item !== null && typeof item === "object" && "principal" in item) {
      entry = item as ApiKeyEntry<unknown>;
      if (entry.principal === undefined || entry.principal === null) {
        throw configError(`${where}: principal must not be ${String(entry.principal)}`);
      }
    } else if (item !== null && typeof item === "object" && "id" in item) {
      const { id, key } = item as NamedApiKey;
      if (typeof id !== "string" || id.trim() === "" || id.length > KEY_ID_MAX || id.startsWith("sha256:")) {
        throw configError(
          `${where}: id must be a non-empty string of at most ${KEY_ID_MAX} characters, not starting with "sha256:"`,
        );
      }
      if (seenIds.has(id)) throw configError(`apiKey.keys: id ${JSON.stringify(id)} is used twice`);
      seenIds.add(id);
      entry = { key, principal: { keyId: id } };
    } else {
      throw configError(`${where} must be a string, { id, key } or { key, principal }`);
    }
    if (typeof entry.key !== "string" || entry.key.length < 8 || entry.key.length > MAX_CREDENTIAL_LENGTH) {
      throw configError(`${where} must be a string of at least 8 characters`);
    }
    // The same key twice would make the caller's identity depend on list order.
    if (seenKeys.has(entry.key)) throw configError(`${where} is listed twice`);
    seenKeys.add(entry.key);
    return entry as { key: string; principal: unknown };
  });
  return (key) => {
    // Compare against every key (no early exit), each in constant time.
    let found: unknown;
    for (const entry of entries) {
      if (constantTimeEqual(key, entry.key) && found === undefined) found = entry.principal;
    }
    return found;
  };
}

/**
 * API key auth: the user types a key when creating the connection; the platform sends it in a header or query
 * parameter. Emits the `api_key` securestring connection parameter and a swagger `apiKey` security definition.
 * A missing key answers 401 with `WWW-Authenticate: ApiKey realm="connector"`; a refused one adds `error="invalid_key"`.
 *
 * `apiKey.keys(...)` builds a constant-time verifier for a fixed set of keys. The caller's identity never depends
 * on a key's position: `keys({ primary: K1, rotated: K2 })` and `keys([{ id: "primary", key: K1 }])` give
 * `{ keyId: "primary" }`; `keys([K1, K2])` gives `{ keyId: apiKeyId(K1) }` (a SHA-256 prefix of the key);
 * `keys([{ key: K1, principal }])` gives your principal. (TypeScript cannot type an
 * inline `authorize: (p) => ...` next to an inline `verify: apiKey.keys([...])` call; declare the verifier in a
 * `const` first, or annotate `p`.)
 *
 * @param options - See {@link ApiKeyAuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const keyAuth = auth.apiKey({
 *   in: "header",
 *   name: "X-API-Key",
 *   verify: auth.apiKey.keys([{ key: process.env.ACME_KEY!, principal: { tenant: "acme" } }]),
 *   ui: { displayName: "API key", description: "Your Contoso API key", tooltip: "Provide your API key" },
 * });
 * ```
 */
export const apiKey: typeof apiKeyFactory & { keys: typeof keys } = Object.assign(apiKeyFactory, { keys });
