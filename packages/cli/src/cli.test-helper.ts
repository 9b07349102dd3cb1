/** Test helpers for the CLI: run it in-process with captured output, temp dirs. @internal */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { runCli } from "./run-cli";

/** Absolute path of a fixture under src/__fixtures__. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
}

/** Root of the cli package. */
export const CLI_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The result of one in-process CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function run(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: options.cwd ?? CLI_ROOT,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temp directory, removed after the test file. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "connectorkit-cli-"));
  dirs.push(dir);
  return dir;
}
