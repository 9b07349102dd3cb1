import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validSwagger } from "./__fixtures__/valid-connector";
import { formatProblems } from "./format-problems";
import { parseConnectorFile } from "./parse-connector-file";
import { validateConnector } from "./validate-connector";

const ids = (r: { problems: Array<{ ruleId: string }> }) => r.problems.map((p) => p.ruleId);

describe("parseConnectorFile", () => {
  it("parses plain JSON without problems and locates pointers", () => {
    const parsed = parseConnectorFile('{\n  "a": {\n    "b/c": [1, 2]\n  }\n}');
    expect(parsed.ok).toBe(true);
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({ a: { "b/c": [1, 2] } });
    expect(parsed.locate("/a/b~1c/1")).toEqual({ line: 3, column: 16 });
    expect(parsed.locate("/nope")).toBeUndefined();
    expect(parsed.locate("not a pointer")).toBeUndefined();
  });

  it("tolerates BOM, comments and trailing commas as warnings", () => {
    const parsed = parseConnectorFile('\uFEFF{ /* c */ "a": [1, 2,], // x\n "b": 1, }');
    expect(parsed.ok).toBe(true);
    expect(parsed.value).toEqual({ a: [1, 2], b: 1 });
    expect(new Set(parsed.problems.map((p) => p.ruleId))).toEqual(
      new Set(["JsonByteOrderMarkFound", "JsonCommentFound", "JsonTrailingCommaFound"]),
    );
    expect(parsed.problems.every((p) => p.severity === "warning")).toBe(true);
  });

  it("reports invalid JSON with line and column instead of throwing", () => {
    const parsed = parseConnectorFile('{\n  "a": 1\n  "b": 2\n}');
    expect(parsed.ok).toBe(false);
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems[0]).toMatchObject({
      ruleId: "JsonSyntaxError",
      severity: "error",
      line: 3,
      column: 3,
    });
    expect(parsed.problems[0]?.message).toContain("line 3, column 3");
  });

  it("reports empty text, non-text and over-deep nesting", () => {
    expect(parseConnectorFile("").problems[0]?.ruleId).toBe("JsonSyntaxError");
    expect(parseConnectorFile(42 as unknown as string).problems[0]?.ruleId).toBe("JsonSyntaxError");
    const deep = parseConnectorFile(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`);
    expect(deep.ok).toBe(false);
    expect(deep.problems[0]?.ruleId).toBe("DocumentTooDeep");
  });

  it("keeps __proto__ keys as data", () => {
    const parsed = parseConnectorFile('{"__proto__": {"polluted": true}}');
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.keys(parsed.value as object)).toEqual(["__proto__"]);
  });
});

describe("validateConnector on hostile input", () => {
  it("never throws on odd top-level inputs", () => {
    for (const input of [
      null,
      undefined,
      42,
      "x",
      [],
      {},
      { swagger: null },
      { swagger: 5 },
      { swagger: [] },
      { swagger: "null" },
    ]) {
      const r = validateConnector(input as never);
      expect(r.errorCount).toBeGreaterThan(0);
    }
  });

  it("accepts a swagger document passed directly instead of { swagger }", () => {
    expect(validateConnector(validSwagger()).problems).toEqual([]);
  });

  it("accepts bytes", () => {
    const r = validateConnector({ swagger: new TextEncoder().encode(JSON.stringify(validSwagger())) });
    expect(r.problems).toEqual([]);
  });

  it("terminates on $ref loops (schemas, parameters, responses)", () => {
    const d = validSwagger();
    d.definitions.A = { $ref: "#/definitions/B" };
    d.definitions.B = { $ref: "#/definitions/A" };
    d.definitions.Self = {
      type: "object",
      properties: {
        me: { $ref: "#/definitions/Self" },
        list: { type: "array", items: { $ref: "#/definitions/Self" } },
      },
    };
    d.definitions.Ticket.properties.loop = { $ref: "#/definitions/A" };
    d.definitions.Ticket.properties.self = { $ref: "#/definitions/Self" };
    d.parameters.P = { $ref: "#/parameters/P" };
    d.paths["/tickets"].get.parameters.push({ $ref: "#/parameters/P" });
    d.responses = { R: { $ref: "#/responses/R" } };
    d.paths["/tickets"].get.responses["404"] = { $ref: "#/responses/R" };
    const r = validateConnector({ swagger: d });
    expect(ids(r)).toContain("SchemaRefLoopNotAllowed");
    expect(ids(r)).toContain("ParameterRefLoopNotAllowed");
    expect(ids(r)).toContain("ResponseRefLoopNotAllowed");
    expect(ids(r)).not.toContain("ValidatorInternalError");
  });

  it("terminates on cyclic JavaScript objects", () => {
    const d = validSwagger();
    const schema: Record<string, unknown> = { type: "object", properties: {} };
    (schema["properties"] as Record<string, unknown>)["again"] = schema;
    d.definitions.Cycle = schema;
    d.paths["/tickets"].get.responses["200"].schema = schema;
    d.info.self = d.info;
    const r = validateConnector({ swagger: d });
    expect(ids(r)).not.toContain("ValidatorInternalError");
  });

  it("handles a deep schema object without overflowing the stack", () => {
    const d = validSwagger();
    let leaf: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 20_000; i++) leaf = { type: "object", properties: { a: leaf } };
    d.definitions.Deep = leaf;
    d.paths["/tickets"].get.responses["200"].schema = { $ref: "#/definitions/Deep" };
    const r = validateConnector({ swagger: d });
    expect(ids(r)).toContain("SchemaTooDeep");
    expect(ids(r)).not.toContain("ValidatorInternalError");
  });

  it("handles a huge document within the time box and caps the problem list", () => {
    const d = validSwagger();
    for (let i = 0; i < 3000; i++) {
      d.paths[`/bulk${i}/{id}`] = {
        get: {
          operationId: `Bulk-${i}`,
          parameters: [{ name: "id", in: "path", type: "string" }],
          responses: {},
        },
      };
    }
    const started = Date.now();
    const r = validateConnector({ swagger: JSON.stringify(d) }, { maxProblems: 500 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.truncated).toBe(true);
    expect(r.problems.length).toBe(500);
    expect(ids(r)).toContain("TotalOperationsCountExceedsMaxAllowed");
  });

  it("survives a fuzzed swagger (random JSON in random places)", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(
          "info",
          "paths",
          "definitions",
          "parameters",
          "responses",
          "security",
          "securityDefinitions",
          "x-ms-connector-metadata",
          "schemes",
          "host",
        ),
        (value, key) => {
          const d = validSwagger();
          d[key] = value;
          const r = validateConnector({ swagger: d }, { certification: true });
          expect(ids(r)).not.toContain("ValidatorInternalError");
          expect(r.errorCount + r.warningCount).toBe(r.problems.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("survives fuzzed operations and schemas", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 5 }), (op, schema) => {
        const d = validSwagger();
        d.paths["/fuzz/{id}"] = { post: op };
        d.definitions.Fuzz = schema;
        d.definitions.Ticket.properties.fuzz = { $ref: "#/definitions/Fuzz" };
        const r = validateConnector({ swagger: d, apiProperties: op });
        expect(ids(r)).not.toContain("ValidatorInternalError");
      }),
      { numRuns: 150 },
    );
  });

  it("survives arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = validateConnector({ swagger: text, apiProperties: text });
        expect(r.errorCount + r.warningCount).toBe(r.problems.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("formatProblems", () => {
  it("renders file:line:column, severity, rule id, pointer and operation", () => {
    const d = validSwagger();
    delete d.paths["/hooks/{hookId}"].delete.parameters[0]["x-ms-url-encoding"];
    const r = validateConnector({ swagger: JSON.stringify(d, null, 2) });
    const text = formatProblems(r.problems);
    expect(text).toMatch(/^apiDefinition\.swagger\.json:\d+:\d+ warning PathParameterMissingEncoding /);
    expect(text).toContain("at /paths/~1hooks~1{hookId}/delete/parameters/0, operation DeleteHook");
    expect(text.endsWith("0 errors, 1 warning.")).toBe(true);
  });

  it("says so when there is nothing to report", () => {
    expect(formatProblems([])).toBe("No problems found.");
  });
});
