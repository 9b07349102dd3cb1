import { describe, expect, it } from "vitest";
import { compileCollectionValidator } from "./collection-schema.test-helper";
import { PostmanExportError } from "./postman-export-error";
import { toPostmanCollection } from "./to-postman-collection";
import {
  POSTMAN_COLLECTION_SCHEMA,
  type PostmanCollection,
  type PostmanFolder,
  type PostmanItem,
} from "./types";

type Json = any;

const validate = compileCollectionValidator();

function doc(paths: Json, extra: Json = {}): Json {
  return {
    swagger: "2.0",
    info: { title: "Todo", version: "1.2", description: "Todo connector" },
    host: "api.example.com",
    basePath: "/v1/",
    schemes: ["https"],
    paths,
    ...extra,
  };
}

const getOp = (parameters: Json[] = [], extra: Json = {}): Json => ({
  operationId: "GetThing",
  summary: "Get a thing",
  parameters,
  responses: { "200": { description: "OK" } },
  ...extra,
});

function items(collection: PostmanCollection): PostmanItem[] {
  return collection.item.flatMap((i) => ("request" in i ? [i] : (i as PostmanFolder).item));
}

function first(collection: PostmanCollection): PostmanItem {
  const all = items(collection);
  expect(all.length).toBeGreaterThan(0);
  return all[0]!;
}

function exportValid(swagger: Json, options?: Parameters<typeof toPostmanCollection>[1]): PostmanCollection {
  const collection = toPostmanCollection(swagger, options);
  expect(validate(collection), JSON.stringify(validate.errors)).toBe(true);
  return collection;
}

describe("toPostmanCollection: collection shape", () => {
  it("declares v2.1, names the collection after the connector and sets baseUrl from schemes/host/basePath", () => {
    const c = exportValid(doc({ "/things": { get: getOp() } }));
    expect(c.info).toEqual({
      name: "Todo",
      description: "Todo connector",
      version: "1.2",
      schema: POSTMAN_COLLECTION_SCHEMA,
    });
    expect(c.variable).toEqual([{ key: "baseUrl", value: "https://api.example.com/v1", type: "string" }]);
    expect(c.auth).toBeUndefined();
  });

  it("lets options override the name and baseUrl, and defaults missing host/scheme", () => {
    const c = exportValid(doc({}), { name: "Mine", baseUrl: "http://127.0.0.1:9/api/" });
    expect(c.info.name).toBe("Mine");
    expect(c.variable[0]!.value).toBe("http://127.0.0.1:9/api");
    const bare = exportValid({ swagger: "2.0", info: { title: "X", version: "1" }, paths: {} });
    expect(bare.variable[0]!.value).toBe("https://localhost");
  });

  it("groups operations by first tag (with the tag's description), keeps untagged ones at the top, or goes flat", () => {
    const swagger = doc(
      {
        "/a": { get: getOp([], { operationId: "A", tags: ["Alpha", "Other"] }) },
        "/b": {
          get: getOp([], { operationId: "B", tags: ["Beta"] }),
          post: getOp([], { operationId: "B2", tags: ["Alpha"] }),
        },
        "/c": { get: getOp([], { operationId: "C" }) },
      },
      { tags: [{ name: "Alpha", description: "First letter" }] },
    );
    const grouped = exportValid(swagger);
    expect(
      grouped.item.map((i) => [i.name, "item" in i ? i.item.map((x) => x.id) : (i as PostmanItem).id]),
    ).toEqual([
      ["Alpha", ["A", "B2"]],
      ["Beta", ["B"]],
      ["Get a thing", "C"],
    ]);
    expect((grouped.item[0] as PostmanFolder).description).toBe("First letter");
    const flat = exportValid(swagger, { grouping: "flat" });
    expect(flat.item.map((i) => (i as PostmanItem).id)).toEqual(["A", "B", "B2", "C"]);
  });

  it("names requests by summary, then operationId, then method and path", () => {
    const c = exportValid(
      doc({
        "/a": { get: getOp(), post: { operationId: "PostA", responses: {} }, put: { responses: {} } },
      }),
    );
    expect(items(c).map((i) => i.name)).toEqual(["Get a thing", "PostA", "PUT /a"]);
  });

  it("is deterministic", () => {
    const swagger = doc({
      "/a/{id}": { get: getOp([{ name: "id", in: "path", required: true, type: "string" }]) },
    });
    expect(JSON.stringify(toPostmanCollection(swagger))).toBe(
      JSON.stringify(toPostmanCollection(structuredClone(swagger))),
    );
  });
});

