import type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./types";

interface Slot {
  value: string;
  version: number;
  expiresAt: number | undefined;
}

/**
 * Options of {@link memoryStore}.
 *
 * @example
 * ```ts
 * let now = 0;
 * const options: MemoryStoreOptions = { now: () => now };
 * const store = memoryStore(options);
 * await store.put("k", 1, { ttlMs: 1000 });
 * now = 1000; // (await store.get("k")) is now undefined
 * ```
 */
export interface MemoryStoreOptions {
  /** Clock in epoch milliseconds, for tests. @default Date.now */
  now?: () => number;
}

/**
 * An in-memory {@link ConnectorStore} for tests and development. State is lost when the process exits:
 * use a durable store in production.
 *
 * @param options - optional clock.
 * @returns a store.
 * @example
 * ```ts
 * import { memoryStore } from "@connectorkit/sdk";
 * const store = memoryStore();
 * await store.put("sub:1", { url: "https://example.com" });
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): ConnectorStore {
  const now = options.now ?? Date.now;
  const map = new Map<string, Slot>();
  let counter = 0;

  const live = (key: string): Slot | undefined => {
    const slot = map.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt !== undefined && slot.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return slot;
  };
  const toEntry = <T>(key: string, slot: Slot): StoreEntry<T> => ({
    key,
    value: JSON.parse(slot.value) as T,
    version: String(slot.version),
    expiresAt: slot.expiresAt,
  });

  return {
    async get<T>(key: string) {
      const slot = live(key);
      return slot ? toEntry<T>(key, slot) : undefined;
    },
    async put<T>(key: string, value: T, opts: PutOptions = {}): Promise<PutResult> {
      const current = live(key);
      if (opts.ifVersion === null && current) return { ok: false, reason: "conflict" };
      if (typeof opts.ifVersion === "string" && (!current || String(current.version) !== opts.ifVersion)) {
        return { ok: false, reason: "conflict" };
      }
      const serialized = JSON.stringify(value);
      if (serialized === undefined) throw new TypeError(`Store value for ${key} is not JSON-serialisable`);
      counter += 1;
      map.set(key, {
        value: serialized,
        version: counter,
        expiresAt: opts.ttlMs === undefined ? undefined : now() + opts.ttlMs,
      });
      return { ok: true, version: String(counter) };
    },
    async delete(key, opts = {}) {
      const current = live(key);
      if (!current) return false;
      if (opts.ifVersion !== undefined && String(current.version) !== opts.ifVersion) return false;
      map.delete(key);
      return true;
    },
    async list<T>(prefix: string, opts: ListOptions = {}): Promise<ListPage<T>> {
      const limit = Math.max(1, opts.limit ?? 100);
      const keys = [...map.keys()]
        .filter((k) => k.startsWith(prefix) && (opts.cursor === undefined || k > opts.cursor))
        .sort();
      const entries: StoreEntry<T>[] = [];
      let last: string | undefined;
      for (const key of keys) {
        const slot = live(key);
        if (!slot) continue;
        entries.push(toEntry<T>(key, slot));
        last = key;
        if (entries.length === limit) break;
      }
      const more = last !== undefined && keys.some((k) => k > last && live(k));
      return more ? { entries, cursor: last } : { entries };
    },
    async close() {},
  };
}
