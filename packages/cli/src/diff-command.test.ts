import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, run, tempDir } from "./cli.test-helper";

async function twoVersions(): Promise<{ oldDir: string; newFile: string }> {
  const oldDir = await tempDir();
  expect((await run(["build", fixture("basic-connector.ts"), "--out", oldDir])).code).toBe(0);
  const doc = JSON.parse(await readFile(path.join(oldDir, "apiDefinition.swagger.json"), "utf8"));
  delete doc.paths["/things/{id}"];
  const newFile = path.join(await tempDir(), "new.swagger.json");
  await writeFile(newFile, JSON.stringify(doc, null, 2));
  return { oldDir, newFile };
}

describe("connectorkit diff", () => {
  it("no changes between a directory and its own swagger: exit 0", async () => {
    const { oldDir } = await twoVersions();
    const r = await run(["diff", oldDir, path.join(oldDir, "apiDefinition.swagger.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No changes.");
  });

  it("a removed operation is breaking: exit 1, text and JSON", async () => {
    const { oldDir, newFile } = await twoVersions();
    const r = await run(["diff", oldDir, newFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Breaking changes");
    expect(r.stderr).toContain("GetThing");
    const json = JSON.parse((await run(["diff", oldDir, newFile, "--json"])).stdout);
    expect(json.ok).toBe(false);
    expect(json.breaking).toBeGreaterThan(0);
    // the reverse direction only adds an operation
    const reverse = await run(["diff", newFile, oldDir]);
    expect(reverse.code).toBe(0);
  });

  it("--ignore drops a rule", async () => {
    const { oldDir, newFile } = await twoVersions();
    const json = JSON.parse((await run(["diff", oldDir, newFile, "--json"])).stdout);
    const rules = [
      ...new Set(json.changes.filter((c: any) => c.severity === "breaking").map((c: any) => c.ruleId)),
    ];
    const args = rules.flatMap((id) => ["--ignore", String(id)]);
    expect((await run(["diff", oldDir, newFile, ...args])).code).toBe(0);
  });

  it("bad input: invalid JSON (line:column), not a swagger, wrong argument count, bad severity", async () => {
    const { oldDir } = await twoVersions();
    const dir = await tempDir();
    const broken = path.join(dir, "broken.json");
    await writeFile(broken, '{\n  "swagger": "2.0",\n  "paths": [}\n');
    const invalid = await run(["diff", oldDir, broken]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/broken\.json:3:\d+ is not valid JSON/);
    const oas = path.join(dir, "oas.json");
    await writeFile(oas, JSON.stringify({ openapi: "3.0.0" }));
    const notSwagger = await run(["diff", oldDir, oas]);
    expect(notSwagger.code).toBe(2);
    expect(notSwagger.stderr).toContain("Cannot compare: new document");
    expect((await run(["diff", oldDir])).code).toBe(2);
    const severity = await run(["diff", oldDir, oldDir, "--min-severity", "fatal"]);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain("--min-severity must be one of breaking, warning, info");
  });
});
