/**
 * The contract between the runtime core and connection-auth schemes. The core calls `authenticate` on every
 * route the connector serves (actions, long-running status routes, webhook registration/listing/deletion);
 * the swagger and apiProperties emitters call `toSwagger` / `toApiProperties`.
 * @module
 */

/**
 * The parts of a request an auth scheme may read.
 *
 * @example
 * ```ts
 * const r: AuthRequest = { method: "GET", path: "/tickets", headers: { authorization: "Bearer x" }, query: {} };
 * ```
 */
export interface AuthRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
}

/**
 * A Swagger 2.0 security scheme object.
 *
 * @example
 * ```ts
 * const scheme: SwaggerSecurityScheme = { type: "apiKey", in: "header", name: "X-API-Key" };
 * ```
 */
export type SwaggerSecurityScheme =
  | { type: "basic"; description?: string }
  | { type: "apiKey"; in: "header" | "query"; name: string; description?: string }
  | {
      type: "oauth2";
      flow: "accessCode" | "implicit" | "password" | "application";
      authorizationUrl?: string;
      tokenUrl?: string;
      scopes: Record<string, string>;
      description?: string;
    };

/**
 * What an auth scheme contributes to the swagger document.
 *
 * @example
 * ```ts
 * const parts: AuthSwaggerParts = { securityDefinitions: { "basic-auth": { type: "basic" } }, security: [{ "basic-auth": [] }] };
 * ```
 */
export interface AuthSwaggerParts {
  securityDefinitions: Record<string, SwaggerSecurityScheme>;
  security: Array<Record<string, string[]>>;
}

/**
 * What an auth scheme contributes to `apiProperties.json` (`properties.*`).
 *
 * @example
 * ```ts
 * const parts: AuthApiPropertiesParts = { connectionParameters: { api_key: { type: "securestring" } } };
 * ```
 */
export interface AuthApiPropertiesParts {
  connectionParameters?: Record<string, unknown>;
  connectionParameterSets?: unknown;
  capabilities?: string[];
}

/**
 * A connection-auth scheme: one declaration that yields swagger security, apiProperties connection parameters
 * and runtime enforcement.
 *
 * @example
 * ```ts
 * const none: ConnectorAuth<undefined> = {
 *   type: "none",
 *   authenticate: async () => undefined,
 *   toSwagger: () => undefined,
 *   toApiProperties: () => ({ connectionParameters: {} }),
 * };
 * ```
 */
export interface ConnectorAuth<TPrincipal = unknown> {
  /** The scheme's kind, e.g. `none`, `apiKey`, `basic`, `oauth2`, `aad`. */
  readonly type: string;
  /**
   * Verifies the request's credentials. Resolves the principal, or throws a `ConnectorError` with code
   * `Unauthorized` (401, with a `WWW-Authenticate` header) or `Forbidden` (403). Never reveals why beyond a short code.
   */
  authenticate(request: AuthRequest): Promise<TPrincipal>;
  /** Swagger `securityDefinitions` / `security`, or `undefined` for no auth. */
  toSwagger(): AuthSwaggerParts | undefined;
  /** `apiProperties.json` connection parameters. */
  toApiProperties(): AuthApiPropertiesParts;
  /**
   * Whether the request carries this scheme's credentials at all (valid or not). Used by `auth.multiple` to
   * pick the options to try. Optional: a scheme without it is always tried.
   */
  hasCredentials?(request: AuthRequest): boolean;
  /** The `WWW-Authenticate` challenge this scheme answers a missing credential with, e.g. `Basic realm="connector"`. */
  readonly challenge?: string;
}
