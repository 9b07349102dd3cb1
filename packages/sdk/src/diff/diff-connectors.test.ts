import { describe, expect, it } from "vitest";
import { ConnectorDiffError } from "./connector-diff-error";
import { diffConnectors } from "./diff-connectors";
import type { ConnectorChange } from "./types";

type Json = any;

/** A minimal connector: one GET and one POST with a body, both with a 200 schema. */
function base(): Json {
  return {
    swagger: "2.0",
    info: { title: "Todo", version: "1.0" },
    host: "api.example.com",
    basePath: "/v1",
    schemes: ["https"],
    securityDefinitions: { key: { type: "apiKey", in: "header", name: "X-Api-Key" } },
    paths: {
      "/items": {
        get: {
          operationId: "ListItems",
          parameters: [{ name: "top", in: "query", type: "integer", format: "int32", required: false }],
          responses: {
            "200": { description: "ok", schema: { type: "array", items: { $ref: "#/definitions/Item" } } },
          },
        },
        post: {
          operationId: "CreateItem",
          parameters: [
            { name: "body", in: "body", required: true, schema: { $ref: "#/definitions/NewItem" } },
          ],
          responses: { "201": { description: "created", schema: { $ref: "#/definitions/Item" } } },
        },
      },
      "/items/{itemId}": {
        get: {
          operationId: "GetItem",
          parameters: [{ name: "itemId", in: "path", type: "string", required: true }],
          responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Item" } } },
        },
      },
    },
    definitions: {
      Item: {
        type: "object",
        properties: {
          id: { type: "string" },
          title: { type: "string" },
          status: { type: "string", enum: ["open", "done"] },
        },
      },
      NewItem: {
        type: "object",
        required: ["title"],
        properties: {
          title: { type: "string" },
          priority: { type: "integer", format: "int32", enum: [1, 2, 3] },
          notes: { type: "string" },
        },
      },
    },
  };
}

function diffWith(mutate: (doc: Json) => void, options?: Parameters<typeof diffConnectors>[2]) {
  const next = base();
  mutate(next);
  return diffConnectors(base(), next, options);
}

function rules(changes: ConnectorChange[]): string[] {
  return changes.map((c) => `${c.severity}:${c.ruleId}`);
}

function only(changes: ConnectorChange[]): ConnectorChange {
  expect(changes).toHaveLength(1);
  return changes[0]!;
}

describe("diffConnectors: identical documents", () => {
  it("reports nothing", () => {
    expect(diffConnectors(base(), base())).toEqual({ changes: [], breaking: 0 });
  });
});

describe("diffConnectors: connector level", () => {
  it("flags a renamed connector title", () => {
    const c = only(diffWith((d) => (d.info.title = "Todo Pro")).changes);
    expect(c).toMatchObject({
      ruleId: "connector-title-changed",
      severity: "breaking",
      pointer: "/info/title",
    });
    expect(c.message).toContain('"Todo Pro"');
  });

  it("flags host and basePath changes, but not a trailing slash", () => {
    expect(rules(diffWith((d) => (d.host = "api2.example.com")).changes)).toEqual(["breaking:host-changed"]);
    expect(rules(diffWith((d) => (d.basePath = "/v2")).changes)).toEqual(["breaking:base-path-changed"]);
    expect(diffWith((d) => (d.basePath = "/v1/")).changes).toEqual([]);
    expect(diffWith((d) => (d.host = "API.example.com")).changes).toEqual([]);
  });

  it("flags a removed scheme", () => {
    const c = only(diffWith((d) => (d.schemes = ["http"])).changes);
    expect(c).toMatchObject({ ruleId: "scheme-removed", pointer: "/schemes/0" });
  });

  it("flags auth changes", () => {
    expect(rules(diffWith((d) => (d.securityDefinitions = {})).changes)).toEqual([
      "breaking:security-definition-removed",
    ]);
    expect(rules(diffWith((d) => (d.securityDefinitions.basic = { type: "basic" })).changes)).toEqual([
      "breaking:security-definition-added",
    ]);
    expect(rules(diffWith((d) => (d.securityDefinitions.key = { type: "basic" })).changes)).toEqual([
      "breaking:security-type-changed",
    ]);
    const moved = only(diffWith((d) => (d.securityDefinitions.key.in = "query")).changes);
    expect(moved).toMatchObject({ ruleId: "security-changed", pointer: "/securityDefinitions/key/in" });
    expect(rules(diffWith((d) => (d.securityDefinitions.key.name = "X-Other")).changes)).toEqual([
      "breaking:security-changed",
    ]);
  });

  it("treats a renamed security definition key with the same settings as no change", () => {
    const changes = diffWith((d) => {
      d.securityDefinitions = { apiKeyAuth: { type: "apiKey", in: "header", name: "x-api-key" } };
    }).changes;
    expect(changes).toEqual([]);
  });

  it("warns about OAuth scope changes and flags OAuth URL changes", () => {
    const oauth = (scopes: Record<string, string>, tokenUrl = "https://login/token"): Json => ({
      type: "oauth2",
      flow: "accessCode",
      authorizationUrl: "https://login/authorize",
      tokenUrl,
      scopes,
    });
    const before = base();
    before.securityDefinitions = { oauth: oauth({ read: "Read" }) };
    const after = base();
    after.securityDefinitions = { oauth: oauth({ read: "Read", write: "Write" }) };
    expect(rules(diffConnectors(before, after).changes)).toEqual(["warning:security-scopes-changed"]);
    after.securityDefinitions = { oauth: oauth({ read: "Read" }, "https://other/token") };
    expect(rules(diffConnectors(before, after).changes)).toEqual(["breaking:security-changed"]);
  });
});

