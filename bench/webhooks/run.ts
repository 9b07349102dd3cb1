/**
 * Webhook fan-out bench: one event to N subscriptions on a loopback receiver (separate process), with the
 * SDK's dispatcher (bounded concurrency, keep-alive pool, streamed store pages) next to a naive
 * `Promise.all(subs.map(fetch))` loop in the same run. Prints deliveries/s, p99 latency and peak memory for
 * 1,000 and 10,000 subscriptions.
 *
 * Run from packages/sdk (so zod/undici resolve): `npx tsx ../../bench/webhooks/run.ts`
 * Options: BENCH_SIZES=1000,10000  BENCH_CONCURRENCY=64  BENCH_REPEAT=3  BENCH_STORE=synthetic|memory
 * (synthetic, the default, generates subscription pages on demand so memory shows the sender alone).
 */
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { memoryStore } from "../../packages/sdk/src/store/memory-store";
import type { ConnectorStore } from "../../packages/sdk/src/store/types";
import { createDispatcher } from "../../packages/sdk/src/triggers/webhook/dispatcher";
import { webhookTrigger } from "../../packages/sdk/src/triggers/webhook/webhook-trigger";

const require = createRequire(new URL("../../packages/sdk/package.json", import.meta.url));
const { z } = require("zod") as typeof import("zod");

const SIZES = (process.env["BENCH_SIZES"] ?? "1000,10000").split(",").map(Number);
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 64);
const REPEAT = Math.min(5, Number(process.env["BENCH_REPEAT"] ?? 3));
const MAX_SIZE = 20_000;
const DEADLINE = Date.now() + 5 * 60_000;

const trigger = webhookTrigger({
  operationId: "OnBench",
  summary: "When a bench event happens",
  description: "Bench trigger.",
  path: "/hooks/bench",
  event: z.object({ id: z.string(), title: z.string(), n: z.number() }),
  callbacks: { allowInsecureCallbacks: true },
});
const EVENT = { id: "T-1", title: "Printer on fire", n: 42 };

async function startReceiver() {
  const child = fork(fileURLToPath(new URL("./receiver.mjs", import.meta.url)), [], { stdio: "inherit" });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (m: { port: number }) => resolve(m.port)),
  );
  const ask = (msg: string) =>
    new Promise<number>((resolve) => {
      child.once("message", (m: { count: number }) => resolve(m.count));
      child.send(msg);
    });
  return { url: `http://127.0.0.1:${port}`, count: () => ask("count"), stop: () => child.send("exit") };
}

const subscription = (i: number, url: string) => {
  const id = `s${String(i).padStart(23, "0")}`;
  return {
    id,
    operationId: "OnBench",
    callbackUrl: `${url}/cb/${i}`,
    params: {},
    principal: "p",
    createdAt: "2025-01-01T00:00:00.000Z",
  };
};

async function seed(store: ConnectorStore, n: number, url: string) {
  for (let i = 0; i < n; i++) {
    const sub = subscription(i, url);
    await store.put(`sub:OnBench:${sub.id}`, sub);
  }
}

/**
 * A store that materialises subscription pages on demand (nothing held per subscription), so the memory
 * figures show the dispatcher's own footprint rather than the test store's. Key-ordered pages, key cursors.
 */
function syntheticStore(n: number, url: string): ConnectorStore {
  const inner = memoryStore();
  return {
    ...inner,
    async list<T>(prefix: string, options: { cursor?: string | undefined; limit?: number | undefined } = {}) {
      if (!prefix.startsWith("sub:OnBench:")) return inner.list<T>(prefix, options);
      const start = options.cursor === undefined ? 0 : Number(options.cursor.slice(-23)) + 1;
      const end = Math.min(n, start + (options.limit ?? 100));
      const entries = [];
      for (let i = start; i < end; i++) {
        const sub = subscription(i, url);
        entries.push({ key: `sub:OnBench:${sub.id}`, value: sub as T, version: "1" });
      }
      return end < n ? { entries, cursor: entries[entries.length - 1]!.key } : { entries };
    },
  };
}

function sampler() {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  }, 5);
  return () => {
    clearInterval(timer);
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    return { heapDeltaMB: (peakHeap - base.heapUsed) / 2 ** 20, rssDeltaMB: (peakRss - base.rss) / 2 ** 20 };
  };
}

function p99(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
}

interface Result {
  name: string;
  n: number;
  seconds: number;
  perSecond: number;
  p99ms: number;
  errors: number;
  /** Deliveries per CPU-second of this process (less sensitive to other load on the machine). */
  perCpuSecond: number;
  heapDeltaMB: number;
  rssDeltaMB: number;
}

