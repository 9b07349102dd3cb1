import SwaggerParser from "@apidevtools/swagger-parser";
import { defineConnector } from "@connectorkit/sdk";
import { describe, expect, it } from "vitest";
import { pickConnector } from "./load-connector";
import { toOpenApi3 } from "./to-openapi3";
import { toReadme } from "./to-readme";

const swagger = {
  swagger: "2.0",
  info: { title: "Files", description: "Upload and list files in the Files service.", version: "1.0" },
  host: "files.example",
  basePath: "/api",
  schemes: ["https"],
  consumes: ["application/json"],
  produces: ["application/json"],
  paths: {
    "/files": {
      get: {
        operationId: "ListFiles",
        summary: "List files",
        parameters: [
          { name: "tags", in: "query", type: "array", items: { type: "string" }, collectionFormat: "multi" },
          { name: "top", in: "query", type: "integer", "x-ms-summary": "Top", "x-nullable": true },
        ],
        responses: {
          "200": {
            description: "OK",
            schema: { type: "array", items: { $ref: "#/definitions/File" } },
            headers: { "X-Total": { type: "integer", description: "Total count" } },
          },
        },
      },
      post: {
        operationId: "UploadFile",
        summary: "Upload a file",
        consumes: ["multipart/form-data"],
        parameters: [
          { name: "file", in: "formData", type: "file", required: true, description: "The file." },
          { name: "note", in: "formData", type: "string" },
        ],
        responses: { "201": { description: "Created" } },
      },
    },
    "/hooks": {
      "x-ms-notification-content": { schema: { type: "object" } },
      post: {
        operationId: "OnFile",
        summary: "When a file arrives",
        "x-ms-trigger": "single",
        parameters: [{ name: "body", in: "body", required: true, schema: { $ref: "#/definitions/Hook" } }],
        responses: { "201": { description: "Created" } },
      },
    },
  },
  definitions: {
    File: { type: "object", properties: { name: { type: "string", "x-nullable": true } } },
    Hook: { type: "object", properties: { callbackUrl: { type: "string", "x-ms-notification-url": true } } },
  },
  securityDefinitions: {
    oauth: {
      type: "oauth2",
      flow: "accessCode",
      authorizationUrl: "https://login.example/authorize",
      tokenUrl: "https://login.example/token",
      scopes: { "files.read": "Read files" },
    },
    basic: { type: "basic" },
  },
  security: [{ oauth: ["files.read"] }],
  "x-ms-connector-metadata": [{ propertyName: "Website", propertyValue: "https://files.example" }],
};

describe("toOpenApi3", () => {
  it("converts a Swagger 2.0 connector to a valid OpenAPI 3.0 document", async () => {
    const oas = toOpenApi3(structuredClone(swagger)) as any;
    await SwaggerParser.validate(structuredClone(oas));
    expect(oas.servers).toEqual([{ url: "https://files.example/api" }]);
    const list = oas.paths["/files"].get;
    expect(list.parameters[0]).toMatchObject({
      name: "tags",
      style: "form",
      explode: true,
      schema: { type: "array" },
    });
    expect(list.parameters[1]).toMatchObject({
      "x-ms-summary": "Top",
      schema: { type: "integer", nullable: true },
    });
    expect(list.responses["200"].content["application/json"].schema.items.$ref).toBe(
      "#/components/schemas/File",
    );
    expect(list.responses["200"].headers["X-Total"]).toEqual({
      schema: { type: "integer" },
      description: "Total count",
    });
    const upload = oas.paths["/files"].post.requestBody;
    expect(upload.content["multipart/form-data"].schema).toMatchObject({
      required: ["file"],
      properties: { file: { type: "string", format: "binary" } },
    });
    expect(oas.paths["/hooks"]["x-ms-notification-content"]).toBeDefined();
    expect(oas.paths["/hooks"].post["x-ms-trigger"]).toBe("single");
    expect(oas.components.schemas.File.properties.name).toEqual({ type: "string", nullable: true });
    expect(oas.components.securitySchemes.oauth.flows.authorizationCode.tokenUrl).toBe(
      "https://login.example/token",
    );
    expect(oas.components.securitySchemes.basic).toEqual({ type: "http", scheme: "basic" });
    expect(oas["x-ms-connector-metadata"]).toEqual(swagger["x-ms-connector-metadata"]);
  });

  it("is deterministic and does not modify its input", () => {
    const input = structuredClone(swagger);
    const a = JSON.stringify(toOpenApi3(input));
    expect(JSON.stringify(toOpenApi3(input))).toBe(a);
    expect(input).toEqual(swagger);
  });
});

describe("toReadme", () => {
  const connector = defineConnector({
    title: "Files",
    description: "Upload and list files in the Files service.",
    publisher: "Jane Doe",
    stackOwner: "Files Ltd",
    operations: [],
  });

  it("lists actions and triggers and explains OAuth and basic credentials", () => {
    const apiProperties = {
      properties: {
        connectionParameters: {
          token: { type: "oauthSetting", oAuthSettings: { identityProvider: "oauth2" } },
        },
      },
    };
    const readme = toReadme(connector, swagger, apiProperties);
    expect(readme).toContain("## Publisher: Jane Doe");
    expect(readme).toContain("You need an account with Files Ltd.");
    expect(readme).toContain("**Actions**");
    expect(readme).toContain("**Triggers**");
    expect(readme).toContain("### When a file arrives");
    expect(readme).toContain("### List files\nOperation `ListFiles`.");
    expect(readme).toContain("**OAuth 2.0** via Files Ltd (OAuth 2.0)");
    expect(readme).toContain("https://global.consent.azure-apim.net/redirect");
    expect(readme).toContain("Scopes: `files.read`.");
    expect(readme).toContain("**Basic authentication**");
    expect(readme.endsWith("\n")).toBe(true);
  });

  it("says no credentials are needed without security definitions", () => {
    const readme = toReadme(connector, { swagger: "2.0", info: {}, paths: {} }, { properties: {} });
    expect(readme).toContain("This connector needs no credentials");
    expect(readme).toContain("This connector has no visible operations.");
  });
});

describe("pickConnector", () => {
  const c = defineConnector({ title: "C", description: "A connector for the picker tests.", operations: [] });

  it("searches module.exports of CommonJS modules (inside default)", () => {
    expect(pickConnector({ default: { connector: c } }, "x.cjs").exportName).toBe("default.connector");
    expect(pickConnector({ default: { mine: c } }, "x.cjs").exportName).toBe("default.mine");
    expect(pickConnector({ default: { mine: c } }, "x.cjs", "mine").exportName).toBe("default.mine");
  });

  it("prefers `connector` over other connectors and counts one object exported twice once", () => {
    const other = defineConnector({
      title: "O",
      description: "Another connector for the picker.",
      operations: [],
    });
    expect(pickConnector({ other, connector: c }, "x.ts").connector).toBe(c);
    expect(pickConnector({ a: c, b: c }, "x.ts").connector).toBe(c);
  });

  it("does not accept look-alikes and reports an empty module", () => {
    expect(() => pickConnector({ connector: { title: "T", operations: [] } }, "x.ts")).toThrow(
      /No connector export/,
    );
    expect(() => pickConnector({}, "x.ts")).toThrow(/The module has no exports/);
  });
});
