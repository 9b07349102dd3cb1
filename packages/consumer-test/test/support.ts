/**
 * Helpers of the consumer test: build and pack the published packages, write scratch apps outside the repo,
 * run commands. @internal
 */
import { type SpawnOptions, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Directories (under packages/) of every package that is published: not `private`. */
export const PUBLISHED = readdirSync(path.join(REPO_ROOT, "packages"))
  .filter((dir) => existsSync(path.join(REPO_ROOT, "packages", dir, "package.json")))
  .filter((dir) => !readManifest(dir).private)
  .sort();

/** A package's package.json under packages/. */
export function readManifest(dir: string): {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> };
} {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "packages", dir, "package.json"), "utf8"));
}

/** Every file `exports` (as published) and `types` point at, relative to the package directory. */
export function publishedTargets(dir: string): string[] {
  const manifest = readManifest(dir);
  const exportsField = manifest.publishConfig?.exports ?? manifest.exports ?? {};
  const targets = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === "string") targets.add(value);
    else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  walk(exportsField);
  targets.delete("./package.json");
  return [...targets];
}

/** A version from the pnpm catalog, so the scratch apps use what the repo tests with. */
export function catalogVersion(name: string): string {
  const text = readFileSync(path.join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8");
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`^\\s+"?${escaped}"?:\\s*(\\S+)\\s*$`, "m").exec(text);
  if (!match?.[1]) throw new Error(`${name} is not in the pnpm catalog`);
  return match[1];
}

/**
 * How to run the repo's pnpm: `pnpm` when the one on PATH is the version `packageManager` pins, else through npx
 * (as scripts/bootstrap.mjs does on a machine with only npm).
 */
export async function pnpmCommand(): Promise<[string, string[]]> {
  const pinned = (
    JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { packageManager: string }
  ).packageManager;
  const version = pinned.replace(/^pnpm@/, "");
  const onPath = await run("pnpm", ["--version"], { timeoutMs: 30_000 }).catch(() => undefined);
  if (onPath?.code === 0 && onPath.stdout.trim() === version) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${version}`]];
}

/** The repo's TypeScript compiler (the scratch apps do not install one). */
export const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** The result of one command. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing output; rejects only if it cannot start or times out. */
export function run(
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} timed out\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Like {@link run}, but throws with the output when the exit code is not 0. */
export async function runOk(
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code} in ${String(options.cwd ?? ".")}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/**
 * The smoke server every scratch app runs: a connector with API-key auth and one POST action whose handler
 * throws the SDK's `ConnectorError("Conflict")`, served by `@connectorkit/express` on a loopback port. It calls
 * itself three times (created, no key, conflict) and prints the statuses and bodies as JSON.
 */
export function smokeServer(syntax: "esm" | "cjs" | "ts"): string {
  const imports =
    syntax === "cjs"
      ? [
          'const express = require("express");',
          'const { connectorRouter } = require("@connectorkit/express");',
          'const { action, auth, ConnectorError, defineConnector, field } = require("@connectorkit/sdk");',
          'const { z } = require("zod");',
        ]
      : [
          'import express from "express";',
          'import { connectorRouter } from "@connectorkit/express";',
          'import { action, auth, ConnectorError, defineConnector, field } from "@connectorkit/sdk";',
          'import { z } from "zod";',
        ];
  const t = (annotation: string) => (syntax === "ts" ? annotation : "");
  return `${imports.join("\n")}

const createTicket = action({
  operationId: "CreateTicket",
  summary: "Create a ticket",
  description: "Opens a ticket in the helpdesk.",
  method: "post",
  path: "/tickets",
  request: { body: z.object({ title: field(z.string().min(1), { summary: "Title" }) }) },
  responses: { 201: z.object({ id: z.string(), title: z.string() }) },
  handler: async ({ body }) => {
    if (body.title === "duplicate") {
      throw new ConnectorError("Conflict", { message: "A ticket with this title exists." });
    }
    return { status: 201, body: { id: "T-1", title: body.title } };
  },
});

const connector = defineConnector({
  title: "Smoke Tickets",
  description: "Creates tickets; used to check that the installed packages work together.",
  host: "tickets.example.com",
  basePath: "/api",
  auth: auth.apiKey({ in: "header", name: "X-API-Key", verify: auth.apiKey.keys(["smoke-key"]) }),
  operations: [createTicket],
});

async function main()${t(": Promise<void>")} {
  const app = express();
  app.use("/api", connectorRouter(connector));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address()${t(" as { port: number }")};
  const call = async (title${t(": string")}, key${t(": string | undefined")}) => {
    const headers${t(": Record<string, string>")} = { "content-type": "application/json" };
    if (key !== undefined) headers["x-api-key"] = key;
    const res = await fetch(\`http://127.0.0.1:\${port}/api/tickets\`, {
      method: "POST",
      headers,
      body: JSON.stringify({ title }),
    });
    return { status: res.status, body: await res.json() };
  };
  const results = {
    created: await call("Printer on fire", "smoke-key"),
    missingKey: await call("Printer on fire", undefined),
    conflict: await call("duplicate", "smoke-key"),
  };
  server.close();
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}
