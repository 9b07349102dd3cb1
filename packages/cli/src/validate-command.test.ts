import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, run, tempDir } from "./cli.test-helper";

async function builtPackage(): Promise<string> {
  const out = await tempDir();
  const r = await run(["build", fixture("basic-connector.ts"), "--out", out]);
  expect(r.code).toBe(0);
  return out;
}

describe("connectorkit validate", () => {
  it("passes a freshly built package (directory), exit 0", async () => {
    const out = await builtPackage();
    const r = await run(["validate", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No problems found.");
    const json = JSON.parse((await run(["validate", out, "--json"])).stdout);
    expect(json).toMatchObject({ ok: true, command: "validate", errorCount: 0 });
    expect(json.files.apiProperties).toBe(path.join(out, "apiProperties.json"));
  });

  it("reads the files case-insensitively and reports errors with rule ids, exit 1", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, "APIDEFINITION.Swagger.JSON"),
      JSON.stringify({ swagger: "1.2", info: { title: "X", version: "1" }, paths: {} }),
    );
    await writeFile(
      path.join(dir, "apiproperties.json"),
      JSON.stringify({ properties: { iconBrandColor: "blue" } }),
    );
    const r = await run(["validate", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SpecificationVersionIncorrect");
    expect(r.stderr).toContain("apiproperties.json");
    expect(r.stderr).toMatch(/\d+ errors?, \d+ warnings?\./);
    const json = JSON.parse((await run(["validate", dir, "--json"])).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems.some((p: { ruleId: string }) => p.ruleId === "SpecificationVersionIncorrect")).toBe(
      true,
    );
  });

  it("invalid JSON is a problem with line and column, exit 1", async () => {
    const file = path.join(await tempDir(), "apiDefinition.swagger.json");
    await writeFile(file, '{\n  "swagger": "2.0",\n  "paths": {\n}');
    const r = await run(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/apiDefinition\.swagger\.json:\d+:\d+ error JsonSyntaxError/);
  });

  it("warnings alone exit 0, or 1 with --strict; --certification adds certification rules", async () => {
    const out = await builtPackage();
    const plain = await run(["validate", out, "--json"]);
    const cert = await run(["validate", out, "--certification", "--json"]);
    const plainCount = JSON.parse(plain.stdout).problems.length;
    const certResult = JSON.parse(cert.stdout);
    expect(certResult.problems.length).toBeGreaterThanOrEqual(plainCount);
    // a comment makes a warning (JsonCommentFound) without errors
    const file = path.join(await tempDir(), "apiDefinition.swagger.json");
    const { readFile } = await import("node:fs/promises");
    await writeFile(
      file,
      `// generated\n${await readFile(path.join(out, "apiDefinition.swagger.json"), "utf8")}`,
    );
    const warned = await run(["validate", file]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain("JsonCommentFound");
    expect((await run(["validate", file, "--strict"])).code).toBe(1);
  });

  it("takes --api-properties with a swagger file, and --independent-publisher checks the brand colour", async () => {
    const out = await builtPackage();
    const r = await run([
      "validate",
      path.join(out, "apiDefinition.swagger.json"),
      "--api-properties",
      path.join(out, "apiProperties.json"),
      "--independent-publisher",
      "--json",
    ]);
    const result = JSON.parse(r.stdout);
    expect(result.files.apiProperties).toBe(path.join(out, "apiProperties.json"));
    expect(JSON.stringify(result.problems)).toContain("#da3b01");
    expect(r.code).toBe(result.errorCount > 0 ? 1 : 0);
  });

  it("bad input: missing path, directory without a swagger, no argument, oversized file", async () => {
    const missing = await run(["validate", "/nonexistent/dir"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Not found: /nonexistent/dir");
    const empty = await tempDir();
    const noSwagger = await run(["validate", empty]);
    expect(noSwagger.code).toBe(2);
    expect(noSwagger.stderr).toContain("has no apiDefinition.swagger.json");
    const none = await run(["validate"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: connectorkit validate");
    const big = path.join(await tempDir(), "apiDefinition.swagger.json");
    const { truncate } = await import("node:fs/promises");
    await writeFile(big, "");
    await truncate(big, 17 * 1024 * 1024);
    const oversized = await run(["validate", big]);
    expect(oversized.code).toBe(2);
    expect(oversized.stderr).toContain("connectorkit reads at most");
  });
});