describe("diffConnectors: operations", () => {
  it("flags a removed operation with a pointer into the OLD document", () => {
    const result = diffWith((d) => delete d.paths["/items/{itemId}"]);
    const c = only(result.changes);
    expect(c).toMatchObject({
      ruleId: "operation-removed",
      severity: "breaking",
      pointer: "/paths/~1items~1{itemId}/get",
      operationId: "GetItem",
    });
    expect(result.breaking).toBe(1);
  });

  it("reports a new operation as info", () => {
    const result = diffWith((d) => {
      d.paths["/items/{itemId}"].delete = {
        operationId: "DeleteItem",
        responses: { "204": { description: "gone" } },
      };
    });
    expect(only(result.changes)).toMatchObject({
      ruleId: "operation-added",
      severity: "info",
      pointer: "/paths/~1items~1{itemId}/delete",
      operationId: "DeleteItem",
    });
    expect(result.breaking).toBe(0);
  });

  it("flags a renamed operation (same method and path, new operationId)", () => {
    const c = only(diffWith((d) => (d.paths["/items"].get.operationId = "GetItems")).changes);
    expect(c).toMatchObject({
      ruleId: "operation-renamed",
      severity: "breaking",
      operationId: "GetItems",
      pointer: "/paths/~1items/get/operationId",
    });
    expect(c.message).toContain('"ListItems"');
  });

  it("flags an operation moved to another path or method (same operationId)", () => {
    const result = diffWith((d) => {
      d.paths["/things/{itemId}"] = d.paths["/items/{itemId}"];
      delete d.paths["/items/{itemId}"];
    });
    expect(only(result.changes)).toMatchObject({ ruleId: "operation-moved", operationId: "GetItem" });
    const method = diffWith((d) => {
      d.paths["/items/{itemId}"].post = d.paths["/items/{itemId}"].get;
      delete d.paths["/items/{itemId}"].get;
    });
    expect(only(method.changes)).toMatchObject({
      ruleId: "operation-moved",
      pointer: "/paths/~1items~1{itemId}/post",
    });
  });

  it("does not call a renamed path parameter a moved operation", () => {
    const result = diffWith((d) => {
      const op = d.paths["/items/{itemId}"].get;
      op.parameters[0].name = "id";
      d.paths["/items/{id}"] = { get: op };
      delete d.paths["/items/{itemId}"];
    });
    expect(rules(result.changes)).toEqual([
      "breaking:parameter-removed",
      "breaking:required-parameter-added",
    ]);
  });

  it("flags trigger kind changes", () => {
    expect(only(diffWith((d) => (d.paths["/items"].get["x-ms-trigger"] = "batch")).changes)).toMatchObject({
      ruleId: "trigger-kind-changed",
      severity: "breaking",
      pointer: "/paths/~1items/get/x-ms-trigger",
    });
    const before = base();
    before.paths["/items"].get["x-ms-trigger"] = "batch";
    const after = base();
    after.paths["/items"].get["x-ms-trigger"] = "single";
    expect(only(diffConnectors(before, after).changes).message).toContain(
      "from a batch trigger to a single trigger",
    );
  });

  it("reports deprecation as info and hiding as a warning", () => {
    expect(rules(diffWith((d) => (d.paths["/items"].get.deprecated = true)).changes)).toEqual([
      "info:operation-deprecated",
    ]);
    expect(rules(diffWith((d) => (d.paths["/items"].get["x-ms-visibility"] = "internal")).changes)).toEqual([
      "warning:operation-made-internal",
    ]);
  });
});

