/**
 * Throughput and loss benchmark of every store: concurrent subscription registrations, then event-like
 * writes and reads, with a read-back of every key. The lead's `bench/` calls {@link benchStores}.
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { azureTableStore } from "./azure-table-store";
import { fileStore } from "./file-store";
import { type LocalServer, startAzuriteTable, startRedisServer } from "./local-servers";
import { memoryStore } from "./memory-store";
import { redisStore } from "./redis-store";
import type { ConnectorStore } from "./types";

/**
 * Store kinds {@link benchStores} can measure.
 *
 * @example
 * ```ts
 * const kinds: BenchStoreKind[] = ["file", "redis"];
 * ```
 */
export type BenchStoreKind = "memory" | "file" | "redis" | "azureTable";

/**
 * Options of {@link benchStores}.
 *
 * @example
 * ```ts
 * const options: BenchStoresOptions = { stores: ["memory", "file"], events: 2_000, timeBudgetMs: 10_000 };
 * ```
 */
export interface BenchStoresOptions {
  /** Which stores. @default all four */
  stores?: BenchStoreKind[] | undefined;
  /** Subscription registrations, all issued at once. @default 1000 */
  subscriptions?: number | undefined;
  /** Event writes, then as many reads. @default 10000 */
  events?: number | undefined;
  /** Event operations in flight at a time. @default 64 */
  concurrency?: number | undefined;
  /** Wall-clock budget per store; work not started by then is skipped and the result marked. @default 60000 */
  timeBudgetMs?: number | undefined;
  /** Redis URL; when absent a throw-away `redis-server` is started. */
  redisUrl?: string | undefined;
  /** Azure Storage connection string; when absent a throw-away Azurite is started. */
  azureConnectionString?: string | undefined;
  /** Progress and result lines. @default console.log */
  log?: ((line: string) => void) | undefined;
}

/**
 * One phase's measurement.
 *
 * @example
 * ```ts
 * const p: BenchPhase = { ops: 1000, ms: 250, opsPerSec: 4000 };
 * ```
 */
export interface BenchPhase {
  /** Operations completed. */
  ops: number;
  /** Elapsed milliseconds. */
  ms: number;
  /** `ops / seconds`, rounded. */
  opsPerSec: number;
}

/**
 * Result for one store.
 *
 * @example
 * ```ts
 * const [file] = await benchStores({ stores: ["file"] });
 * console.log(file.eventWrites.opsPerSec, file.lost);
 * ```
 */
export interface StoreBenchResult {
  /** Store kind. */
  store: BenchStoreKind;
  /** 1,000 concurrent `put(sub:..., { ifVersion: null })`. */
  subscriptions: BenchPhase;
  /** Event `put`s. */
  eventWrites: BenchPhase;
  /** Event `get`s of the written keys. */
  eventReads: BenchPhase;
  /** Acknowledged writes not read back (or read back wrong); must be 0. */
  lost: number;
  /** Whether the time budget cut the run short. */
  timedOut: boolean;
}

const DEFAULT_STORES: BenchStoreKind[] = ["memory", "file", "redis", "azureTable"];

function phase(ops: number, started: number): BenchPhase {
  const ms = Math.max(1, Date.now() - started);
  return { ops, ms, opsPerSec: Math.round((ops * 1000) / ms) };
}

/** Runs `fn(0..n-1)` with at most `concurrency` in flight; stops starting new work after `deadline`. */
async function pool(n: number, concurrency: number, deadline: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < n && Date.now() < deadline) {
      const i = next++;
      await fn(i);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return done;
}

