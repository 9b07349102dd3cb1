/**
 * Adapter benchmark (prints, never asserts). In one run:
 *  1. throughput of the same validated POST operation served by
 *     (a) a hand-written Express 5 route with zod, (b) @connectorkit/express, (c) express-zod-api,
 *     each server in its own child process, load from this process (autocannon), rounds interleaved with the
 *     order rotated (a,b,c / b,c,a / ...), median req/s and server CPU per request of ROUNDS runs reported, and
 *     the ratios b/a, b/c both from the medians and paired by round; (c) runs from its own workspace package
 *     `express-zod-api-app/` (`node --import tsx server.ts`, cwd there) so it resolves the zod it supports (4.3.x);
 *  2. cold start: fresh `node` processes importing the runtime + adapter and serving their first request, next
 *     to node alone, zod alone, Express + zod and express-zod-api (entries bundled with esbuild, installed
 *     packages left external, so no TypeScript loader is timed).
 *
 *   cd bench && pnpm run bench:adapters
 * Environment: BENCH_ROUNDS (5), BENCH_SECONDS (3), BENCH_CONNECTIONS (10), BENCH_PIPELINING (10),
 * BENCH_COLD_RUNS (7), BENCH_ONLY (throughput | cold), BENCH_CPU_PROF (1: servers write V8 CPU profiles to
 * .out/prof/).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { BENCH_REQUEST } from "./servers/shared";

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 3);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
// Pipelined requests keep the server busy even when the load generator gets less CPU (2 shared cores).
const PIPELINING = Number(process.env["BENCH_PIPELINING"] ?? 10);
const COLD_RUNS = Number(process.env["BENCH_COLD_RUNS"] ?? 7);
const NODE_ARGS = ["--conditions=@connectorkit/source", "--import", "tsx"];
/** BENCH_CPU_PROF=1: servers run with `--cpu-prof`, profiles land in bench/adapters/.out/prof/ (written on SIGTERM). */
const PROF_ARGS =
  process.env["BENCH_CPU_PROF"] === "1" ? ["--cpu-prof", `--cpu-prof-dir=${join(here, ".out", "prof")}`] : [];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Started {
  name: string;
  url: string;
  child: ChildProcess;
}

interface Spec {
  name: string;
  /** Entry file, relative to `cwd`. */
  file: string;
  cwd: string;
  /** Node flags; (c) runs without the workspace source condition, from its own package. */
  nodeArgs: string[];
  env?: Record<string, string>;
}

async function startServer({ name, file, cwd, nodeArgs, env = {} }: Spec): Promise<Started | string> {
  const child = spawn(process.execPath, [...PROF_ARGS, ...nodeArgs, file], {
    cwd,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve(`did not start in 30 s: ${output.slice(0, 300)}`);
    }, 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const m = /READY (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ name, url: `http://127.0.0.1:${m[1]}`, child });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(`exited with ${code}: ${output.slice(0, 400).trim()}`);
    });
  });
}

/** CPU time (user + system, ms) a process has used, from /proc (Linux); robust to a busy machine, unlike req/s. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

/** One autocannon run against a server: mean req/s over the run, non-2xx count, total requests. */
async function load(url: string): Promise<{ rps: number; non2xx: number; requests: number }> {
  const r = await autocannon({
    url: url + BENCH_REQUEST.path,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration: SECONDS,
    ...BENCH_REQUEST,
  });
  return { rps: r.requests.average, non2xx: r.non2xx + r.errors + r.timeouts, requests: r.requests.total };
}

/** One request before any load, so a server that answers something else is seen (status + body). */
async function probe(url: string): Promise<string> {
  const res = await fetch(url + BENCH_REQUEST.path, {
    method: BENCH_REQUEST.method,
    headers: BENCH_REQUEST.headers,
    body: BENCH_REQUEST.body,
  });
  return `${res.status} ${(await res.text()).slice(0, 160)}`;
}

