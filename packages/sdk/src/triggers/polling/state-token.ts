/**
 * Signed, versioned polling-trigger state. The state travels in the `Location` URL the engine calls next, so
 * it is HMAC-SHA256 signed with a connector secret; a tampered, foreign or malformed state is refused with
 * 400 (never a crash, never a silent reset).
 *
 * Format: `v1.<kid>.<payload>.<signature>` where `payload` is base64url(JSON) and `signature` is
 * base64url(HMAC-SHA256(secret of kid, "v1.<kid>.<payload>")). The payload is readable (signed, not
 * encrypted): keep secrets out of cursors.
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ConnectorError } from "../../errors/connector-error";

/**
 * One signing key. `kid` identifies it inside the state (letters, digits, `_`, `-`; at most 32).
 *
 * @example
 * ```ts
 * const key: StateKey = { kid: "2025a", secret: randomBytes(32).toString("base64url") };
 * createHandler(connector, { pollingSecret: [key] });
 * ```
 */
export interface StateKey {
  kid: string;
  secret: string;
}

/**
 * The polling state secret: a single secret (key id `"0"`), or a list of keys for rotation — the first signs,
 * any verifies.
 *
 * @example
 * ```ts
 * const secret: StateSecret = [{ kid: "2025b", secret: process.env.NEW_SECRET! }, { kid: "2025a", secret: process.env.OLD_SECRET! }];
 * ```
 */
export type StateSecret = string | readonly StateKey[];

/**
 * The environment variable read when no `pollingSecret` option is given.
 *
 * @example
 * ```ts
 * // the same format parseStateSecret() reads: one secret, or "kid:secret,kid:secret" (first one signs)
 * process.env[STATE_SECRET_ENV] ??= randomBytes(32).toString("base64url"); // dev only: not shared across instances
 * ```
 */
export const STATE_SECRET_ENV = "CONNECTORKIT_STATE_SECRET";
/**
 * Smallest accepted secret, in bytes (UTF-8).
 *
 * @example
 * ```ts
 * const secret = randomBytes(MIN_SECRET_BYTES).toString("base64url"); // 43 characters, at least 32 bytes
 * createHandler(connector, { pollingSecret: secret });
 * ```
 */
export const MIN_SECRET_BYTES = 32;
/** Longest state accepted on input (the platform's URL limit is 16,384 characters). */
export const MAX_STATE_INPUT_CHARS = 16_384;
/** Longest state the runtime writes, leaving room in the URL for the trigger's own parameters. */
export const MAX_STATE_OUTPUT_CHARS = 8_192;
const VERSION = "v1";
const KID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** A ready signer/verifier. @internal */
export interface StateKeyring {
  sign(payload: unknown): string;
  /** Verifies and decodes a state; throws a 400 `ConnectorError` naming the problem. */
  verify(token: unknown): unknown;
}

/**
 * Parses the `CONNECTORKIT_STATE_SECRET` format: a single secret (no `:`), or comma-separated `kid:secret`
 * entries, first one signing.
 *
 * @param value - the variable's value.
 * @returns the secret.
 * @throws TypeError when it is empty or an entry is malformed.
 * @example
 * ```ts
 * parseStateSecret("k2:new-secret-of-32-bytes-or-more...,k1:old-secret-of-32-bytes-or-more...");
 * ```
 */
