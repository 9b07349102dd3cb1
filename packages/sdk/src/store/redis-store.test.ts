import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type LocalServer, startRedisServer } from "./local-servers";
import { redisStore } from "./redis-store";
import { StoreUnavailableError } from "./store-errors";

let server: LocalServer;
let raw: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
}, 20_000);
afterAll(async () => {
  await raw?.quit();
  await server?.stop();
});

describe("redisStore specifics", { timeout: 20_000 }, () => {
  it("works on a caller's client, keeps everything under keyPrefix, and leaves the client open", async () => {
    const store = await redisStore({ client: raw, keyPrefix: "own:" });
    await store.put("job:1", { a: 1 }, { ttlMs: 60_000 });
    const keys = (await raw.keys("*")).filter((k) => k.startsWith("own:")).sort();
    expect(keys).toEqual(["own:d:job:1", "own:idx", "own:ver"]);
    const pttl = await raw.pttl("own:d:job:1");
    expect(pttl).toBeGreaterThan(50_000);
    await store.close();
    expect(await raw.ping()).toBe("PONG");
    await expect(store.get("job:1")).rejects.toThrow(StoreUnavailableError);
  });

  it("isolates stores with different prefixes", async () => {
    const a = await redisStore({ client: server.url, keyPrefix: "iso-a:" });
    const b = await redisStore({ client: server.url, keyPrefix: "iso-b:" });
    await a.put("k", "a");
    expect(await b.get("k")).toBeUndefined();
    expect((await b.list("")).entries).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it("drops index members of expired records while listing, even past one script's scan budget", async () => {
    const store = await redisStore({ client: server.url, keyPrefix: "exp:" });
    const pipeline = Array.from({ length: 1500 }, (_, i) =>
      store.put(`e:${String(i).padStart(5, "0")}`, i, { ttlMs: 1 }),
    );
    await Promise.all(pipeline);
    await store.put("e:zz1", "live");
    await store.put("e:zz2", "live");
    await new Promise((resolve) => setTimeout(resolve, 30));
    const page = await store.list("e:", { limit: 10 });
    expect(page.entries.map((e) => e.key)).toEqual(["e:zz1", "e:zz2"]);
    expect(page.cursor).toBeUndefined();
    expect(await raw.zcard("exp:idx")).toBe(2);
    await store.close();
  });

  it("two instances (two connections) racing conditional writes: one winner per round", async () => {
    const a = await redisStore({ client: server.url, keyPrefix: "race:" });
    const b = await redisStore({ client: server.url, keyPrefix: "race:" });
    await a.put("job", 0);
    for (let round = 1; round <= 10; round++) {
      const current = await b.get<number>("job");
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? a : b).put("job", round, { ifVersion: current!.version }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }
    expect((await a.get("job"))?.value).toBe(10);
    await Promise.all([a.close(), b.close()]);
  });

  it("treats a version it never issued as a conflict", async () => {
    const store = await redisStore({ client: server.url, keyPrefix: "ver:" });
    await store.put("k", 1);
    expect(await store.put("k", 2, { ifVersion: "1~W/etag" })).toEqual({ ok: false, reason: "conflict" });
    expect(await store.delete("k", { ifVersion: "nope" })).toBe(false);
    await store.close();
  });

  it("fails fast with a clear error when Redis is unreachable, and requires keyPrefix", async () => {
    const port = await freePort();
    await expect(redisStore({ client: `redis://127.0.0.1:${port}`, keyPrefix: "x:" })).rejects.toThrow(
      /cannot connect/,
    );
    await expect(redisStore({ client: server.url, keyPrefix: "" })).rejects.toThrow(/keyPrefix/);
  });
});
