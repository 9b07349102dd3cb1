import { describe, expect, it } from "vitest";
import { z } from "zod";
import { msSchemaErrors } from "../../test/ms-schema";
import { action } from "../operation/action";
import { defineConnector } from "../operation/define-connector";
import { toSwagger } from "../swagger/to-swagger";
import { ACCEPTED_RESPONSE, accepted } from "./accepted";
import { longRunning } from "./long-running";

const Report = z.object({ url: z.string(), rows: z.number().int() }).meta({ id: "Report" });

const exportReport = longRunning({
  operationId: "ExportReport",
  summary: "Export a report",
  description: "Exports the monthly report as CSV.",
  method: "post",
  path: "/reports/export",
  request: { body: z.object({ month: z.string() }) },
  responses: { 200: Report, 404: undefined },
  retryAfter: 10,
  handler: async () => ({ status: 200, body: { url: "u", rows: 1 } }),
});
const startScan = action({
  operationId: "StartScan",
  summary: "Start a scan",
  description: "Starts a scan.",
  method: "post",
  path: "/scans",
  responses: { 200: z.object({ clean: z.boolean() }), 202: ACCEPTED_RESPONSE },
  handler: (_input, ctx) => accepted({ location: "/scans/1", retryAfter: 5 }, ctx),
});

describe("long-running swagger emission", () => {
  const doc = toSwagger(
    defineConnector({
      title: "Contoso Reports",
      description: "Exports reports from Contoso Analytics for use in flows.",
      host: "api.contoso.com",
      basePath: "/api",
      operations: [exportReport, startScan],
    }),
  );
  const paths = doc.paths as Record<string, Record<string, any>>;

  it("documents 200 (schema) and 202 (Location, Retry-After headers, no schema)", () => {
    const op = paths["/reports/export"]!["post"];
    expect(op.operationId).toBe("ExportReport");
    expect(op.responses["200"].schema).toEqual({ $ref: "#/definitions/Report" });
    expect(op.responses["202"].schema).toBeUndefined();
    expect(op.responses["202"].headers).toEqual({
      Location: { type: "string", description: expect.stringContaining("Absolute URL") },
      "Retry-After": { type: "integer", description: expect.stringContaining("Seconds") },
    });
    expect(op.responses["404"]).toEqual({ description: "Not Found" });
  });

  it("does not emit the internal status route and keeps the manual form's 202", () => {
    expect(Object.keys(paths).sort()).toEqual(["/reports/export", "/scans"]);
    expect(paths["/scans"]!["post"].responses["202"].headers.Location.type).toBe("string");
  });

  it("validates against Microsoft's apiDefinition schema", () => {
    expect(msSchemaErrors("apiDefinition.swagger.schema.json", doc)).toEqual([]);
  });
});
