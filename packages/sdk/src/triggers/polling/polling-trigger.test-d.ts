import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { HandlerContext } from "../../operation/types";
import { gatewayPollingTrigger } from "./gateway-polling-trigger";
import { type PollingTriggerOperation, pollingTrigger } from "./polling-trigger";

const Ticket = z.object({ id: z.string(), created: z.coerce.date() });
const Cursor = z.object({ since: z.string().transform((s) => new Date(s)) });

describe("pollingTrigger types", () => {
  it("infers parameters, the parsed cursor, and the item/cursor inputs", () => {
    const op = pollingTrigger({
      operationId: "OnNewTicket",
      summary: "When a ticket is created",
      description: "Triggers when a ticket is created.",
      path: "/projects/{project}/tickets",
      request: {
        params: z.object({ project: z.string() }),
        query: z.object({ top: z.coerce.number().default(10) }),
      },
      item: Ticket,
      mode: "batch",
      cursor: Cursor,
      initialCursor: ({ params, query }, ctx) => {
        expectTypeOf(params.project).toEqualTypeOf<string>();
        expectTypeOf(query.top).toEqualTypeOf<number>();
        expectTypeOf(ctx).toEqualTypeOf<HandlerContext>();
        return { since: "2025-01-01" };
      },
      poll: async ({ cursor, params, query }) => {
        expectTypeOf(cursor.since).toEqualTypeOf<Date>(); // z.output of the cursor schema
        expectTypeOf(params.project).toEqualTypeOf<string>();
        expectTypeOf(query.top).toEqualTypeOf<number>();
        // items and the next cursor are z.input (they are serialized)
        return {
          items: [{ id: "1", created: "2025-01-02" }],
          cursor: { since: cursor.since.toISOString() },
          more: false,
        };
      },
      retryAfter: 60,
    });
    expectTypeOf(op).toMatchTypeOf<PollingTriggerOperation>();
    expectTypeOf(op.mode).toEqualTypeOf<"batch">();
  });

  it("rejects wrong items, cursors and a body", () => {
    const base = {
      operationId: "T",
      summary: "T",
      description: "T.",
      path: "/t",
      item: Ticket,
      mode: "single" as const,
      cursor: Cursor,
      initialCursor: () => ({ since: "x" }),
      retryAfter: 5,
    };
    pollingTrigger({
      ...base,
      // @ts-expect-error id must be a string
      poll: () => ({ items: [{ id: 1, created: "x" }], cursor: { since: "x" } }),
    });
    pollingTrigger({
      ...base,
      // @ts-expect-error the cursor's input is { since: string }
      poll: () => ({ items: [], cursor: { since: 5 } }),
    });
    pollingTrigger({
      ...base,
      // @ts-expect-error a trigger is a GET: no body
      request: { body: z.object({ a: z.string() }) },
      poll: () => ({ items: [], cursor: { since: "x" } }),
    });
  });

  it("gateway triggerConfig keys are the query parameters", () => {
    gatewayPollingTrigger({
      operationId: "G",
      summary: "G",
      description: "G.",
      path: "/g",
      request: { query: z.object({ since: z.string().optional() }) },
      item: Ticket,
      triggerConfig: { since: "@{triggerBody().value[0].created}" },
      list: ({ query }) => {
        expectTypeOf(query.since).toEqualTypeOf<string | undefined>();
        return [{ id: "1", created: "2025-01-01" }];
      },
    });
    gatewayPollingTrigger({
      operationId: "G",
      summary: "G",
      description: "G.",
      path: "/g",
      request: { query: z.object({ since: z.string().optional() }) },
      item: Ticket,
      // @ts-expect-error "after" is not a query parameter
      triggerConfig: { after: "@{x}" },
      list: () => [],
    });
  });
});
