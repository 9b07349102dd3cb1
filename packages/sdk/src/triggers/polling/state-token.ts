/**
 * Signed, versioned polling-trigger state. The state travels in the `Location` URL the engine calls next, so
 * it is HMAC-SHA256 signed with a connector secret and bound to the caller; a tampered, foreign (another
 * trigger, other parameters, another caller) or malformed state is refused with 400 (never a crash, never a
 * silent reset).
 *
 * Format: `v2.<kid>.<payload>.<signature>` where `payload` is base64url(JSON) and `signature` is
 * base64url(HMAC-SHA256(secret of kid, "v2.<kid>.<payload>.<binding>")). `binding` is the caller's principal
 * fingerprint: it is not in the token, so the same token presented by another caller fails the signature check
 * exactly like a tampered one. The payload is readable (signed, not encrypted): keep secrets out of cursors.
 *
 * There is no built-in key. Without `pollingSecret` and `CONNECTORKIT_STATE_SECRET`, a key is generated only
 * when `NODE_ENV` is `development` (kept in the state directory, mode 0600, so restarts keep working) or
 * `test` (in memory, per process); in any other case (production, staging, unset as on Azure Functions)
 * creating the handler throws.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { ConnectorError } from "../../errors/connector-error";
import { DEFAULT_STATE_DIR, STATE_DIR_ENV } from "../../store/default-store";

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
 * The environment variable read when no `pollingSecret` option is given. Without either, a key is generated
 * only when `NODE_ENV` is `development` or `test`; otherwise creating the handler throws.
 *
 * @example
 * ```ts
 * // the same format parseStateSecret() reads: one secret, or "kid:secret,kid:secret" (first one signs)
 * if (!process.env[STATE_SECRET_ENV]) throw new Error(`set ${STATE_SECRET_ENV}: there is no built-in key`);
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
/**
 * File, in the state directory (`CONNECTORKIT_STATE_DIR`, default `.connectorkit/state`), holding the key generated
 * for development when no secret is configured.
 *
 * @example
 * ```ts
 * const file = join(process.env[STATE_DIR_ENV] ?? DEFAULT_STATE_DIR, DEV_STATE_SECRET_FILE); // delete it to start over
 * ```
 */
export const DEV_STATE_SECRET_FILE = "polling-state-secret";
const VERSION = "v2";
const KID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** A ready signer/verifier. @internal */
export interface StateKeyring {
  /** Signs a payload for one caller (`binding`: the caller's principal fingerprint). */
  sign(payload: unknown, binding: string): string;
  /**
   * Verifies and decodes a state made for `binding`; throws a 400 `ConnectorError` naming the problem (a state
   * made for another caller is `bad_signature`, like a tampered one).
   */
  verify(token: unknown, binding: string): unknown;
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
 * Builds the keyring from a secret, else the environment variable, else (development and test only) a generated key.
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
    source =
      fromEnv === undefined || fromEnv.trim() === "" ? generatedSecret(env) : parseStateSecret(fromEnv);
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
  const mac = (kid: string, payload: string, binding: string): Buffer =>
    createHmac("sha256", byKid.get(kid) as Buffer)
      .update(`${VERSION}.${kid}.${payload}.${binding}`)
      .digest();
  const checkBinding = (binding: unknown): string => {
    if (typeof binding !== "string" || binding === "" || binding.includes("."))
      throw new TypeError("state binding must be a non-empty string without dots");
    return binding;
  };

  return {
    sign(value, binding) {
      const payload = Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
      const signature = mac(signer.kid, payload, checkBinding(binding)).toString("base64url");
      return `${VERSION}.${signer.kid}.${payload}.${signature}`;
    },
    verify(token, binding) {
      checkBinding(binding);
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
      const expected = mac(kid, payload, binding);
      const given = Buffer.from(signature, "base64url");
      if (
        given.length !== expected.length ||
        given.toString("base64url") !== signature ||
        !timingSafeEqual(given, expected)
      ) {
        throw stateError(
          "bad_signature",
          "The trigger state's signature does not match: it was altered, made elsewhere or made for another connection.",
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

/** Keys generated in this process, by file (development) or `""` (test). */
const generated = new Map<string, string>();

/**
 * The key used when no secret is configured: only under `NODE_ENV=development` (a file in the state directory,
 * created once with mode 0600 and read again after a restart; announced once per process) or `NODE_ENV=test`
 * (random, in memory, for this process). Anything else throws: there is no built-in key.
 */
function generatedSecret(env: Record<string, string | undefined>): string {
  const mode = env["NODE_ENV"];
  if (mode === "test") {
    let key = generated.get("");
    if (key === undefined) {
      key = randomBytes(32).toString("base64url");
      generated.set("", key);
    }
    return key;
  }
  if (mode !== "development") {
    throw new TypeError(
      `Polling triggers sign their state and no secret is configured: pass createHandler(connector, { pollingSecret }) or set ${STATE_SECRET_ENV} (at least ${MIN_SECRET_BYTES} random bytes, e.g. \`openssl rand -base64 48\`; the same value on every instance). A key is generated only when NODE_ENV is "development" or "test" (NODE_ENV is ${mode === undefined ? "unset" : JSON.stringify(mode)}).`,
    );
  }
  const dir = resolve(env[STATE_DIR_ENV] || DEFAULT_STATE_DIR);
  const file = join(dir, DEV_STATE_SECRET_FILE);
  const known = generated.get(file);
  if (known !== undefined) return known;
  const key = readOrCreateKeyFile(dir, file);
  generated.set(file, key);
  console.warn(
    `connectorkit: no polling-state secret configured (${STATE_SECRET_ENV} or the pollingSecret option); NODE_ENV is "development", so polling state is signed with a generated key kept in ${file}. Production must configure one.`,
  );
  return key;
}

function readOrCreateKeyFile(dir: string, file: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fresh = randomBytes(48).toString("base64url");
  // Write a private temporary file, then link it into place: the link fails if the file exists, so two
  // processes starting together agree on one key, and nobody reads a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const out = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(out, `${fresh}\n`);
  } finally {
    closeSync(out);
  }
  try {
    linkSync(tmp, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(tmp);
  }
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  let text: string;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > 1024) throw new TypeError(`${file} is not a key file; delete it.`);
    if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
      throw new TypeError(
        `${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it or delete it.`,
      );
    }
    text = readFileSync(fd, "utf8").trim();
  } finally {
    closeSync(fd);
  }
  if (Buffer.byteLength(text) < MIN_SECRET_BYTES) {
    throw new TypeError(
      `${file} holds no usable key (at least ${MIN_SECRET_BYTES} bytes); delete it to generate a new one.`,
    );
  }
  return text;
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