describe("diffConnectors: parameters", () => {
  const listParams = (d: Json): Json[] => d.paths["/items"].get.parameters;

  it("flags a removed parameter (warning when it was internal)", () => {
    const c = only(diffWith((d) => listParams(d).pop()).changes);
    expect(c).toMatchObject({
      ruleId: "parameter-removed",
      severity: "breaking",
      pointer: "/paths/~1items/get/parameters/0",
      operationId: "ListItems",
    });
    const before = base();
    listParams(before)[0]["x-ms-visibility"] = "internal";
    const after = base();
    listParams(after).pop();
    expect(rules(diffConnectors(before, after).changes)).toEqual(["warning:parameter-removed"]);
  });

  it("flags a parameter location change", () => {
    const c = only(diffWith((d) => (listParams(d)[0]!.in = "header")).changes);
    expect(c).toMatchObject({
      ruleId: "parameter-location-changed",
      pointer: "/paths/~1items/get/parameters/0/in",
    });
    expect(c.message).toContain("from query to header");
  });

  it("flags a new required parameter; a default makes it a warning; optional ones are info", () => {
    const add = (p: Json) => diffWith((d) => listParams(d).push(p)).changes;
    expect(only(add({ name: "filter", in: "query", type: "string", required: true }))).toMatchObject({
      ruleId: "required-parameter-added",
      severity: "breaking",
      pointer: "/paths/~1items/get/parameters/1",
    });
    expect(
      rules(add({ name: "filter", in: "query", type: "string", required: true, default: "all" })),
    ).toEqual(["warning:required-parameter-added"]);
    expect(rules(add({ name: "filter", in: "query", type: "string" }))).toEqual([
      "info:optional-parameter-added",
    ]);
  });

  it("flags a parameter made required, and reports the reverse as info", () => {
    expect(rules(diffWith((d) => (listParams(d)[0]!.required = true)).changes)).toEqual([
      "breaking:parameter-made-required",
    ]);
    const before = base();
    listParams(before)[0]!.required = true;
    expect(rules(diffConnectors(before, base()).changes)).toEqual(["info:parameter-made-optional"]);
  });

  it("flags a required input made internal without a default", () => {
    const changes = diffWith(
      (d) => (d.paths["/items/{itemId}"].get.parameters[0]["x-ms-visibility"] = "internal"),
    ).changes;
    expect(only(changes)).toMatchObject({
      ruleId: "required-input-made-internal",
      severity: "breaking",
      pointer: "/paths/~1items~1{itemId}/get/parameters/0/x-ms-visibility",
    });
    const withDefault = diffWith((d) => {
      Object.assign(d.paths["/items/{itemId}"].get.parameters[0], {
        "x-ms-visibility": "internal",
        default: "x",
      });
    }).changes;
    expect(rules(withDefault)).toEqual(["warning:input-made-internal"]);
    expect(rules(diffWith((d) => (listParams(d)[0]!["x-ms-visibility"] = "Internal")).changes)).toEqual([
      "warning:input-made-internal",
    ]);
  });

  it("flags narrowed types and formats, and reports widening as info", () => {
    expect(only(diffWith((d) => (listParams(d)[0]!.type = "string")).changes)).toMatchObject({
      ruleId: "type-changed",
      severity: "breaking",
      pointer: "/paths/~1items/get/parameters/0/type",
    });
    expect(rules(diffWith((d) => (listParams(d)[0]!.type = "number")).changes)).toEqual([
      "info:type-widened",
    ]);
    expect(rules(diffWith((d) => (listParams(d)[0]!.format = "int64")).changes)).toEqual([
      "info:type-widened",
    ]);
    const before = base();
    listParams(before)[0]!.format = "int64";
    expect(rules(diffConnectors(before, base()).changes)).toEqual(["breaking:format-changed"]);
  });

  it("flags enum narrowing on parameters", () => {
    const before = base();
    listParams(before).push({ name: "order", in: "query", type: "string", enum: ["asc", "desc"] });
    const after = base();
    listParams(after).push({ name: "order", in: "query", type: "string", enum: ["asc"] });
    const c = only(diffConnectors(before, after).changes);
    expect(c).toMatchObject({
      ruleId: "enum-value-removed",
      pointer: "/paths/~1items/get/parameters/1/enum",
    });
    expect(c.message).toContain('"desc"');
    expect(rules(diffConnectors(after, before).changes)).toEqual(["info:enum-value-added"]);
    const free = base();
    listParams(free).push({ name: "order", in: "query", type: "string" });
    expect(rules(diffConnectors(free, after).changes)).toEqual(["breaking:enum-added"]);
    expect(rules(diffConnectors(after, free).changes)).toEqual(["info:enum-value-added"]);
  });

  it("matches header parameters case-insensitively and takes path-level parameters into account", () => {
    const before = base();
    before.paths["/items/{itemId}"].parameters = [{ name: "X-Trace", in: "header", type: "string" }];
    const after = base();
    after.paths["/items/{itemId}"].get.parameters.push({ name: "x-trace", in: "header", type: "string" });
    expect(diffConnectors(before, after).changes).toEqual([]);
    const removed = base();
    expect(only(diffConnectors(before, removed).changes)).toMatchObject({
      ruleId: "parameter-removed",
      pointer: "/paths/~1items~1{itemId}/parameters/0",
    });
  });

  it("follows #/parameters references", () => {
    const before = base();
    before.parameters = { Top: { name: "top", in: "query", type: "integer" } };
    before.paths["/items"].get.parameters = [{ $ref: "#/parameters/Top" }];
    const after = structuredClone(before);
    after.parameters.Top.type = "string";
    expect(only(diffConnectors(before, after).changes)).toMatchObject({
      ruleId: "type-changed",
      pointer: "/parameters/Top/type",
    });
  });
});