export function parseStateSecret(value: string): StateSecret {
  const trimmed = value.trim();
  if (trimmed === "") throw new TypeError(`${STATE_SECRET_ENV} is empty.`);
  if (!trimmed.includes(":")) return trimmed;
  return trimmed.split(",").map((entry, i) => {
    const at = entry.indexOf(":");
    if (at <= 0) throw new TypeError(`${STATE_SECRET_ENV} entry ${i + 1} must be "kid:secret".`);
    return { kid: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
  });
}

/**
 * Builds the keyring from a secret (or the environment variable when `secret` is undefined).
 * @throws TypeError with what to fix when no usable secret is configured.
 * @internal
 */
export function createKeyring(
  secret: StateSecret | undefined,
  env: Record<string, string | undefined> = process.env,
): StateKeyring {
  let source = secret;
  if (source === undefined) {
    const fromEnv = env[STATE_SECRET_ENV];
    if (fromEnv === undefined || fromEnv.trim() === "") {
      throw new TypeError(
        `Polling triggers sign their state: pass createHandler(connector, { pollingSecret }) or set ${STATE_SECRET_ENV} (at least ${MIN_SECRET_BYTES} random bytes, e.g. \`openssl rand -base64 48\`).`,
      );
    }
    source = parseStateSecret(fromEnv);
  }
  const keys: StateKey[] = typeof source === "string" ? [{ kid: "0", secret: source }] : [...source];
  if (keys.length === 0) throw new TypeError("pollingSecret must contain at least one key.");
  const byKid = new Map<string, Buffer>();
  for (const key of keys) {
    if (!key || typeof key.kid !== "string" || !KID.test(key.kid)) {
      throw new TypeError(
        `pollingSecret key id ${JSON.stringify(key?.kid)} must be 1 to 32 letters, digits, "_" or "-".`,
      );
    }
    if (typeof key.secret !== "string" || Buffer.byteLength(key.secret) < MIN_SECRET_BYTES) {
      throw new TypeError(`pollingSecret key "${key.kid}" must be at least ${MIN_SECRET_BYTES} bytes long.`);
    }
    if (byKid.has(key.kid)) throw new TypeError(`pollingSecret key id "${key.kid}" is used twice.`);
    byKid.set(key.kid, Buffer.from(key.secret, "utf8"));
  }
  const signer = keys[0] as StateKey;
  const mac = (kid: string, payload: string): Buffer =>
    createHmac("sha256", byKid.get(kid) as Buffer)
      .update(`${VERSION}.${kid}.${payload}`)
      .digest();

  return {
    sign(value) {
      const payload = Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
      return `${VERSION}.${signer.kid}.${payload}.${mac(signer.kid, payload).toString("base64url")}`;
    },
    verify(token) {
      if (typeof token !== "string" || token === "")
        throw stateError("missing", "The trigger state is empty.");
      if (token.length > MAX_STATE_INPUT_CHARS)
        throw stateError("malformed", "The trigger state is too long.");
      const parts = token.split(".");
      if (parts.length !== 4) throw stateError("malformed", "The trigger state is malformed.");
      const [version, kid, payload, signature] = parts as [string, string, string, string];
      if (!/^v\d{1,3}$/.test(version)) throw stateError("malformed", "The trigger state is malformed.");
      if (version !== VERSION) {
        throw stateError(
          "unsupported_version",
          `The trigger state has format ${version}, which this connector no longer accepts; turn the flow off and on to start over.`,
        );
      }
      if (!KID.test(kid) || !B64URL.test(payload) || !B64URL.test(signature)) {
        throw stateError("malformed", "The trigger state is malformed.");
      }
      if (!byKid.has(kid))
        throw stateError(
          "unknown_key",
          "The trigger state was signed with a key this connector does not have.",
        );
      const expected = mac(kid, payload);
      const given = Buffer.from(signature, "base64url");
      if (
        given.length !== expected.length ||
        given.toString("base64url") !== signature ||
        !timingSafeEqual(given, expected)
      ) {
        throw stateError(
          "bad_signature",
          "The trigger state's signature does not match: it was altered or made elsewhere.",
        );
      }
      try {
        return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
      } catch {
        throw stateError("malformed", "The trigger state is malformed.");
      }
    },
  };
}

/**
 * A 400 error about the trigger state, with a detail on `query.<parameter>`.
 * @internal
 */
export function stateError(code: string, message: string, parameter = "triggerState"): ConnectorError {
  return new ConnectorError("BadRequest", {
    message,
    details: [
      {
        code: `trigger_state_${code}`,
        target: `query.${parameter}`,
        location: "query",
        path: [parameter],
        message,
      },
    ],
  });
}
