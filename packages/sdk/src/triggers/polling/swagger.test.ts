import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MS_SCHEMAS_DIR } from "../../../test/fixtures";
import { msSchemaErrors } from "../../../test/ms-schema";
import { createHandler } from "../../http/create-handler";
import { field } from "../../metadata/field";
import { defineConnector } from "../../operation/define-connector";
import { toSwagger } from "../../swagger/to-swagger";
import { gatewayPollingTrigger, pollingTriggerPolicy } from "./gateway-polling-trigger";
import { pollingTrigger } from "./polling-trigger";

const Ticket = z.object({ id: z.string(), title: z.string(), created: z.string() }).meta({ id: "Ticket" });
const common = {
  summary: "When a ticket is created",
  description: "Triggers when a ticket is created in a project.",
  request: {
    query: z.object({ project: field(z.string(), { summary: "Project", visibility: "important" }) }),
  },
  item: Ticket,
  cursor: z.object({ since: z.string() }),
  initialCursor: () => ({ since: "2025-01-01T00:00:00Z" }),
  poll: ({ cursor }: { cursor: { since: string } }) => ({ items: [], cursor }),
  retryAfter: 60,
};
const batch = pollingTrigger({
  ...common,
  operationId: "OnNewTickets",
  path: "/triggers/tickets",
  mode: "batch",
  triggerHint: "Create a ticket.",
});
const single = pollingTrigger({
  ...common,
  operationId: "OnNewTicket",
  path: "/triggers/ticket",
  mode: "single",
  visibility: "advanced",
});
const gateway = gatewayPollingTrigger({
  operationId: "OnNewAlert",
  summary: "When an alert is raised",
  description: "Triggers when a new alert is raised.",
  path: "/alerts",
  request: { query: z.object({ severity: z.enum(["high", "low"]), since: z.string().optional() }) },
  item: z.object({ id: z.string(), raised: z.string() }),
  triggerConfig: { since: "@{triggerBody().value[0].raised}" },
  nextLink: "@triggerBody()?['@odata.nextLink']",
  list: async ({ query }) => [{ id: `A-${query.severity}`, raised: query.since ?? "2025-01-01" }],
  triggerHint: "Raise an alert.",
});
const connector = defineConnector({
  title: "Contoso Tickets",
  description: "Create, find and follow support tickets in Contoso Helpdesk.",
  host: "api.contoso.com",
  basePath: "/api",
  operations: [batch, single, gateway],
});
const doc = toSwagger(connector);
const paths = doc.paths as Record<string, Record<string, any>>;