describe("diffConnectors: request bodies", () => {
  it("flags a new required body property (through $ref) with a pointer into the definition", () => {
    const result = diffWith((d) => {
      d.definitions.NewItem.properties.owner = { type: "string" };
      d.definitions.NewItem.required.push("owner");
    });
    expect(only(result.changes)).toMatchObject({
      ruleId: "required-property-added",
      severity: "breaking",
      pointer: "/definitions/NewItem/properties/owner",
      operationId: "CreateItem",
    });
  });

  it("reports a new optional body property as info", () => {
    expect(
      rules(diffWith((d) => (d.definitions.NewItem.properties.tag = { type: "string" })).changes),
    ).toEqual(["info:property-added"]);
  });

  it("flags a removed body property (warning if it was read-only)", () => {
    const c = only(diffWith((d) => delete d.definitions.NewItem.properties.notes).changes);
    expect(c).toMatchObject({
      ruleId: "property-removed",
      severity: "breaking",
      pointer: "/definitions/NewItem/properties/notes",
    });
    expect(c.message).toContain('body "notes"');
    const before = base();
    before.definitions.NewItem.properties.notes.readOnly = true;
    expect(
      rules(diffConnectors(before, base()).changes.filter((x) => x.ruleId === "property-removed")),
    ).toEqual([]);
    const after = base();
    delete after.definitions.NewItem.properties.notes;
    expect(rules(diffConnectors(before, after).changes)).toEqual(["warning:property-removed"]);
  });

  it("flags a property made required, narrowed enums and type changes in the body", () => {
    expect(rules(diffWith((d) => d.definitions.NewItem.required.push("notes")).changes)).toEqual([
      "breaking:property-made-required",
    ]);
    expect(rules(diffWith((d) => (d.definitions.NewItem.properties.priority.enum = [1, 2])).changes)).toEqual(
      ["breaking:enum-value-removed"],
    );
    expect(rules(diffWith((d) => (d.definitions.NewItem.properties.notes.type = "array")).changes)).toEqual([
      "breaking:type-changed",
    ]);
    expect(
      rules(diffWith((d) => (d.definitions.NewItem.properties.notes.format = "date-time")).changes),
    ).toEqual(["breaking:format-changed"]);
  });

  it("compares inline and referenced schemas by content", () => {
    const inline = diffWith((d) => {
      d.paths["/items"].post.parameters[0].schema = structuredClone(d.definitions.NewItem);
    });
    expect(inline.changes).toEqual([]);
  });

  it("flags new required properties inside nested objects and arrays, with the path in the message", () => {
    const before = base();
    before.definitions.NewItem.properties.tags = {
      type: "array",
      items: { type: "object", properties: { name: { type: "string" } } },
    };
    const after = structuredClone(before);
    after.definitions.NewItem.properties.tags.items.properties.color = { type: "string" };
    after.definitions.NewItem.properties.tags.items.required = ["color"];
    const c = only(diffConnectors(before, after).changes);
    expect(c.ruleId).toBe("required-property-added");
    expect(c.message).toContain('body "tags[].color"');
    expect(c.pointer).toBe("/definitions/NewItem/properties/tags/items/properties/color");
  });

  it("merges allOf before comparing", () => {
    const before = base();
    before.definitions.NewItem = {
      allOf: [{ $ref: "#/definitions/Item" }, { type: "object", properties: { x: { type: "string" } } }],
    };
    const after = structuredClone(before);
    after.definitions.NewItem.allOf[1].properties.y = { type: "string" };
    after.definitions.NewItem.allOf[1].required = ["y"];
    expect(rules(diffConnectors(before, after).changes)).toEqual(["breaking:required-property-added"]);
    const removed = structuredClone(before);
    delete removed.definitions.Item.properties.title;
    expect(rules(diffConnectors(before, removed).changes)).toContain("breaking:property-removed");
  });
});