describe("toPostmanCollection: URLs and parameters", () => {
  const params = [
    {
      name: "listId",
      in: "path",
      required: true,
      type: "string",
      "x-ms-test-value": "L1",
      description: "List",
    },
    { name: "itemId", in: "path", required: true, type: "integer", example: 7 },
    { name: "top", in: "query", required: true, type: "integer", default: 10 },
    { name: "order", in: "query", required: false, type: "string", enum: ["asc", "desc"] },
    {
      name: "ids",
      in: "query",
      required: true,
      type: "array",
      items: { type: "string" },
      "x-ms-test-value": ["a", "b"],
    },
    { name: "X-Trace", in: "header", required: true, type: "string", format: "uuid" },
  ];

  it("uses :param URL variables with sample values, query parameters (optional ones disabled) and headers", () => {
    const c = exportValid(doc({ "/lists/{listId}/items/{itemId}": { get: getOp(params) } }));
    const { request } = first(c);
    expect(request.method).toBe("GET");
    expect(request.url).toEqual({
      raw: "{{baseUrl}}/lists/:listId/items/:itemId?top=10&ids=a,b",
      host: ["{{baseUrl}}"],
      path: ["lists", ":listId", "items", ":itemId"],
      query: [
        { key: "top", value: "10" },
        { key: "order", value: "asc", disabled: true },
        { key: "ids", value: "a,b" },
      ],
      variable: [
        { key: "listId", value: "L1", type: "string", description: "List" },
        { key: "itemId", value: "7", type: "string" },
      ],
    });
    expect(request.header).toEqual([{ key: "X-Trace", value: "00000000-0000-0000-0000-000000000000" }]);
  });

  it("can send optional parameters and use {{param}} collection variables instead", () => {
    const c = exportValid(doc({ "/lists/{listId}/items/{itemId}": { get: getOp(params) } }), {
      includeOptionalParameters: true,
      pathVariables: "variable",
    });
    const { request } = first(c);
    expect(request.url.raw).toBe("{{baseUrl}}/lists/{{listId}}/items/{{itemId}}?top=10&order=asc&ids=a,b");
    expect(request.url.variable).toBeUndefined();
    expect(c.variable.slice(1)).toEqual([
      { key: "listId", value: "L1", type: "string", description: "List" },
      { key: "itemId", value: "7", type: "string" },
    ]);
  });

  it("uses {{param}} for parameters inside a segment and repeats multi-format query values", () => {
    const c = exportValid(
      doc({
        "/files/{name}.json": {
          get: getOp([
            { name: "name", in: "path", required: true, type: "string" },
            {
              name: "tag",
              in: "query",
              required: true,
              type: "array",
              collectionFormat: "multi",
              items: { type: "string" },
              example: ["x", "y"],
            },
            {
              name: "sel",
              in: "query",
              required: true,
              type: "array",
              collectionFormat: "pipes",
              items: { type: "integer" },
            },
          ]),
        },
      }),
    );
    const { request } = first(c);
    expect(request.url.path).toEqual(["files", "{{name}}.json"]);
    expect(request.url.query).toEqual([
      { key: "tag", value: "x" },
      { key: "tag", value: "y" },
      { key: "sel", value: "0" },
    ]);
    expect(c.variable.find((v) => v.key === "name")).toEqual({
      key: "name",
      value: "string",
      type: "string",
    });
  });

  it("merges path-level parameters and resolves #/parameters references", () => {
    const c = exportValid(
      doc(
        {
          "/items/{id}": {
            parameters: [{ $ref: "#/parameters/Id" }],
            get: getOp([{ $ref: "#/parameters/Top" }]),
          },
        },
        {
          parameters: {
            Id: { name: "id", in: "path", required: true, type: "string", default: "abc" },
            Top: { name: "top", in: "query", required: true, type: "integer", minimum: 1 },
          },
        },
      ),
    );
    expect(first(c).request.url.raw).toBe("{{baseUrl}}/items/:id?top=1");
    expect(first(c).request.url.variable).toEqual([{ key: "id", value: "abc", type: "string" }]);
  });
});

