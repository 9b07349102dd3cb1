import { readFileSync } from "node:fs";
import { type ParseError, parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { referenceConnectorFile, referenceConnectorNames } from "../../test/fixtures";
import { diffConnectors } from "./diff-connectors";
import { formatChanges } from "./format-changes";

/** Reads a connector file the way the platform does: tolerates a BOM and trailing commas (seen in the corpus). */
function readSwagger(file: string): any {
  const errors: ParseError[] = [];
  const doc = parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${file}: ${errors.length} JSON parse errors`);
  return doc;
}

// The reference connectors (MIT, microsoft/PowerPlatformConnectors), vendored in fixtures/ (see fixtures/SOURCES.md).
const TOUCHSMS = referenceConnectorFile("touchSMS", "apiDefinition.swagger.json")!;

describe("diffConnectors on a real connector (touchSMS)", () => {
  it("finds nothing when comparing the connector with itself", () => {
    expect(diffConnectors(readSwagger(TOUCHSMS), readSwagger(TOUCHSMS)).changes).toEqual([]);
  });

  it("finds exactly the edits made to a modified copy", () => {
    const before = readSwagger(TOUCHSMS);
    const after = readSwagger(TOUCHSMS);
    const send = after.paths["/v2/integrations/power-automate/send"].post;
    send.operationId = "SendSms"; // rename: breaking
    send.parameters[0].schema.properties.priority = { type: "string" }; // new required body property: breaking
    send.parameters[0].schema.required = ["priority"];
    delete after.definitions.AccountInformation.properties.credits; // output used by flows: breaking
    delete after.paths["/v2/integrations/power-automate/unsubscribe/{webhookId}"]; // removed operation: breaking
    after.securityDefinitions["basic-auth"] = { type: "apiKey", in: "header", name: "X-Key" }; // auth: breaking
    after.paths["/v2/numbers"].get.parameters = [{ name: "page", in: "query", type: "integer" }]; // info
    after.paths["/v2/account/credits"] = {
      get: { operationId: "GetCredits", responses: { "200": { description: "OK" } } },
    }; // info

    const result = diffConnectors(before, after);
    const summary = result.changes.map(
      (c) => `${c.severity} ${c.ruleId} ${c.operationId ?? "-"} ${c.pointer}`,
    );
    expect(summary).toEqual([
      "breaking security-type-changed - /securityDefinitions/basic-auth/type",
      "breaking response-property-removed GetAccount /definitions/AccountInformation/properties/credits",
      "breaking operation-removed PowerAutomateUnsubscribe /paths/~1v2~1integrations~1power-automate~1unsubscribe~1{webhookId}/delete",
      "info optional-parameter-added ListVirtualNumbers /paths/~1v2~1numbers/get/parameters/0",
      "breaking operation-renamed SendSms /paths/~1v2~1integrations~1power-automate~1send/post/operationId",
      "breaking required-property-added SendSms /paths/~1v2~1integrations~1power-automate~1send/post/parameters/0/schema/properties/priority",
      "info operation-added GetCredits /paths/~1v2~1account~1credits/get",
    ]);
    expect(result.breaking).toBe(5);
    const text = formatChanges(result.changes);
    expect(text).toContain("Breaking changes (5):");
    expect(text.split("\n").at(-1)).toBe("5 breaking, 0 warnings, 2 info");
  });
});

const corpusFiles = referenceConnectorNames().map(
  (name) => referenceConnectorFile(name, "apiDefinition.swagger.json")!,
);

describe("diffConnectors over the reference corpus", () => {
  it("compares every reference connector with itself without changes or errors, quickly", {
    timeout: 30_000,
  }, () => {
    const started = performance.now();
    for (const file of corpusFiles) {
      const result = diffConnectors(readSwagger(file), readSwagger(file));
      expect(result.changes, file).toEqual([]);
    }
    expect(corpusFiles.length).toBeGreaterThanOrEqual(20);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
