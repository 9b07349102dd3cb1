/**
 * Test helper: where the vendored third-party fixtures live (`fixtures/` at the repository root: Microsoft's JSON
 * schemas, the 25 reference connectors, the published validator rule ids; see `fixtures/SOURCES.md`). Tests read
 * only from the repository, so they run from a clean clone with nothing beside it.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's `fixtures/` folder. */
export const FIXTURES_DIR = fileURLToPath(new URL("../../../fixtures/", import.meta.url));
/** Microsoft's JSON schemas (JSON with comments). */
export const MS_SCHEMAS_DIR = join(FIXTURES_DIR, "ms-schemas");
/** One folder per reference connector, each with its swagger and apiProperties.json. */
export const CONNECTORS_DIR = join(FIXTURES_DIR, "connectors");

/** The reference connectors' folder names, sorted. */
export function referenceConnectorNames(): string[] {
  return readdirSync(CONNECTORS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The path of a reference connector's file, matching the file name case-insensitively (one ships `apidefinition`). */
export function referenceConnectorFile(
  name: string,
  file: "apiProperties.json" | "apiDefinition.swagger.json",
): string | undefined {
  const dir = join(CONNECTORS_DIR, name);
  const found = readdirSync(dir).find((f) => f.toLowerCase() === file.toLowerCase());
  return found === undefined ? undefined : join(dir, found);
}
