import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SDK_ROOT } from "./cli.test-helper";

const SRC = path.join(SDK_ROOT, "src");
const IMPORT =
  /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;

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

describe("the CLI is off the runtime import path", () => {
  for (const entry of ["index.ts", "http.ts"]) {
    it(`src/${entry} never reaches src/cli or tsx`, () => {
      const { files, packages } = importGraph(path.join(SRC, entry));
      expect(files.size).toBeGreaterThan(3);
      const cli = [...files].filter(
        (f) => f === path.join(SRC, "cli.ts") || f.startsWith(path.join(SRC, "cli") + path.sep),
      );
      expect(cli).toEqual([]);
      expect([...packages].filter((p) => p.startsWith("tsx"))).toEqual([]);
    });
  }

  it("the graph walker does find the CLI from src/cli.ts (the check can fail)", () => {
    const { files, packages } = importGraph(path.join(SRC, "cli.ts"));
    expect(files.has(path.join(SRC, "cli", "run-cli.ts"))).toBe(true);
    expect(files.has(path.join(SRC, "cli", "load-connector.ts"))).toBe(true);
    expect(packages.has("tsx/esm/api")).toBe(true);
  });
});