async function throughput(): Promise<void> {
  console.log(`\n== Throughput: POST ${BENCH_REQUEST.path} (zod-validated path, query, body; 201 JSON)`);
  console.log(
    `   load: autocannon (${CONNECTIONS} connections, pipelining ${PIPELINING}, ${SECONDS} s); ${ROUNDS} interleaved rounds, median reported; NODE_ENV=production\n`,
  );
  const serverDir = join(here, "servers");
  const ezApp = join(here, "express-zod-api-app");
  const specs: Spec[] = [
    { name: "a  hand-written Express 5 + zod", file: "hand-written.ts", cwd: serverDir, nodeArgs: NODE_ARGS },
    { name: "b  @connectorkit/express", file: "connectorkit.ts", cwd: serverDir, nodeArgs: NODE_ARGS },
    {
      name: "b' @connectorkit/express + response validation",
      file: "connectorkit.ts",
      cwd: serverDir,
      nodeArgs: NODE_ARGS,
      env: { BENCH_VALIDATE_RESPONSES: "1" },
    },
    // Its own package (express-zod-api 25.6.3 + zod 4.3.6): plain `node --import tsx`, cwd there.
    { name: "c  express-zod-api", file: "server.ts", cwd: ezApp, nodeArgs: ["--import", "tsx"] },
  ];
  const servers: Started[] = [];
  for (const spec of specs) {
    const s = await startServer(spec);
    if (typeof s === "string") console.log(`   ${spec.name}: skipped (${s.split("\n")[0]})`);
    else {
      servers.push(s);
      console.log(`   ${spec.name.padEnd(50)} first answer: ${await probe(s.url)}`);
    }
  }
  console.log("");
  const results = new Map<string, number[]>(servers.map((s) => [s.name, []]));
  const cpu = new Map<string, number[]>(servers.map((s) => [s.name, []]));
  try {
    for (const s of servers) await load(s.url); // warm-up (JIT), not reported
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round, so no server always runs right after the same neighbour.
      for (const s of [
        ...servers.slice(round % servers.length),
        ...servers.slice(0, round % servers.length),
      ]) {
        const before = cpuMs(s.child.pid);
        const r = await load(s.url);
        cpu.get(s.name)!.push(((cpuMs(s.child.pid) - before) * 1000) / r.requests);
        if (r.non2xx > 0) console.log(`   ! ${s.name}: ${r.non2xx} non-2xx answers`);
        results.get(s.name)!.push(r.rps);
      }
    }
  } finally {
    for (const s of servers) s.child.kill();
  }
  const med = new Map([...results].map(([k, v]) => [k, median(v)]));
  const medCpu = new Map([...cpu].map(([k, v]) => [k, median(v)]));
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  for (const [name, runs] of results) {
    const rps = med.get(name)!.toFixed(0).padStart(7);
    const perReq = medCpu.get(name)!.toFixed(0).padStart(4);
    console.log(`   ${name.padEnd(50)} ${rps} req/s   server CPU ${perReq} µs/req`);
    console.log(`      runs: ${list(runs)} req/s; ${list(cpu.get(name)!)} µs/req`);
  }

  const find = <V>(m: Map<string, V>, prefix: string) => [...m].find(([k]) => k.startsWith(prefix))?.[1];
  // Paired: the ratio within each round (runs seconds apart), then the median over rounds; this cancels most of
  // the drift in background load that moves whole rounds up or down.
  const paired = (xs: number[], ys: number[]) => median(xs.map((x, i) => x / ys[i]!));
  console.log("");
  for (const [label, x, y, target] of [
    ["b/a", "b ", "a ", 0.95],
    ["b/c", "b ", "c ", 1.0],
    ["b'/c", "b'", "c ", 1.0], // express-zod-api always validates responses, like b'
  ] as const) {
    const [rx, ry, cx, cy] = [find(results, x), find(results, y), find(cpu, x), find(cpu, y)];
    if (!rx || !ry || !cx || !cy) {
      console.log(`   ${label}: n/a (a server did not start)`);
      continue;
    }
    console.log(
      `   ${label.padEnd(4)} = ${(median(rx) / median(ry)).toFixed(3)} by median req/s, ${paired(rx, ry).toFixed(3)} paired by round; ` +
        `${(median(cy) / median(cx)).toFixed(3)} by server CPU per request, ${paired(cy, cx).toFixed(3)} paired   (target >= ${target})`,
    );
  }
}

