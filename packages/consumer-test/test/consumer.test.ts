/**
 * The packages as a user gets them: `pnpm pack` every published package, install the tarballs with npm into
 * fresh apps outside the repo (TS NodeNext, TS Bundler, TS CommonJS, JS CommonJS, JS ESM), type-check the TS
 * ones with `skipLibCheck: false` (the optional peers are not installed), run the same smoke server in each and
 * compare what they answer. Also publint and arethetypeswrong on every tarball, and the `connectorkit` bin.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { publint } from "publint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogVersion,
  PUBLISHED,
  pnpmCommand,
  publishedTargets,
  REPO_ROOT,
  type RunResult,
  readManifest,
  run,
  runOk,
  smokeServer,
  TSC,
} from "./support";

/** Shared by every run and every app, so installs after the first are served from disk. */
const NPM_CACHE = path.join(os.tmpdir(), "connectorkit-consumer-npm-cache");
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `--cache=${NPM_CACHE}`];

let work = "";
const tarballs = new Map<string, string>();
const tarball = (dir: string): string => {
  const file = tarballs.get(dir);
  if (file === undefined) throw new Error(`packages/${dir} was not packed`);
  return file;
};

beforeAll(async () => {
  const missing = PUBLISHED.some((dir) =>
    publishedTargets(dir).some((target) => !existsSync(path.join(REPO_ROOT, "packages", dir, target))),
  );
  const [pnpm, pnpmArgs] = await pnpmCommand();
  if (missing) await runOk(pnpm, [...pnpmArgs, "run", "build"], { cwd: REPO_ROOT, timeoutMs: 300_000 });
  work = await mkdtemp(path.join(os.tmpdir(), "connectorkit-consumer-"));
  const out = path.join(work, "tarballs");
  await mkdir(out);
  for (const dir of PUBLISHED) {
    const before = new Set(await readdir(out));
    await runOk(pnpm, [...pnpmArgs, "pack", "--pack-destination", out], {
      cwd: path.join(REPO_ROOT, "packages", dir),
    });
    const added = (await readdir(out)).filter((f) => !before.has(f) && f.endsWith(".tgz"));
    expect(added).toHaveLength(1);
    tarballs.set(dir, path.join(out, added[0]!));
  }
}, 360_000);

afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

describe("every published package, packed", () => {
  it("there are four: sdk, express, azure-functions and cli", () => {
    expect(PUBLISHED.map((dir) => readManifest(dir).name).sort()).toEqual([
      "@connectorkit/azure-functions",
      "@connectorkit/cli",
      "@connectorkit/express",
      "@connectorkit/sdk",
    ]);
  });

  for (const dir of PUBLISHED) {
    describe(readManifest(dir).name, () => {
      it("ships README, LICENSE and every file its exports name, and no sources, maps or source condition", async () => {
        const listing = await runOk("tar", ["-tzf", tarball(dir)]);
        const files = listing.stdout.split("\n").filter(Boolean);
        expect(files).toContain("package/README.md");
        expect(files).toContain("package/LICENSE");
        for (const target of publishedTargets(dir)) expect(files).toContain(`package/${target.slice(2)}`);
        expect(files.filter((f) => f.endsWith(".map") || f.startsWith("package/src/"))).toEqual([]);
        const manifest = await runOk("tar", ["-xzOf", tarball(dir), "package/package.json"]);
        expect(manifest.stdout).not.toContain("@connectorkit/source");
        expect(manifest.stdout).not.toContain("workspace:");
        const license = await runOk("tar", ["-xzOf", tarball(dir), "package/LICENSE"]);
        expect(license.stdout).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} connectorkit contributors\n/);
        const published = JSON.parse(manifest.stdout) as { peerDependencies?: Record<string, string> };
        for (const [peer, range] of Object.entries(published.peerDependencies ?? {})) {
          expect(range, `peer ${peer} must be a range, not a pin`).toMatch(/^\^\d/);
        }
      });

      it("publint finds nothing (strict, suggestions included)", async () => {
        const bytes = await readFile(tarball(dir));
        const { messages } = await publint({
          pack: {
            tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
          },
          level: "suggestion",
          strict: true,
        });
        expect(messages).toEqual([]);
      });

      it("arethetypeswrong finds nothing but the ESM-only note for CommonJS resolution", async () => {
        const bytes = await readFile(tarball(dir));
        const result = await checkPackage(createPackageFromTarballData(new Uint8Array(bytes)));
        expect(result.types).not.toBe(false);
        const problems = "problems" in result ? result.problems : [];
        // The packages are ESM only on purpose (docs/installing.md): attw, which predates require(esm), flags
        // every entry for `require` under node16. The TS CommonJS app below proves that it compiles and runs.
        const other = problems.filter(
          (p) => !(p.kind === "CJSResolvesToESM" && p.resolutionKind === "node16-cjs"),
        );
        expect(other).toEqual([]);
      });
    });
  }
});

