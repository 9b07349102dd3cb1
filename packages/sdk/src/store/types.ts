/**
 * The store interface behind state that must outlive a request: long-running jobs, webhook subscriptions,
 * dead letters. Every store (in-memory, durable file, Redis, Azure Table Storage) implements it and passes
 * the same contract suite.
 * @module
 */

/**
 * One stored record.
 *
 * @example
 * ```ts
 * const e: StoreEntry<{ n: number }> = { key: "job:1", value: { n: 1 }, version: "1" };
 * ```
 */
export interface StoreEntry<T = unknown> {
  /** The record's key. */
  key: string;
  /** The stored JSON value. */
  value: T;
  /** Opaque version; changes on every successful write. Use it for optimistic concurrency. */
  version: string;
  /** Expiry as epoch milliseconds, if the record has one. */
  expiresAt?: number | undefined;
}

/**
 * Options of {@link ConnectorStore.put}.
 *
 * @example
 * ```ts
 * const options: PutOptions = { ifVersion: null, ttlMs: 60_000 }; // create only, expire after a minute
 * await store.put("lock:report", { owner: "worker-1" }, options);
 * ```
 */
export interface PutOptions {
  /** Time to live in milliseconds; the record is gone (reads return `undefined`) after it. */
  ttlMs?: number | undefined;
  /**
   * Optimistic concurrency: write only if the current version equals this. `null` means "only if the key does
   * not exist" (create). Omit for an unconditional write.
   */
  ifVersion?: string | null | undefined;
}

/**
 * Result of {@link ConnectorStore.put}.
 *
 * @example
 * ```ts
 * const r: PutResult = await store.put("job:1", next, { ifVersion: entry.version });
 * if (!r.ok) return; // "conflict": someone else wrote first
 * console.log(r.version);
 * ```
 */
export type PutResult = { ok: true; version: string } | { ok: false; reason: "conflict" };

/**
 * One page of {@link ConnectorStore.list}.
 *
 * @example
 * ```ts
 * const page: ListPage<{ url: string }> = await store.list("sub:", { limit: 10 });
 * for (const e of page.entries) console.log(e.key, e.value.url);
 * ```
 */
export interface ListPage<T = unknown> {
  /** Entries in key order. */
  entries: StoreEntry<T>[];
  /** Pass back to get the next page; absent on the last page. */
  cursor?: string | undefined;
}

/**
 * Options of {@link ConnectorStore.list}.
 *
 * @example
 * ```ts
 * let options: ListOptions = { limit: 50 };
 * for (;;) {
 *   const page = await store.list("job:", options);
 *   // ... use page.entries ...
 *   if (page.cursor === undefined) break;
 *   options = { limit: 50, cursor: page.cursor };
 * }
 * ```
 */
export interface ListOptions {
  /** Continuation from a previous page. */
  cursor?: string | undefined;
  /** Page size. @default 100 */
  limit?: number | undefined;
}

/**
 * A small key-value store with versions, expiry and prefix listing. Values are JSON-serialisable.
 * A `put` that resolved is durable for durable stores: it survives a crash of the process.
 *
 * @example
 * ```ts
 * import { memoryStore } from "@connectorkit/sdk";
 * const store = memoryStore();
 * const r = await store.put("job:1", { state: "running" }, { ifVersion: null, ttlMs: 60_000 });
 * const e = await store.get<{ state: string }>("job:1");
 * ```
 */
export interface ConnectorStore {
  /** Reads one record; `undefined` when missing or expired. */
  get<T = unknown>(key: string): Promise<StoreEntry<T> | undefined>;
  /** Writes one record, optionally conditional on its version. */
  put<T = unknown>(key: string, value: T, options?: PutOptions): Promise<PutResult>;
  /** Deletes one record; resolves `true` when it existed. With `ifVersion`, deletes only that version. */
  delete(key: string, options?: { ifVersion?: string | undefined }): Promise<boolean>;
  /** Lists records whose key starts with `prefix`, in key order, a page at a time; skips expired ones. */
  list<T = unknown>(prefix: string, options?: ListOptions): Promise<ListPage<T>>;
  /** Releases resources (files, connections). */
  close(): Promise<void>;
}
