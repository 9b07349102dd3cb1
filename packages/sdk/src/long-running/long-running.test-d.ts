import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { action } from "../operation/action";
import type { AnyOperation, OperationInput } from "../operation/types";
import { ACCEPTED_RESPONSE, type AcceptedResult, accepted } from "./accepted";
import { inProcessJobRunner } from "./job-runner";
import { longRunning } from "./long-running";
import type { JobContext, LongRunningOperation } from "./types";

const Report = z.object({ url: z.string(), rows: z.number() });

describe("longRunning types", () => {
  it("infers handler input from the schemas and gives a JobContext", () => {
    const op = longRunning({
      operationId: "ExportReport",
      summary: "Export",
      description: "Export.",
      method: "post",
      path: "/reports/{team}/export",
      request: {
        params: z.object({ team: z.string() }),
        query: z.object({ top: z.coerce.number().optional() }),
        body: z.object({ month: z.string(), since: z.coerce.date() }),
      },
      responses: { 200: Report, 404: undefined },
      retryAfter: 10,
      handler: async ({ params, query, body }, ctx) => {
        expectTypeOf(params.team).toEqualTypeOf<string>();
        expectTypeOf(query.top).toEqualTypeOf<number | undefined>();
        expectTypeOf(body.since).toEqualTypeOf<Date>();
        expectTypeOf(ctx).toEqualTypeOf<JobContext>();
        expectTypeOf(ctx.jobId).toEqualTypeOf<string>();
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(ctx.progress).toEqualTypeOf<(percent: number, message?: string) => Promise<boolean>>();
        if (body.month === "x") return { status: 404 };
        return { status: 200, body: { url: "u", rows: 1 } };
      },
    });
    expectTypeOf(op).toMatchTypeOf<AnyOperation>();
    expectTypeOf(op.kind).toEqualTypeOf<"action">();
    expectTypeOf(op.handler).parameter(0).toEqualTypeOf<OperationInput<typeof op.request>>();
    expectTypeOf(op).toEqualTypeOf<LongRunningOperation<typeof op.request, typeof op.responses>>();
    expectTypeOf(op.longRunning.retryAfter).toEqualTypeOf<number>();
  });

  it("rejects results that do not match the declared responses", () => {
    longRunning({
      operationId: "X",
      summary: "X",
      description: "X.",
      method: "post",
      path: "/x",
      responses: { 200: Report },
      retryAfter: 10,
      // @ts-expect-error rows must be a number
      handler: async () => ({ status: 200, body: { url: "u", rows: "1" } }),
    });
    longRunning({
      operationId: "X",
      summary: "X",
      description: "X.",
      method: "post",
      path: "/x",
      responses: { 200: Report },
      retryAfter: 10,
      // @ts-expect-error 201 is not declared
      handler: async () => ({ status: 201, body: { url: "u", rows: 1 } }),
    });
    longRunning({
      operationId: "X",
      summary: "X",
      description: "X.",
      method: "get",
      path: "/x",
      // @ts-expect-error GET has no body
      request: { body: z.object({ a: z.string() }) },
      responses: { 200: Report },
      retryAfter: 10,
      handler: async () => ({ status: 200, body: { url: "u", rows: 1 } }),
    });
  });

  it("takes the job settings (resumable, maxAttempts, maxInputBytes) and exposes them with defaults applied", () => {
    const op = longRunning({
      operationId: "X",
      summary: "X",
      description: "X.",
      method: "post",
      path: "/x",
      responses: { 200: Report },
      retryAfter: 10,
      resumable: true,
      maxAttempts: 2,
      maxInputBytes: 4096,
      handler: async () => ({ status: 200, body: { url: "u", rows: 1 } }),
    });
    expectTypeOf(op.longRunning.resumable).toEqualTypeOf<boolean>();
    expectTypeOf(op.longRunning.maxAttempts).toEqualTypeOf<number>();
    expectTypeOf(op.longRunning.maxInputBytes).toEqualTypeOf<number>();
    longRunning({
      operationId: "X",
      summary: "X",
      description: "X.",
      method: "post",
      path: "/x",
      responses: { 200: Report },
      retryAfter: 10,
      // @ts-expect-error resumable is a boolean
      resumable: "yes",
      handler: async () => ({ status: 200, body: { url: "u", rows: 1 } }),
    });
    expectTypeOf(inProcessJobRunner({ leaseMs: 60_000 }).instanceId).toEqualTypeOf<string>();
  });

  it("accepted() fits an action that declares 202", () => {
    expectTypeOf(
      accepted({ location: "/s", retryAfter: 1 }, { baseUrl: "https://h" }),
    ).toEqualTypeOf<AcceptedResult>();
    action({
      operationId: "Start",
      summary: "Start",
      description: "Start.",
      method: "post",
      path: "/start",
      responses: { 200: Report, 202: ACCEPTED_RESPONSE },
      handler: (_input, ctx) => accepted({ location: "/status", retryAfter: 5 }, ctx),
    });
    action({
      operationId: "Start",
      summary: "Start",
      description: "Start.",
      method: "post",
      path: "/start",
      responses: { 200: Report },
      // @ts-expect-error 202 must be declared to return accepted()
      handler: (_input, ctx) => accepted({ location: "/status", retryAfter: 5 }, ctx),
    });
  });
});
