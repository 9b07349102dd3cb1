import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
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
