/**
 * Stores for state that must outlive a request (jobs, webhook subscriptions, dead letters): in-memory,
 * durable embedded file, Redis and Azure Table Storage. Redis and Azure modules are optional peers, loaded
 * with a dynamic `import()` only when their factory runs.
 * @module
 */
export type { AzureTableStore, AzureTableStoreOptions } from "./azure-table-store";
export { azureTableStore } from "./azure-table-store";
export { DEFAULT_STATE_DIR, defaultStore, STATE_DIR_ENV } from "./default-store";
export type {
  FileStore,
  FileStoreLogger,
  FileStoreOptions,
  FileStoreRecovery,
  FileStoreStats,
} from "./file-store";
export { fileStore } from "./file-store";
export type { MemoryStoreOptions } from "./memory-store";
export { memoryStore } from "./memory-store";
export type { RedisStoreOptions } from "./redis-store";
export { redisStore } from "./redis-store";
export { MAX_KEY_BYTES, StoreCorruptError, StoreLockedError, StoreUnavailableError } from "./store-errors";
export type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./types";
