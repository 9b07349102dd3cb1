import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { defaultStore } from "./default-store";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ck-default-store-"));
  dirs.push(d);
  return d;
}

describe("defaultStore", () => {
  it("is in-memory and shared under NODE_ENV=test", async () => {
    expect(process.env["NODE_ENV"]).toBe("test");
    const a = defaultStore();
    expect(defaultStore()).toBe(a);
    await a.put("k", 1);
    expect((await defaultStore().get("k"))?.value).toBe(1);
    await a.delete("k");
  });

  it("with a path it is a durable file store, the same instance per directory, reopened after close", async () => {
    const dir = tempDir();
    const store = defaultStore({ path: dir });
    expect(defaultStore({ path: dir })).toBe(store);
    await Promise.all([store.put("job:1", { n: 1 }), store.put("job:2", { n: 2 })]);
    await store.close();
    const again = defaultStore({ path: dir });
    expect(again).not.toBe(store);
    expect((await again.list("job:")).entries.map((e) => e.value)).toEqual([{ n: 1 }, { n: 2 }]);
    await again.close();
  });

  it("outside tests, createHandler's default store survives a restart (separate processes)", () => {
    const dir = tempDir();
    const script = `
      import { defaultStore } from ${JSON.stringify(fileURLToPath(new URL("./default-store.ts", import.meta.url)))};
      const store = defaultStore();
      const mode = process.argv.at(-1);
      if (mode === "write") await store.put("sub:x", { url: "https://example.com" });
      else console.log(JSON.stringify((await store.get("sub:x"))?.value ?? null));
      await store.close();
    `;
    const run = (mode: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, mode], {
        env: { ...process.env, NODE_ENV: "production", CONNECTORKIT_STATE_DIR: dir },
        cwd: fileURLToPath(new URL("../..", import.meta.url)), // packages/sdk, where tsx resolves
        encoding: "utf8",
      });
    const write = run("write");
    expect(write.stderr).toBe("");
    expect(write.status).toBe(0);
    const read = run("read");
    expect(read.stderr).toBe("");
    expect(JSON.parse(read.stdout.trim())).toEqual({ url: "https://example.com" });
  });
});
