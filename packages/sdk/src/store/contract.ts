/**
 * The one behavioural contract every {@link ConnectorStore} passes. Call it from a `*.test.ts` file.
 * @module
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectorStore, StoreEntry } from "./types";

/**
 * Options of {@link runStoreContract}.
 *
 * @example
 * ```ts
 * const options: StoreContractOptions = { validatesInput: true, timeoutMs: 30_000 };
 * ```
 */
export interface StoreContractOptions {
  /**
   * The store rejects bad keys and TTLs (empty or oversized keys, lone surrogates, negative TTL). The
   * in-memory store does not check these.
   * @default false
   */
  validatesInput?: boolean | undefined;
  /** Size of the "large value" case, in characters of JSON. @default 200_000 */
  largeValueChars?: number | undefined;
  /** Per-test timeout in ms (for stores behind a network). @default 20_000 */
  timeoutMs?: number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listAll<T>(store: ConnectorStore, prefix: string, limit: number): Promise<StoreEntry<T>[]> {
  const all: StoreEntry<T>[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.list<T>(prefix, { limit, cursor });
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    all.push(...page.entries);
    if (page.cursor === undefined) return all;
    expect(page.entries.length).toBe(limit);
    cursor = page.cursor;
  }
  throw new Error("list did not terminate");
}

/**
 * Registers the store contract suite with vitest: get/put/delete/list, create-only, version conflicts,
 * concurrent conditional writers, expiry, pagination, large values, unusual keys and JSON round-trips.
 *
 * @param name - suite name, e.g. `"fileStore"`.
 * @param makeStore - creates a fresh, empty store for one test; it is closed after the test.
 * @param options - what the store additionally promises.
 * @example
 * ```ts
 * import { memoryStore } from "./memory-store";
 * runStoreContract("memoryStore", async () => memoryStore());
 * ```
 */
export function runStoreContract(
  name: string,
  makeStore: () => Promise<ConnectorStore>,
  options: StoreContractOptions = {},
): void {
  const timeout = options.timeoutMs ?? 20_000;
  const largeChars = options.largeValueChars ?? 200_000;

  describe(`${name} (store contract)`, { timeout }, () => {
    const opened: ConnectorStore[] = [];
    const fresh = async () => {
      const store = await makeStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it("gets, puts, overwrites and deletes", async () => {
      const store = await fresh();
      expect(await store.get("job:1")).toBeUndefined();
      const first = await store.put("job:1", { state: "running" });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(typeof first.version).toBe("string");
      const got = await store.get<{ state: string }>("job:1");
      expect(got).toMatchObject({ key: "job:1", value: { state: "running" }, version: first.version });
      expect(got?.expiresAt).toBeUndefined();

      const second = await store.put("job:1", { state: "done" });
      expect(second.ok && second.version !== first.version).toBe(true);
      expect((await store.get("job:1"))?.value).toEqual({ state: "done" });

      expect(await store.delete("job:1")).toBe(true);
      expect(await store.get("job:1")).toBeUndefined();
      expect(await store.delete("job:1")).toBe(false);
      expect(await store.delete("job:never")).toBe(false);
    });

    it("create-only (ifVersion: null) succeeds once, and again after a delete", async () => {
      const store = await fresh();
      const a = await store.put("sub:op:1", { n: 1 }, { ifVersion: null });
      expect(a.ok).toBe(true);
      expect(await store.put("sub:op:1", { n: 2 }, { ifVersion: null })).toEqual({
        ok: false,
        reason: "conflict",
      });
      expect((await store.get("sub:op:1"))?.value).toEqual({ n: 1 });
      await store.delete("sub:op:1");
      expect((await store.put("sub:op:1", { n: 3 }, { ifVersion: null })).ok).toBe(true);
    });

    it("ifVersion writes only over that version, never over a missing or recreated key", async () => {
      const store = await fresh();
      const v1 = await store.put("job:2", 1);
      if (!v1.ok) throw new Error("put failed");
      const v2 = await store.put("job:2", 2, { ifVersion: v1.version });
      expect(v2.ok).toBe(true);
      if (!v2.ok) return;
      expect(await store.put("job:2", 3, { ifVersion: v1.version })).toEqual({
        ok: false,
        reason: "conflict",
      });
      expect((await store.get("job:2"))?.value).toBe(2);
      expect(await store.put("job:missing", 1, { ifVersion: v1.version })).toEqual({
        ok: false,
        reason: "conflict",
      });
      expect(await store.get("job:missing")).toBeUndefined();

      // delete with a stale version does nothing; with the current one it deletes
      expect(await store.delete("job:2", { ifVersion: v1.version })).toBe(false);
      expect(await store.get("job:2")).toBeDefined();
      expect(await store.delete("job:2", { ifVersion: v2.version })).toBe(true);

      // a recreated key gets a new version: the old one must not match it (no ABA)
      const v3 = await store.put("job:2", 4);
      expect(v3.ok && v3.version !== v2.version && v3.version !== v1.version).toBe(true);
      expect(await store.put("job:2", 5, { ifVersion: v2.version })).toEqual({
        ok: false,
        reason: "conflict",
      });
    });

    it("concurrent conditional writers: exactly one wins per round", async () => {
      const store = await fresh();
      const writers = 8;
      const creates = await Promise.all(
        Array.from({ length: writers }, (_, w) =>
          store.put("job:race", { round: 0, w }, { ifVersion: null }),
        ),
      );
      expect(creates.filter((r) => r.ok)).toHaveLength(1);
      for (let round = 1; round <= 5; round++) {
        const current = await store.get<{ round: number }>("job:race");
        expect(current?.value.round).toBe(round - 1);
        const results = await Promise.all(
          Array.from({ length: writers }, (_, w) =>
            store.put("job:race", { round, w }, { ifVersion: current!.version }),
          ),
        );
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        const after = await store.get<{ round: number; w: number }>("job:race");
        expect(after?.version).toBe(winners[0]!.ok ? winners[0]!.version : "");
      }
      // concurrent conditional deletes: exactly one reports the delete
      const last = await store.get("job:race");
      const deletes = await Promise.all(
        Array.from({ length: writers }, () => store.delete("job:race", { ifVersion: last!.version })),
      );
      expect(deletes.filter(Boolean)).toHaveLength(1);
    });

    it("expires records after ttlMs (get, list, create-only and ifVersion all see them gone)", async () => {
      const store = await fresh();
      const before = Date.now();
      const short = await store.put("dlq:1", { m: 1 }, { ttlMs: 300 });
      await store.put("dlq:2", { m: 2 }, { ttlMs: 60_000 });
      await store.put("dlq:3", { m: 3 });
      const e = await store.get("dlq:1");
      expect(e?.expiresAt).toBeGreaterThanOrEqual(before + 300);
      expect(e?.expiresAt).toBeLessThanOrEqual(Date.now() + 300 + 1000);
      await sleep(650);
      expect(await store.get("dlq:1")).toBeUndefined();
      expect((await store.get("dlq:2"))?.value).toEqual({ m: 2 });
      expect((await store.list("dlq:")).entries.map((x) => x.key)).toEqual(["dlq:2", "dlq:3"]);
      expect(await store.delete("dlq:1")).toBe(false);
      if (short.ok) {
        expect(await store.put("dlq:1", 0, { ifVersion: short.version })).toEqual({
          ok: false,
          reason: "conflict",
        });
      }
      expect((await store.put("dlq:1", { m: 4 }, { ifVersion: null })).ok).toBe(true);
      expect((await store.get("dlq:1"))?.value).toEqual({ m: 4 });
      // an unconditional put without ttl clears the expiry
      await store.put("dlq:2", { m: 5 });
      expect((await store.get("dlq:2"))?.expiresAt).toBeUndefined();
    });

    it("lists by prefix in key order, a page at a time, without gaps or duplicates", async () => {
      const store = await fresh();
      const keys = Array.from({ length: 25 }, (_, i) => `sub:a:${String(i).padStart(3, "0")}`);
      await Promise.all(keys.map((k, i) => store.put(k, { i })));
      await store.put("sub:ab", { other: true });
      await store.put("sub:", { other: true });
      await store.put("job:a:1", { other: true });
      for (const limit of [1, 7, 10, 25, 100]) {
        const all = await listAll<{ i: number }>(store, "sub:a:", limit);
        expect(all.map((e) => e.key)).toEqual(keys);
        expect(all.map((e) => e.value.i)).toEqual(keys.map((_, i) => i));
        expect(all.every((e) => typeof e.version === "string")).toBe(true);
      }
      const exact = await store.list("sub:a:", { limit: 25 });
      expect(exact.entries).toHaveLength(25);
      expect(exact.cursor).toBeUndefined();
      expect((await listAll(store, "sub:", 4)).map((e) => e.key)).toEqual(["sub:", ...keys, "sub:ab"].sort());
      expect((await listAll(store, "", 50)).map((e) => e.key)).toEqual(
        ["job:a:1", "sub:", ...keys, "sub:ab"].sort(),
      );
      expect((await store.list("nothing:")).entries).toEqual([]);

      // a cursor stays valid when its key is deleted, and deleted keys disappear from later pages
      const page1 = await store.list("sub:a:", { limit: 5 });
      await store.delete(page1.cursor!);
      await store.delete("sub:a:010");
      const rest = await listAll(store, "sub:a:", 5);
      const afterCursor = (await store.list("sub:a:", { limit: 100, cursor: page1.cursor })).entries.map(
        (e) => e.key,
      );
      expect(afterCursor).toEqual(keys.slice(5).filter((k) => k !== "sub:a:010"));
      expect(rest).toHaveLength(23);
    });

    it("round-trips large values", async () => {
      const store = await fresh();
      const text = "x".repeat(largeChars - 20);
      await store.put("job:big", { text });
      expect((await store.get<{ text: string }>("job:big"))?.value.text).toBe(text);
      const rows = Array.from({ length: Math.floor(largeChars / 40) }, (_, i) => ({ i, s: "é€" }));
      await store.put("job:rows", rows);
      expect((await store.get("job:rows"))?.value).toEqual(rows);
      expect((await store.list<unknown>("job:")).entries.map((e) => e.key)).toEqual(["job:big", "job:rows"]);
    });

    it("accepts keys with unusual characters (unicode, / # ? % \\ control chars, quotes)", async () => {
      const store = await fresh();
      const keys = [
        "k:ünïcødé",
        "k:日本語",
        "k:emoji🚀",
        "k:a/b",
        "k:a#b",
        "k:a?b",
        "k:100%",
        "k:%2F",
        "k:back\\slash",
        "k:tab\tnew\nline",
        "k:ctl\u0001\u007f",
        "k:quote'\"",
        "k: space",
        "k:colon:colon",
        "k:a+b&c=d",
      ];
      for (const [i, key] of keys.entries()) {
        expect((await store.put(key, { i }, { ifVersion: null })).ok).toBe(true);
      }
      for (const [i, key] of keys.entries()) {
        expect(await store.get(key)).toMatchObject({ key, value: { i } });
      }
      const listed = await listAll(store, "k:", 4);
      expect(listed.map((e) => e.key)).toEqual([...keys].sort());
      expect((await store.list("k:a")).entries.map((e) => e.key)).toEqual(
        keys.filter((k) => k.startsWith("k:a")).sort(),
      );
      expect((await store.list("k:日")).entries.map((e) => e.key)).toEqual(["k:日本語"]);
      expect(await store.delete("k:a/b")).toBe(true);
      expect(await store.get("k:a/b")).toBeUndefined();
      expect(await store.get("k:a#b")).toBeDefined();
    });

    it("stores values as JSON (copies, JSON semantics)", async () => {
      const store = await fresh();
      const values: unknown[] = [
        null,
        0,
        -1.5,
        1e21,
        true,
        false,
        "",
        "text",
        [],
        {},
        [1, [2, [3]]],
        { a: { b: [null] } },
      ];
      for (const [i, value] of values.entries()) await store.put(`v:${i}`, value);
      for (const [i, value] of values.entries()) expect((await store.get(`v:${i}`))?.value).toEqual(value);

      const when = new Date("2024-01-02T03:04:05.000Z");
      await store.put("v:json", { when, gone: undefined, nan: Number.NaN, nested: { keep: 1 } });
      expect((await store.get("v:json"))?.value).toStrictEqual({
        when: "2024-01-02T03:04:05.000Z",
        nan: null,
        nested: { keep: 1 },
      });

      const input = { list: [1] };
      await store.put("v:copy", input);
      input.list.push(2);
      const out = await store.get<{ list: number[] }>("v:copy");
      expect(out?.value).toEqual({ list: [1] });
      out!.value.list.push(3);
      expect((await store.get("v:copy"))?.value).toEqual({ list: [1] });
    });

    it("rejects values JSON cannot represent, and keeps the old value", async () => {
      const store = await fresh();
      await store.put("bad:1", "keep");
      const cyclic: { self?: unknown } = {};
      cyclic.self = cyclic;
      await expect(store.put("bad:1", undefined)).rejects.toThrow(TypeError);
      await expect(store.put("bad:1", () => 1)).rejects.toThrow(TypeError);
      await expect(store.put("bad:1", cyclic)).rejects.toThrow(TypeError);
      await expect(store.put("bad:1", 10n)).rejects.toThrow(TypeError);
      expect((await store.get("bad:1"))?.value).toBe("keep");
    });

    if (options.validatesInput) {
      it("rejects bad keys, TTLs and list arguments with clear errors", async () => {
        const store = await fresh();
        await expect(store.put("", 1)).rejects.toThrow(/empty/);
        await expect(store.get("")).rejects.toThrow(/empty/);
        await expect(store.put("x".repeat(513), 1)).rejects.toThrow(/limit is 512/);
        await expect(store.put("é".repeat(300), 1)).rejects.toThrow(RangeError);
        await expect(store.put("lone\uD800", 1)).rejects.toThrow(/surrogate/);
        await expect(store.put(42 as unknown as string, 1)).rejects.toThrow(/must be a string/);
        await expect(store.put("k", 1, { ttlMs: -1 })).rejects.toThrow(RangeError);
        await expect(store.put("k", 1, { ttlMs: Number.NaN })).rejects.toThrow(RangeError);
        await expect(store.list(7 as unknown as string)).rejects.toThrow(TypeError);
        await expect(store.list("", { limit: Number.NaN })).rejects.toThrow(TypeError);
        expect(await store.get("k")).toBeUndefined();
        // the longest allowed key works
        const longest = "k".repeat(512);
        expect((await store.put(longest, 1)).ok).toBe(true);
        expect((await store.get(longest))?.value).toBe(1);
      });
    }
  });
}
