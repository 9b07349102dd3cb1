import type { ParameterUi, PrimitiveConnectionParameter } from "./connection-parameter";
import {
  applyAuthorize,
  type CommonAuthOptions,
  configError,
  constantTimeEqual,
  DEFAULT_REALM,
  hasAuthorizationScheme,
  quote,
  readAuthorization,
  unauthorized,
} from "./credentials";
import type { AuthRequest, ConnectorAuth } from "./types";
import { runVerifier } from "./verify-result";

/**
 * Checks a username and password. Return the principal, or `undefined` to refuse (401).
 *
 * @example
 * ```ts
 * const verify: BasicVerify<{ username: string }> = (u, p) => (u === "alice" && checkPassword(p) ? { username: u } : undefined);
 * ```
 */
export type BasicVerify<TPrincipal> = (
  username: string,
  password: string,
  request: AuthRequest,
) => TPrincipal | undefined | Promise<TPrincipal | undefined>;

/**
 * Options of {@link basic}.
 *
 * @example
 * ```ts
 * const options: BasicAuthOptions<{ username: string }> = { verify: basic.users({ alice: "correct horse" }) };
 * ```
 */
export interface BasicAuthOptions<TPrincipal> extends CommonAuthOptions<TPrincipal> {
  /** Checks the credentials. Use `basic.users` (see {@link basic}) for a fixed list (constant-time). */
  verify: BasicVerify<TPrincipal>;
  /** The connection dialog's text for each field. */
  ui?: { username?: ParameterUi; password?: ParameterUi };
  /**
   * Connection-parameter type of `username`: `string` (shown) or `securestring` (masked, e.g. when the
   * "username" is really a token id, as in touchSMS).
   * @default "string"
   */
  usernameType?: "string" | "securestring";
  /**
   * Name of the swagger `securityDefinitions` entry.
   * @default "basic-auth"
   */
  securityName?: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** @internal Decodes `Basic` credentials; `undefined` when malformed. */
export function decodeBasic(credentials: string): { username: string; password: string } | undefined {
  if (!BASE64.test(credentials)) return undefined;
  let text: string;
  try {
    text = decoder.decode(Buffer.from(credentials, "base64"));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (colon <= 0 || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function basicFactory<TPrincipal>(options: BasicAuthOptions<TPrincipal>): ConnectorAuth<TPrincipal> {
  if (typeof options.verify !== "function") throw configError("basic verify must be a function");
  const usernameType = options.usernameType ?? "string";
  if (usernameType !== "string" && usernameType !== "securestring") {
    throw configError(`basic usernameType must be "string" or "securestring"`);
  }
  const realm = options.realm ?? DEFAULT_REALM;
  const challenge = `Basic realm=${quote(realm)}, charset="UTF-8"`;
  const securityName = options.securityName ?? "basic-auth";
  return {
    type: "basic",
    challenge,
    hasCredentials: (request) => hasAuthorizationScheme(request, "Basic"),
    async authenticate(request) {
      const credentials = readAuthorization(request, "Basic");
      if (credentials === undefined) throw unauthorized(challenge, true);
      const decoded = credentials === null ? undefined : decodeBasic(credentials);
      if (decoded === undefined) throw unauthorized(challenge, false);
      const principal = await runVerifier(() => options.verify(decoded.username, decoded.password, request), {
        invalid: challenge,
      });
      return applyAuthorize(principal, request, options.authorize);
    },
    toSwagger: () => ({
      securityDefinitions: { [securityName]: { type: "basic" } },
      security: [{ [securityName]: [] }],
    }),
    toApiProperties: () => {
      const username: PrimitiveConnectionParameter = {
        type: usernameType,
        uiDefinition: {
          displayName: options.ui?.username?.displayName ?? "Username",
          description: options.ui?.username?.description ?? "The username for this connection",
          tooltip: options.ui?.username?.tooltip ?? "Provide your username",
          constraints: { tabIndex: 2, clearText: usernameType === "string", required: "true" },
        },
      };
      const password: PrimitiveConnectionParameter = {
        type: "securestring",
        uiDefinition: {
          displayName: options.ui?.password?.displayName ?? "Password",
          description: options.ui?.password?.description ?? "The password for this connection",
          tooltip: options.ui?.password?.tooltip ?? "Provide your password",
          constraints: { tabIndex: 3, clearText: false, required: "true" },
        },
      };
      return { connectionParameters: { username, password } };
    },
  };
}

function users(table: Readonly<Record<string, string>>): BasicVerify<{ username: string }> {
  const entries = Object.entries(table ?? {});
  if (entries.length === 0) throw configError("basic.users needs at least one user");
  for (const [user, password] of entries) {
    if (user === "" || user.includes(":"))
      throw configError(`basic.users: invalid username ${JSON.stringify(user)}`);
    if (typeof password !== "string" || password.length < 8) {
      throw configError(
        `basic.users: the password of ${JSON.stringify(user)} must have at least 8 characters`,
      );
    }
  }
  return (username, password) => {
    // Every entry is compared (no early exit), each comparison in constant time.
    let found: string | undefined;
    for (const [user, expected] of entries) {
      const userOk = constantTimeEqual(username, user);
      const passwordOk = constantTimeEqual(password, expected);
      if (userOk && passwordOk && found === undefined) found = user;
    }
    return found === undefined ? undefined : { username: found };
  };
}

/**
 * Basic auth: the user types a username and password when creating the connection; the platform sends
 * `Authorization: Basic ...`. Emits the `username` / `password` connection parameters and a swagger `basic`
 * security definition. Missing or refused credentials answer 401 with `WWW-Authenticate: Basic realm="connector", charset="UTF-8"`.
 *
 * `basic.users({ name: password })` builds a constant-time verifier for a fixed list of users.
 *
 * @param options - See {@link BasicAuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const basicAuth = auth.basic({ verify: auth.basic.users({ flow: process.env.FLOW_PASSWORD! }) });
 * ```
 */
export const basic: typeof basicFactory & { users: typeof users } = Object.assign(basicFactory, { users });