type AppKind = "ts-nodenext" | "ts-bundler" | "ts-commonjs" | "js-commonjs" | "js-esm";

interface App {
  kind: AppKind;
  type: "module" | "commonjs";
  /** The file to run, relative to the app. */
  entry: string;
  tsconfig?: Record<string, unknown>;
}

const strictTs = {
  target: "es2022",
  strict: true,
  skipLibCheck: false,
  outDir: "dist",
  rootDir: "src",
  types: ["node"],
};

const APPS: App[] = [
  {
    kind: "ts-nodenext",
    type: "module",
    entry: "dist/server.js",
    tsconfig: { ...strictTs, module: "nodenext", moduleResolution: "nodenext" },
  },
  {
    kind: "ts-bundler",
    type: "module",
    entry: "dist/server.js",
    tsconfig: { ...strictTs, module: "esnext", moduleResolution: "bundler" },
  },
  {
    kind: "ts-commonjs",
    type: "commonjs",
    entry: "dist/server.js",
    tsconfig: { ...strictTs, module: "nodenext", moduleResolution: "nodenext", esModuleInterop: true },
  },
  { kind: "js-commonjs", type: "commonjs", entry: "server.cjs" },
  { kind: "js-esm", type: "module", entry: "server.mjs" },
];

const appDir = (kind: AppKind) => path.join(work, "apps", kind);

/** The connector the `connectorkit` bin builds in the NodeNext app (a TypeScript file, loaded through tsx). */
const CLI_CONNECTOR = `import { action, defineConnector, field } from "@connectorkit/sdk";
import { z } from "zod";

export const connector = defineConnector({
  title: "Smoke Tickets",
  description: "Creates tickets; used to check the installed connectorkit bin.",
  host: "tickets.example.com",
  basePath: "/api",
  operations: [
    action({
      operationId: "CreateTicket",
      summary: "Create a ticket",
      description: "Opens a ticket in the helpdesk.",
      method: "post",
      path: "/tickets",
      request: { body: z.object({ title: field(z.string(), { summary: "Ticket title" }) }) },
      responses: { 201: z.object({ id: z.string() }) },
      handler: async () => ({ status: 201 as const, body: { id: "T-1" } }),
    }),
  ],
});
`;

const AZURE_CHECK = `import { createAzureHandler, type AzureHttpHandler } from "@connectorkit/azure-functions";
import { connector } from "./connector.js";

export const handler: AzureHttpHandler = createAzureHandler(connector);
`;

async function writeApp(app: App): Promise<void> {
  const dir = appDir(app.kind);
  await mkdir(path.join(dir, "src"), { recursive: true });
  const manifest = {
    name: `smoke-${app.kind}`,
    version: "0.0.0",
    private: true,
    type: app.type,
    ...dependencies(app),
  };
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  if (app.tsconfig) {
    await writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: app.tsconfig, include: ["src"] }, null, 2),
    );
    await writeFile(path.join(dir, "src", "server.ts"), smokeServer("ts"));
  } else {
    await writeFile(path.join(dir, app.entry), smokeServer(app.type === "commonjs" ? "cjs" : "esm"));
  }
  if (app.kind === "ts-nodenext") {
    await writeFile(path.join(dir, "src", "connector.ts"), CLI_CONNECTOR);
    await writeFile(path.join(dir, "src", "azure.ts"), AZURE_CHECK);
  }
}

/** The app's dependencies: the tarballs, zod and express (and types for TS); the NodeNext app also gets the
 * Azure adapter (type-checked) and the CLI (run as the installed `connectorkit` bin). */
function dependencies(app: App): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
} {
  const dependencies: Record<string, string> = {
    "@connectorkit/sdk": `file:${tarball("sdk")}`,
    "@connectorkit/express": `file:${tarball("adapters-express")}`,
    zod: catalogVersion("zod"),
    express: catalogVersion("express"),
  };
  const devDependencies: Record<string, string> = {};
  if (app.tsconfig) {
    devDependencies["@types/node"] = catalogVersion("@types/node");
    devDependencies["@types/express"] = catalogVersion("@types/express");
  }
  if (app.kind === "ts-nodenext") {
    dependencies["@connectorkit/azure-functions"] = `file:${tarball("adapters-azure-functions")}`;
    dependencies["@azure/functions"] = catalogVersion("@azure/functions");
    devDependencies["@connectorkit/cli"] = `file:${tarball("cli")}`;
  }
  return { dependencies, devDependencies };
}

