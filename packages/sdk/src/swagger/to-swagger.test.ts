import { describe, expect, it } from "vitest";
import { z } from "zod";
import { msSchemaErrors } from "../../test/ms-schema";
import { dynamicSchema, dynamicValues, field } from "../metadata/field";
import { action } from "../operation/action";
import { defineConnector } from "../operation/define-connector";
import type { AnyOperation } from "../operation/types";
import { SwaggerConversionError } from "./errors";
import { lowerSchema } from "./lower-schema";
import { prettyJsonByteLength, toSwagger } from "./to-swagger";

const ok = async () => ({ status: 200 as const, body: {} as never });

function connectorOf(...operations: AnyOperation[]) {
  return defineConnector({
    title: "Test",
    description: "A connector used by the emitter's tests only.",
    host: "api.example.com",
    basePath: "/v1",
    operations,
  });
}

function opWith(
  request: Record<string, unknown>,
  responses: Record<number, unknown> = { 200: undefined },
  method = "post",
) {
  return action({
    operationId: "Op",
    summary: "Do it",
    description: "Does it.",
    method: method as "post",
    path: "/op",
    request: request as never,
    responses: responses as never,
    handler: ok as never,
  });
}

function emitBody(schema: z.ZodType) {
  const doc = toSwagger(connectorOf(opWith({ body: schema })));
  const params = (doc.paths["/op"]!["post"] as any).parameters as any[];
  return { doc, body: params.find((p) => p.in === "body") };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SwaggerConversionError);
    return (error as Error).message;
  }
  throw new Error("expected a SwaggerConversionError");
}