describe("toPostmanCollection: bodies and samples", () => {
  const definitions = {
    Item: {
      type: "object",
      required: ["title"],
      properties: {
        id: { type: "string", readOnly: true },
        title: { type: "string", "x-ms-test-value": "Buy milk", example: "ignored" },
        due: { type: "string", format: "date-time" },
        priority: { type: "integer", enum: [3, 1] },
        done: { type: "boolean", default: true },
        tags: { type: "array", items: { type: "string", example: "home" } },
        parent: { $ref: "#/definitions/Item" },
        meta: {
          allOf: [
            { type: "object", properties: { a: { type: "number" } } },
            { properties: { b: { type: "string", format: "email" } } },
          ],
        },
      },
    },
  };

  it("builds a JSON body from the schema: explicit values first, placeholders by type, no read-only fields, recursion cut", () => {
    const c = exportValid(
      doc(
        {
          "/items": {
            post: getOp(
              [{ name: "item", in: "body", required: true, schema: { $ref: "#/definitions/Item" } }],
              { operationId: "Create" },
            ),
          },
        },
        { definitions },
      ),
    );
    const { request } = first(c);
    expect(request.header).toEqual([{ key: "Content-Type", value: "application/json" }]);
    expect(request.body).toMatchObject({ mode: "raw", options: { raw: { language: "json" } } });
    const body = JSON.parse((request.body as { raw: string }).raw);
    expect(body).toEqual({
      title: "Buy milk",
      due: "2024-01-01T00:00:00Z",
      priority: 3,
      done: true,
      tags: ["home"],
      meta: { a: 0, b: "user@example.com" },
    });
  });

  it("prefers a body example over generated values and keeps a connector-defined Content-Type header", () => {
    const c = exportValid(
      doc({
        "/items": {
          post: getOp([
            {
              name: "Content-Type",
              in: "header",
              required: true,
              type: "string",
              default: "application/json; charset=utf-8",
            },
            { name: "item", in: "body", schema: { type: "object", example: { hello: "world" } } },
          ]),
        },
      }),
    );
    const { request } = first(c);
    expect(request.header).toEqual([{ key: "Content-Type", value: "application/json; charset=utf-8" }]);
    expect(JSON.parse((request.body as { raw: string }).raw)).toEqual({ hello: "world" });
  });

  it("exports formData as urlencoded, or formdata for files / multipart", () => {
    const form = [
      { name: "name", in: "formData", required: true, type: "string" },
      { name: "note", in: "formData", type: "string" },
    ];
    const urlencoded = first(exportValid(doc({ "/f": { post: getOp(form) } }))).request.body;
    expect(urlencoded).toEqual({
      mode: "urlencoded",
      urlencoded: [
        { key: "name", value: "string", type: "text" },
        { key: "note", value: "string", type: "text", disabled: true },
      ],
    });
    const multipart = first(
      exportValid(doc({ "/f": { post: getOp([...form, { name: "file", in: "formData", type: "file" }]) } })),
    );
    expect(multipart.request.body?.mode).toBe("formdata");
  });

  it("does not let property names such as __proto__ reach the prototype", () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string","example":"p"},"constructor":{"type":"integer"}}}',
    );
    const c = exportValid(doc({ "/x": { post: getOp([{ name: "b", in: "body", schema }]) } }));
    const raw = (first(c).request.body as { raw: string }).raw;
    expect(raw).toContain('"__proto__": "p"');
    expect(JSON.parse(raw).constructor).toBe(0);
  });

  it("stops sample generation at maxSampleDepth", () => {
    let schema: Json = { type: "string" };
    for (let i = 0; i < 2000; i++) schema = { type: "object", properties: { n: schema } };
    const c = exportValid(doc({ "/x": { post: getOp([{ name: "b", in: "body", schema }]) } }), {
      maxSampleDepth: 3,
    });
    expect(JSON.parse((first(c).request.body as { raw: string }).raw)).toEqual({ n: { n: { n: {} } } });
  });
});

