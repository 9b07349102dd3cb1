import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TableClient } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azureTableStore } from "./azure-table-store";
import { benchStores } from "./bench-stores";
import { runStoreContract } from "./contract";
import { fileStore } from "./file-store";
import { type LocalServer, startAzuriteTable, startRedisServer } from "./local-servers";
import { memoryStore } from "./memory-store";
import { redisStore } from "./redis-store";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

runStoreContract("memoryStore", async () => memoryStore());

runStoreContract(
  "fileStore",
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "ck-file-store-"));
    dirs.push(dir);
    return fileStore({ path: dir, compactAfter: 50 });
  },
  { validatesInput: true },
);

// One redis-server and one Azurite serve the contract runs, the Azure specifics and the bench smoke test.
let redis: LocalServer | undefined;
let azurite: LocalServer | undefined;
beforeAll(async () => {
  [redis, azurite] = await Promise.all([startRedisServer(), startAzuriteTable()]);
}, 30_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), azurite?.stop()]);
});

let n = 0;
runStoreContract("redisStore", async () => redisStore({ client: redis!.url, keyPrefix: `contract${++n}:` }), {
  validatesInput: true,
});
runStoreContract(
  "azureTableStore",
  async () => azureTableStore({ connectionString: azurite!.url, table: `contract${++n}` }),
  { validatesInput: true },
);

const rawClient = (table: string) =>
  TableClient.fromConnectionString(azurite!.url, table, { allowInsecureConnection: true });
const countRows = async (table: string) => {
  let n = 0;
  for await (const _ of rawClient(table).listEntities()) n += 1;
  return n;
};

describe("azureTableStore specifics", { timeout: 20_000 }, () => {
  it("partitions by the key's first segment and escapes forbidden characters", async () => {
    const store = await azureTableStore({ connectionString: azurite!.url, table: "layout" });
    await store.put("sub:onNew:a/b#c", { url: "https://example.com" });
    await store.put("plain", 1);
    const rows: Array<{ partitionKey: string; rowKey: string }> = [];
    for await (const row of rawClient("layout").listEntities()) {
      rows.push({ partitionKey: String(row.partitionKey), rowKey: String(row.rowKey) });
    }
    expect(rows.map((r) => [r.partitionKey, r.rowKey])).toEqual([
      ["plain", "plain"],
      ["sub@3a", "sub@3aonNew@3aa-2fb-23c"],
    ]);
    await store.close();
  });

  it("accepts a caller's TableClient", async () => {
    const store = await azureTableStore({ client: rawClient("ownclient") });
    await store.put("k", 1);
    expect((await store.get("k"))?.value).toBe(1);
  });

  it("deletes expired rows lazily on get and in bulk with purgeExpired", async () => {
    const store = await azureTableStore({ connectionString: azurite!.url, table: "purge" });
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.put(`dlq:${i}`, i, { ttlMs: 1 })));
    await store.put("dlq:keep", "keep", { ttlMs: 60_000 });
    await store.put("job:keep", "keep");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await countRows("purge")).toBe(14);
    expect(await store.get("dlq:0")).toBeUndefined();
    expect(await countRows("purge")).toBe(13);
    expect(await store.purgeExpired()).toBe(11);
    expect(await countRows("purge")).toBe(2);
    expect((await store.list("")).entries.map((e) => e.key)).toEqual(["dlq:keep", "job:keep"]);
  });

  it("two instances racing conditional writes: one winner per round", async () => {
    const a = await azureTableStore({ connectionString: azurite!.url, table: "race" });
    const b = await azureTableStore({ connectionString: azurite!.url, table: "race" });
    await a.put("job:1", 0);
    for (let round = 1; round <= 5; round++) {
      const current = await b.get<number>("job:1");
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? a : b).put("job:1", round, { ifVersion: current!.version }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }
  });

  it("rejects keys and values beyond Table Storage's limits, and bad options, with clear errors", async () => {
    const store = await azureTableStore({ connectionString: azurite!.url, table: "limits" });
    await expect(store.put("/".repeat(200), 1)).rejects.toThrow(/once encoded for Table Storage/);
    await expect(store.put("big", "x".repeat(480_001))).rejects.toThrow(/limit is 480000/);
    await expect(store.put("big", "€".repeat(100_000))).rejects.toThrow(/once stored/);
    const near = "y".repeat(479_000);
    await store.put("big", near);
    expect((await store.get("big"))?.value).toBe(near);
    expect(await store.put("big", 1, { ifVersion: "garbage" })).toEqual({ ok: false, reason: "conflict" });
    await expect(azureTableStore({ connectionString: azurite!.url, table: "no-dashes" })).rejects.toThrow(
      /table name/,
    );
    await expect(azureTableStore({ connectionString: "", table: "t1x" })).rejects.toThrow(/connectionString/);
  });
});

describe("benchStores", () => {
  it("measures every store and reads every key back (small sizes)", { timeout: 40_000 }, async () => {
    const lines: string[] = [];
    const results = await benchStores({
      subscriptions: 40,
      events: 80,
      timeBudgetMs: 20_000,
      redisUrl: redis!.url,
      azureConnectionString: azurite!.url,
      log: (l) => lines.push(l),
    });
    expect(results.map((r) => r.store)).toEqual(["memory", "file", "redis", "azureTable"]);
    for (const r of results) {
      expect(r.lost).toBe(0);
      expect(r.timedOut).toBe(false);
      expect(r.subscriptions.ops).toBe(40);
      expect(r.eventWrites.ops).toBe(80);
      expect(r.eventReads.ops).toBe(80);
      expect(r.eventWrites.opsPerSec).toBeGreaterThan(0);
    }
    expect(lines).toHaveLength(4);
  });
});