describe("diffConnectors: responses", () => {
  it("flags a removed output property once per operation that returns it", () => {
    const result = diffWith((d) => delete d.definitions.Item.properties.title);
    expect(result.changes.map((c) => [c.ruleId, c.operationId, c.pointer])).toEqual([
      ["response-property-removed", "ListItems", "/definitions/Item/properties/title"],
      ["response-property-removed", "CreateItem", "/definitions/Item/properties/title"],
      ["response-property-removed", "GetItem", "/definitions/Item/properties/title"],
    ]);
    expect(result.breaking).toBe(3);
    expect(result.changes[0]!.message).toContain('response 200 "[].title"');
  });

  it("reports a new output property as info", () => {
    const result = diffWith(
      (d) => (d.definitions.Item.properties.createdAt = { type: "string", format: "date-time" }),
    );
    expect(result.changes.every((c) => c.ruleId === "response-property-added" && c.severity === "info")).toBe(
      true,
    );
    expect(result.breaking).toBe(0);
  });

  it("flags output type changes, and warns about output format changes and new output enum values", () => {
    const typeChanged = diffWith((d) => (d.definitions.Item.properties.id.type = "integer"));
    expect(new Set(rules(typeChanged.changes))).toEqual(new Set(["breaking:response-type-changed"]));
    const fmt = diffWith((d) => (d.definitions.Item.properties.id.format = "uuid"));
    expect(new Set(rules(fmt.changes))).toEqual(new Set(["info:response-format-changed"]));
    const before = base();
    before.definitions.Item.properties.id.format = "uuid";
    const after = base();
    after.definitions.Item.properties.id.format = "uri";
    expect(new Set(rules(diffConnectors(before, after).changes))).toEqual(
      new Set(["warning:response-format-changed"]),
    );
    const enumAdded = diffWith((d) => d.definitions.Item.properties.status.enum.push("archived"));
    expect(new Set(rules(enumAdded.changes))).toEqual(new Set(["warning:response-enum-value-added"]));
    const arrayToObject = diffWith(
      (d) => (d.paths["/items"].get.responses["200"].schema = { $ref: "#/definitions/Item" }),
    );
    expect(only(arrayToObject.changes)).toMatchObject({
      ruleId: "response-type-changed",
      pointer: "/definitions/Item/type",
      operationId: "ListItems",
    });
  });

  it("flags a removed success response or response schema", () => {
    const gone = only(diffWith((d) => delete d.paths["/items"].post.responses["201"]).changes);
    expect(gone).toMatchObject({ ruleId: "response-removed", pointer: "/paths/~1items/post/responses/201" });
    const noSchema = only(diffWith((d) => delete d.paths["/items"].post.responses["201"].schema).changes);
    expect(noSchema).toMatchObject({
      ruleId: "response-removed",
      pointer: "/paths/~1items/post/responses/201",
    });
  });

  it("compares webhook outputs in x-ms-notification-content", () => {
    const before = base();
    before.paths["/hooks"] = {
      "x-ms-notification-content": { schema: { type: "object", properties: { id: { type: "string" } } } },
      post: { operationId: "OnItem", "x-ms-trigger": "single", responses: { "201": { description: "ok" } } },
    };
    const after = structuredClone(before);
    delete after.paths["/hooks"]["x-ms-notification-content"].schema.properties.id;
    expect(only(diffConnectors(before, after).changes)).toMatchObject({
      ruleId: "response-property-removed",
      operationId: "OnItem",
      pointer: "/paths/~1hooks/x-ms-notification-content/schema/properties/id",
    });
  });
});

