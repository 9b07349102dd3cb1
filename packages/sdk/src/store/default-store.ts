import { resolve } from "node:path";
import { fileStore } from "./file-store";
import { memoryStore } from "./memory-store";
import type { ConnectorStore } from "./types";

/**
 * Environment variable naming the directory of the default durable store.
 *
 * @example
 * ```ts
 * process.env[STATE_DIR_ENV] = "/var/lib/my-connector"; // before the first defaultStore() call
 * const store = defaultStore(); // a file store in /var/lib/my-connector
 * ```
 */
export const STATE_DIR_ENV = "CONNECTORKIT_STATE_DIR";
/**
 * Where the default durable store lives when {@link STATE_DIR_ENV} is not set (relative to the working directory).
 *
 * @example
 * ```ts
 * const dir = process.env[STATE_DIR_ENV] ?? DEFAULT_STATE_DIR; // ".connectorkit/state" unless overridden
 * ```
 */
export const DEFAULT_STATE_DIR = ".connectorkit/state";

const opened = new Map<string, ConnectorStore>();

/**
 * The store used when none is configured: a durable {@link fileStore} in `CONNECTORKIT_STATE_DIR` (default
 * `.connectorkit/state`), opened on first use, or an in-memory store when `NODE_ENV` is `test`. Calls with the
 * same directory return the same store, so `createHandler(connector)` and `createDispatcher({ store: defaultStore() })`
 * share state. One machine only: for several instances use a shared store (Redis, Azure Table Storage).
 *
 * @param options - the directory; defaults to the environment variable, then `.connectorkit/state`.
 * @returns a store whose operations wait for the file store to open.
 * @example
 * ```ts
 * import { createDispatcher, defaultStore } from "@connectorkit/sdk";
 * const dispatcher = createDispatcher({ store: defaultStore() }); // the same store createHandler uses by default
 * ```
 */
export function defaultStore(options: { path?: string } = {}): ConnectorStore {
  if (options.path === undefined && process.env["NODE_ENV"] === "test") return testStore();
  const dir = resolve(options.path ?? process.env[STATE_DIR_ENV] ?? DEFAULT_STATE_DIR);
  let store = opened.get(dir);
  if (!store) {
    store = lazyStore(() => fileStore({ path: dir }));
    opened.set(dir, store);
  }
  return store;
}

let shared: ConnectorStore | undefined;
function testStore(): ConnectorStore {
  shared ??= memoryStore();
  return shared;
}

/** A store that opens its backing store on first use (open errors surface on that call). */
function lazyStore(open: () => Promise<ConnectorStore>): ConnectorStore {
  let pending: Promise<ConnectorStore> | undefined;
  const get = (): Promise<ConnectorStore> => {
    pending ??= open().catch((error: unknown) => {
      pending = undefined; // a later call may retry, e.g. after a stale lock is cleared
      throw error;
    });
    return pending;
  };
  const lazy: ConnectorStore = {
    get: async (key) => (await get()).get(key),
    put: async (key, value, opts) => (await get()).put(key, value, opts),
    delete: async (key, opts) => (await get()).delete(key, opts),
    list: async (prefix, opts) => (await get()).list(prefix, opts),
    close: async () => {
      for (const [dir, s] of opened) if (s === lazy) opened.delete(dir);
      if (!pending) return;
      const store = await pending.catch(() => undefined);
      pending = undefined;
      await store?.close();
    },
  };
  return lazy;
}
