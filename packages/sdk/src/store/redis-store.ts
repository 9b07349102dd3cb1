import type { Redis } from "ioredis";
import type { RedisClientLike } from "../optional-peers";
import {
  checkKey,
  checkListArgs,
  checkTtl,
  pageSize,
  StoreUnavailableError,
  serializeValue,
} from "./store-errors";
import type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./types";

/**
 * Options of {@link redisStore}.
 *
 * @example
 * ```ts
 * const options: RedisStoreOptions = { client: "redis://127.0.0.1:6379", keyPrefix: "{todo}:" };
 * ```
 */
export interface RedisStoreOptions {
  /**
   * An ioredis client (you keep ownership: `close()` leaves it open), or a `redis://` URL (the store creates,
   * connects and on `close()` quits its own client).
   * @default "redis://127.0.0.1:6379"
   */
  client?: RedisClientLike | string | undefined;
  /**
   * Prefix of every Redis key the store uses, e.g. `"myconnector:"`. For Redis Cluster put a hash tag in it
   * (`"{myconnector}:"`): the scripts touch the record and the index together, so they must share a slot.
   */
  keyPrefix: string;
  /** Largest value, as characters of JSON. @default 16 MiB */
  maxValueChars?: number | undefined;
}

/*
 * Layout under keyPrefix P:
 *   P + "d:" + key  -> string "<version>|<expiresAt or empty>|<value JSON>", with PX when it has a TTL
 *   P + "idx"       -> sorted set of keys, all score 0, for prefix listing with ZRANGEBYLEX
 *   P + "ver"       -> counter (INCR) that issues versions, so a recreated key never reuses a version
 *
 * Listing uses the sorted-set index rather than SCAN: SCAN is unordered, may return a key twice and its
 * cursor is tied to the hash table's layout, so it cannot give stable, ordered, key-based page cursors.
 * Expired records vanish through Redis' own PX expiry; their index members are removed lazily by the list
 * script (atomically, only if the record is really gone).
 */

const PUT_LUA = `
local cur = redis.call('GET', KEYS[1])
local mode = ARGV[1]
if mode == 'create' then
  if cur then return 0 end
elseif mode == 'match' then
  if not cur then return 0 end
  if string.match(cur, '^(%d+)|') ~= ARGV[2] then return 0 end
end
local ver = redis.call('INCR', KEYS[3])
local payload = tostring(ver) .. '|' .. ARGV[4] .. '|' .. ARGV[3]
if ARGV[5] ~= '' then
  redis.call('SET', KEYS[1], payload, 'PX', ARGV[5])
else
  redis.call('SET', KEYS[1], payload)
end
redis.call('ZADD', KEYS[2], 0, ARGV[6])
return ver
`;

