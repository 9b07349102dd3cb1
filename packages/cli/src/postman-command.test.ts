import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, run, tempDir } from "./cli.test-helper";

describe("connectorkit postman", () => {
  it("writes a collection from a connector directory", async () => {
    const dir = await tempDir();
    expect((await run(["build", fixture("basic-connector.ts"), "--out", dir])).code).toBe(0);
    const out = path.join(dir, "nested", "things.postman_collection.json");
    const r = await run(["postman", dir, "--out", out, "--flat", "--base-url", "http://127.0.0.1:3000/v1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Wrote 2 requests");
    const collection = JSON.parse(await readFile(out, "utf8"));
    expect(collection.info.name).toBe("Things");
    expect(collection.variable[0]).toMatchObject({ key: "baseUrl", value: "http://127.0.0.1:3000/v1" });
    expect(collection.item.map((i: { name: string }) => i.name).sort()).toEqual([
      "Create a thing",
      "Get a thing",
    ]);
    const json = JSON.parse((await run(["postman", dir, "--out", out, "--json"])).stdout);
    expect(json).toMatchObject({ ok: true, command: "postman", requests: 2 });
  });

  it("bad input: --out missing, invalid JSON, not a swagger", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "apiDefinition.swagger.json");
    await writeFile(file, "{ nope");
    expect((await run(["postman", file])).stderr).toContain("--out <file.json> is required");
    const invalid = await run(["postman", file, "--out", path.join(dir, "c.json")]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("is not valid JSON");
    await writeFile(file, JSON.stringify({ swagger: "3.0" }));
    const notSwagger = await run(["postman", dir, "--out", path.join(dir, "c.json")]);
    expect(notSwagger.code).toBe(2);
    expect(notSwagger.stderr).toContain("Cannot export");
  });
});
