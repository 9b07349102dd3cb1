import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { toConnectorApiProperties, toSwagger } from "@connectorkit/sdk/swagger";
import { validateConnector } from "@connectorkit/sdk/validate";
import type { OpenAPI } from "openapi-types";
import { describe, expect, it } from "vitest";
import { msSchemaErrors } from "../../../packages/sdk/test/ms-schema";
import { connector } from "../src/connector";

const golden = JSON.parse(readFileSync(new URL("../apiDefinition.swagger.json", import.meta.url), "utf8"));

describe("example connector swagger", () => {
  const emitted = toSwagger(connector);

  it("matches the committed golden file (run `pnpm --filter @connectorkit-examples/tickets emit` to update)", () => {
    expect(emitted).toEqual(golden);
  });

  it("validates with zero problems against Microsoft's apiDefinition schema", () => {
    // The 2020 schema predates x-ms-openai-data (POWER-PLATFORM.md §2.0 "Gaps in that schema"), which 42 certified
    // connectors use. Strip exactly that key and validate the rest against the unmodified schema.
    const { doc, stripped } = withoutSchemaGaps(emitted);
    expect(stripped).toEqual([
      "/paths/~1tickets/post/x-ms-openai-data",
      "/paths/~1tickets~1{ticketId}/get/x-ms-openai-data",
    ]);
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("validates with @apidevtools/swagger-parser", async () => {
    const copy = structuredClone(emitted) as unknown as OpenAPI.Document;
    await expect(SwaggerParser.validate(copy)).resolves.toBeTruthy();
  });

  it("passes connectorkit's own validator with zero problems, certification rules included", () => {
    const result = validateConnector(
      { swagger: emitted, apiProperties: toConnectorApiProperties(connector) },
      { certification: true },
    );
    expect(result.problems).toEqual([]);
  });

  it("apiProperties validates against Microsoft's paconn schema", () => {
    expect(msSchemaErrors("paconn-apiProperties.schema.json", toConnectorApiProperties(connector))).toEqual(
      [],
    );
  });

  it("is deterministic", () => {
    expect(JSON.stringify(toSwagger(connector))).toBe(JSON.stringify(emitted));
  });
});

const SCHEMA_GAPS = ["x-ms-openai-data"];

function withoutSchemaGaps(swagger: object): { doc: Record<string, any>; stripped: string[] } {
  const doc = structuredClone(swagger) as Record<string, any>;
  const stripped: string[] = [];
  for (const [path, item] of Object.entries(doc["paths"] as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(item)) {
      for (const key of SCHEMA_GAPS) {
        if (op && typeof op === "object" && key in op) {
          delete op[key];
          stripped.push(`/paths/${path.replaceAll("/", "~1")}/${method}/${key}`);
        }
      }
    }
  }
  return { doc, stripped };
}
