/**
 * The example's secrets, read from the environment in this one place:
 *
 * - `TICKETS_API_KEYS`: the API keys the connector accepts (comma-separated, each at least 8 characters);
 * - `CONNECTORKIT_STATE_SECRET`: the key that signs polling-trigger state (at least 32 bytes).
 *
 * In production (`NODE_ENV=production`) both must be set: {@link requireExampleSecrets} throws an error naming
 * the missing variables, and the hosts call it before they serve anything. Anywhere else a missing secret is
 * generated at random for this process (never a fixed, published value), and the start script prints the
 * generated API key. Delete the generation below once the SDK generates its own local state key.
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
  /** The polling-state signing key (`undefined` only in production when it is missing). */
  readonly stateSecret: string | undefined;
  /** The variables that were missing and got a random value for this process (never in production). */
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
  const production = env["NODE_ENV"] === "production";
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

  let stateSecret = given("CONNECTORKIT_STATE_SECRET");
  if (stateSecret === undefined) {
    if (production) missing.push("CONNECTORKIT_STATE_SECRET");
    else {
      stateSecret = randomBytes(32).toString("base64url");
      generated.push("CONNECTORKIT_STATE_SECRET");
    }
  }
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
  stateSecret: string;
} {
  if (secrets.missing.length > 0 || secrets.stateSecret === undefined || secrets.apiKeys.length === 0) {
    throw new MissingSecretsError(secrets.missing.length > 0 ? secrets.missing : SECRET_VARIABLES);
  }
  return { apiKeys: secrets.apiKeys, stateSecret: secrets.stateSecret };
}
