/**
 * Test-only helpers: Microsoft's JSON schemas (JSONC, draft-04) compiled with ajv-draft-04, and the real
 * certified connectors vendored in the repository's `fixtures/` folder. Not exported from the package.
 * @internal
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import { type ParseError, parse } from "jsonc-parser";
import { MS_SCHEMAS_DIR, referenceConnectorFile } from "../../test/fixtures";

function readJsonc(path: string): any {
  const errors: ParseError[] = [];
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const value = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${path}: ${errors.length} JSONC parse error(s)`);
  return value;
}

function compile(file: string) {
  const schema = readJsonc(join(MS_SCHEMAS_DIR, file));
  // The apiProperties schema says draft-07 in $schema but is written (id, definitions) for draft-04.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("uri", (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat("regex", (s: string) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  });
  return ajv.compile(schema);
}

let apiPropertiesValidator: ReturnType<typeof compile> | undefined;
let swaggerValidator: ReturnType<typeof compile> | undefined;

/** @internal Validates against paconn-apiProperties.schema.json; returns the errors (empty = valid). */
export function apiPropertiesSchemaErrors(document: unknown): string[] {
  apiPropertiesValidator ??= compile("paconn-apiProperties.schema.json");
  return apiPropertiesValidator(document)
    ? []
    : (apiPropertiesValidator.errors ?? []).map(
        (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
}

/** @internal Validates against apiDefinition.swagger.schema.json; returns the errors (empty = valid). */
export function swaggerSchemaErrors(document: unknown): string[] {
  swaggerValidator ??= compile("apiDefinition.swagger.schema.json");
  return swaggerValidator(document)
    ? []
    : (swaggerValidator.errors ?? []).map(
        (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
}

/** @internal Reads one file of a real connector (BOM tolerated). */
export function readConnector(name: string, file: "apiProperties.json" | "apiDefinition.swagger.json"): any {
  const path = referenceConnectorFile(name, file);
  if (path === undefined) throw new Error(`reference connector ${name} has no ${file}`);
  return readJsonc(path);
}
