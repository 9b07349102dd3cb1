/**
 * Errors thrown by the durable stores, and the input checks every store shares (keys, TTLs, values).
 * @module
 */

/**
 * Thrown by {@link fileStore} when another live process holds the store's lock file.
 *
 * @example
 * ```ts
 * try {
 *   await fileStore({ path: "./data/store" });
 * } catch (e) {
 *   if (e instanceof StoreLockedError) console.error(`held by pid ${e.holderPid}`);
 * }
 * ```
 */
export class StoreLockedError extends Error {
  override readonly name = "StoreLockedError";
  /** Process id written in the lock file, when it could be read. */
  readonly holderPid: number | undefined;
  constructor(message: string, holderPid?: number) {
    super(message);
    this.holderPid = holderPid;
  }
}

/**
 * Thrown when a store cannot be used: it was closed, its file is not a store file, or an earlier disk
 * write failed (after a failed write or fsync the store refuses further work instead of guessing what is
 * on disk).
 *
 * @example
 * ```ts
 * await store.close();
 * await store.get("job:1").catch((e) => e instanceof StoreUnavailableError); // true
 * ```
 */
export class StoreUnavailableError extends Error {
  override readonly name: string = "StoreUnavailableError";
}

/**
 * Thrown by {@link fileStore} when its log cannot be trusted: damaged in the middle (valid records follow a bad
 * one, so cutting there would silently drop them), or empty where a store log should be. Nothing was changed
 * on disk. Open with `onCorruption: "truncate"` to keep the valid prefix (the rest is saved beside the log).
 *
 * @example
 * ```ts
 * try {
 *   await fileStore({ path: "./data/store" });
 * } catch (e) {
 *   if (e instanceof StoreCorruptError) console.error(`${e.droppedRecords} records after byte ${e.offset}`);
 * }
 * ```
 */
export class StoreCorruptError extends StoreUnavailableError {
  override readonly name: string = "StoreCorruptError";
  /** Byte offset in the log where the damage starts. */
  readonly offset: number;
  /** Valid records after the damage, which truncating would drop. */
  readonly droppedRecords: number;
  constructor(message: string, offset: number, droppedRecords: number) {
    super(message);
    this.offset = offset;
    this.droppedRecords = droppedRecords;
  }
}

/**
 * Longest key, in UTF-8 bytes, that every store accepts.
 *
 * @example
 * ```ts
 * const key = `sub:${name}`;
 * if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) throw new RangeError("name too long");
 * await store.put(key, { name });
 * ```
 */
export const MAX_KEY_BYTES = 512;

// With the `u` flag, a surrogate range matches only lone surrogates (pairs are one code point).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Checks a store key: a non-empty, well-formed (no lone surrogates) string of at most {@link MAX_KEY_BYTES}
 * UTF-8 bytes.
 *
 * @param key - the key to check.
 * @throws TypeError or RangeError with a message naming the problem.
 * @example
 * ```ts
 * checkKey("sub:onNewItem:42"); // ok
 * checkKey(""); // throws TypeError
 * ```
 */
export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new TypeError(`Store key must be a string, got ${typeof key}`);
  if (key.length === 0) throw new TypeError("Store key must not be empty");
  if (LONE_SURROGATE.test(key)) throw new TypeError("Store key contains a lone UTF-16 surrogate");
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > MAX_KEY_BYTES) {
    throw new RangeError(`Store key is ${bytes} UTF-8 bytes; the limit is ${MAX_KEY_BYTES}`);
  }
}

/**
 * Checks a key prefix for `list` (any well-formed string, empty allowed) and a cursor.
 *
 * @param prefix - the prefix.
 * @param cursor - the optional cursor from a previous page.
 * @throws TypeError when either is not a string.
 * @example
 * ```ts
 * checkListArgs("sub:", undefined);
 * ```
 */
export function checkListArgs(prefix: unknown, cursor: unknown): void {
  if (typeof prefix !== "string") throw new TypeError(`List prefix must be a string, got ${typeof prefix}`);
  if (LONE_SURROGATE.test(prefix)) throw new TypeError("List prefix contains a lone UTF-16 surrogate");
  if (cursor !== undefined && typeof cursor !== "string") {
    throw new TypeError(`List cursor must be a string, got ${typeof cursor}`);
  }
}

/**
 * Normalises a page size: default 100, at least 1, at most 1000.
 *
 * @param limit - the caller's `limit`.
 * @returns the page size to use.
 * @throws TypeError when `limit` is not a finite number.
 * @example
 * ```ts
 * pageSize(undefined); // 100
 * ```
 */
export function pageSize(limit: unknown): number {
  if (limit === undefined) return 100;
  if (typeof limit !== "number" || !Number.isFinite(limit))
    throw new TypeError("List limit must be a finite number");
  return Math.min(1000, Math.max(1, Math.floor(limit)));
}

/**
 * Checks a TTL: a finite number of milliseconds, at least 0.
 *
 * @param ttlMs - the caller's `ttlMs`.
 * @throws RangeError for negative, `NaN` or infinite values.
 * @example
 * ```ts
 * checkTtl(60_000);
 * ```
 */
export function checkTtl(ttlMs: unknown): asserts ttlMs is number | undefined {
  if (ttlMs === undefined) return;
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs < 0) {
    throw new RangeError(`Store ttlMs must be a finite number >= 0, got ${String(ttlMs)}`);
  }
}

/**
 * Serialises a value as JSON, refusing values JSON cannot represent and values larger than `maxChars`.
 *
 * @param key - the key, for the message.
 * @param value - the value.
 * @param maxChars - the largest serialised length accepted.
 * @returns the JSON text.
 * @throws TypeError for `undefined`, functions, symbols, BigInt and cycles; RangeError when too large.
 * @example
 * ```ts
 * serializeValue("job:1", { n: 1 }, 1_000_000); // '{"n":1}'
 * ```
 */
export function serializeValue(key: string, value: unknown, maxChars: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`Store value for ${key} is not JSON-serialisable: ${(error as Error).message}`);
  }
  if (text === undefined) throw new TypeError(`Store value for ${key} is not JSON-serialisable`);
  if (text.length > maxChars) {
    throw new RangeError(
      `Store value for ${key} is ${text.length} characters of JSON; the limit is ${maxChars}`,
    );
  }
  return text;
}
