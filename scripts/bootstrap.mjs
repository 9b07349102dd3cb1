#!/usr/bin/env node
/**
 * One-command set-up for a fresh machine with only Node 20 and npm.
 *   npm start  -> install, emit the example connector package, serve it with Express on http://127.0.0.1:3000/api
 *   npm test   -> install, run the whole test suite, print "N passed, N failed"
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PNPM = "12.4.2";
const command = process.argv[2];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env, ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpmCommand() {
  try {
    const v = execFileSync("pnpm", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (v === PNPM) return ["pnpm", []];
  } catch {}
  console.log(`[bootstrap] using pnpm ${PNPM} through npx`);
  return ["npx", ["--yes", `pnpm@${PNPM}`]];
}

function pnpm(args) {
  const [cmd, pre] = pnpmCommand();
  return run(cmd, [...pre, ...args]);
}

function ensureInstalled() {
  const status = pnpm(["install", "--frozen-lockfile"]);
  if (status !== 0) process.exit(status);
}

function ensureRedis() {
  const has = spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0;
  if (has) return;
  if (
    process.getuid?.() === 0 &&
    spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0
  ) {
    console.log("[bootstrap] installing redis-server (needed by the Redis store tests)");
    run("sh", [
      "-c",
      "apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null",
    ]);
  } else {
    console.log(
      "[bootstrap] redis-server is not installed: the Redis store tests will fail. Install it (e.g. apt-get install redis-server).",
    );
  }
}

if (command === "start") {
  ensureInstalled();
  let status = pnpm(["--filter", "@connectorkit-examples/tickets", "run", "package"]);
  if (status !== 0) process.exit(status);
  // A local demo: development mode, so the SDK generates (and keeps in .connectorkit/) the polling-state key
  // when CONNECTORKIT_STATE_SECRET is not set. There is no built-in key.
  process.env.NODE_ENV ??= "development";
  status = pnpm(["--filter", "@connectorkit-examples/express-app", "start"]);
  process.exit(status);
} else if (command === "test") {
  ensureInstalled();
  ensureRedis();
  const out = `${root}.vitest-results.json`;
  rmSync(out, { force: true });
  const [cmd, pre] = pnpmCommand();
  const status = run(cmd, [
    ...pre,
    "exec",
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${out}`,
  ]);
  if (!existsSync(out)) {
    console.log("0 passed, 1 failed");
    process.exit(status || 1);
  }
  const results = JSON.parse(readFileSync(out, "utf8"));
  // A file that fails outside a test (an import error, a failing beforeAll) counts as a failure too.
  const brokenFiles = (results.testResults ?? []).filter(
    (file) => file.status === "failed" && (file.assertionResults ?? []).every((t) => t.status !== "failed"),
  ).length;
  const failed = results.numFailedTests + brokenFiles;
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  console.log(
    `${results.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`,
  );
  if (results.numTotalTests === 0) process.exit(1);
  process.exit(status !== 0 || failed > 0 ? status || 1 : 0);
} else {
  console.error("usage: node scripts/bootstrap.mjs <start|test>");
  process.exit(2);
}
