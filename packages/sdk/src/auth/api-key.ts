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
 * const options: ApiKeyAuthOptions<{ keyIndex: number }> = { in: "header", name: "X-API-Key", verify: apiKey.keys(["k1"]) };
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

function keys(list: readonly string[]): ApiKeyVerify<{ keyIndex: number }>;
function keys<TPrincipal>(list: readonly ApiKeyEntry<TPrincipal>[]): ApiKeyVerify<TPrincipal>;
function keys(list: readonly (string | ApiKeyEntry<unknown>)[]): ApiKeyVerify<unknown> {
  if (!Array.isArray(list) || list.length === 0) throw configError("apiKey.keys needs at least one key");
  const entries = list.map((item, keyIndex) => {
    const entry = typeof item === "string" ? { key: item, principal: { keyIndex } } : item;
    if (typeof entry?.key !== "string" || entry.key.length < 8) {
      throw configError(`apiKey.keys: key #${keyIndex} must be a string of at least 8 characters`);
    }
    return entry;
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
 * `apiKey.keys([...])` builds a constant-time verifier for a fixed list of keys. (TypeScript cannot type an
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
