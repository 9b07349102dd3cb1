import { ConnectorError } from "../errors/connector-error";
import type {
  ConnectionParameter,
  ConnectionParameterSet,
  ConnectionParameterSets,
} from "./connection-parameter";
import { type AuthorizeHook, applyAuthorize, configError, requireString, unauthorized } from "./credentials";
import type { AuthSwaggerParts, ConnectorAuth, SwaggerSecurityScheme } from "./types";

/**
 * One choice of {@link multiple}: a scheme plus the text the connection dialog shows for it.
 *
 * @example
 * ```ts
 * const option: AuthOption<"api-key", ApiKeyPrincipal> = {
 *   name: "api-key", displayName: "API key", description: "Use an API key.",
 *   auth: auth.apiKey({ in: "header", name: "X-API-Key", verify: auth.apiKey.keys(["k1k1k1k1"]) }),
 * };
 * ```
 */
export interface AuthOption<TName extends string = string, TPrincipal = unknown> {
  /** The set id (`connectionParameterSets.values[].name`), e.g. `basic-auth`. */
  name: TName;
  displayName: string;
  description: string;
  auth: ConnectorAuth<TPrincipal>;
  /** Written as `metadata.allowSharing` (e.g. `false` for service-principal sets that must not be shared). */
  allowSharing?: boolean;
}

/**
 * The principal of a {@link multiple} scheme: which option authenticated the request, and its principal.
 *
 * @example
 * ```ts
 * type P = MultiAuthPrincipal<[AuthOption<"key", ApiKeyPrincipal>, AuthOption<"basic", { username: string }>]>;
 * // { option: "key"; principal: ApiKeyPrincipal } | { option: "basic"; principal: { username: string } }
 * ```
 */
export type MultiAuthPrincipal<TOptions extends readonly AuthOption<string, any>[]> = {
  [K in keyof TOptions]: TOptions[K] extends AuthOption<infer TName, infer TPrincipal>
    ? { option: TName; principal: TPrincipal }
    : never;
}[number];

/**
 * Options of {@link multiple}.
 *
 * @example
 * ```ts
 * const o: MultipleAuthOptions<readonly AuthOption[]> = { options: [] };
 * ```
 */
export interface MultipleAuthOptions<TOptions extends readonly AuthOption<string, any>[]> {
  /** @default "Authentication Type" */
  displayName?: string;
  /** @default "Type of authentication to be used." */
  description?: string;
  /** At least two choices, with unique names. */
  options: TOptions;
  /** Called with the winning option's principal; `false` answers 403. */
  authorize?: AuthorizeHook<MultiAuthPrincipal<TOptions>>;
}

const SET_NAME = /^[A-Za-z0-9_-]+$/;

function withSchemaDescriptions(parameters: Record<string, unknown>): Record<string, ConnectionParameter> {
  const out: Record<string, ConnectionParameter> = {};
  for (const [name, raw] of Object.entries(parameters)) {
    const parameter = structuredClone(raw) as ConnectionParameter;
    // Microsoft's multi-auth guide: a string parameter's description must be in uiDefinition.schema.description.
    if (
      (parameter.type === "string" || parameter.type === "securestring") &&
      parameter.metadata === undefined &&
      parameter.uiDefinition?.description !== undefined
    ) {
      parameter.uiDefinition.schema = {
        type: parameter.type,
        description: parameter.uiDefinition.description,
      };
    }
    out[name] = parameter;
  }
  return out;
}

function mergeSwagger(options: readonly AuthOption<string, unknown>[]): AuthSwaggerParts | undefined {
  const securityDefinitions: Record<string, SwaggerSecurityScheme> = {};
  const security: Array<Record<string, string[]>> = [];
  for (const option of options) {
    const parts = option.auth.toSwagger();
    if (parts === undefined) continue;
    const renames = new Map<string, string>();
    for (const [name, scheme] of Object.entries(parts.securityDefinitions)) {
      let target = name;
      const existing = securityDefinitions[name];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(scheme))
        target = `${name}-${option.name}`;
      securityDefinitions[target] = scheme;
      renames.set(name, target);
    }
    for (const requirement of parts.security) {
      const renamed: Record<string, string[]> = {};
      for (const [name, scopes] of Object.entries(requirement)) renamed[renames.get(name) ?? name] = scopes;
      if (!security.some((r) => JSON.stringify(r) === JSON.stringify(renamed))) security.push(renamed);
    }
  }
  return Object.keys(securityDefinitions).length === 0 ? undefined : { securityDefinitions, security };
}