describe("polling trigger swagger emission", () => {
  it("batch: GET, x-ms-trigger batch, hint, metadata, internal optional triggerState, 200 { value: [Ticket] }, 202 headers", () => {
    const op = paths["/triggers/tickets"]!["get"];
    expect(op["x-ms-trigger"]).toBe("batch");
    expect(op["x-ms-trigger-hint"]).toBe("Create a ticket.");
    expect(op["x-ms-trigger-metadata"]).toEqual({ kind: "query", mode: "polling" });
    const state = op.parameters.find((p: any) => p.name === "triggerState");
    expect(state).toMatchObject({
      in: "query",
      type: "string",
      required: false,
      "x-ms-visibility": "internal",
    });
    expect(op.parameters.find((p: any) => p.name === "project")).toMatchObject({
      required: true,
      "x-ms-visibility": "important",
    });
    const schema = op.responses["200"].schema;
    // the designer's splitOn rule: exactly one visible property, an array
    expect(Object.keys(schema.properties)).toEqual(["value"]);
    expect(schema.properties.value).toEqual({ type: "array", items: { $ref: "#/definitions/Ticket" } });
    expect(op.responses["202"].headers["Location"].type).toBe("string");
    expect(op.responses["202"].headers["Retry-After"].type).toBe("integer");
  });

  it("single: the 200 schema is the item itself, x-ms-trigger single", () => {
    const op = paths["/triggers/ticket"]!["get"];
    expect(op["x-ms-trigger"]).toBe("single");
    expect(op["x-ms-trigger-hint"]).toBeUndefined();
    expect(op["x-ms-visibility"]).toBe("advanced");
    expect(op.responses["200"].schema).toEqual({ $ref: "#/definitions/Ticket" });
  });

  it("gateway: state parameters internal, batch body, no 202, and the pollingtrigger policy instance", () => {
    const op = paths["/alerts"]!["get"];
    expect(op["x-ms-trigger"]).toBe("batch");
    expect(op["x-ms-trigger-metadata"]).toEqual({ kind: "query", mode: "polling" });
    expect(op.parameters.find((p: any) => p.name === "since")).toMatchObject({
      required: false,
      "x-ms-visibility": "internal",
    });
    expect(op.parameters.find((p: any) => p.name === "severity")["x-ms-visibility"]).toBeUndefined();
    expect(op.parameters.find((p: any) => p.name === "triggerState")).toBeUndefined();
    expect(Object.keys(op.responses).sort()).toEqual(["200", "default"]);
    const policy = pollingTriggerPolicy(gateway);
    expect(policy).toEqual({
      templateId: "pollingtrigger",
      title: "PollingTriggerPolicy_OnNewAlert",
      type: "PollingTrigger",
      parameters: {
        "x-ms-apimTemplateParameter.triggerConfig": {
          since: "@{triggerBody().value[0].raised}",
          "x-ms-triggerConfig-nextLink": "@triggerBody()?['@odata.nextLink']",
        },
        "x-ms-apimTemplateParameter.triggerDataPath": "@triggerBody().value",
        "x-ms-apimTemplate-operationName": ["OnNewAlert"],
      },
    });
    const apiProperties = {
      properties: { connectionParameters: {}, iconBrandColor: "#da3b01", policyTemplateInstances: [policy] },
    };
    // paconn-apiProperties.schema.json is draft-07 (the shared helper compiles draft-04 only)
    const { id: _draft04Id, ...schema } = parse(
      readFileSync(join(MS_SCHEMAS_DIR, "paconn-apiProperties.schema.json"), "utf8"),
    ) as Record<string, unknown>;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(apiProperties), JSON.stringify(validate.errors)).toBe(true);
    const broken = {
      properties: { ...apiProperties.properties, policyTemplateInstances: [{ ...policy, parameters: {} }] },
    };
    expect(validate(broken)).toBe(false);
    expect(() => pollingTriggerPolicy(batch as never)).toThrow(TypeError);
  });

  it("validates against Microsoft's apiDefinition schema", () => {
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });

  it("gateway runtime answers the plain list; definition errors are clear", async () => {
    const handler = createHandler(connector, { pollingSecret: "x".repeat(32) });
    const res = await handler.handle({
      method: "GET",
      path: "/alerts",
      query: { severity: "high", since: "2025-02-01" },
      headers: {},
      baseUrl: "https://x.test/api",
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!)).toEqual({ value: [{ id: "A-high", raised: "2025-02-01" }] });
    expect(
      (
        await handler.handle({
          method: "GET",
          path: "/alerts",
          query: {},
          headers: {},
          baseUrl: "https://x.test/api",
        })
      ).status,
    ).toBe(400);
    const base = {
      operationId: "G",
      summary: "G",
      description: "G.",
      path: "/g",
      item: Ticket,
      list: () => [],
    };
    const q = z.object({ since: z.string(), a: z.string().optional() });
    expect(() => gatewayPollingTrigger({ ...base, request: { query: q }, triggerConfig: {} })).toThrow(
      /at least one/,
    );
    expect(() =>
      gatewayPollingTrigger({ ...base, request: { query: q }, triggerConfig: { since: "@{x}" } }),
    ).toThrow(/optional/);
    expect(() =>
      gatewayPollingTrigger({ ...base, request: { query: q }, triggerConfig: { nope: "@{x}" } as never }),
    ).toThrow(/not a query parameter/);
    expect(() =>
      gatewayPollingTrigger({ ...base, request: { query: q }, triggerConfig: { a: " " } }),
    ).toThrow(/expression/);
  });
});