async function install(app: App): Promise<void> {
  await runOk("npm", ["install", ...NPM_FLAGS], { cwd: appDir(app.kind), timeoutMs: 240_000 });
}

/** Type-checks and compiles a TS app (`skipLibCheck: false`), then runs its smoke server. */
async function check(app: App): Promise<AppRun> {
  const cwd = appDir(app.kind);
  const tsc = app.tsconfig
    ? await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd, timeoutMs: 240_000 })
    : undefined;
  if (tsc && tsc.code !== 0) return { tsc };
  const server = await run(process.execPath, [app.entry], { cwd, timeoutMs: 120_000 });
  return { tsc, server };
}

interface AppRun {
  tsc?: RunResult | undefined;
  server?: RunResult | undefined;
}

type SmokeResults = Record<"created" | "missingKey" | "conflict", { status: number; body: unknown }>;

describe("fresh npm apps outside the repo", () => {
  const runs = new Map<AppKind, AppRun>();
  const results = new Map<AppKind, SmokeResults>();

  beforeAll(async () => {
    for (const app of APPS) await writeApp(app);
    // The first install fills the shared cache; the others then install from it side by side.
    await install(APPS[0]!);
    await Promise.all(APPS.slice(1).map(install));
    // Type-check and run the five apps side by side; the tests below assert on what each did.
    await Promise.all(APPS.map(async (app) => runs.set(app.kind, await check(app))));
  }, 480_000);

  it("the optional peers are not installed, so the type checks below run without them", () => {
    for (const peer of ["ioredis", "@azure/data-tables", "@azure/storage-queue"]) {
      expect(existsSync(path.join(appDir("ts-nodenext"), "node_modules", peer))).toBe(false);
    }
    expect(existsSync(path.join(appDir("ts-nodenext"), "node_modules", "@connectorkit", "sdk", "dist"))).toBe(
      true,
    );
    expect(existsSync(path.join(appDir("ts-nodenext"), "node_modules", "tsx"))).toBe(true);
    expect(existsSync(path.join(appDir("js-esm"), "node_modules", "tsx"))).toBe(false);
  });

  for (const app of APPS) {
    it(`${app.kind}: ${app.tsconfig ? "tsc with skipLibCheck false, then " : ""}the smoke server answers 201, 401 and 409`, () => {
      const { tsc, server } = runs.get(app.kind) ?? {};
      if (app.tsconfig) {
        expect(tsc?.stdout + (tsc?.stderr ?? "")).toBe("");
        expect(tsc?.code).toBe(0);
      }
      expect(server?.stderr).toBe("");
      expect(server?.code).toBe(0);
      const answers = JSON.parse(server?.stdout ?? "") as SmokeResults;
      expect(answers.created).toEqual({ status: 201, body: { id: "T-1", title: "Printer on fire" } });
      expect(answers.missingKey.status).toBe(401);
      expect(answers.missingKey.body).toEqual({
        error: { code: "Unauthorized", message: expect.any(String) },
      });
      expect(answers.conflict).toEqual({
        status: 409,
        body: { error: { code: "Conflict", message: "A ticket with this title exists." } },
      });
      results.set(app.kind, answers);
    });
  }

  it("all five apps answer with identical statuses and bodies", () => {
    expect([...results.keys()].sort()).toEqual(APPS.map((a) => a.kind).sort());
    const first = results.get(APPS[0]!.kind);
    for (const answers of results.values()) expect(answers).toEqual(first);
  });

  it("the installed `connectorkit` bin builds a TypeScript connector and keeps its field metadata", async () => {
    const cwd = appDir("ts-nodenext");
    const bin = path.join(cwd, "node_modules", ".bin", "connectorkit");
    const built = await run(bin, ["build", "src/connector.ts", "--out", "connector"], {
      cwd,
      timeoutMs: 120_000,
    });
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const swagger = await readFile(path.join(cwd, "connector", "apiDefinition.swagger.json"), "utf8");
    expect(JSON.parse(swagger).swagger).toBe("2.0");
    // Lost if the CLI and the connector loaded two copies of the SDK (the metadata registry is per copy).
    expect(swagger).toContain('"x-ms-summary": "Ticket title"');
    const validated = await run(bin, ["validate", "connector"], { cwd, timeoutMs: 120_000 });
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    const usage = await run(bin, ["no-such-command"], { cwd, timeoutMs: 60_000 });
    expect(usage.code).toBe(2);
  });
});
