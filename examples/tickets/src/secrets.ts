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
 *
 * A variable that is set but unusable (a key under 8 characters, a state secret under 32 bytes) is an error in
 * every environment: {@link requireExampleSecrets} names the variable and the rule, never the value, instead of
 * letting the SDK refuse it with a stack trace.
 */
import { randomBytes } from "node:crypto";
import { MAX_CREDENTIAL_LENGTH, MIN_SECRET_BYTES } from "@connectorkit/sdk";

/** The environment variables that hold the example's secrets. */
export const SECRET_VARIABLES = ["TICKETS_API_KEYS", "CONNECTORKIT_STATE_SECRET"] as const;

/** One of {@link SECRET_VARIABLES}. */
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Shortest API key the SDK's `auth.apiKey.keys` accepts, in characters. */
export const MIN_API_KEY_LENGTH = 8;

/**
 * A secret that is set but unusable, and why (the rule it breaks; never the value).
 * @example
 * ```ts
 * const bad: InvalidSecret = { variable: "CONNECTORKIT_STATE_SECRET", problem: "CONNECTORKIT_STATE_SECRET is shorter than 32 bytes" };
 * ```
 */
export interface InvalidSecret {
  /** The variable that holds it. */
  readonly variable: SecretVariable;
  /** What is wrong, naming the variable and the rule. */
  readonly problem: string;
}

/** The secrets the example runs with, and which of them were generated for this process. */
export interface ExampleSecrets {
  /** Accepted API keys (empty when `TICKETS_API_KEYS` is missing in production or invalid: every key is refused). */
  readonly apiKeys: readonly string[];
  /** The polling-state signing key (`undefined` when unset, or invalid; unset outside production, the SDK generates a local one). */
  readonly stateSecret: string | undefined;
  /** The variables that were missing and got a random value for this process (only the API key, never in production). */
  readonly generated: readonly SecretVariable[];
  /** The variables that are missing in production (empty elsewhere). */
  readonly missing: readonly SecretVariable[];
  /** The variables that are set but unusable, in any environment. */
  readonly invalid: readonly InvalidSecret[];
}

/**
 * Thrown when the example starts in production without its secrets, or with one that is set but unusable; the
 * message names the variables and the rules, never a value.
 * @example
 * ```ts
 * try { requireExampleSecrets(); } catch (e) { if (e instanceof MissingSecretsError) console.error(e.message); }
 * ```
 */
export class MissingSecretsError extends Error {
  /** The missing variables. */
  readonly variables: readonly SecretVariable[];
  /** The variables that are set but unusable, and why. */
  readonly invalid: readonly InvalidSecret[];
  /**
   * @param variables - the missing variables.
   * @param invalid - the variables that are set but unusable.
   */
  constructor(variables: readonly SecretVariable[], invalid: readonly InvalidSecret[] = []) {
    const missing =
      variables.length === 0
        ? ""
        : `Contoso Tickets will not start in production without its secrets: set ${variables.join(" and ")}. `;
    const unusable =
      invalid.length === 0
        ? ""
        : `Contoso Tickets will not start with invalid secrets: ${invalid.map((i) => i.problem).join("; ")}. `;
    super(
      `${missing}${unusable}` +
        `TICKETS_API_KEYS is a comma-separated list of API keys (${MIN_API_KEY_LENGTH}+ characters each); ` +
        `CONNECTORKIT_STATE_SECRET signs polling-trigger state (${MIN_SECRET_BYTES}+ bytes, the same on every instance).`,
    );
    this.name = "MissingSecretsError";
    this.variables = variables;
    this.invalid = invalid;
  }
}

/**
 * Reads the example's secrets from an environment, generating missing ones outside production, and checks the
 * ones that are set against the SDK's rules (API keys 8 to 16,384 characters, state secret 32+ bytes); an
 * unusable one is reported in `invalid` and not returned. Never throws.
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

  const invalid: InvalidSecret[] = [];

  // The same key twice is harmless here, but the SDK refuses duplicates: keep the first.
  let apiKeys: string[] = [
    ...new Set(
      (given("TICKETS_API_KEYS") ?? "")
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    ),
  ];
  const keyProblem = (rule: (key: string) => boolean, what: string) => {
    const bad = apiKeys.flatMap((key, i) => (rule(key) ? [i + 1] : []));
    if (bad.length === 0) return;
    const which =
      bad.length === 1
        ? `key ${bad[0]} of ${apiKeys.length} is`
        : `keys ${bad.join(", ")} of ${apiKeys.length} are`;
    invalid.push({ variable: "TICKETS_API_KEYS", problem: `TICKETS_API_KEYS ${which} ${what}` });
  };
  keyProblem((key) => key.length < MIN_API_KEY_LENGTH, `shorter than ${MIN_API_KEY_LENGTH} characters`);
  keyProblem((key) => key.length > MAX_CREDENTIAL_LENGTH, `longer than ${MAX_CREDENTIAL_LENGTH} characters`);
  if (invalid.length > 0) {
    apiKeys = []; // refuse every key until the list is fixed; generate none
  } else if (apiKeys.length === 0) {
    if (production) missing.push("TICKETS_API_KEYS");
    else {
      apiKeys = [`dev-${randomBytes(18).toString("base64url")}`];
      generated.push("TICKETS_API_KEYS");
    }
  }

  let stateSecret = given("CONNECTORKIT_STATE_SECRET");
  if (stateSecret === undefined && production) missing.push("CONNECTORKIT_STATE_SECRET");
  if (stateSecret !== undefined && Buffer.byteLength(stateSecret, "utf8") < MIN_SECRET_BYTES) {
    invalid.push({
      variable: "CONNECTORKIT_STATE_SECRET",
      problem: `CONNECTORKIT_STATE_SECRET is shorter than ${MIN_SECRET_BYTES} bytes`,
    });
    stateSecret = undefined;
  }
  return { apiKeys, stateSecret, generated, missing, invalid };
}

/**
 * Checks that the example has its secrets; throws {@link MissingSecretsError} naming what is missing (production
 * only) or set but unusable (any environment).
 *
 * @param secrets - what {@link readExampleSecrets} returned.
 * @returns the API keys and the state secret, both present.
 * @throws MissingSecretsError in production when `TICKETS_API_KEYS` or `CONNECTORKIT_STATE_SECRET` is unset, and
 *   anywhere when one is set but unusable (a key under 8 characters, a state secret under 32 bytes).
 * @example
 * ```ts
 * const { stateSecret } = requireExampleSecrets(readExampleSecrets());
 * ```
 */
export function requireExampleSecrets(secrets: ExampleSecrets): {
  apiKeys: readonly string[];
  stateSecret?: string;
} {
  if (secrets.missing.length > 0 || secrets.invalid.length > 0) {
    throw new MissingSecretsError(secrets.missing, secrets.invalid);
  }
  if (secrets.apiKeys.length === 0) throw new MissingSecretsError(["TICKETS_API_KEYS"]);
  return secrets.stateSecret === undefined
    ? { apiKeys: secrets.apiKeys }
    : { apiKeys: secrets.apiKeys, stateSecret: secrets.stateSecret };
}