describe("toPostmanCollection: auth", () => {
  const op = { "/a": { get: getOp() } };

  it("maps an apiKey header to Postman apikey auth with {{apiKey}}", () => {
    const c = exportValid(
      doc(op, {
        securityDefinitions: { key: { type: "apiKey", in: "header", name: "X-API-Key" } },
        security: [{ key: [] }],
      }),
    );
    expect(c.auth).toEqual({
      type: "apikey",
      apikey: [
        { key: "key", value: "X-API-Key", type: "string" },
        { key: "value", value: "{{apiKey}}", type: "string" },
        { key: "in", value: "header", type: "string" },
      ],
    });
    expect(c.variable.map((v) => [v.key, v.value])).toEqual([
      ["baseUrl", "https://api.example.com/v1"],
      ["apiKey", ""],
    ]);
  });

  it("maps an apiKey in query, and extra API keys to per-request headers", () => {
    const query = exportValid(
      doc(op, { securityDefinitions: { k: { type: "apiKey", in: "query", name: "code" } } }),
    );
    expect(query.auth).toMatchObject({
      type: "apikey",
      apikey: [{ value: "code" }, { value: "{{apiKey}}" }, { value: "query" }],
    });
    const two = exportValid(
      doc(op, {
        securityDefinitions: {
          id: { type: "apiKey", in: "header", name: "X-Id" },
          key: { type: "apiKey", in: "header", name: "X-Key" },
        },
        security: [{ id: [], key: [], undefinedScheme: [] }],
      }),
    );
    expect(two.auth).toMatchObject({
      type: "apikey",
      apikey: [{ value: "X-Id" }, { value: "{{apiKey}}" }, { value: "header" }],
    });
    expect(first(two).request.header).toEqual([{ key: "X-Key", value: "{{apiKey2}}" }]);
    expect(two.variable.map((v) => v.key)).toEqual(["baseUrl", "apiKey", "apiKey2"]);
  });

  it("maps basic to {{username}}/{{password}} and oauth2 to a bearer {{accessToken}}", () => {
    const basic = exportValid(doc(op, { securityDefinitions: { b: { type: "basic" } } }));
    expect(basic.auth).toEqual({
      type: "basic",
      basic: [
        { key: "username", value: "{{username}}", type: "string" },
        { key: "password", value: "{{password}}", type: "string" },
      ],
    });
    const oauth = exportValid(
      doc(op, {
        securityDefinitions: {
          o: {
            type: "oauth2",
            flow: "accessCode",
            authorizationUrl: "https://a",
            tokenUrl: "https://t",
            scopes: {},
          },
        },
      }),
    );
    expect(oauth.auth).toEqual({
      type: "bearer",
      bearer: [{ key: "token", value: "{{accessToken}}", type: "string" }],
    });
    expect(oauth.variable.map((v) => v.key)).toEqual(["baseUrl", "accessToken"]);
  });

  it("gives operations with security: [] no auth, and can leave auth out entirely", () => {
    const swagger = doc(
      { "/a": { get: getOp([], { security: [] }) } },
      { securityDefinitions: { b: { type: "basic" } } },
    );
    expect(first(exportValid(swagger)).request.auth).toEqual({ type: "noauth" });
    const none = exportValid(swagger, { auth: false });
    expect(none.auth).toBeUndefined();
    expect(first(none).request.auth).toBeUndefined();
  });
});