describe("toSwagger: document", () => {
  it("writes host, basePath, https-first schemes, info and empty security", () => {
    const c = defineConnector({
      title: "T",
      description: "A connector used by the emitter's tests only.",
      host: "api.example.com:8443",
      basePath: "/api/",
      schemes: ["http", "https"],
      status: "Production",
      contact: { name: "Support", email: "s@example.com" },
      operations: [opWith({})],
    });
    const doc = toSwagger(c);
    expect(doc).toMatchObject({
      swagger: "2.0",
      host: "api.example.com:8443",
      basePath: "/api",
      schemes: ["https", "http"],
      info: {
        title: "T",
        version: "1.0.0",
        "x-ms-api-annotation": { status: "Production" },
        contact: { name: "Support" },
      },
      securityDefinitions: {},
      security: [],
    });
    expect(Object.keys(doc).slice(0, 8)).toEqual([
      "swagger",
      "info",
      "host",
      "basePath",
      "schemes",
      "consumes",
      "produces",
      "paths",
    ]);
  });

  it("host and basePath can be overridden per environment", () => {
    const doc = toSwagger(connectorOf(opWith({})), { host: "staging.example.com", basePath: "/beta" });
    expect(doc["host"]).toBe("staging.example.com");
    expect(doc["basePath"]).toBe("/beta");
  });

  it("refuses a host with scheme or path", () => {
    expect(() =>
      defineConnector({
        title: "T",
        description: "A connector for tests.",
        host: "https://x.com",
        operations: [],
      }),
    ).toThrow(/without scheme, path/);
    expect(refusal(() => toSwagger(connectorOf(opWith({})), { host: "x.com/api" }))).toMatch(
      /without scheme or path/,
    );
  });

  it("writes connector metadata, testConnection and tags", () => {
    const ping = action({
      operationId: "Ping",
      summary: "Ping",
      description: "Pings.",
      method: "get",
      path: "/ping",
      responses: { 200: undefined },
      handler: async () => ({ status: 200 }),
    });
    const c = defineConnector({
      title: "T",
      description: "A connector used by the emitter's tests only.",
      metadata: { website: "https://e.com", privacyPolicy: "https://e.com/p", categories: ["AI", "Data"] },
      testConnection: { operation: ping },
      tags: [{ name: "A" }],
      operations: [ping],
    });
    const doc = toSwagger(c);
    expect(doc["x-ms-connector-metadata"]).toEqual([
      { propertyName: "Website", propertyValue: "https://e.com" },
      { propertyName: "Privacy policy", propertyValue: "https://e.com/p" },
      { propertyName: "Categories", propertyValue: "AI;Data" },
    ]);
    expect(doc["x-ms-capabilities"]).toEqual({ testConnection: { operationId: "Ping", parameters: {} } });
    expect(doc["tags"]).toEqual([{ name: "A" }]);
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("refuses more than 256 operations", () => {
    const ops = Array.from({ length: 257 }, (_, i) =>
      action({
        operationId: `Op${i}`,
        summary: "Op",
        description: "Op.",
        method: "get",
        path: `/op${i}`,
        responses: { 200: undefined },
        handler: async () => ({ status: 200 }),
      }),
    );
    expect(refusal(() => toSwagger(connectorOf(...ops)))).toMatch(
      /257 operations; the platform allows at most 256/,
    );
  });

  it("refuses a definition of 1 MB or more", () => {
    const shape: Record<string, z.ZodType> = {};
    for (let i = 0; i < 4000; i++)
      shape[`property_number_${i}_with_a_long_name`] = field(z.string(), {
        summary: "A property with a long summary text",
        description: "And an equally long description sentence.",
      });
    expect(refusal(() => toSwagger(connectorOf(opWith({ body: z.object(shape) }))))).toMatch(
      /the platform accepts less than 1000000/,
    );
  });

  it("is deterministic: paths and definitions sorted, identical output twice", () => {
    const A = z.object({ a: z.string() }).meta({ id: "Zeta" });
    const B = z.object({ b: z.string() }).meta({ id: "Alpha" });
    const mk = (id: string, path: string, s: z.ZodType) =>
      action({
        operationId: id,
        summary: id,
        description: `${id}.`,
        method: "get",
        path,
        responses: { 200: s },
        handler: ok as never,
      });
    const c = connectorOf(mk("Z", "/z", A), mk("A", "/a", B));
    const one = JSON.stringify(toSwagger(c));
    expect(JSON.stringify(toSwagger(c))).toBe(one);
    const doc = toSwagger(c);
    expect(Object.keys(doc.paths)).toEqual(["/a", "/z"]);
    expect(Object.keys(doc["definitions"] as object)).toEqual(["Alpha", "Zeta"]);
  });
});

describe("toSwagger: operations and parameters", () => {
  it("lowers path, query and header parameters with types, arrays (csv), enums, defaults and x-ms metadata", () => {
    const op = action({
      operationId: "Search",
      summary: "Search",
      description: "Searches.",
      method: "get",
      path: "/items/{itemId}",
      request: {
        params: z.object({ itemId: field(z.string(), { summary: "Item", urlEncoding: "double" }) }),
        query: z.object({
          top: z.number().int().min(1).max(50).default(10),
          tags: z.array(z.string()).optional(),
          kind: field(z.enum(["a", "b"]), {
            summary: "Kind",
            enumValues: { a: "A kind", b: "B kind" },
            visibility: "advanced",
            testValue: "a",
          }),
          flag: z.boolean().optional(),
        }),
        headers: z.object({ "X-Trace": field(z.string().optional(), { visibility: "internal" }) }),
      },
      responses: { 200: undefined },
      handler: ok as never,
    });
    const doc = toSwagger(connectorOf(op));
    const params = (doc.paths["/items/{itemId}"]!["get"] as any).parameters;
    expect(params).toEqual([
      {
        name: "itemId",
        in: "path",
        required: true,
        type: "string",
        "x-ms-summary": "Item",
        "x-ms-url-encoding": "double",
      },
      { name: "top", in: "query", required: false, type: "integer", default: 10, maximum: 50, minimum: 1 },
      {
        name: "tags",
        in: "query",
        required: false,
        type: "array",
        items: { type: "string" },
        collectionFormat: "csv",
      },
      {
        name: "kind",
        in: "query",
        required: true,
        type: "string",
        enum: ["a", "b"],
        "x-ms-summary": "Kind",
        "x-ms-visibility": "advanced",
        "x-ms-enum-values": [
          { value: "a", displayName: "A kind" },
          { value: "b", displayName: "B kind" },
        ],
        "x-ms-test-value": "a",
      },
      { name: "flag", in: "query", required: false, type: "boolean" },
      { name: "X-Trace", in: "header", required: false, type: "string", "x-ms-visibility": "internal" },
    ]);
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("path parameters are required and single URL-encoded by default", () => {
    const op = action({
      operationId: "Get",
      summary: "Get",
      description: "Gets.",
      method: "get",
      path: "/x/{id}",
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: undefined },
      handler: ok as never,
    });
    const p = (toSwagger(connectorOf(op)).paths["/x/{id}"]!["get"] as any).parameters[0];
    expect(p).toEqual({
      name: "id",
      in: "path",
      required: true,
      type: "string",
      "x-ms-url-encoding": "single",
    });
  });

  it("writes one body parameter, required unless the body schema is optional", () => {
    expect(emitBody(z.object({ a: z.string() })).body).toEqual({
      name: "body",
      in: "body",
      required: true,
      schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
    });
    expect(emitBody(z.object({ a: z.string() }).optional()).body.required).toBe(false);
  });

  it("writes operation metadata: visibility, deprecation with replacement, annotation, pageable, chunkTransfer, openai, no-generic-test, tags", () => {
    const v2 = action({
      operationId: "Op_V2",
      summary: "Op",
      description: "Op.",
      method: "get",
      path: "/v2/op",
      responses: { 200: z.object({ value: z.array(z.string()), nextLink: z.string().optional() }) },
      pageable: { nextLinkName: "nextLink" },
      annotation: { family: "Op", revision: 2, status: "Preview" },
      chunkTransfer: true,
      openAiData: { enabled: true, requireUserConfirmation: true },
      noGenericTest: true,
      tags: ["T"],
      visibility: "important",
      handler: ok as never,
    });
    const v1 = action({
      operationId: "Op",
      summary: "Op (deprecated)",
      description: "Op (deprecated).",
      method: "get",
      path: "/op",
      deprecated: { replacement: { operationId: "Op_V2", api: "test" } },
      annotation: { family: "Op", revision: 1 },
      responses: { 200: undefined },
      handler: ok as never,
    });
    const doc = toSwagger(connectorOf(v1, v2));
    expect(doc.paths["/op"]!["get"]).toMatchObject({
      deprecated: true,
      "x-ms-api-annotation": {
        family: "Op",
        revision: 1,
        replacement: { api: "test", operationId: "Op_V2" },
      },
    });
    expect(doc.paths["/v2/op"]!["get"]).toMatchObject({
      tags: ["T"],
      "x-ms-visibility": "important",
      "x-ms-api-annotation": { family: "Op", revision: 2, status: "Preview" },
      "x-ms-no-generic-test": true,
      "x-ms-pageable": { nextLinkName: "nextLink" },
      "x-ms-capabilities": { chunkTransfer: true },
      "x-ms-openai-data": {
        "openai-enabled": true,
        operations: [{ operationId: "Op_V2", "x-ms-require-user-confirmation": true }],
      },
    });
  });

  it("refuses an operation whose status is ahead of the connector's", () => {
    const op = action({
      operationId: "Ahead",
      summary: "Ahead",
      description: "Ahead.",
      method: "get",
      path: "/ahead",
      annotation: { status: "Production" },
      responses: { 200: undefined },
      handler: ok as never,
    });
    expect(refusal(() => toSwagger(connectorOf(op)))).toMatch(
      /operation "Ahead": annotation.status is "Production" but the connector is not/,
    );
  });

  it("makes internal inputs with a default required, so the platform sends them", () => {
    const op = opWith({
      query: z.object({ mode: field(z.string().default("fast"), { visibility: "internal" }) }),
      body: z.object({
        kind: field(z.string().default("x"), { visibility: "internal" }),
        a: z.string().optional(),
      }),
    });
    const params = (toSwagger(connectorOf(op)).paths["/op"]!["post"] as any).parameters;
    expect(params[0]).toMatchObject({
      name: "mode",
      required: true,
      default: "fast",
      "x-ms-visibility": "internal",
    });
    expect(params[1].schema.required).toEqual(["kind"]);
  });

  it("refuses a deprecation replacement without the api that hosts it", () => {
    const op = action({
      operationId: "Old",
      summary: "Old",
      description: "Old.",
      method: "get",
      path: "/old",
      deprecated: { replacement: { operationId: "Nope", api: "" } },
      responses: { 200: undefined },
      handler: ok as never,
    });
    expect(refusal(() => toSwagger(connectorOf(op)))).toMatch(
      /operation "Old".*deprecated.replacement.api is required/,
    );
  });

  it("documents responses: status descriptions, headers, a default without schema", () => {
    const op = opWith(
      {},
      {
        200: {
          schema: z.object({ a: z.string() }),
          description: "The thing",
          headers: { "X-Id": { description: "Id", type: "string" } },
        },
        404: undefined,
      },
    );
    const responses = (toSwagger(connectorOf(op)).paths["/op"]!["post"] as any).responses;
    expect(responses).toEqual({
      "200": {
        description: "The thing",
        schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        headers: { "X-Id": { type: "string", description: "Id" } },
      },
      "404": { description: "Not Found" },
      default: { description: "Operation failed; the body is the connector's JSON error object." },
    });
  });

  it("refuses more than one response with a schema", () => {
    expect(
      refusal(() =>
        toSwagger(connectorOf(opWith({}, { 200: z.string(), 400: z.object({ e: z.string() }) }))),
      ),
    ).toMatch(/operation "Op": more than one response declares a schema/);
  });

  it("refuses object-typed query parameters, naming the field", () => {
    const op = opWith(
      { query: z.object({ filter: z.object({ a: z.string() }) }) },
      { 200: undefined },
      "get",
    );
    expect(refusal(() => toSwagger(connectorOf(op)))).toBe(
      'operation "Op", field "query.filter": query parameters must be strings, numbers, integers, booleans or arrays of them; move structured input into the body.',
    );
  });

  it("refuses an internal required parameter without default", () => {
    const op = opWith(
      { query: z.object({ secret: field(z.string(), { visibility: "internal" }) }) },
      { 200: undefined },
      "get",
    );
    expect(refusal(() => toSwagger(connectorOf(op)))).toMatch(
      /field "query.secret": an internal, required parameter needs a default/,
    );
  });

  it("refuses urlEncoding outside path parameters and dynamicSchema on parameters", () => {
    const q = opWith(
      { query: z.object({ a: field(z.string(), { urlEncoding: "double" }) }) },
      { 200: undefined },
      "get",
    );
    expect(refusal(() => toSwagger(connectorOf(q)))).toMatch(/urlEncoding applies to path parameters only/);
    const target = action({
      operationId: "S",
      summary: "S",
      description: "S.",
      method: "get",
      path: "/s",
      responses: { 200: z.object({}) },
      handler: ok as never,
    });
    const d = opWith(
      { query: z.object({ a: field(z.string(), { dynamicSchema: dynamicSchema(target) }) }) },
      { 200: undefined },
      "get",
    );
    expect(refusal(() => toSwagger(connectorOf(d, target)))).toMatch(
      /dynamicSchema applies to a body or response schema/,
    );
  });
});

describe("toSwagger: schemas", () => {
  it("named schemas become #/definitions references", () => {
    const Item = z.object({ id: z.string() }).meta({ id: "Item" });
    const { doc, body } = emitBody(z.object({ item: Item, items: z.array(Item) }));
    expect(body.schema.properties).toEqual({
      item: { $ref: "#/definitions/Item" },
      items: { type: "array", items: { $ref: "#/definitions/Item" } },
    });
    expect(doc["definitions"]).toEqual({
      Item: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    });
  });

  it("nullable becomes x-nullable; a nullable reference stays a clean $ref inside allOf", () => {
    const Item = z.object({ id: z.string() }).meta({ id: "Item" });
    const { doc, body } = emitBody(z.object({ n: z.string().nullable(), r: Item.nullable() }));
    expect(body.schema.properties.n).toEqual({ type: "string", "x-nullable": true });
    // zod-to-openapi 9.1 emits a nullable named schema as a bare $ref here; either way no keyword may sit next to $ref.
    expect([
      { $ref: "#/definitions/Item" },
      { allOf: [{ $ref: "#/definitions/Item" }], "x-nullable": true },
    ]).toContainEqual(body.schema.properties.r);
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("lowers the OpenAPI 3 forms of a nullable reference to allOf + x-nullable", () => {
    const ctx = {
      scope: { operations: new Map(), operationId: "Op", field: "body" },
      definitions: {},
      components: {},
    };
    const expected = { allOf: [{ $ref: "#/definitions/Item" }], "x-nullable": true };
    expect(
      lowerSchema({ allOf: [{ $ref: "#/components/schemas/Item" }, { nullable: true }] }, ctx, "body"),
    ).toEqual(expected);
    expect(
      lowerSchema({ anyOf: [{ $ref: "#/components/schemas/Item" }, { type: "null" }] }, ctx, "body"),
    ).toEqual(expected);
  });

  it("dates become string/date-time; z.int() drops the safe-integer bounds", () => {
    const { body } = emitBody(z.object({ d: z.date(), i: z.int(), b: z.int().min(2) }));
    expect(body.schema.properties).toEqual({
      d: { type: "string", format: "date-time" },
      i: { type: "integer" },
      b: { type: "integer", minimum: 2 },
    });
  });

  it("unions of literals of one type become an enum", () => {
    const { body } = emitBody(
      z.object({ u: z.union([z.literal("a"), z.literal("b")]), n: z.literal(3).or(z.literal(4)).nullable() }),
    );
    expect(body.schema.properties.u).toEqual({ type: "string", enum: ["a", "b"] });
    expect(body.schema.properties.n).toEqual({ type: "number", enum: [3, 4], "x-nullable": true });
  });

  it("intersections of objects are flattened", () => {
    const { body } = emitBody(
      z.object({ x: z.intersection(z.object({ a: z.string() }), z.object({ b: z.number().optional() })) }),
    );
    expect(body.schema.properties.x).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "number" } },
      required: ["a"],
    });
  });

  it("field metadata on schema properties: summary, description, visibility, enum values, test value, format, example", () => {
    const { body } = emitBody(
      z.object({
        html: field(z.string(), {
          summary: "Body",
          description: "The HTML body.",
          format: "html",
          visibility: "important",
          example: "<p>x</p>",
          testValue: "<b>t</b>",
        }),
      }),
    );
    expect(body.schema.properties.html).toEqual({
      type: "string",
      description: "The HTML body.",
      "x-ms-summary": "Body",
      "x-ms-visibility": "important",
      format: "html",
      example: "<p>x</p>",
      "x-ms-test-value": "<b>t</b>",
    });
  });

  it("field() twice merges metadata", () => {
    const base = field(z.string(), { summary: "A" });
    const { body } = emitBody(z.object({ a: field(base, { visibility: "advanced" }) }));
    expect(body.schema.properties.a).toEqual({
      type: "string",
      "x-ms-summary": "A",
      "x-ms-visibility": "advanced",
    });
  });

  it("dynamic values emit x-ms-dynamic-values and x-ms-dynamic-list together, with parameter references", () => {
    const list = action({
      operationId: "ListFolders",
      summary: "List folders",
      description: "Lists.",
      method: "get",
      path: "/folders",
      visibility: "internal",
      request: { query: z.object({ drive: z.string() }) },
      responses: { 200: z.object({ value: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      handler: ok as never,
    });
    const op = opWith({
      body: z.object({
        drive: z.string(),
        folder: field(z.string(), {
          dynamicValues: dynamicValues(list, {
            collection: "value",
            value: "id",
            title: "name",
            parameters: { drive: { parameter: "drive" } },
          }),
        }),
      }),
    });
    const doc = toSwagger(connectorOf(op, list));
    const folder = (doc.paths["/op"]!["post"] as any).parameters[0].schema.properties.folder;
    expect(folder["x-ms-dynamic-values"]).toEqual({
      operationId: "ListFolders",
      parameters: { drive: { parameter: "drive" } },
      "value-collection": "value",
      "value-path": "id",
      "value-title": "name",
    });
    expect(folder["x-ms-dynamic-list"]).toEqual({
      operationId: "ListFolders",
      parameters: { drive: { parameterReference: "body/drive" } },
      itemsPath: "value",
      itemValuePath: "id",
      itemTitlePath: "name",
    });
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("dynamic schema emits x-ms-dynamic-schema and x-ms-dynamic-properties with consistent paths", () => {
    const schemaOp = action({
      operationId: "GetSchema",
      summary: "Schema",
      description: "Schema.",
      method: "get",
      path: "/schema",
      request: { query: z.object({ table: z.string() }) },
      responses: { 200: z.object({ schema: z.object({}) }) },
      handler: ok as never,
    });
    const op = opWith({
      body: field(z.record(z.string(), z.unknown()), {
        dynamicSchema: dynamicSchema(schemaOp, { parameters: { table: "orders" }, valuePath: "schema" }),
      }),
    });
    const doc = toSwagger(connectorOf(op, schemaOp));
    const schema = (doc.paths["/op"]!["post"] as any).parameters[0].schema;
    expect(schema["x-ms-dynamic-schema"]).toEqual({
      operationId: "GetSchema",
      parameters: { table: "orders" },
      "value-path": "schema",
    });
    expect(schema["x-ms-dynamic-properties"]).toEqual({
      operationId: "GetSchema",
      parameters: { table: { value: "orders" } },
      itemValuePath: "schema",
    });
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("a dynamic reference to an operation missing from the connector is a clear build error", () => {
    const orphan = action({
      operationId: "Orphan",
      summary: "O",
      description: "O.",
      method: "get",
      path: "/o",
      responses: { 200: z.object({ value: z.array(z.object({ id: z.string() })) }) },
      handler: ok as never,
    });
    const op = opWith({
      body: z.object({
        a: field(z.string(), { dynamicValues: dynamicValues(orphan, { collection: "value", value: "id" }) }),
      }),
    });
    expect(refusal(() => toSwagger(connectorOf(op)))).toBe(
      'operation "Op", field "body.a": dynamicValues references operation "Orphan", which is not in this connector\'s operations. Add it to defineConnector({ operations }).',
    );
  });

  it("a thunk allows referencing an operation declared later", () => {
    let later: AnyOperation | undefined;
    const op = opWith({
      body: z.object({
        a: field(z.string(), { dynamicValues: dynamicValues(() => later!, { value: "id" }) }),
      }),
    });
    later = action({
      operationId: "Later",
      summary: "L",
      description: "L.",
      method: "get",
      path: "/l",
      responses: { 200: z.array(z.object({ id: z.string() })) },
      handler: ok as never,
    });
    const doc = toSwagger(connectorOf(op, later));
    expect(
      (doc.paths["/op"]!["post"] as any).parameters[0].schema.properties.a["x-ms-dynamic-values"].operationId,
    ).toBe("Later");
  });

  it.each([
    [
      "a union of different types",
      z.object({ u: z.union([z.string(), z.number()]) }),
      'field "body.u": unions cannot be expressed in Swagger 2.0',
    ],
    [
      "a discriminated union",
      z.object({
        d: z.discriminatedUnion("k", [z.object({ k: z.literal("a") }), z.object({ k: z.literal("b") })]),
      }),
      'field "body.d": unions cannot be expressed',
    ],
    [
      "a tuple",
      z.object({ t: z.tuple([z.string(), z.number()]) }),
      'field "body.t": tuples are not supported',
    ],
    [
      "an intersection of non-objects",
      z.object({ i: z.intersection(z.string(), z.string().min(2)) }),
      'field "body.i": intersection part 1 is not an object',
    ],
    [
      "a misspelled extension set through raw meta",
      z.object({ a: z.string().meta({ "x-ms-visibilty": "internal" }) }),
      'field "body.a": unknown extension "x-ms-visibilty"',
    ],
  ])("refuses %s with the operation and field in the message", (_name, schema, message) => {
    expect(refusal(() => emitBody(schema))).toContain(`operation "Op", ${message}`);
  });
});

describe("prettyJsonByteLength", () => {
  it.each([
    {},
    [],
    { a: [] },
    { a: {}, b: [1, 2, { c: "x,y:{}[]" }], 'q"uo:te': "é✓", n: null, t: true, e: '\\"' },
    [[[]], [{}], "a"],
    { nested: { deep: { deeper: [1, [2, [3]]] } } },
  ])("equals the byte length of JSON.stringify(value, null, 2) for %j", (value) => {
    expect(prettyJsonByteLength(JSON.stringify(value))).toBe(
      Buffer.byteLength(JSON.stringify(value, null, 2)),
    );
  });
});
