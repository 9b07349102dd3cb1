/**
 * Load run of the webhook runtime on every store: concurrent subscription registrations through the real
 * runtime (createHandler with the store, served by connectorRouter on a loopback Express listener), then
 * events fired with createDispatcher to a loopback receiver, with zero-loss accounting (every subscription
 * stored, every expected delivery id received). Used by bench/stores/run.ts and store-load.test.ts.
 * Bounded in count (sizes) and time (a budget per store).
 * @internal
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  azureTableStore,
  type ConnectorStore,
  createDispatcher,
  defineConnector,
  fileStore,
  memoryStore,
  redisStore,
  webhookTrigger,
} from "@connectorkit/sdk";
import { createHandler } from "@connectorkit/sdk/http";
import express from "express";
import { Agent, fetch } from "undici";
import { z } from "zod";
import { type LocalServer, startAzuriteTable, startRedisServer } from "../../../sdk/src/store/local-servers";
import { deliveryIdOf, subscriptionPrefix } from "../../../sdk/src/triggers/webhook/subscriptions";
import { startReceiver } from "../../../sdk/src/triggers/webhook/test-support";
import { connectorRouter } from "../connector-router";

/** Store kinds the load run covers. */
export type LoadStoreKind = "memory" | "file" | "redis" | "azureTable";

/** Options of {@link runStoreLoad}. */
export interface StoreLoadOptions {
  /** Which stores. @default all four */
  stores?: LoadStoreKind[];
  /** Registrations, all issued at once. @default 1000 */
  subscriptions?: number;
  /** Deliveries to receive: `ceil(deliveries / subscriptions)` events, each to every subscription. @default 10000 */
  deliveries?: number;
  /** HTTP connections for the registrations. @default 128 */
  connections?: number;
  /** Deliveries in flight per event (dispatcher concurrency). @default 64 */
  concurrency?: number;
  /** Wall-clock budget per store in ms; exceeding it fails the store. @default 120000 */
  timeBudgetMs?: number;
  /** Run a small uncounted pass on a memory store first, so the first store measured is not also paying JIT warm-up. @default true */
  warmUp?: boolean;
  /** Progress and result lines. @default nothing */
  log?: (line: string) => void;
}

/** One store's figures. */
export interface StoreLoadResult {
  store: LoadStoreKind;
  subscriptions: number;
  registrationMs: number;
  registrationsPerSec: number;
  events: number;
  expectedDeliveries: number;
  deliveryMs: number;
  deliveriesPerSec: number;
  /** Registrations not answered 201, or not found in the store afterwards. */
  lostSubscriptions: number;
  /** Expected delivery ids never received. */
  lostDeliveries: number;
  /** Delivery ids received more than once (allowed by at-least-once, reported). */
  duplicateDeliveries: number;
  /** Delivery ids received that were not expected. */
  unexpectedDeliveries: number;
  /** Deliveries the dispatcher reported failed. */
  failedDeliveries: number;
}

const OPERATION_ID = "OnLoadEvent";
const onLoadEvent = webhookTrigger({
  operationId: OPERATION_ID,
  summary: "When a load event happens",
  description: "Load-test trigger.",
  path: "/hooks/load",
  event: z.object({ id: z.string(), n: z.number() }),
  callbacks: { allowInsecureCallbacks: true },
});
const connector = defineConnector({
  title: "Store Load",
  description: "Webhook registrations and deliveries under load.",
  basePath: "/api",
  operations: [onLoadEvent],
});