async function runDispatcher(store: ConnectorStore, n: number): Promise<Result> {
  const latencies: number[] = [];
  const dispatcher = createDispatcher({
    store,
    concurrency: CONCURRENCY,
    onAttempt: (a) => latencies.push(a.durationMs),
  });
  const stop = sampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await dispatcher.fire(trigger, EVENT);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mem = stop();
  await dispatcher.close();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    name: "dispatcher",
    n,
    seconds,
    perSecond: report.delivered / seconds,
    p99ms: p99(latencies),
    errors: report.failed,
    perCpuSecond: report.delivered / cpuSeconds,
    ...mem,
  };
}

async function runNaive(store: ConnectorStore, n: number): Promise<Result> {
  const latencies: number[] = [];
  const stop = sampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // the naive loop: load every subscription, then one fetch per subscription, all at once
  const subs: { callbackUrl: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<{ callbackUrl: string }>(
      "sub:OnBench:",
      cursor ? { cursor, limit: 1000 } : { limit: 1000 },
    );
    for (const e of page.entries) subs.push(e.value);
    cursor = page.cursor;
  } while (cursor);
  const body = JSON.stringify(trigger.event.parse(EVENT));
  const results = await Promise.allSettled(
    subs.map(async (s) => {
      const started = performance.now();
      const res = await fetch(s.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mem = stop();
  const ok = results.filter((r) => r.status === "fulfilled").length;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    name: "naive Promise.all(fetch)",
    n,
    seconds,
    perSecond: ok / seconds,
    p99ms: p99(latencies),
    errors: n - ok,
    perCpuSecond: ok / cpuSeconds,
    ...mem,
  };
}

function median(results: Result[]): Result {
  const sorted = [...results].sort((a, b) => a.perSecond - b.perSecond);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  return {
    ...mid,
    heapDeltaMB: Math.max(...results.map((r) => r.heapDeltaMB)),
    rssDeltaMB: Math.max(...results.map((r) => r.rssDeltaMB)),
  };
}

async function main() {
  const receiver = await startReceiver();
  const rows: Result[] = [];
  try {
    // warm-up (JIT, sockets)
    const warm = memoryStore();
    await seed(warm, 500, receiver.url);
    await runDispatcher(warm, 500);
    await runNaive(warm, 500);
    for (const n of SIZES) {
      if (!(n > 0 && n <= MAX_SIZE)) throw new Error(`BENCH_SIZES entries must be 1..${MAX_SIZE}`);
      const store = process.env["BENCH_STORE"] === "memory" ? memoryStore() : syntheticStore(n, receiver.url);
      if (process.env["BENCH_STORE"] === "memory") await seed(store, n, receiver.url);
      const d: Result[] = [];
      const v: Result[] = [];
      for (let r = 0; r < REPEAT && Date.now() < DEADLINE; r++) {
        d.push(await runDispatcher(store, n));
        v.push(await runNaive(store, n));
      }
      rows.push(median(d), median(v));
    }
    const received = await receiver.count();
    console.log(
      `node ${process.version}, ${(await import("node:os")).cpus().length} cores, concurrency ${CONCURRENCY}, median of ${REPEAT} runs (memory: max)`,
    );
    console.log(
      `load average ${(await import("node:os"))
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    console.log(
      "| subscriptions | method | deliveries/s | deliveries/CPU-s | p99 latency ms | errors | peak heap Δ MB | peak RSS Δ MB |",
    );
    console.log("|---:|---|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(
        `| ${r.n} | ${r.name} | ${r.perSecond.toFixed(0)} | ${r.perCpuSecond.toFixed(0)} | ${r.p99ms.toFixed(1)} | ${r.errors} | ${r.heapDeltaMB.toFixed(1)} | ${r.rssDeltaMB.toFixed(1)} |`,
      );
    }
    for (const n of SIZES) {
      const d = rows.find((r) => r.n === n && r.name === "dispatcher")!;
      const v = rows.find((r) => r.n === n && r.name !== "dispatcher")!;
      console.log(
        `n=${n}: dispatcher/naive throughput ratio ${(d.perSecond / v.perSecond).toFixed(2)}x, heap ratio ${(d.heapDeltaMB / Math.max(v.heapDeltaMB, 0.01)).toFixed(2)}`,
      );
    }
    console.log(
      `maxRSS (process, resourceUsage): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; receiver counted ${received} requests`,
    );
  } finally {
    receiver.stop();
  }
}

await main();
