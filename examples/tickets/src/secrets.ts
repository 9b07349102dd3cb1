/**
 * The example's secrets, read from the environment in this one place:
 *
 * - `TICKETS_API_KEYS`: the API keys the connector accepts (comma-separated, each at least 8 characters);
 * - `CONNECTORKIT_STATE_SECRET`: the key that signs polling-trigger state (at least 32 bytes).
 *
 * Both must be set unless `NODE_ENV` is `development` or `test` (the SDK's own rule: Azure Functions sets no
 * `NODE_ENV`, so an unset one counts as production): {@link requireExampleSecrets} throws an error naming the
 * missing variables, and the hosts call it before they serve anything. In development or test a missing API key
 * is generated at random for this process (never a fixed, published value) and the start script prints it; a
 * missing state secret is left to the SDK, which generates a local key (`.connectorkit/state`) and says so.
 */
import { randomBytes } from "node:crypto";

/** The environment variables that hold the example's secrets. */
export const SECRET_VARIABLES = ["TICKETS_API_KEYS", "CONNECTORKIT_STATE_SECRET"] as const;

/** One of {@link SECRET_VARIABLES}. */
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** The secrets the example runs with, and which of them were generated for this process. */
export interface ExampleSecrets {
  /** Accepted API keys (empty only in production when `TICKETS_API_KEYS` is missing: every key is refused). */
  readonly apiKeys: readonly string[];
  /** The polling-state signing key (`undefined` when unset: the SDK then generates a local one, outside production). */
  readonly stateSecret: string | undefined;
  /** The variables that were missing and got a random value for this process (only the API key, never in production). */
  readonly generated: readonly SecretVariable[];
  /** The variables that are missing in production (empty elsewhere). */
  readonly missing: readonly SecretVariable[];
}

/**
 * Thrown when the example starts in production without its secrets; the message names the variables.
 * @example
 * ```ts
 * try { requireExampleSecrets(); } catch (e) { if (e instanceof MissingSecretsError) console.error(e.message); }
 * ```
 */
export class MissingSecretsError extends Error {
  /** The missing variables. */
  readonly variables: readonly SecretVariable[];
  constructor(variables: readonly SecretVariable[]) {
    super(
      `Contoso Tickets will not start in production without its secrets: set ${variables.join(" and ")}. ` +
        "TICKETS_API_KEYS is a comma-separated list of API keys (8+ characters each); " +
        "CONNECTORKIT_STATE_SECRET signs polling-trigger state (32+ bytes, the same on every instance).",
    );
    this.name = "MissingSecretsError";
    this.variables = variables;
  }
}

/**
 * Reads the example's secrets from an environment, generating missing ones outside production. Never throws.
 *
 * @param env - the environment (default `process.env`).
 * @returns the secrets, with what was generated or is missing.
 * @example
 * ```ts
 * const { apiKeys, generated } = readExampleSecrets({ NODE_ENV: "development" }); // one random key, generated
 * ```
 */
export function readExampleSecrets(env: NodeJS.ProcessEnv = process.env): ExampleSecrets {
  const production = env["NODE_ENV"] !== "development" && env["NODE_ENV"] !== "test";
  const generated: SecretVariable[] = [];
  const missing: SecretVariable[] = [];
  const given = (name: SecretVariable) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  let apiKeys: string[] = (given("TICKETS_API_KEYS") ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  if (apiKeys.length === 0) {
    if (production) missing.push("TICKETS_API_KEYS");
    else {
      apiKeys = [`dev-${randomBytes(18).toString("base64url")}`];
      generated.push("TICKETS_API_KEYS");
    }
  }

  const stateSecret = given("CONNECTORKIT_STATE_SECRET");
  if (stateSecret === undefined && production) missing.push("CONNECTORKIT_STATE_SECRET");
  return { apiKeys, stateSecret, generated, missing };
}

/**
 * Checks that the example has its secrets; throws {@link MissingSecretsError} naming what is missing (production only).
 *
 * @param secrets - what {@link readExampleSecrets} returned.
 * @returns the API keys and the state secret, both present.
 * @throws MissingSecretsError in production when `TICKETS_API_KEYS` or `CONNECTORKIT_STATE_SECRET` is unset.
 * @example
 * ```ts
 * const { stateSecret } = requireExampleSecrets(readExampleSecrets());
 * ```
 */
export function requireExampleSecrets(secrets: ExampleSecrets): {
  apiKeys: readonly string[];
  stateSecret?: string;
} {
  if (secrets.missing.length > 0 || secrets.apiKeys.length === 0) {
    throw new MissingSecretsError(secrets.missing.length > 0 ? secrets.missing : ["TICKETS_API_KEYS"]);
  }
  return secrets.stateSecret === undefined
    ? { apiKeys: secrets.apiKeys }
    : { apiKeys: secrets.apiKeys, stateSecret: secrets.stateSecret };
}