/**
 * Several connection-auth choices (multi-auth): the user picks one when creating the connection. Emits
 * `connectionParameterSets` (plus, as certified multi-auth connectors do, the first choice's parameters as
 * `connectionParameters`), and swagger security requirements as alternatives. At run time every option whose
 * credentials are present is tried in order; the first that accepts wins. No credentials at all answer 401
 * with every option's challenge.
 *
 * @param options - See {@link MultipleAuthOptions}.
 * @returns A scheme whose principal says which option authenticated: `{ option, principal }`.
 * @example
 * ```ts
 * const either = auth.multiple({
 *   options: [
 *     { name: "api-key", displayName: "API key", description: "Use an API key.", auth: keyAuth },
 *     { name: "basic-auth", displayName: "Username and password", description: "Use your account.", auth: basicAuth },
 *   ],
 * });
 * ```
 */
export function multiple<const TOptions extends readonly AuthOption<string, any>[]>(
  options: MultipleAuthOptions<TOptions>,
): ConnectorAuth<MultiAuthPrincipal<TOptions>> {
  const list = [...(options.options ?? [])] as AuthOption<string, unknown>[];
  if (list.length < 2) throw configError("auth.multiple needs at least two options");
  const names = new Set<string>();
  for (const option of list) {
    const name = requireString(option.name, "auth.multiple option name");
    if (!SET_NAME.test(name))
      throw configError(`auth.multiple option name ${JSON.stringify(name)} must match ${SET_NAME}`);
    if (names.has(name)) throw configError(`auth.multiple option name ${JSON.stringify(name)} is used twice`);
    names.add(name);
    requireString(option.displayName, `auth.multiple option ${name} displayName`);
    requireString(option.description, `auth.multiple option ${name} description`);
    if (option.auth === undefined || typeof option.auth.authenticate !== "function") {
      throw configError(`auth.multiple option ${name} needs an auth scheme`);
    }
    if (option.auth.type === "multiple")
      throw configError("auth.multiple options cannot themselves be auth.multiple");
  }
  const challenge = list
    .map((o) => o.auth.challenge)
    .filter((c): c is string => c !== undefined)
    .join(", ");
  type Principal = MultiAuthPrincipal<TOptions>;
  return {
    type: "multiple",
    ...(challenge === "" ? {} : { challenge }),
    hasCredentials: (request) => list.some((o) => o.auth.hasCredentials?.(request) ?? true),
    async authenticate(request) {
      const candidates = list.filter((o) => o.auth.hasCredentials?.(request) ?? true);
      if (candidates.length === 0) throw unauthorized(challenge, true);
      let firstFailure: ConnectorError | undefined;
      for (const option of candidates) {
        let result: Principal;
        try {
          result = { option: option.name, principal: await option.auth.authenticate(request) } as Principal;
        } catch (error) {
          // Only "these credentials are not valid" moves on; 403 (a real, refused identity), 503 and crashes stop here.
          if (!(error instanceof ConnectorError) || error.code !== "Unauthorized") throw error;
          firstFailure ??= error;
          continue;
        }
        return applyAuthorize(result, request, options.authorize);
      }
      throw firstFailure ?? unauthorized(challenge, false);
    },
    toSwagger: () => mergeSwagger(list),
    toApiProperties: () => {
      const capabilities: string[] = [];
      const values: ConnectionParameterSet[] = list.map((option) => {
        const parts = option.auth.toApiProperties();
        if (parts.connectionParameterSets !== undefined) {
          throw configError(`auth.multiple option ${option.name} cannot itself have connectionParameterSets`);
        }
        for (const c of parts.capabilities ?? []) if (!capabilities.includes(c)) capabilities.push(c);
        return {
          name: option.name,
          uiDefinition: { displayName: option.displayName, description: option.description },
          ...(option.allowSharing === undefined ? {} : { metadata: { allowSharing: option.allowSharing } }),
          parameters: withSchemaDescriptions(parts.connectionParameters ?? {}),
        };
      });
      const sets: ConnectionParameterSets = {
        uiDefinition: {
          displayName: options.displayName ?? "Authentication Type",
          description: options.description ?? "Type of authentication to be used.",
        },
        values,
      };
      const first = list[0]!.auth.toApiProperties().connectionParameters ?? {};
      return {
        connectionParameters: structuredClone(first),
        connectionParameterSets: sets,
        ...(capabilities.length === 0 ? {} : { capabilities }),
      };
    },
  };
}