const DELETE_LUA = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
if ARGV[1] ~= '' and string.match(cur, '^(%d+)|') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`;

// Returns { flat [key, payload, ...], done (1/0), lastScanned }. Scans at most ARGV[5] index members so one
// call never blocks Redis for long, even over many expired members.
const LIST_LUA = `
local out = {}
local min = ARGV[2]
local want = tonumber(ARGV[4]) * 2
local budget = tonumber(ARGV[5])
local scanned = 0
local last = ''
while #out < want and scanned < budget do
  local batch = redis.call('ZRANGEBYLEX', KEYS[1], min, ARGV[3], 'LIMIT', 0, 128)
  if #batch == 0 then return {out, 1, last} end
  for _, member in ipairs(batch) do
    scanned = scanned + 1
    last = member
    local v = redis.call('GET', ARGV[1] .. member)
    if v then
      out[#out + 1] = member
      out[#out + 1] = v
      if #out >= want then return {out, 0, last} end
    else
      redis.call('ZREM', KEYS[1], member)
    end
  end
  if #batch < 128 then return {out, 1, last} end
  min = '(' .. last
end
return {out, 0, last}
`;

interface StoreCommands {
  ckStorePut(...args: Array<string | Buffer | number>): Promise<number>;
  ckStoreDelete(...args: Array<string | Buffer | number>): Promise<number>;
  ckStoreList(...args: Array<string | Buffer | number>): Promise<[string[], number, string]>;
}

const LIST_SCAN_BUDGET = 1000;

/**
 * A {@link ConnectorStore} on Redis (via the optional peer `ioredis`, loaded only when this is called), for
 * several instances sharing state. Writes are Lua scripts, so version checks and writes are atomic;
 * versions come from one counter (never reused); TTL is Redis' `PX`; listing uses a sorted-set index
 * (`ZRANGEBYLEX`), ordered by UTF-8 bytes, with the last key as the page cursor.
 *
 * @param options - client or URL, and the key prefix.
 * @returns the connected store.
 * @example
 * ```ts
 * import { redisStore } from "@connectorkit/sdk";
 * const store = await redisStore({ client: process.env.REDIS_URL, keyPrefix: "todo-connector:" });
 * await store.put("job:42", { state: "running" }, { ttlMs: 3_600_000 });
 * ```
 */
export async function redisStore(options: RedisStoreOptions): Promise<ConnectorStore> {
  if (typeof options?.keyPrefix !== "string" || options.keyPrefix === "") {
    throw new TypeError("redisStore: `keyPrefix` (a non-empty string) is required");
  }
  const maxValueChars = options.maxValueChars ?? 16 * 1024 * 1024;
  let client: Redis;
  let owned = false;
  if (options.client === undefined || typeof options.client === "string") {
    const { Redis: RedisClient } = await import("ioredis");
    client = new RedisClient(options.client ?? "redis://127.0.0.1:6379", {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    owned = true;
    // Connection errors reach callers as rejected commands; without a listener ioredis would also print them.
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new StoreUnavailableError(`redisStore: cannot connect (${(error as Error).message})`);
    }
  } else {
    client = options.client as unknown as Redis;
  }
  client.defineCommand("ckStorePut", { numberOfKeys: 3, lua: PUT_LUA });
  client.defineCommand("ckStoreDelete", { numberOfKeys: 2, lua: DELETE_LUA });
  client.defineCommand("ckStoreList", { numberOfKeys: 1, lua: LIST_LUA });
  const commands = client as unknown as StoreCommands;

  const prefix = options.keyPrefix;
  const dataPrefix = `${prefix}d:`;
  const indexKey = `${prefix}idx`;
  const versionKey = `${prefix}ver`;
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new StoreUnavailableError("redisStore is closed");
  };

  const toEntry = <T>(key: string, payload: string): StoreEntry<T> => {
    const a = payload.indexOf("|");
    const b = payload.indexOf("|", a + 1);
    const expires = payload.slice(a + 1, b);
    return {
      key,
      value: JSON.parse(payload.slice(b + 1)) as T,
      version: payload.slice(0, a),
      expiresAt: expires === "" ? undefined : Number(expires),
    };
  };

  return {
    async get<T = unknown>(key: string) {
      assertOpen();
      checkKey(key);
      const payload = await client.get(dataPrefix + key);
      return payload === null ? undefined : toEntry<T>(key, payload);
    },

    async put<T = unknown>(key: string, value: T, opts: PutOptions = {}): Promise<PutResult> {
      assertOpen();
      checkKey(key);
      checkTtl(opts.ttlMs);
      const text = serializeValue(key, value, maxValueChars);
      const ifVersion = opts.ifVersion;
      let mode = "any";
      let expected = "";
      if (ifVersion === null) mode = "create";
      else if (typeof ifVersion === "string") {
        if (!/^\d+$/.test(ifVersion)) return { ok: false, reason: "conflict" }; // not a version we issued
        mode = "match";
        expected = ifVersion;
      } else if (ifVersion !== undefined)
        throw new TypeError("ifVersion must be a string, null or undefined");
      const ttl = opts.ttlMs;
      const expiresAt = ttl === undefined ? "" : String(Date.now() + ttl);
      const px = ttl === undefined ? "" : String(Math.max(1, Math.ceil(ttl)));
      const ver = await commands.ckStorePut(
        dataPrefix + key,
        indexKey,
        versionKey,
        mode,
        expected,
        text,
        expiresAt,
        px,
        key,
      );
      return ver === 0 ? { ok: false, reason: "conflict" } : { ok: true, version: String(ver) };
    },

    async delete(key: string, opts: { ifVersion?: string | undefined } = {}) {
      assertOpen();
      checkKey(key);
      return (await commands.ckStoreDelete(dataPrefix + key, indexKey, opts.ifVersion ?? "", key)) === 1;
    },

    async list<T = unknown>(listPrefix: string, opts: ListOptions = {}): Promise<ListPage<T>> {
      assertOpen();
      checkListArgs(listPrefix, opts.cursor);
      const limit = pageSize(opts.limit);
      const max =
        listPrefix === "" ? "+" : Buffer.concat([Buffer.from(`(${listPrefix}`), Buffer.from([0xff])]);
      let min =
        opts.cursor !== undefined && Buffer.compare(Buffer.from(opts.cursor), Buffer.from(listPrefix)) >= 0
          ? `(${opts.cursor}`
          : listPrefix === ""
            ? "-"
            : `[${listPrefix}`;
      const entries: StoreEntry<T>[] = [];
      for (;;) {
        const [flat, done, last] = await commands.ckStoreList(
          indexKey,
          dataPrefix,
          min,
          max,
          limit + 1 - entries.length,
          LIST_SCAN_BUDGET,
        );
        for (let i = 0; i + 1 < flat.length; i += 2) {
          if (entries.length === limit) return { entries, cursor: entries[limit - 1]!.key };
          entries.push(toEntry<T>(flat[i]!, flat[i + 1]!));
        }
        if (done === 1 || last === "") return { entries };
        min = `(${last}`;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
