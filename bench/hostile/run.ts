/**
 * Hostile-input latency bench (prints, never asserts). Median latency of a normal request next to the
 * pathological ones an attacker sent (slash runs in the path, long digit runs in a number, deeply nested JSON),
 * through the core (`createHandler(...).handle`) and through the Express adapter on a loopback socket; each is
 * printed as a ratio to the normal request of the same host, measured in the same run (target < 2x).
 * An ordinary 400 (a bad number, malformed JSON) is printed too: an error answer costs more than a success (the
 * error object), so it is the floor for the hostile cases, which all end in 404/400.
 * For scale, it also times the two regular expressions the runtime used before (on the 16,000-character inputs
 * only: on 64K digits the old number pattern takes seconds).
 *
 *   cd bench && pnpm run bench:hostile
 * Environment: BENCH_RUNS (101) requests per case and host.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connectorRouter } from "@connectorkit/express";
import { action, defineConnector } from "@connectorkit/sdk";
import { type ConnectorRequest, createHandler } from "@connectorkit/sdk/http";
import express from "express";
import { Client } from "undici";
import { z } from "zod";

const RUNS = Math.max(5, Math.min(1001, Number(process.env["BENCH_RUNS"] ?? 101)));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const connector = defineConnector({
  title: "Hostile bench",
  description: "Operations the hostile requests target.",
  host: "api.contoso.com",
  basePath: "/",
  operations: [
    action({
      operationId: "ListItems",
      summary: "List items",
      description: "Lists items.",
      method: "get",
      path: "/items",
      request: { query: z.object({ top: z.number().int().min(1).max(100).default(10) }) },
      responses: { 200: z.object({ top: z.number() }) },
      handler: async ({ query }) => ({ status: 200 as const, body: { top: query.top } }),
    }),
    action({
      operationId: "CreateItem",
      summary: "Create an item",
      description: "Creates an item.",
      method: "post",
      path: "/items",
      request: { body: z.object({ data: z.unknown() }) },
      responses: { 201: z.object({ ok: z.boolean() }) },
      handler: async () => ({ status: 201 as const, body: { ok: true } }),
    }),
  ],
});

interface Case {
  name: string;
  method: "GET" | "POST";
  /** Path plus query, below the mount point. */
  url: string;
  body?: string;
  /** The normal request this case is compared with. */
  baseline: string;
  /** The ordinary error answer of the same kind (a 400 costs more than a 200: the error object), if any. */
  errorBaseline?: string;
}

const deep = `{"data":${"[".repeat(5_000)}${"]".repeat(5_000)}}`;
const cases: Case[] = [
  {
    name: "normal GET /items?top=5",
    method: "GET",
    url: "/items?top=5",
    baseline: "normal GET /items?top=5",
  },
  {
    name: "ordinary 400: top=ten",
    method: "GET",
    url: "/items?top=ten",
    baseline: "normal GET /items?top=5",
  },
  {
    name: "path /a + 16,000 '/' + x",
    method: "GET",
    url: `/a${"/".repeat(16_000)}x`,
    baseline: "normal GET /items?top=5",
  },
  {
    name: "top= 16,000 digits + x",
    method: "GET",
    url: `/items?top=${"1".repeat(16_000)}x`,
    baseline: "normal GET /items?top=5",
    errorBaseline: "ordinary 400: top=ten",
  },
  {
    name: "top= 64K digits + x",
    method: "GET",
    url: `/items?top=${"1".repeat(65_536)}x`,
    baseline: "normal GET /items?top=5",
    errorBaseline: "ordinary 400: top=ten",
  },
  {
    name: "top= 64K digits",
    method: "GET",
    url: `/items?top=${"1".repeat(65_536)}`,
    baseline: "normal GET /items?top=5",
    errorBaseline: "ordinary 400: top=ten",
  },
  {
    name: "normal POST (small JSON)",
    method: "POST",
    url: "/items",
    body: '{"data":[1,2,3]}',
    baseline: "normal POST (small JSON)",
  },
  {
    name: "ordinary 400: malformed JSON",
    method: "POST",
    url: "/items",
    body: '{"data":',
    baseline: "normal POST (small JSON)",
  },
  {
    name: "POST JSON nested 5,000 levels",
    method: "POST",
    url: "/items",
    body: deep,
    baseline: "normal POST (small JSON)",
    errorBaseline: "ordinary 400: malformed JSON",
  },
];

const JSON_HEADERS = { "content-type": "application/json" };

// Core calls take microseconds: each sample is the mean of a batch, and the cases are interleaved round by round
// so drift (GC, JIT, other load on the machine) hits all of them alike.
const BATCH = 50;

