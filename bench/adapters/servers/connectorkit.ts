/** (b) The same operation through @connectorkit/express. BENCH_VALIDATE_RESPONSES=1 also validates the response. */

import { connectorRouter } from "@connectorkit/express";
import { action, defineConnector } from "@connectorkit/sdk";
import express from "express";
import { z } from "zod";
import { announce } from "./shared";

const Ticket = z.object({
  id: z.string(),
  projectId: z.string(),
  notify: z.boolean(),
  title: z.string(),
  priority: z.enum(["low", "normal", "high"]),
  tags: z.array(z.string()),
});

let next = 1;
const createTicket = action({
  operationId: "CreateTicket",
  summary: "Create a ticket",
  description: "Files a ticket.",
  method: "post",
  path: "/projects/{projectId}/tickets",
  request: {
    params: z.object({ projectId: z.string().regex(/^[a-z0-9-]+$/) }),
    query: z.object({ notify: z.boolean().default(false) }),
    body: z.object({
      title: z.string().min(1).max(200),
      priority: z.enum(["low", "normal", "high"]).default("normal"),
      tags: z.array(z.string().max(50)).max(10).default([]),
    }),
  },
  responses: { 201: Ticket },
  handler: async ({ params, query, body }) => ({
    status: 201,
    body: { id: `T-${next++}`, projectId: params.projectId, notify: query.notify, ...body },
  }),
});
const connector = defineConnector({
  title: "Bench",
  description: "One operation, for the adapter benchmark.",
  basePath: "/api",
  operations: [createTicket],
});

const app = express();
app.use(
  "/api",
  connectorRouter(connector, { validateResponses: process.env["BENCH_VALIDATE_RESPONSES"] === "1" }),
);
announce(app.listen(0, "127.0.0.1"));
