import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ROOT } from "./cli.test-helper";

const SDK_ROOT = path.resolve(CLI_ROOT, "../sdk");
const SDK_SRC = path.join(SDK_ROOT, "src");
const CLI_SRC = path.join(CLI_ROOT, "src");
const IMPORT =
  /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;

/** Packages only the tools need: a production install of the SDK must not pull them in. */
const DEV_TIME_ONLY = ["tsx", "esbuild", "typescript", "@connectorkit/cli"];

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Every file reachable from `entry` through relative imports, plus the bare packages it imports. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec === undefined) continue;
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const target = resolveLocal(file, spec);
      if (target !== undefined) stack.push(target);
    }
  }
  return { files, packages };
}

const isDevTimeOnly = (spec: string) => DEV_TIME_ONLY.some((p) => spec === p || spec.startsWith(`${p}/`));

const sdkManifest = JSON.parse(readFileSync(path.join(SDK_ROOT, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const sdkEntries = Object.values(sdkManifest.exports)
  .flatMap((target) => (typeof target === "string" ? [] : [target["@connectorkit/source"]]))
  .filter((entry): entry is string => entry !== undefined);

describe("the tools stay out of @connectorkit/sdk", () => {
  it("the SDK exports at least its runtime, emitter and tooling entries", () => {
    expect(sdkEntries).toEqual(
      expect.arrayContaining(["./src/index.ts", "./src/http.ts", "./src/swagger.ts"]),
    );
  });

  for (const entry of sdkEntries) {
    it(`${entry} never reaches the CLI, tsx, esbuild or typescript`, () => {
      const { files, packages } = importGraph(path.join(SDK_ROOT, entry));
      expect(files.size).toBeGreaterThan(1);
      expect([...files].filter((f) => f.startsWith(CLI_SRC + path.sep))).toEqual([]);
      expect([...packages].filter(isDevTimeOnly)).toEqual([]);
      expect([...files].every((f) => f.startsWith(SDK_SRC + path.sep))).toBe(true);
    });
  }

  it("the SDK's dependencies and peers name none of the dev-time tools", () => {
    const names = [
      ...Object.keys(sdkManifest.dependencies ?? {}),
      ...Object.keys(sdkManifest.peerDependencies ?? {}),
    ];
    expect(names.filter(isDevTimeOnly)).toEqual([]);
  });

  it("the graph walker does find tsx from the CLI's bin (the check can fail)", () => {
    const { files, packages } = importGraph(path.join(CLI_SRC, "bin.ts"));
    expect(files.has(path.join(CLI_SRC, "run-cli.ts"))).toBe(true);
    expect(files.has(path.join(CLI_SRC, "load-connector.ts"))).toBe(true);
    expect([...packages].filter(isDevTimeOnly)).toContain("tsx/esm/api");
  });
});