describe("diffConnectors: $ref safety", () => {
  function tree(extra: Json = {}): Json {
    const d = base();
    d.definitions.Node = {
      type: "object",
      properties: {
        name: { type: "string" },
        children: { type: "array", items: { $ref: "#/definitions/Node" } },
        ...extra,
      },
    };
    d.definitions.A = { type: "object", properties: { b: { $ref: "#/definitions/B" } } };
    d.definitions.B = {
      type: "object",
      properties: { a: { $ref: "#/definitions/A" }, v: { type: "string" } },
    };
    d.paths["/tree"] = {
      get: {
        operationId: "GetTree",
        responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Node" } } },
      },
      post: {
        operationId: "PostAB",
        parameters: [{ name: "body", in: "body", schema: { $ref: "#/definitions/A" } }],
        responses: {},
      },
    };
    return d;
  }

  it("terminates on self- and mutually-recursive definitions and reports each change once", () => {
    expect(diffConnectors(tree(), tree()).changes).toEqual([]);
    const after = tree();
    delete after.definitions.Node.properties.name;
    after.definitions.B.properties.v.type = "integer";
    const changes = diffConnectors(tree(), after).changes;
    expect(changes.map((c) => [c.ruleId, c.operationId, c.pointer])).toEqual([
      ["response-property-removed", "GetTree", "/definitions/Node/properties/name"],
      ["type-changed", "PostAB", "/definitions/B/properties/v/type"],
    ]);
  });

  it("rejects a reference chain that loops without content", () => {
    const d = base();
    d.definitions.Loop1 = { $ref: "#/definitions/Loop2" };
    d.definitions.Loop2 = { $ref: "#/definitions/Loop1" };
    d.paths["/items"].get.responses["200"].schema = { $ref: "#/definitions/Loop1" };
    expect(() => diffConnectors(base(), d)).toThrow(/new document: cannot resolve \$ref .*loops back/);
  });

  it("rejects dangling and external references with the location", () => {
    const dangling = base();
    dangling.paths["/items"].get.responses["200"].schema = { $ref: "#/definitions/Nope" };
    const error = (() => {
      try {
        diffConnectors(dangling, base());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConnectorDiffError);
    expect(error).toMatchObject({ document: "old", pointer: "/paths/~1items/get/responses/200/schema" });
    expect((error as Error).message).toContain('"#/definitions/Nope": the target does not exist');
    const external = base();
    external.definitions.Item = { $ref: "other.json#/definitions/Item" };
    expect(() => diffConnectors(base(), external)).toThrow(/only local references/);
  });

  it("does not follow prototype properties", () => {
    const d = base();
    d.paths["/items"].get.responses["200"].schema = { $ref: "#/definitions/constructor" };
    expect(() => diffConnectors(d, base())).toThrow(/target does not exist/);
    const proto = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"}}}',
    );
    const before = base();
    before.definitions.Item = proto;
    const after = base();
    after.definitions.Item = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"integer"}}}');
    const changes = diffConnectors(before, after).changes.filter((c) => c.operationId === "GetItem");
    expect(changes.map((c) => c.ruleId).sort()).toEqual([
      "response-property-removed",
      "response-type-changed",
    ]);
  });
});

