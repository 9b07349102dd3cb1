import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, referenceConnectorFile, referenceConnectorNames } from "../../test/fixtures";
import { VALIDATOR_RULES } from "./rules";
import type { ValidationResult } from "./types";
import { validateConnector } from "./validate-connector";

// The 25 reference connectors are vendored in the repository's fixtures/ folder (see fixtures/SOURCES.md).
function load(name: string) {
  const swaggerFile = referenceConnectorFile(name, "apiDefinition.swagger.json");
  const propsFile = referenceConnectorFile(name, "apiProperties.json");
  return {
    swagger: swaggerFile === undefined ? undefined : readFileSync(swaggerFile, "utf8"),
    apiProperties: propsFile === undefined ? undefined : readFileSync(propsFile, "utf8"),
  };
}

const names = referenceConnectorNames();

const results = new Map<string, ValidationResult>();
function result(name: string): ValidationResult {
  let r = results.get(name);
  if (r === undefined) {
    const { swagger, apiProperties } = load(name);
    r = validateConnector(apiProperties === undefined ? { swagger } : { swagger, apiProperties });
    results.set(name, r);
  }
  return r;
}
const has = (name: string, ruleId: string, pointerPart = "") =>
  result(name).problems.some((p) => p.ruleId === ruleId && p.pointer.includes(pointerPart));

describe("the 25 reference connectors", () => {
  it("are all there (25 folders, each with a swagger)", () => {
    expect(names.length).toBe(25);
    for (const name of names) expect(load(name).swagger, name).toBeDefined();
  });

  it.each(names)("%s: validates without crashing, with plausible results", (name) => {
    const r = result(name);
    const ids = new Set(r.problems.map((p) => p.ruleId));
    for (const id of [
      "ValidatorInternalError",
      "SpecificationVersionIncorrect",
      "JsonSyntaxError",
      "DocumentNotObject",
    ]) {
      expect(ids.has(id), `${name}: ${id}`).toBe(false);
    }
    expect(r.truncated).toBe(false);
    expect(r.errorCount + r.warningCount).toBe(r.problems.length);
    expect(r.errorCount).toBeLessThan(400);
    const known = new Set(VALIDATOR_RULES.map((rule) => rule.id));
    for (const p of r.problems) {
      expect(known.has(p.ruleId)).toBe(true);
      if (p.file === "apiDefinition" && p.pointer !== "")
        expect(p.line, `${name} ${p.ruleId} ${p.pointer}`).toBeGreaterThan(0);
    }
  });

  it.each(names)("%s: certification mode runs and only adds problems", (name) => {
    const { swagger, apiProperties } = load(name);
    const plain = result(name);
    const withCert = validateConnector(
      apiProperties === undefined ? { swagger } : { swagger, apiProperties },
      { certification: true },
    );
    expect(withCert.problems.some((p) => p.ruleId === "ValidatorInternalError")).toBe(false);
    expect(withCert.problems.length).toBeGreaterThanOrEqual(plain.problems.length);
  });

  it("is deterministic", () => {
    const name = "Egnyte";
    const { swagger, apiProperties } = load(name);
    const again = validateConnector(apiProperties === undefined ? { swagger } : { swagger, apiProperties });
    expect(again).toEqual(result(name));
  });

  it("finds the real problems present in the reference connectors", () => {
    // host left as a template placeholder
    expect(has("JotForm Enterprise", "HostNameNotValid", "/host")).toBe(true);
    // security requirements naming schemes that securityDefinitions lacks
    expect(has("Annature", "SecurityRequirementMustBeDefined", "/security/0/partner_key")).toBe(true);
    expect(has("Jupyrest", "SecurityRequirementMustBeDefined", "/security/0/undefined")).toBe(true);
    // a boolean property whose default is a string
    expect(has("Annature", "DefaultValueMustMatchType", "/properties/draft/default")).toBe(true);
    // webhook callback URL inside an optional body
    expect(has("Tribal - Maytas", "NotificationUrlNotRequired")).toBe(true);
    // Production operation in a Preview connector
    expect(has("Egnyte", "OperationStatusAheadOfConnector")).toBe(true);
    // string/binary nested inside a JSON body
    expect(
      has("Tendocs Documents", "InvalidStringBinaryProperty", "/definitions/DocumentTemplateRequest"),
    ).toBe(true);
    // dynamic values reading 'MemberType' where the response defines 'memberType'
    expect(
      result("iMIS").problems.some(
        (p) => p.ruleId === "InvokedOperationShouldProduceProperty" && p.message.includes("'MemberType'"),
      ),
    ).toBe(true);
    // policies of apiProperties.json naming operations the swagger does not have
    expect(has("Planner", "ApiPropertiesUnknownOperation", "/properties/policyTemplateInstances")).toBe(true);
    // files that are not plain JSON
    expect(has("Microsoft Bookings", "JsonByteOrderMarkFound")).toBe(true);
    expect(has("Plumsail Documents", "JsonTrailingCommaFound")).toBe(true);
    // 314 "$ref with siblings" in an ARM-generated swagger
    expect(
      result("Azure Machine Learning").problems.filter(
        (p) => p.ruleId === "AdditionalPropertyNotAllowedAdjacentToRef",
      ).length,
    ).toBeGreaterThan(100);
  });

  it("reports clean connectors as clean", () => {
    for (const name of ["ChuckNorris.io", "Feathery Forms", "ModuleQ", "touchSMS", "Zoho Mail"]) {
      expect(result(name).problems, name).toEqual([]);
    }
  });
});

describe("rule ids", () => {
  it("every Microsoft rule id appears verbatim in Microsoft's published catalogue", () => {
    // The ids of Microsoft's Swagger Validator error catalogue (certification-swagger-validator-rules).
    const published = new Set<string>(
      JSON.parse(readFileSync(`${FIXTURES_DIR}/ms-validator-rule-ids.json`, "utf8")),
    );
    expect(published.size).toBeGreaterThan(100);
    const missing = VALIDATOR_RULES.filter((r) => r.source === "microsoft" && !published.has(r.id)).map(
      (r) => r.id,
    );
    expect(missing).toEqual([]);
    const notOurs = VALIDATOR_RULES.filter((r) => r.source === "connectorkit" && published.has(r.id)).map(
      (r) => r.id,
    );
    expect(notOurs).toEqual([]);
  });
});