async function benchOne(
  kind: BenchStoreKind,
  open: () => Promise<ConnectorStore>,
  options: { subscriptions: number; events: number; concurrency: number; timeBudgetMs: number },
  reopen: (() => Promise<ConnectorStore>) | undefined,
): Promise<StoreBenchResult> {
  const deadline = Date.now() + options.timeBudgetMs;
  let store = await open();
  let lost = 0;
  try {
    // 1. subscription registrations, all at once
    let started = Date.now();
    const regs = await Promise.all(
      Array.from({ length: options.subscriptions }, (_, i) =>
        store.put(
          `sub:onNewItem:${String(i).padStart(6, "0")}`,
          {
            url: `https://prod-00.westeurope.logic.azure.com/workflows/${i}/triggers/manual/paths/invoke`,
            createdAt: new Date().toISOString(),
          },
          { ifVersion: null },
        ),
      ),
    );
    const subscriptions = phase(regs.length, started);
    lost += regs.filter((r) => !r.ok).length;

    // 2. event-like writes
    started = Date.now();
    const payload = { source: "bench", body: "e".repeat(200), tags: ["a", "b", "c"] };
    // writes may use 60% of what is left of the budget, so the read phase is measured too
    const writeDeadline = Date.now() + 0.6 * Math.max(0, deadline - Date.now());
    const written = await pool(options.events, options.concurrency, writeDeadline, async (i) => {
      const r = await store.put(
        `job:evt:${String(i).padStart(7, "0")}`,
        { seq: i, ...payload },
        { ttlMs: 3_600_000 },
      );
      if (!r.ok) lost += 1;
    });
    const eventWrites = phase(written, started);

    // 3. event reads of everything written
    started = Date.now();
    const read = await pool(written, options.concurrency, deadline, async (i) => {
      const e = await store.get<{ seq: number }>(`job:evt:${String(i).padStart(7, "0")}`);
      if (e?.value.seq !== i) lost += 1;
    });
    const eventReads = phase(read, started);
    let timedOut = written < options.events || read < written;

    // 4. zero-loss check: every subscription listed back (after a reopen for durable embedded stores)
    if (reopen) {
      await store.close();
      store = await reopen();
    }
    let listed = 0;
    let cursor: string | undefined;
    do {
      if (Date.now() > deadline + 30_000) {
        timedOut = true;
        break;
      }
      const page = await store.list("sub:onNewItem:", { cursor, limit: 500 });
      listed += page.entries.length;
      cursor = page.cursor;
    } while (cursor !== undefined);
    if (!timedOut) lost += options.subscriptions - listed;
    if (reopen && !timedOut) {
      for (let i = 0; i < written; i += Math.max(1, Math.floor(written / 500))) {
        const e = await store.get<{ seq: number }>(`job:evt:${String(i).padStart(7, "0")}`);
        if (e?.value.seq !== i) lost += 1;
      }
    }
    return { store: kind, subscriptions, eventWrites, eventReads, lost, timedOut };
  } finally {
    await store.close();
  }
}

/**
 * Benchmarks the stores: `subscriptions` concurrent registrations, then `events` writes and as many reads
 * (64 in flight), then reads every key back. Starts its own `redis-server` and Azurite unless given
 * endpoints. Each store is bounded by `timeBudgetMs`.
 *
 * @param options - sizes, stores and endpoints.
 * @returns one result per store.
 * @throws Error when any store lost an acknowledged write.
 * @example
 * ```ts
 * import { benchStores } from "../packages/sdk/src/store/bench-stores";
 * const results = await benchStores({ stores: ["memory", "file"] });
 * ```
 */
export async function benchStores(options: BenchStoresOptions = {}): Promise<StoreBenchResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const sizes = {
    subscriptions: options.subscriptions ?? 1000,
    events: options.events ?? 10_000,
    concurrency: options.concurrency ?? 64,
    timeBudgetMs: options.timeBudgetMs ?? 60_000,
  };
  const kinds = options.stores ?? DEFAULT_STORES;
  const servers: LocalServer[] = [];
  const results: StoreBenchResult[] = [];
  const dir = await mkdtemp(join(tmpdir(), "ck-bench-stores-"));
  const run = `b${Date.now().toString(36)}`;
  try {
    for (const kind of kinds) {
      let result: StoreBenchResult;
      if (kind === "memory") {
        result = await benchOne(kind, async () => memoryStore(), sizes, undefined);
      } else if (kind === "file") {
        const open = () => fileStore({ path: join(dir, "file-store") });
        result = await benchOne(kind, open, sizes, open);
      } else if (kind === "redis") {
        let url = options.redisUrl;
        if (!url) {
          const server = await startRedisServer();
          servers.push(server);
          url = server.url;
        }
        const redisUrl = url;
        result = await benchOne(
          kind,
          () => redisStore({ client: redisUrl, keyPrefix: `ckbench:${run}:` }),
          sizes,
          undefined,
        );
      } else {
        let conn = options.azureConnectionString;
        if (!conn) {
          const server = await startAzuriteTable();
          servers.push(server);
          conn = server.url;
        }
        const connectionString = conn;
        result = await benchOne(
          kind,
          () => azureTableStore({ connectionString, table: `ckbench${run}` }),
          sizes,
          undefined,
        );
      }
      results.push(result);
      log(
        `${kind.padEnd(10)} subscriptions ${result.subscriptions.opsPerSec} ops/s (${result.subscriptions.ops} in ${result.subscriptions.ms} ms)` +
          ` | event writes ${result.eventWrites.opsPerSec} ops/s (${result.eventWrites.ops})` +
          ` | event reads ${result.eventReads.opsPerSec} ops/s (${result.eventReads.ops})` +
          ` | lost ${result.lost}${result.timedOut ? " | TIME BUDGET HIT" : ""}`,
      );
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
  const lossy = results.filter((r) => r.lost > 0);
  if (lossy.length > 0) {
    throw new Error(
      `store benchmark: acknowledged writes lost by ${lossy.map((r) => `${r.store} (${r.lost})`).join(", ")}`,
    );
  }
  return results;
}