async function timeCore(): Promise<Map<string, { ms: number; status: number }>> {
  const handler = createHandler(connector, { validateResponses: true });
  const requests = cases.map((c) => {
    const q = c.url.indexOf("?");
    const bytes = new TextEncoder().encode(c.body ?? "");
    // Building the request (URL parsing) is the host's part: done before timing.
    return (): ConnectorRequest => ({
      method: c.method,
      path: q === -1 ? c.url : c.url.slice(0, q),
      query: Object.fromEntries(new URLSearchParams(q === -1 ? "" : c.url.slice(q + 1))),
      headers: c.body === undefined ? {} : JSON_HEADERS,
      ...(c.body === undefined ? {} : { rawBody: bytes }), // bytes, as a host hands them over
      baseUrl: "https://api.contoso.com",
    });
  });
  const samples = cases.map(() => [] as number[]);
  const statuses = cases.map(() => 0);
  const rounds = Math.max(5, Math.round(RUNS / 4));
  for (let round = -2; round < rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const batch = Array.from({ length: BATCH }, requests[i]!);
      const t = performance.now();
      for (const req of batch) statuses[i] = (await handler.handle(req)).status;
      if (round >= 0) samples[i]!.push((performance.now() - t) / BATCH); // rounds -2, -1: warm-up
    }
  }
  return new Map(cases.map((c, i) => [c.name, { ms: median(samples[i]!), status: statuses[i]! }]));
}

async function timeExpress(): Promise<Map<string, { ms: number; status: number }>> {
  const app = express();
  app.use("/api", connectorRouter(connector, { validateResponses: true }));
  // Node's default 16 KiB header limit would answer 431 before Express runs: lift it to reach the core.
  const server = createServer({ maxHeaderSize: 1024 * 1024 }, app).listen(0, "127.0.0.1");
  await once(server, "listening");
  const client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const out = new Map<string, { ms: number; status: number }>();
  try {
    for (const c of cases) {
      const send = async (): Promise<number> => {
        const res = await client.request({
          method: c.method,
          path: `/api${c.url}`,
          headers: c.body === undefined ? {} : JSON_HEADERS,
          body: c.body ?? null,
        });
        await res.body.text();
        return res.statusCode;
      };
      let status = 0;
      for (let i = 0; i < 3; i++) status = await send();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        status = await send();
        times.push(performance.now() - t);
      }
      out.set(c.name, { ms: median(times), status });
    }
  } finally {
    await client.close();
    server.close();
  }
  return out;
}

function oldRegexes(): { name: string; ms: number }[] {
  const OLD_TRIM = /^\/+|\/+$/g;
  const OLD_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const path = `/a${"/".repeat(16_000)}x`;
  const digits = `${"1".repeat(16_000)}x`;
  const time = (f: () => void): number => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      f();
      times.push(performance.now() - t);
    }
    return median(times);
  };
  return [
    {
      name: "old path trim /^\\/+|\\/+$/g on /a + 16,000 '/' + x",
      ms: time(() => path.replace(OLD_TRIM, "")),
    },
    { name: "old number pattern on 16,000 digits + x", ms: time(() => OLD_NUMBER.test(digits)) },
  ];
}

function print(host: string, results: Map<string, { ms: number; status: number }>, how: string): void {
  console.log(`\n${host} (${how})`);
  for (const c of cases) {
    const r = results.get(c.name)!;
    const base = results.get(c.baseline)!;
    const ratio = r.ms / base.ms;
    let mark =
      c.name === c.baseline ? "baseline" : `${ratio.toFixed(2)}x ${ratio < 2 ? "(< 2x)" : "(OVER 2x)"}`;
    if (c.errorBaseline)
      mark += `; ${(r.ms / results.get(c.errorBaseline)!.ms).toFixed(2)}x the ordinary 400`;
    console.log(
      `  ${c.name.padEnd(34)} ${String(r.status).padEnd(4)} ${r.ms.toFixed(3).padStart(9)} ms  ${mark}`,
    );
  }
}

const load = (await import("node:os"))
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");
console.log(`bench:hostile — Node ${process.version}, load average ${load}`);
print(
  "core: createHandler().handle()",
  await timeCore(),
  `median of ${Math.max(5, Math.round(RUNS / 4))} interleaved rounds, each the mean of ${BATCH} calls`,
);
print("Express adapter over loopback HTTP", await timeExpress(), `median of ${RUNS} sequential requests`);
console.log("\nfor scale, the regular expressions used before (median of 5):");
for (const r of oldRegexes()) console.log(`  ${r.name.padEnd(56)} ${r.ms.toFixed(1).padStart(8)} ms`);
