import { readdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as store from "./index";

const here = dirname(fileURLToPath(import.meta.url));

describe("store entry point", () => {
  it("exports every factory and error", () => {
    for (const factory of [store.memoryStore, store.fileStore, store.redisStore, store.azureTableStore]) {
      expect(typeof factory).toBe("function");
    }
    expect(new store.StoreLockedError("x")).toBeInstanceOf(Error);
    expect(store.MAX_KEY_BYTES).toBe(512);
  });

  it("loads the optional peers (ioredis, @azure/data-tables) only inside their factories", async () => {
    const files = (await readdir(here)).filter(
      (f) => f.endsWith(".ts") && !f.includes(".test") && f !== "bench-stores.ts",
    );
    expect(files).toContain("redis-store.ts");
    for (const file of files) {
      const source = await readFile(`${here}/${file}`, "utf8");
      // static imports of the peers must be type-only; dynamic import() is fine
      const staticValueImports =
        source.match(/^import\s+(?!type\b)[^;]*from\s+"(ioredis|@azure\/[^"]+)"/gm) ?? [];
      expect(staticValueImports, file).toEqual([]);
    }
  });
});
