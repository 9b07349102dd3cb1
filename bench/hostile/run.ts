/**
 * Hostile-input latency bench (prints, never asserts). Median latency of a normal request next to the
 * pathological ones an attacker sent (slash runs in the path, long digit runs in a number, deeply nested JSON),
 * through the core (`createHandler(...).handle`) and through the Express adapter on a loopback socket; each is
 * printed as a ratio to the normal request of the same host, measured in the same run (target < 2x).
 * For scale, it also times the two regular expressions the runtime used before (on the 16,000-character inputs
 * only: on 64K digits the old number pattern takes seconds).
 *
 *   cd bench && pnpm run bench:hostile
 * Environment: BENCH_RUNS (41) requests per case and host.
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

const RUNS = Math.max(5, Math.min(501, Number(process.env["BENCH_RUNS"] ?? 41)));

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
  },
  {
    name: "top= 64K digits + x",
    method: "GET",
    url: `/items?top=${"1".repeat(65_536)}x`,
    baseline: "normal GET /items?top=5",
  },
  {
    name: "top= 64K digits",
    method: "GET",
    url: `/items?top=${"1".repeat(65_536)}`,
    baseline: "normal GET /items?top=5",
  },
  {
    name: "normal POST (small JSON)",
    method: "POST",
    url: "/items",
    body: '{"data":[1,2,3]}',
    baseline: "normal POST (small JSON)",
  },
  {
    name: "POST JSON nested 5,000 levels",
    method: "POST",
    url: "/items",
    body: deep,
    baseline: "normal POST (small JSON)",
  },
];

const JSON_HEADERS = { "content-type": "application/json" };

async function timeCore(): Promise<Map<string, { ms: number; status: number }>> {
  const handler = createHandler(connector, { validateResponses: true });
  const out = new Map<string, { ms: number; status: number }>();
  for (const c of cases) {
    const q = c.url.indexOf("?");
    const request = (): ConnectorRequest => ({
      method: c.method,
      path: q === -1 ? c.url : c.url.slice(0, q),
      query: Object.fromEntries(new URLSearchParams(q === -1 ? "" : c.url.slice(q + 1))),
      headers: c.body === undefined ? {} : JSON_HEADERS,
      ...(c.body === undefined ? {} : { rawBody: c.body }),
      baseUrl: "https://api.contoso.com",
    });
    let status = 0;
    for (let i = 0; i < 3; i++) status = (await handler.handle(request())).status; // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const req = request(); // building the request (URL parsing) is the host's part: not timed here
      const t = performance.now();
      status = (await handler.handle(req)).status;
      times.push(performance.now() - t);
    }
    out.set(c.name, { ms: median(times), status });
  }
  return out;
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

function print(host: string, results: Map<string, { ms: number; status: number }>): void {
  console.log(`\n${host} (median of ${RUNS})`);
  for (const c of cases) {
    const r = results.get(c.name)!;
    const base = results.get(c.baseline)!;
    const ratio = r.ms / base.ms;
    const mark =
      c.name === c.baseline ? "baseline" : `${ratio.toFixed(2)}x ${ratio < 2 ? "(< 2x)" : "(OVER 2x)"}`;
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
print("core: createHandler().handle()", await timeCore());
print("Express adapter over loopback HTTP", await timeExpress());
console.log("\nfor scale, the regular expressions used before (median of 5):");
for (const r of oldRegexes()) console.log(`  ${r.name.padEnd(56)} ${r.ms.toFixed(1).padStart(8)} ms`);
