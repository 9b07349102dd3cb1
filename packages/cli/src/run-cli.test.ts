import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI_ROOT, fixture, run, tempDir } from "./cli.test-helper";
import { EXIT_CODES } from "./exit-codes";
import { runCli } from "./run-cli";

describe("connectorkit (dispatch)", () => {
  it("prints the overview with --help (exit 0) and without a command (exit 2)", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const c of ["build", "validate", "diff", "postman", "simulate"])
      expect(help.stdout).toContain(`  ${c} `);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: connectorkit <command>");
  });

  it("has --help for every command", async () => {
    for (const c of ["build", "validate", "diff", "postman"]) {
      const r = await run([c, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: connectorkit ${c}`);
      expect(r.stdout).toContain("Exit codes:");
      expect((await run(["help", c])).stdout).toBe(r.stdout);
    }
    const sim = await run(["simulate", "--help"]);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toContain("Usage: connectorkit simulate");
    expect((await run(["help", "simulate"])).stdout).toBe(sim.stdout);
  });

  it("unknown command: exit 2 with a suggestion; a flag before the command is a usage error", async () => {
    const r = await run(["valdate", "x"]);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain('Unknown command "valdate". Did you mean "validate"?');
    const flag = await run(["--out", "x"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Expected a command before --out");
    const json = JSON.parse((await run(["frobnicate", "--json"])).stdout);
    expect(json).toMatchObject({ ok: false, exitCode: 2, error: { kind: "unknown-command" } });
    const proto = await run(["__proto__"]);
    expect(proto.code).toBe(2);
    expect((await run(["help", "nope"])).code).toBe(2);
  });

  it("delegates simulate to the flow simulator (its own usage errors exit 2)", async () => {
    const r = await run(["simulate", "/nonexistent/apiDefinition.swagger.json", "GetThing"]);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
    const missingOp = await run(["simulate"]);
    expect(missingOp.code).toBe(2);
  });

  it("never throws: a failure inside a command is an internal error (exit 3) with a debug hint", async () => {
    let stderr = "";
    let calls = 0;
    const code = await runCli(["build", "--help"], {
      stdout: () => {
        calls++;
        throw new RangeError("stdout closed");
      },
      stderr: (s) => {
        stderr += s;
      },
      env: {},
    });
    expect(calls).toBe(1);
    expect(code).toBe(EXIT_CODES.internal);
    expect(stderr).toContain("Internal error in connectorkit build: RangeError: stdout closed");
    expect(stderr).toContain("CONNECTORKIT_DEBUG=1");
    stderr = "";
    await runCli(["build", "--help"], {
      stdout: () => {
        throw new RangeError("stdout closed");
      },
      stderr: (s) => {
        stderr += s;
      },
      env: { CONNECTORKIT_DEBUG: "1" },
    });
    expect(stderr).toContain("at ");
  });
});

const exec = promisify(execFile);

/** Runs the real bin entry in a child process: `node --conditions=@connectorkit/source --import tsx src/bin.ts ...`. */
async function spawnBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--conditions=@connectorkit/source", "--import", "tsx", "src/bin.ts", ...args],
      {
        cwd: CLI_ROOT,
        env: { ...process.env, CONNECTORKIT_HOST: "" },
        timeout: 30_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("the connectorkit bin (child process)", () => {
  it("builds, checks and reports drift with real exit codes; field metadata survives loading", async () => {
    const out = await tempDir();
    const built = await spawnBin([
      "build",
      path.relative(CLI_ROOT, fixture("basic-connector.ts")),
      "--out",
      out,
    ]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const swagger = JSON.parse(await readFile(path.join(out, "apiDefinition.swagger.json"), "utf8"));
    // A second copy of the SDK (e.g. from tsx's namespaced tsImport) would drop these.
    expect(swagger.paths["/things/{id}"].get.parameters[0]["x-ms-summary"]).toBe("Thing ID");
    expect(swagger.definitions.Thing.properties.name["x-ms-summary"]).toBe("Name");

    await writeFile(path.join(out, "apiProperties.json"), "{}\n");
    const drift = await spawnBin(["build", fixture("basic-connector.ts"), "--out", out, "--check"]);
    expect(drift.code).toBe(1);
    expect(drift.stderr).toMatch(/different +apiProperties\.json/);
  }, 60_000);

  it("exits 2 on bad input", async () => {
    const r = await spawnBin(["build", fixture("throws-on-import.ts"), "--out", await tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Importing");
  }, 60_000);
});
