import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { fileStore } from "./file-store";
import { encodeRecord, LOG_MAGIC } from "./log-format";
import { StoreCorruptError, StoreLockedError, StoreUnavailableError } from "./store-errors";

const here = dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "ck-fs-test-"));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
/** A pino-shaped logger that keeps what it was told. */
const recorder = () => {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  return {
    warnings,
    logger: {
      warn: (details: Record<string, unknown>, message: string) => void warnings.push({ details, message }),
    },
  };
};
/** A store log of 30 records `k:0`..`k:29`; returns its path and the byte offsets where each record starts. */
async function thirtyRecords(dir: string): Promise<{ log: string; starts: number[] }> {
  const a = await fileStore({ path: dir });
  const log = join(dir, "store.log");
  const starts: number[] = [];
  for (let i = 0; i < 30; i++) {
    starts.push((await stat(log)).size);
    await a.put(`k:${i}`, { i, pad: "x".repeat(40) });
  }
  await a.close();
  return { log, starts };
}

describe("fileStore durability and recovery", () => {
  it("keeps every write across close and reopen", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    for (let i = 0; i < 50; i++) await a.put(`job:${i}`, { i });
    await a.delete("job:7");
    await a.put("job:ttl", 1, { ttlMs: 60_000 });
    await a.close();
    const b = await fileStore({ path: dir });
    expect((await b.get("job:49"))?.value).toEqual({ i: 49 });
    expect(await b.get("job:7")).toBeUndefined();
    expect((await b.get("job:ttl"))?.expiresAt).toBeGreaterThan(Date.now());
    expect((await b.list("job:", { limit: 1000 })).entries).toHaveLength(50);
    expect(b.stats().recoveredBytes).toBe(0);
    await b.close();
  });

  it("cuts a torn last record on open, keeps earlier ones, and saves the cut bytes", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    for (let i = 0; i < 10; i++) await a.put(`k:${i}`, { i });
    await a.close();
    const log = join(dir, "store.log");
    const goodSize = (await stat(log)).size;
    // half a frame: what a crash in the middle of a write can leave behind
    const frame = encodeRecord({ o: "p", k: "k:torn", n: 99, x: null, v: '{"torn":true}' });
    await appendFile(log, frame.subarray(0, frame.length - 5));

    const { warnings, logger } = recorder();
    const b = await fileStore({ path: dir, logger });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/torn last record/);
    expect(warnings[0]!.details).toMatchObject({
      action: "truncated-tail",
      droppedBytes: frame.length - 5,
      offset: goodSize,
    });
    expect(b.recovery).toMatchObject({ action: "truncated-tail", droppedRecords: 1, offset: goodSize });
    expect(b.stats()).toMatchObject({
      recoveredBytes: frame.length - 5,
      recoveryReason: "frame length past end of file",
    });
    expect(await b.get("k:torn")).toBeUndefined();
    for (let i = 0; i < 10; i++) expect((await b.get(`k:${i}`))?.value).toEqual({ i });
    expect((await stat(log)).size).toBe(goodSize);
    expect((await readdir(dir)).some((f) => f.startsWith("store.log.torn-"))).toBe(true);
    await b.put("k:after", 1);
    await b.close();

    const c = await fileStore({ path: dir });
    expect(c.stats().recoveredBytes).toBe(0);
    expect((await c.get("k:after"))?.value).toBe(1);
    await c.close();
  });

  it("detects a corrupted last record by its checksum", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    await a.put("k:1", "one");
    await a.put("k:2", "two");
    await a.close();
    const log = join(dir, "store.log");
    const bytes = await readFile(log);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0xff; // flip bits inside the last value
    await writeFile(log, bytes);
    const { warnings, logger } = recorder();
    const b = await fileStore({ path: dir, logger });
    expect(b.stats().recoveryReason).toBe("checksum mismatch");
    expect(b.recovery).toMatchObject({ action: "truncated-tail", reason: "checksum mismatch" });
    expect(warnings).toHaveLength(1);
    expect((await b.get("k:1"))?.value).toBe("one");
    expect(await b.get("k:2")).toBeUndefined();
    await b.close();
  });

  it("refuses a file that is not a store log, and leaves it untouched", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "store.log"), "hello, I am somebody's notes\n");
    await expect(fileStore({ path: dir })).rejects.toThrow(StoreUnavailableError);
    expect(await readFile(join(dir, "store.log"), "utf8")).toBe("hello, I am somebody's notes\n");
    // and the failed open released its lock
    await writeFile(join(dir, "store.log"), LOG_MAGIC);
    const s = await fileStore({ path: dir });
    await s.close();
  });

  it("refuses a log damaged in the middle (one flipped byte), changes nothing, and names what would be lost", async () => {
    const dir = await tempDir();
    const { log, starts } = await thirtyRecords(dir);
    const bytes = await readFile(log);
    const at = starts[15]! + 20; // inside record 15's payload
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(log, bytes);
    const error = await fileStore({ path: dir, logger: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ offset: starts[15], droppedRecords: 14 });
    expect((error as Error).message).toMatch(
      /damaged at byte \d+ .*14 valid record\(s\) follow.*onCorruption/,
    );
    expect((await readFile(log)).equals(bytes)).toBe(true); // untouched
    expect((await readdir(dir)).filter((f) => f.includes(".torn-") || f.includes(".corrupt-"))).toEqual([]);
    // and the lock was released: the next open (told to truncate) gets in
    const { warnings, logger } = recorder();
    const b = await fileStore({ path: dir, onCorruption: "truncate", logger });
    expect(b.recovery).toMatchObject({
      action: "truncated-corruption",
      droppedRecords: 14,
      offset: starts[15],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/dropping 14 record/);
    expect((await b.list("k:", { limit: 100 })).entries).toHaveLength(15);
    expect((await readdir(dir)).some((f) => f.startsWith("store.log.corrupt-"))).toBe(true);
    await b.close();
    const c = await fileStore({ path: dir, logger: false });
    expect(c.recovery.action).toBe("none");
    await c.close();
  });

  it("refuses an empty log (a store was there), and starts empty only when told to", async () => {
    const dir = await tempDir();
    await thirtyRecords(dir);
    await writeFile(join(dir, "store.log"), "");
    await expect(fileStore({ path: dir })).rejects.toThrow(/is empty where a store log should be/);
    await expect(fileStore({ path: dir })).rejects.toBeInstanceOf(StoreCorruptError);
    const { warnings, logger } = recorder();
    const b = await fileStore({ path: dir, onCorruption: "truncate", logger });
    expect(b.recovery.action).toBe("reset-empty");
    expect(warnings).toHaveLength(1);
    expect((await b.list("k:")).entries).toEqual([]);
    await b.close();
    // a brand-new directory is not an error, and says so
    const fresh = await fileStore({ path: join(await tempDir(), "new"), logger });
    expect(fresh.recovery.action).toBe("created");
    expect(warnings).toHaveLength(1);
    await fresh.close();
  });

  it("treats random garbage after the last record as a torn tail, and survives a throwing logger", async () => {
    const dir = await tempDir();
    await thirtyRecords(dir);
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    await appendFile(join(dir, "store.log"), garbage);
    const b = await fileStore({
      path: dir,
      logger: {
        warn() {
          throw new Error("logger down");
        },
      },
    });
    expect(b.recovery).toMatchObject({ action: "truncated-tail", droppedBytes: 4096 });
    expect((await b.list("k:", { limit: 100 })).entries).toHaveLength(30);
    await b.close();
  });

  it("rejects bad options", async () => {
    await expect(fileStore({ path: "" })).rejects.toThrow(TypeError);
    await expect(
      fileStore({ path: await tempDir(), onCorruption: "ignore" as unknown as "refuse" }),
    ).rejects.toThrow(/onCorruption/);
    await expect(
      fileStore({ path: await tempDir(), logger: {} as unknown as { warn(): void } }),
    ).rejects.toThrow(/logger/);
    await expect(fileStore(undefined as unknown as { path: string })).rejects.toThrow(/path/);
    await expect(fileStore({ path: await tempDir(), compactAfter: 0 })).rejects.toThrow(RangeError);
  });

  it("compacts: obsolete records go, values and version order stay, expired records are dropped", async () => {
    const dir = await tempDir();
    let clock = 1_000_000;
    const a = await fileStore({ path: dir, compactAfter: 20, now: () => clock });
    for (let round = 0; round < 40; round++) {
      for (let k = 0; k < 5; k++) await a.put(`k:${k}`, { round });
    }
    await a.put("gone", 1);
    const gone = await a.put("gone", 2);
    await a.delete("gone");
    await a.put("short", 1, { ttlMs: 10 });
    expect(a.stats().compactions).toBeGreaterThan(0);
    clock += 100;
    await a.compact();
    expect(a.stats().logRecords).toBeLessThanOrEqual(6); // meta + 5 live keys
    const logSize = (await stat(join(dir, "store.log"))).size;
    expect(logSize).toBeLessThan(1000);
    await a.close();

    const b = await fileStore({ path: dir, now: () => clock });
    for (let k = 0; k < 5; k++) expect((await b.get(`k:${k}`))?.value).toEqual({ round: 39 });
    expect(await b.get("short")).toBeUndefined();
    // versions keep increasing after compaction and reopen, even past deleted keys
    const again = await b.put("gone", 3);
    expect(gone.ok && again.ok && Number(again.version) > Number(gone.version)).toBe(true);
    expect(await readdir(dir)).not.toContain("store.log.compact");
    await b.close();
  });

  it("forgets expired records when it meets them, so compaction reclaims them", async () => {
    let clock = 5_000;
    const a = await fileStore({ path: await tempDir(), compactAfter: 3, now: () => clock });
    for (let i = 0; i < 4; i++) await a.put(`t:${i}`, i, { ttlMs: 10 });
    await a.put("keep", 1);
    expect(a.stats().liveKeys).toBe(5);
    clock += 50;
    expect((await a.list("t:")).entries).toEqual([]);
    expect(a.stats().liveKeys).toBe(1);
    await a.put("keep", 2); // the next commit sees enough garbage and compacts
    await a.compact();
    expect(a.stats()).toMatchObject({ liveKeys: 1, logRecords: 2 });
    await a.close();
  });

  it("group-commits concurrent writes (fewer fsyncs than writes), each durable when it resolves", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => a.put(`g:${i}`, { i })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.version : ""))).size).toBe(300);
    expect(a.stats().commits).toBeLessThan(300);
    await a.close();
    const b = await fileStore({ path: dir });
    expect((await b.list("g:", { limit: 1000 })).entries).toHaveLength(300);
    await b.close();
  });

  it("reads never see a write before it is durable", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    const pending = a.put("k", "v");
    expect(await a.get("k")).toBeUndefined();
    // a conditional write does see it (writes are ordered)
    expect(await a.put("k", "other", { ifVersion: null })).toEqual({ ok: false, reason: "conflict" });
    await pending;
    expect((await a.get("k"))?.value).toBe("v");
    await a.close();
  });

  it("fails closed when the disk write fails, and recovers on reopen", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    await a.put("k:1", 1);
    // Pull the file handle from under the store: the next write fails with EBADF.
    await (a as unknown as { handle: { close(): Promise<void> } }).handle.close();
    await expect(a.put("k:2", 2)).rejects.toThrow(StoreUnavailableError);
    await expect(a.get("k:1")).rejects.toThrow(/disk write failed/);
    await a.close();
    const b = await fileStore({ path: dir });
    expect((await b.get("k:1"))?.value).toBe(1);
    expect(await b.get("k:2")).toBeUndefined();
    await b.close();
  });

  it("rejects use after close", async () => {
    const a = await fileStore({ path: await tempDir() });
    await a.close();
    await a.close(); // idempotent
    await expect(a.get("k")).rejects.toThrow(/closed/);
    await expect(a.put("k", 1)).rejects.toThrow(StoreUnavailableError);
  });

  it("rejects oversized values", async () => {
    const a = await fileStore({ path: await tempDir(), maxValueChars: 1000 });
    await expect(a.put("k", "x".repeat(1000))).rejects.toThrow(/limit is 1000/);
    expect((await a.put("k", "x".repeat(900))).ok).toBe(true);
    await a.close();
  });
});

