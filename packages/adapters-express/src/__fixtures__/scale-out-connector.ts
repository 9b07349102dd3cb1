/**
 * The connector both scale-out server processes serve: a webhook trigger and a long-running action whose
 * result names the process that ran it (`CK_NODE`). Test fixture.
 * @internal
 * @module
 */
import { auth, defineConnector, longRunning, webhookTrigger } from "@connectorkit/sdk";
import { z } from "zod";

/** API key the scale-out tests use. */
export const SCALE_OUT_KEY = "scale-out-key-123";

/** The webhook trigger (the test fires it with createDispatcher on the shared store). */
export const onTicket = webhookTrigger({
  operationId: "OnTicket",
  summary: "When a ticket is created",
  description: "Triggers when a ticket is created.",
  path: "/hooks/tickets",
  params: z.object({ project: z.string() }),
  event: z.object({ id: z.string(), project: z.string(), title: z.string() }),
  match: (params, event) => params.project === event.project,
  callbacks: { allowInsecureCallbacks: true },
});

/** A long-running export; its result says which process ran it. */
export const exportReport = longRunning({
  operationId: "ExportReport",
  summary: "Export a report",
  description: "Exports the monthly report.",
  method: "post",
  path: "/reports/export",
  request: { body: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }) },
  responses: { 200: z.object({ url: z.string(), ranBy: z.string() }) },
  retryAfter: 1,
  maxDuration: 60_000,
  handler: async ({ body }, ctx) => {
    await ctx.progress(50, "Collecting rows");
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      status: 200,
      body: { url: `https://files.contoso.com/${body.month}.csv`, ranBy: process.env["CK_NODE"] ?? "?" },
    };
  },
});

/** The connector. */
export const scaleOutConnector = defineConnector({
  title: "Scale Out",
  description: "Served by several processes sharing one store.",
  basePath: "/api",
  auth: auth.apiKey({
    in: "header",
    name: "X-API-Key",
    verify: auth.apiKey.keys([{ key: SCALE_OUT_KEY, principal: { tenant: "contoso" } }]),
  }),
  operations: [onTicket, exportReport],
});
