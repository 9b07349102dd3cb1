import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { fixture, run, tempDir } from "./cli.test-helper";

const ENV_GUID = "0c1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

async function readJson(file: string): Promise<any> {
  return JSON.parse(await readFile(file, "utf8"));
}

describe("connectorkit build", () => {
  it("writes the connector package from a TypeScript entry, keeping field metadata", async () => {
    const out = path.join(await tempDir(), "pkg");
    const r = await run(["build", fixture("basic-connector.ts"), "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Built "Things" (export connector)');
    const swaggerText = await readFile(path.join(out, "apiDefinition.swagger.json"), "utf8");
    expect(swaggerText.endsWith("}\n")).toBe(true);
    expect(swaggerText).toContain('\n  "swagger": "2.0"');
    const swagger = JSON.parse(swaggerText);
    expect(swagger.host).toBe("api.things.example");
    // field() metadata survives loading: the connector and the emitter share one copy of the SDK.
    const idParam = swagger.paths["/things/{id}"].get.parameters[0];
    expect(idParam["x-ms-summary"]).toBe("Thing ID");
    expect(swagger.definitions.Thing.properties.id["x-ms-summary"]).toBe("Thing ID");
    await SwaggerParser.validate(structuredClone(swagger));

    const props = await readJson(path.join(out, "apiProperties.json"));
    expect(props).toEqual({
      properties: {
        connectionParameters: {},
        iconBrandColor: "#0f6cbd",
        capabilities: ["actions"],
        publisher: "Things Inc",
        stackOwner: "Things Inc",
      },
    });
    const settings = await readJson(path.join(out, "settings.json"));
    expect(settings).toEqual({
      apiDefinition: "apiDefinition.swagger.json",
      apiProperties: "apiProperties.json",
      powerAppsUrl: "https://api.powerapps.com",
      powerAppsApiVersion: "2016-11-01",
      flowUrl: "https://api.flow.microsoft.com",
      flowApiVersion: "2016-11-01",
    });
    const readme = await readFile(path.join(out, "readme.md"), "utf8");
    for (const heading of [
      "# Things",
      "## Publisher: Things Inc",
      "## Prerequisites",
      "## Supported Operations",
      "### Get a thing",
      "Returns one thing by its identifier.",
      "### Create a thing",
      "## Obtaining Credentials",
      "## Known Issues and Limitations",
      "## Deployment Instructions",
    ]) {
      expect(readme).toContain(heading);
    }
  });

  it("is deterministic: a second build changes nothing", async () => {
    const out = await tempDir();
    await run(["build", fixture("basic-connector.ts"), "--out", out]);
    const first = await readFile(path.join(out, "apiDefinition.swagger.json"), "utf8");
    const r = await run(["build", fixture("basic-connector.ts"), "--out", out, "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { status: string }) => f.status)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "kept",
    ]);
    expect(await readFile(path.join(out, "apiDefinition.swagger.json"), "utf8")).toBe(first);
  });

  it("applies --host, --env and --connector-id, and the CONNECTORKIT_* variables", async () => {
    const out = await tempDir();
    const r = await run(
      [
        "build",
        fixture("basic-connector.ts"),
        "--out",
        out,
        "--host",
        "staging.things.example",
        "--connector-id",
        "shared_things",
      ],
      { env: { CONNECTORKIT_ENVIRONMENT: ENV_GUID } },
    );
    expect(r.code).toBe(0);
    expect((await readJson(path.join(out, "apiDefinition.swagger.json"))).host).toBe(
      "staging.things.example",
    );
    const settings = await readJson(path.join(out, "settings.json"));
    expect(settings.environment).toBe(ENV_GUID);
    expect(settings.connectorId).toBe("shared_things");
    expect(Object.keys(settings).slice(0, 4)).toEqual([
      "connectorId",
      "environment",
      "apiDefinition",
      "apiProperties",
    ]);

    const viaEnv = await tempDir();
    await run(["build", fixture("basic-connector.ts"), "--out", viaEnv], {
      env: { CONNECTORKIT_HOST: "eu.things.example" },
    });
    expect((await readJson(path.join(viaEnv, "apiDefinition.swagger.json"))).host).toBe("eu.things.example");
  });

  it("refuses a host with a scheme and an environment that is not a GUID (exit 2)", async () => {
    const out = await tempDir();
    const host = await run([
      "build",
      fixture("basic-connector.ts"),
      "--out",
      out,
      "--host",
      "https://x.example",
    ]);
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('Host "https://x.example" must be a host name');
    const env = await run(["build", fixture("basic-connector.ts"), "--out", out, "--env", "production"]);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('Environment "production" is not an environment GUID');
  });

  it("writes an OpenAPI 3 document and a Postman collection on request", async () => {
    const out = await tempDir();
    const r = await run(["build", fixture("basic-connector.ts"), "--out", out, "--openapi3", "--postman"]);
    expect(r.code).toBe(0);
    const oas = await readJson(path.join(out, "openapi3.json"));
    expect(oas.openapi).toBe("3.0.3");
    expect(oas.servers).toEqual([{ url: "https://api.things.example/v1" }]);
    expect(oas.components.schemas.Thing.properties.name.nullable).toBe(true);
    expect(oas.paths["/things"].post.requestBody.content["application/json"].schema).toBeDefined();
    await SwaggerParser.validate(structuredClone(oas));
    const postman = await readJson(path.join(out, "postman_collection.json"));
    expect(postman.info.schema).toContain("v2.1.0");
  });

  it("copies --icon and references it in settings.json", async () => {
    const dir = await tempDir();
    const icon = path.join(dir, "logo.png");
    await writeFile(icon, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const out = path.join(dir, "pkg");
    const r = await run(["build", fixture("basic-connector.ts"), "--out", out, "--icon", icon]);
    expect(r.code).toBe(0);
    expect((await readFile(path.join(out, "icon.png"))).length).toBe(7);
    expect((await readJson(path.join(out, "settings.json"))).icon).toBe("icon.png");
    const missing = await run(["build", fixture("basic-connector.ts"), "--out", out, "--icon", "nope.png"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Icon not found");
  });

  it("finds the default export, and asks for --export when there are several connectors", async () => {
    const out = await tempDir();
    const def = await run(["build", fixture("default-export.ts"), "--out", out]);
    expect(def.code).toBe(0);
    expect(def.stdout).toContain("(export default)");
    const two = await run(["build", fixture("two-connectors.ts"), "--out", out]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("exports 2 connectors (alpha, beta); choose one with --export <name>");
    const beta = await run(["build", fixture("two-connectors.ts"), "--out", out, "--export", "beta"]);
    expect(beta.code).toBe(0);
    expect((await readJson(path.join(out, "apiDefinition.swagger.json"))).info.title).toBe("Beta");
  });

  it("keeps an existing readme.md unless --overwrite-readme", async () => {
    const out = await tempDir();
    await writeFile(path.join(out, "README.md"), "# Mine\n");
    const r = await run(["build", fixture("basic-connector.ts"), "--out", out]);
    expect(r.stdout).toMatch(/kept\s+readme\.md/);
    expect(await readFile(path.join(out, "README.md"), "utf8")).toBe("# Mine\n");
    const check = await run(["build", fixture("basic-connector.ts"), "--out", out, "--check"]);
    expect(check.code).toBe(0);
  });

  describe("bad input", () => {
    it("missing entry file: exit 2 naming the file", async () => {
      const r = await run(["build", "src/cli/__fixtures__/nope.ts", "--out", await tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Entry file not found:");
      expect(r.stderr).toContain("nope.ts");
    });

    it("entry without a connector export: lists what it found", async () => {
      const r = await run(["build", fixture("no-connector.ts"), "--out", await tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("No connector export found");
      expect(r.stderr).toContain("makeConnector (a function)");
      expect(r.stderr).toContain("settings (an object with keys host)");
      const named = await run([
        "build",
        fixture("no-connector.ts"),
        "--out",
        await tempDir(),
        "--export",
        "makeConnector",
      ]);
      expect(named.code).toBe(2);
      expect(named.stderr).toContain('Export "makeConnector"');
      expect(named.stderr).toContain("Call it and export the result.");
      const absent = await run([
        "build",
        fixture("basic-connector.ts"),
        "--out",
        await tempDir(),
        "--export",
        "nope",
      ]);
      expect(absent.stderr).toContain('has no export named "nope"');
    });

    it("entry that throws on import: exit 2 with the module's error", async () => {
      const r = await run(["build", fixture("throws-on-import.ts"), "--out", await tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Importing");
      expect(r.stderr).toContain("failed: TypeError: Connector host");
    });

    it("JavaScript entries load natively (.mjs, .cjs) with the same messages", async () => {
      const dir = await tempDir();
      await writeFile(path.join(dir, "boom.mjs"), 'throw new Error("missing CONTOSO_KEY");\n');
      await writeFile(path.join(dir, "empty.cjs"), "module.exports = { notAConnector: 1 };\n");
      await writeFile(path.join(dir, "entry.txt"), "");
      const boom = await run(["build", "boom.mjs", "--out", "out"], { cwd: dir });
      expect(boom.code).toBe(2);
      expect(boom.stderr).toContain("Error: missing CONTOSO_KEY");
      const empty = await run(["build", "empty.cjs", "--out", "out"], { cwd: dir });
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain("No connector export found");
      const txt = await run(["build", "entry.txt", "--out", "out"], { cwd: dir });
      expect(txt.code).toBe(2);
      expect(txt.stderr).toContain('has extension ".txt"');
    });

    it("emitter errors name the operation and the field (exit 2), in text and JSON", async () => {
      const out = await tempDir();
      const r = await run(["build", fixture("union-connector.ts"), "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("cannot be expressed as a Swagger 2.0 connector definition");
      expect(r.stderr).toContain("operation: SetValue");
      expect(r.stderr).toMatch(/field: +body\.value/);
      const json = await run(["build", fixture("union-connector.ts"), "--out", out, "--json"]);
      const parsed = JSON.parse(json.stdout);
      expect(parsed).toMatchObject({
        ok: false,
        exitCode: 2,
        error: { kind: "SwaggerConversionError", operationId: "SetValue" },
      });
      expect(parsed.error.field).toContain("body.value");
    });

    it("usage errors: missing --out, unknown flag, extra argument, --out is a file", async () => {
      const noOut = await run(["build", fixture("basic-connector.ts")]);
      expect(noOut.code).toBe(2);
      expect(noOut.stderr).toContain("--out <dir> is required");
      expect(noOut.stderr).toContain("Usage: connectorkit build");
      const unknown = await run(["build", fixture("basic-connector.ts"), "--out", "x", "--hots", "a"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("unknown option --hots. Did you mean --host?");
      const extra = await run(["build", "a.ts", "b.ts", "--out", "x"]);
      expect(extra.stderr).toContain('unexpected argument "b.ts"');
      const file = path.join(await tempDir(), "f");
      await writeFile(file, "");
      const outFile = await run(["build", fixture("basic-connector.ts"), "--out", file]);
      expect(outFile.code).toBe(2);
      expect(outFile.stderr).toContain("is a file; pass a directory");
    });
  });

  describe("--check", () => {
    it("passes on a fresh build and writes nothing", async () => {
      const out = await tempDir();
      await run(["build", fixture("basic-connector.ts"), "--out", out, "--host", "h.example"]);
      const r = await run([
        "build",
        fixture("basic-connector.ts"),
        "--out",
        out,
        "--check",
        "--host",
        "h.example",
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("is up to date");
    });

    it("fails with exit 1 listing differing and missing files and a diff hint", async () => {
      const out = await tempDir();
      await run(["build", fixture("basic-connector.ts"), "--out", out]);
      const swaggerFile = path.join(out, "apiDefinition.swagger.json");
      const text = await readFile(swaggerFile, "utf8");
      await writeFile(swaggerFile, text.replace('"title": "Things"', '"title": "Things (old)"'));
      await writeFile(path.join(out, "settings.json"), "{}\n");
      const { rm } = await import("node:fs/promises");
      await rm(path.join(out, "apiProperties.json"));
      const r = await run(["build", fixture("basic-connector.ts"), "--out", out, "--check"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/different +apiDefinition\.swagger\.json \(first difference at line \d+\)/);
      expect(r.stderr).toContain('- emitted:     "title": "Things",');
      expect(r.stderr).toContain('+ on disk:     "title": "Things (old)",');
      expect(r.stderr).toMatch(/missing +apiProperties\.json/);
      expect(r.stderr).toMatch(/different +settings\.json/);
      expect(r.stderr).toContain("Run `connectorkit build");
      // --check wrote nothing
      expect(await readFile(path.join(out, "settings.json"), "utf8")).toBe("{}\n");
      const json = await run(["build", fixture("basic-connector.ts"), "--out", out, "--check", "--json"]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.ok).toBe(false);
      expect(report.files.find((f: { name: string }) => f.name === "apiProperties.json").status).toBe(
        "missing",
      );
    });

    it("fails when --out does not exist yet", async () => {
      const out = path.join(await tempDir(), "never-built");
      const r = await run(["build", fixture("basic-connector.ts"), "--out", out, "--check"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/missing +apiDefinition\.swagger\.json/);
    });

    it("builds the example connector and --check passes against the fresh build dir", async () => {
      const entry = path.resolve(fixture("."), "../../../../examples/tickets/src/connector.ts");
      const out = await tempDir();
      const built = await run(["build", entry, "--out", out]);
      expect(built.stderr).toBe("");
      expect(built.code).toBe(0);
      const golden = await readFile(path.resolve(entry, "../../apiDefinition.swagger.json"), "utf8");
      expect(await readFile(path.join(out, "apiDefinition.swagger.json"), "utf8")).toBe(golden);
      const check = await run(["build", entry, "--out", out, "--check"]);
      expect(check.code).toBe(0);
    });
  });
});