describe("fileStore lock", () => {
  it("lets one process in: a second open of the same directory fails while the first is open", async () => {
    const dir = await tempDir();
    const a = await fileStore({ path: dir });
    const error = await fileStore({ path: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as StoreLockedError).holderPid).toBe(process.pid);
    await a.close();
    const b = await fileStore({ path: dir });
    await b.close();
  });

  it("takes over a lock left by a dead process", async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.once("exit", resolve));
    await writeFile(join(dir, "LOCK"), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: "x" }));
    await writeFile(join(dir, `LOCK.${deadPid}.0badc0de.tmp`), "left by a process killed mid-acquire");
    const s = await fileStore({ path: dir });
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, "LOCK"), "utf8")).pid).toBe(process.pid);
    await s.close();
    await expect(stat(join(dir, "LOCK"))).rejects.toThrow(/ENOENT/);
  });

  it("treats a lock from another host, or a fresh unreadable one, as held; an old unreadable one as stale", async () => {
    const dir = await tempDir();
    const lock = join(dir, "LOCK");
    await writeFile(lock, JSON.stringify({ pid: 1, host: "some-other-host", startedAt: "x" }));
    await expect(fileStore({ path: dir })).rejects.toThrow(/some-other-host/);
    await writeFile(lock, "garbage");
    await expect(fileStore({ path: dir })).rejects.toThrow(StoreLockedError);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const s = await fileStore({ path: dir });
    await s.close();
  });

  it("lets exactly one of several concurrent openers win", async () => {
    const dir = await tempDir();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => fileStore({ path: dir })));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof fileStore>>>).value.close();
  });
});