describe("toPostmanCollection: test scripts", () => {
  it("adds a 2xx assertion per request by default, and none when turned off", () => {
    const swagger = doc({ "/a": { get: getOp() } });
    expect(first(exportValid(swagger)).event).toEqual([
      {
        listen: "test",
        script: {
          type: "text/javascript",
          exec: [
            'pm.test("GetThing responds with a 2xx status", function () {',
            "  pm.expect(pm.response.code, 'HTTP status').to.be.within(200, 299);",
            "});",
          ],
        },
      },
    ]);
    expect(first(exportValid(swagger, { tests: false })).event).toBeUndefined();
  });

  it("escapes hostile operation ids inside the script", () => {
    const c = exportValid(doc({ "/a": { get: getOp([], { operationId: 'x"); process.exit(1); ("' }) } }));
    expect(first(c).event?.[0]?.script.exec[0]).toBe(
      'pm.test("x\\"); process.exit(1); (\\" responds with a 2xx status", function () {',
    );
  });
});

describe("toPostmanCollection: bad input", () => {
  it.each([
    [null, /expected a Swagger 2.0 object, got null/],
    [42, /got number/],
    [{ openapi: "3.1.0", paths: {} }, /OpenAPI 3/],
    [{ swagger: "2.0" }, /"paths" must be an object/],
  ])("rejects %j", (input, pattern) => {
    expect(() => toPostmanCollection(input)).toThrow(pattern);
    expect(() => toPostmanCollection(input)).toThrow(PostmanExportError);
  });

  it("rejects malformed operations, parameters and references with their location", () => {
    expect(() => toPostmanCollection(doc({ "/a": { get: "x" } }))).toThrow(
      /operation GET \/a is not an object/,
    );
    expect(() => toPostmanCollection(doc({ "/a": { get: getOp([{ in: "query" }]) } }))).toThrow(
      /a parameter needs string "name" and "in" \(at \/paths\/~1a\/get\/parameters\/0\)/,
    );
    expect(() =>
      toPostmanCollection(
        doc({
          "/a": { post: getOp([{ name: "b", in: "body", schema: { $ref: "#/definitions/Missing" } }]) },
        }),
      ),
    ).toThrow(/cannot resolve \$ref "#\/definitions\/Missing" \(missing\)/);
    expect(() =>
      toPostmanCollection(
        doc({ "/a": { get: getOp() } }, { securityDefinitions: { k: { type: "apiKey", in: "header" } } }),
      ),
    ).toThrow(/apiKey security definition needs a "name"/);
  });

  it("exports an oversized document (2,000 operations sharing a recursive definition) in bounded time", {
    timeout: 30_000,
  }, () => {
    const paths: Json = {};
    for (let i = 0; i < 2000; i++) {
      paths[`/bulk/${i}/{id}`] = {
        post: getOp(
          [
            { name: "id", in: "path", required: true, type: "string" },
            { name: "b", in: "body", schema: { $ref: "#/definitions/Node" } },
          ],
          { operationId: `Bulk${i}` },
        ),
      };
    }
    const definitions = {
      Node: {
        type: "object",
        properties: {
          name: { type: "string" },
          children: { type: "array", items: { $ref: "#/definitions/Node" } },
        },
      },
    };
    const started = performance.now();
    const c = exportValid(doc(paths, { definitions }));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(items(c)).toHaveLength(2000);
    expect(JSON.parse((first(c).request.body as { raw: string }).raw)).toEqual({
      name: "string",
      children: [],
    });
  });

  it("rejects invalid options", () => {
    const swagger = doc({});
    expect(() => toPostmanCollection(swagger, { baseUrl: "ftp://x" })).toThrow(/absolute http\(s\) URL/);
    expect(() => toPostmanCollection(swagger, { baseUrl: "/relative" })).toThrow(/absolute http\(s\) URL/);
    expect(() => toPostmanCollection(swagger, { grouping: "nested" as "flat" })).toThrow(/grouping/);
    expect(() => toPostmanCollection(swagger, { pathVariables: "x" as "colon" })).toThrow(/pathVariables/);
    expect(() => toPostmanCollection(swagger, { maxSampleDepth: 1000 })).toThrow(/maxSampleDepth/);
  });
});
