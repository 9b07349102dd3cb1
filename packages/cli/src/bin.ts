#!/usr/bin/env node
/**
 * @module connectorkit — the command-line entry (bin). Build-time only: kept off the runtime import path.
 */
import { runCli } from "./index";

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