/**
 * Transpiles the child script and the store modules it imports to plain ESM in a temp directory, so each
 * child starts as fast as bare `node` (spawning through a TS loader costs far more per kill).
 */
async function buildCrashChild(): Promise<string> {
  const out = await tempDir();
  const modules = ["crash-child", "file-store", "file-lock", "log-format", "store-errors"];
  for (const name of modules) {
    const source = await readFile(join(here, `${name}.ts`), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
    });
    await writeFile(join(out, `${name}.mjs`), outputText.replace(/from "\.\/([a-z-]+)"/g, 'from "./$1.mjs"'));
  }
  return join(out, "crash-child.mjs");
}

describe("fileStore crash test (SIGKILL at random points)", () => {
  it("never loses an acknowledged write and always reopens cleanly", { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const child = await buildCrashChild();
    // Bounded: up to 40 kills, stopping early (after at least 10) once 12 s have passed on a loaded machine.
    const maxIterations = Number(process.env["CK_CRASH_ITERATIONS"] ?? 40);
    const budgetMs = 12_000;
    const started = Date.now();
    let iterations = 0;
    const present = new Map<string, boolean | undefined>(); // acked key -> should exist (undefined: either)
    const hot = new Map<string, number>(); // hot key -> lowest acceptable i
    let recoveries = 0;
    let acked = 0;
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      if (iteration >= 10 && Date.now() - started > budgetMs) break;
      iterations += 1;
      const proc = spawn(process.execPath, [child, dir, `t${iteration}`], {
        stdio: ["ignore", "pipe", "pipe"],
        cwd: here,
      });
      let out = "";
      let err = "";
      proc.stderr.on("data", (c: Buffer) => {
        err += c.toString();
      });
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      await new Promise<void>((resolve, reject) => {
        const failTimer = setTimeout(() => reject(new Error(`child did not start: ${err}`)), 15_000);
        proc.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("ready\n")) {
            clearTimeout(failTimer);
            resolve();
          }
        });
        proc.once("exit", () => {
          clearTimeout(failTimer);
          reject(new Error(`child exited early: ${err}`));
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 120));
      proc.kill("SIGKILL");
      await exited; // reaped: the pid in the lock file is now dead
      const lines = out.split("\n");
      lines.pop(); // possibly a partial line
      for (const line of lines) {
        const [op, key, n] = line.split(" ");
        if (op === "put") present.set(key!, true);
        else if (op === "deleting") present.set(key!, undefined);
        else if (op === "del") present.set(key!, false);
        else if (op === "hot") hot.set(key!, Number(n));
        if (op === "put" || op === "del" || op === "hot") acked += 1;
      }

      const store = await fileStore({ path: dir, compactAfter: 300, logger: false });
      expect(["none", "truncated-tail"], `kill #${iteration}`).toContain(store.recovery.action);
      if (store.stats().recoveredBytes > 0) recoveries += 1;
      for (const [key, exists] of present) {
        const entry = await store.get<{ key: string }>(key);
        if (exists) expect(entry?.value.key, `${key} lost after kill #${iteration}`).toBe(key);
        else if (exists === false)
          expect(entry, `${key} resurrected after kill #${iteration}`).toBeUndefined();
      }
      for (const [key, min] of hot) {
        expect((await store.get<{ i: number }>(key))?.value.i).toBeGreaterThanOrEqual(min);
      }
      await store.close();
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `crash test: ${iterations} SIGKILLs, ${acked} acknowledged ops checked, ${present.size} keys, ` +
        `${recoveries} torn tails recovered, ${seconds.toFixed(1)} s`,
    );
    expect(iterations).toBeGreaterThanOrEqual(Math.min(10, maxIterations));
    expect(acked).toBeGreaterThan(iterations);
  });
});