async function withBudget<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: time budget of ${ms} ms exceeded`)), ms);
  });
  try {
    return await Promise.race([work, budget]);
  } finally {
    clearTimeout(timer);
  }
}

async function countKeys(store: ConnectorStore, prefix: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor === undefined ? { limit: 500 } : { cursor, limit: 500 });
    for (const entry of page.entries) keys.add(entry.key);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return keys;
}

async function loadOne(
  kind: LoadStoreKind,
  store: ConnectorStore,
  sizes: Required<Pick<StoreLoadOptions, "subscriptions" | "deliveries" | "connections" | "concurrency">>,
): Promise<StoreLoadResult> {
  const receiver = await startReceiver();
  const app = express();
  app.use("/api", connectorRouter(createHandler(connector, { store })));
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const agent = new Agent({ connections: sizes.connections });
  const dispatcher = createDispatcher({ store, concurrency: sizes.concurrency, timeoutMs: 10_000 });
  try {
    // 1. registrations, all issued at once over real HTTP
    let started = performance.now();
    const regs = await Promise.all(
      Array.from({ length: sizes.subscriptions }, async (_, i) => {
        const res = await fetch(`${base}/hooks/load`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ callbackUrl: `${receiver.url}/cb/${i}` }),
          dispatcher: agent,
        });
        await res.arrayBuffer();
        return res.status === 201 ? res.headers.get("location")?.split("/").pop() : undefined;
      }),
    );
    const registrationMs = performance.now() - started;
    const ids = regs.filter((id): id is string => id !== undefined);
    const stored = await countKeys(store, subscriptionPrefix(OPERATION_ID));
    const lostSubscriptions =
      sizes.subscriptions - ids.filter((id) => stored.has(`${subscriptionPrefix(OPERATION_ID)}${id}`)).length;

    // 2. events: each delivered to every subscription
    const events = Math.ceil(sizes.deliveries / sizes.subscriptions);
    const run = Date.now().toString(36);
    const expected = new Set<string>();
    for (let e = 0; e < events; e++) for (const id of ids) expected.add(deliveryIdOf(`${run}-${e}`, id));
    started = performance.now();
    let failedDeliveries = 0;
    for (let e = 0; e < events; e += 2) {
      const batch = [e, e + 1].filter((n) => n < events);
      const reports = await Promise.all(
        batch.map((n) => dispatcher.fire(onLoadEvent, { id: `E-${n}`, n }, { eventId: `${run}-${n}` })),
      );
      for (const r of reports) failedDeliveries += r.failed;
    }
    const deliveryMs = performance.now() - started;
    const seen = new Map<string, number>();
    for (const d of receiver.deliveries) {
      if (d.deliveryId) seen.set(d.deliveryId, (seen.get(d.deliveryId) ?? 0) + 1);
    }
    let lostDeliveries = 0;
    for (const id of expected) if (!seen.has(id)) lostDeliveries += 1;
    let duplicateDeliveries = 0;
    let unexpectedDeliveries = 0;
    for (const [id, n] of seen) {
      if (!expected.has(id)) unexpectedDeliveries += n;
      else duplicateDeliveries += n - 1;
    }
    return {
      store: kind,
      subscriptions: sizes.subscriptions,
      registrationMs: Math.round(registrationMs),
      registrationsPerSec: Math.round((sizes.subscriptions * 1000) / registrationMs),
      events,
      expectedDeliveries: events * sizes.subscriptions,
      deliveryMs: Math.round(deliveryMs),
      deliveriesPerSec: Math.round((receiver.deliveries.length * 1000) / deliveryMs),
      lostSubscriptions,
      lostDeliveries,
      duplicateDeliveries,
      unexpectedDeliveries,
      failedDeliveries,
    };
  } finally {
    await dispatcher.close();
    await agent.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await receiver.close();
  }
}

/**
 * Runs the load on each store in turn; starts its own redis-server and Azurite. Never throws for loss: check
 * the `lost*` figures.
 */
export async function runStoreLoad(options: StoreLoadOptions = {}): Promise<StoreLoadResult[]> {
  const sizes = {
    subscriptions: options.subscriptions ?? 1000,
    deliveries: options.deliveries ?? 10_000,
    connections: options.connections ?? 128,
    concurrency: options.concurrency ?? 64,
  };
  const budget = options.timeBudgetMs ?? 120_000;
  const log = options.log ?? (() => {});
  const results: StoreLoadResult[] = [];
  const dir = await mkdtemp(join(tmpdir(), "ck-store-load-"));
  const servers: LocalServer[] = [];
  const run = `l${Date.now().toString(36)}`;
  try {
    if (options.warmUp !== false) {
      await loadOne("memory", memoryStore(), { ...sizes, subscriptions: 100, deliveries: 500 });
    }
    for (const kind of options.stores ?? (["memory", "file", "redis", "azureTable"] as const)) {
      let store: ConnectorStore;
      if (kind === "memory") store = memoryStore();
      else if (kind === "file") store = await fileStore({ path: join(dir, "file-store") });
      else if (kind === "redis") {
        const server = await startRedisServer();
        servers.push(server);
        store = await redisStore({ client: server.url, keyPrefix: `${run}:` });
      } else {
        const server = await startAzuriteTable();
        servers.push(server);
        store = await azureTableStore({ connectionString: server.url, table: run });
      }
      try {
        const result = await withBudget(budget, kind, loadOne(kind, store, sizes));
        results.push(result);
        log(
          `${kind.padEnd(10)} ${result.subscriptions} registrations ${result.registrationsPerSec}/s (${result.registrationMs} ms)` +
            ` | ${result.expectedDeliveries} deliveries (${result.events} events) ${result.deliveriesPerSec}/s (${result.deliveryMs} ms)` +
            ` | lost subs ${result.lostSubscriptions}, lost deliveries ${result.lostDeliveries},` +
            ` duplicates ${result.duplicateDeliveries}, unexpected ${result.unexpectedDeliveries}, failed ${result.failedDeliveries}`,
        );
      } finally {
        await store.close();
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