describe("diffConnectors: bad input", () => {
  it.each([
    [null, /old document: expected a Swagger 2.0 object, got null/],
    ["{}", /got string/],
    [[], /got object|expected "swagger"/],
    [{ openapi: "3.0.0", paths: {} }, /OpenAPI 3 documents are not supported/],
    [{ swagger: "1.2", paths: {} }, /expected "swagger": "2.0", got "1.2"/],
    [{ swagger: "2.0" }, /"paths" must be an object/],
  ])("rejects %j", (input, pattern) => {
    expect(() => diffConnectors(input, base())).toThrow(pattern);
    expect(() => diffConnectors(input, base())).toThrow(ConnectorDiffError);
  });

  it("rejects malformed parameters and operations", () => {
    const noName = base();
    noName.paths["/items"].get.parameters = [{ in: "query" }];
    expect(() => diffConnectors(base(), noName)).toThrow(
      /a parameter needs string "name" and "in".*parameters\/0/,
    );
    const notArray = base();
    notArray.paths["/items"].get.parameters = {};
    expect(() => diffConnectors(base(), notArray)).toThrow(/parameters must be an array/);
    const badOp = base();
    badOp.paths["/items"].get = "nope";
    expect(() => diffConnectors(base(), badOp)).toThrow(/operation GET \/items is not an object/);
  });

  it("stays bounded on very deep schemas (maxSchemaDepth)", () => {
    const deep = (leafType: string): Json => {
      let node: Json = { type: leafType };
      for (let i = 0; i < 5000; i++) node = { type: "object", properties: { n: node } };
      return node;
    };
    const before = base();
    before.definitions.Item = deep("string");
    const after = base();
    after.definitions.Item = deep("integer");
    const started = performance.now();
    expect(diffConnectors(before, after).changes).toEqual([]); // the change sits below maxSchemaDepth
    expect(performance.now() - started).toBeLessThan(2000);
    const shallow = (leafType: string): Json => ({ type: "object", properties: { n: { type: leafType } } });
    before.definitions.Item = shallow("string");
    after.definitions.Item = shallow("integer");
    expect(diffConnectors(before, after).changes.length).toBeGreaterThan(0);
  });

  it("handles an oversized document (2,000 operations, every one changed) in bounded time", {
    timeout: 30_000,
  }, () => {
    const big = (suffix: string): Json => {
      const d = base();
      for (let i = 0; i < 2000; i++) {
        d.paths[`/bulk/${i}`] = {
          post: {
            operationId: `Bulk${i}${suffix}`,
            parameters: [{ name: "body", in: "body", schema: { $ref: "#/definitions/NewItem" } }],
            responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Item" } } },
          },
        };
      }
      return d;
    };
    const started = performance.now();
    const result = diffConnectors(big(""), big("_V2"));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result.breaking).toBe(2000);
    expect(result.changes.every((c) => c.ruleId === "operation-renamed")).toBe(true);
  });

  it("caps the number of changes (maxChanges)", () => {
    const after = base();
    for (let i = 0; i < 50; i++)
      after.paths[`/extra${i}`] = { get: { operationId: `Extra${i}`, responses: {} } };
    const result = diffConnectors(base(), after, { maxChanges: 10 });
    expect(result.changes).toHaveLength(11);
    expect(result.changes.at(-1)).toMatchObject({ ruleId: "diff-truncated", severity: "warning" });
  });
});

describe("diffConnectors: options", () => {
  it("drops ignored rules and applies severity overrides", () => {
    const mutate = (d: Json) => {
      d.info.title = "Renamed";
      d.host = "new.example.com";
    };
    expect(rules(diffWith(mutate, { ignoreRules: ["connector-title-changed"] }).changes)).toEqual([
      "breaking:host-changed",
    ]);
    const result = diffWith(mutate, { severityOverrides: { "host-changed": "warning" } });
    expect(rules(result.changes)).toEqual(["breaking:connector-title-changed", "warning:host-changed"]);
    expect(result.breaking).toBe(1);
  });
});