interface EsbuildLike {
  build(o: object): Promise<unknown>;
}

/**
 * esbuild plugin: workspace TypeScript (`@connectorkit/*`, relative files) is bundled; every installed package is
 * left external at its resolved absolute path, so node loads it from node_modules as in a deployed app and lazy
 * `import()`s (ioredis, @azure/data-tables) stay lazy.
 */
const externalPackages = {
  name: "external-packages",
  setup(build: {
    onResolve(
      o: { filter: RegExp },
      cb: (args: { path: string; kind: string; resolveDir: string; pluginData?: unknown }) => unknown,
    ): void;
    resolve(path: string, o: object): Promise<{ path: string; errors: unknown[] }>;
  }) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === "inner" || args.path.startsWith("@connectorkit/") || isBuiltin(args.path))
        return undefined;
      const r = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: "inner",
      });
      return r.errors.length > 0 ? undefined : { path: r.path, external: true };
    });
  },
};

async function coldStart(): Promise<void> {
  console.log(
    `\n== Cold start: fresh node process (NODE_ENV=production), median of ${COLD_RUNS}, entries interleaved`,
  );
  console.log(
    "   ms since the process started: all imports done / first response received; parent-measured wall\n",
  );
  const out = join(here, ".out");
  mkdirSync(out, { recursive: true });
  const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx"))("esbuild") as EsbuildLike;
  const ezApp = join(here, "express-zod-api-app");
  const entries = [
    { label: "node alone (empty script)", src: join(here, "cold", "empty.ts") },
    { label: "zod alone (import + one parse)", src: join(here, "cold", "zod.ts") },
    { label: "express + zod, hand-written route", src: join(here, "cold", "express-zod.ts") },
    { label: "@connectorkit/sdk + @connectorkit/express", src: join(here, "cold", "connectorkit.ts") },
    {
      label: "  diagnostic: same, runtime modules only",
      src: join(here, "cold", "connectorkit-lean.ts"),
    },
    { label: "express-zod-api (its own zod 4.3.6)", src: join(ezApp, "cold.ts") },
  ].map((e) => ({ ...e, file: join(out, `${basename(e.src, ".ts")}-${basename(dirname(e.src))}.mjs`) }));
  for (const e of entries) {
    await esbuild.build({
      entryPoints: [e.src],
      outfile: e.file,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      conditions: ["@connectorkit/source"],
      plugins: [externalPackages],
      logLevel: "error",
    });
  }
  const run = promisify(execFile);
  const imports = entries.map((): number[] => []);
  const firsts = entries.map((): number[] => []);
  const walls = entries.map((): number[] => []);
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [k, e] of entries.entries()) {
      const t0 = performance.now();
      const { stdout } = await run(process.execPath, [e.file], {
        cwd: dirname(e.src),
        env: { ...process.env, NODE_ENV: "production" },
        timeout: 30_000,
      });
      walls[k]!.push(performance.now() - t0);
      const r = JSON.parse(stdout.trim().split("\n").pop()!) as { importMs: number; firstResponseMs: number };
      imports[k]!.push(r.importMs);
      firsts[k]!.push(r.firstResponseMs);
    }
  }
  for (const [k, e] of entries.entries()) {
    console.log(
      `   ${e.label.padEnd(44)} imported ${median(imports[k]!).toFixed(0).padStart(5)}   first response ${median(
        firsts[k]!,
      )
        .toFixed(0)
        .padStart(5)}   wall ${median(walls[k]!).toFixed(0).padStart(5)}`,
    );
  }
}

const only = process.env["BENCH_ONLY"]; // "throughput" or "cold" runs just that part
if (only !== "cold") await throughput();
if (only !== "throughput") await coldStart();
