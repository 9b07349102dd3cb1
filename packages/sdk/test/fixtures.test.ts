import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, referenceConnectorFile, referenceConnectorNames } from "./fixtures";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => relative(FIXTURES_DIR, join(d.parentPath, d.name)).split("\\").join("/"))
    .sort();
}

describe("the vendored fixtures", () => {
  const sources = readFileSync(join(FIXTURES_DIR, "SOURCES.md"), "utf8");
  const files = filesUnder(FIXTURES_DIR);

  it("are all listed in SOURCES.md with where they came from", () => {
    const unlisted = files.filter(
      (f) => !["SOURCES.md"].includes(f) && !f.startsWith("LICENSE-") && !sources.includes(`\`${f}\``),
    );
    expect(unlisted).toEqual([]);
  });

  it("list in SOURCES.md only files that exist", () => {
    const listed = [...sources.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(50);
    expect(listed.filter((f) => !files.includes(f))).toEqual([]);
  });

  it("ship the licence of every source they name", () => {
    for (const licence of ["LICENSE-PowerPlatformConnectors", "LICENSE-powerplatform-developerhub"]) {
      expect(sources).toContain(`\`${licence}\``);
      expect(readFileSync(join(FIXTURES_DIR, licence), "utf8")).toMatch(
        /MIT License[\s\S]*Microsoft Corporation/,
      );
    }
  });

  it("hold the 25 reference connectors, each with a swagger and apiProperties.json", () => {
    const names = referenceConnectorNames();
    expect(names).toHaveLength(25);
    for (const name of names) {
      expect(referenceConnectorFile(name, "apiDefinition.swagger.json"), name).toBeDefined();
      expect(referenceConnectorFile(name, "apiProperties.json"), name).toBeDefined();
    }
  });
});

/** Every .ts/.mjs source of the workspace's packages, examples, bench and scripts (no node_modules, no dist). */
function sources(): string[] {
  const repo = resolve(FIXTURES_DIR, "..");
  return ["packages", "examples", "bench", "scripts"].flatMap((top) =>
    readdirSync(join(repo, top), { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile() && /\.(ts|mts|mjs)$/.test(d.name))
      .map((d) => join(d.parentPath, d.name))
      .filter((f) => !f.split(sep).some((part) => part === "node_modules" || part === "dist")),
  );
}

describe("the code reads nothing outside the repository", () => {
  const repo = resolve(FIXTURES_DIR, "..");
  const files = sources();

  it("relative URLs and import.meta.dirname paths stay inside it", () => {
    expect(files.length).toBeGreaterThan(100);
    const escaping: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const literals = [
        ...[...text.matchAll(/new URL\(\s*["'`]([^"'`$]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)].map(
          (m) => m[1]!,
        ),
        ...[
          ...text.matchAll(/join\(\s*import\.meta\.dirname\s*,\s*((?:["'][^"']+["']\s*,?\s*)+)\)/g),
        ].flatMap((m) => [...m[1]!.matchAll(/["']([^"']+)["']/g)].map((n) => n[1]!)),
      ];
      for (const literal of literals) {
        const target = resolve(dirname(file), literal);
        if (target !== repo && !target.startsWith(repo + sep))
          escaping.push(`${relative(repo, file)}: ${literal}`);
      }
    }
    expect(escaping).toEqual([]);
  });

  it("no home directory or machine-specific absolute paths", () => {
    const self = fileURLToPath(import.meta.url);
    const found = files
      .filter((file) => file !== self)
      .flatMap((file) => {
        const text = readFileSync(file, "utf8");
        return [/\bhomedir\(/, /process\.env\[?["'.]?HOME\b/, /["'`]\/(work|home|root|Users)\//]
          .filter((re) => re.test(text))
          .map((re) => `${relative(repo, file)}: ${re.source}`);
      });
    expect(found).toEqual([]);
  });
});
