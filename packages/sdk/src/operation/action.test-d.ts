import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { dynamicValues, field } from "../metadata/field";
import { action } from "./action";
import { defineConnector } from "./define-connector";
import type { inferOperationInput, inferOperationResponses } from "./types";

const Ticket = z.object({ id: z.string(), due: z.date().optional(), n: z.number().default(1) });

describe("handler inference", () => {
  it("input is the parsed output of each request schema", () => {
    action({
      operationId: "A",
      summary: "A",
      description: "A.",
      method: "post",
      path: "/t/{id}",
      request: {
        params: z.object({ id: z.string() }),
        query: z.object({ top: z.number().int().default(10), tags: z.array(z.string()).optional() }),
        headers: z.object({ "X-Trace": z.string().optional() }),
        body: z.object({ title: z.string(), when: z.coerce.date() }),
      },
      responses: { 201: Ticket },
      handler: async ({ params, query, headers, body }, ctx) => {
        expectTypeOf(params).toEqualTypeOf<{ id: string }>();
        expectTypeOf(query.top).toEqualTypeOf<number>();
        expectTypeOf(query.tags).toEqualTypeOf<string[] | undefined>();
        expectTypeOf(headers["X-Trace"]).toEqualTypeOf<string | undefined>();
        expectTypeOf(body.when).toEqualTypeOf<Date>();
        expectTypeOf(ctx.baseUrl).toBeString();
        return { status: 201, body: { id: params.id } };
      },
    });
  });

  it("no request schemas give empty objects and an undefined body", () => {
    action({
      operationId: "B",
      summary: "B",
      description: "B.",
      method: "get",
      path: "/b",
      responses: { 200: undefined },
      handler: async (input) => {
        expectTypeOf(input.body).toEqualTypeOf<undefined>();
        expectTypeOf(input.params).toEqualTypeOf<Record<string, never>>();
        return { status: 200 };
      },
    });
  });

  it("the result is a union of declared statuses with their body types (z.input)", () => {
    const op = action({
      operationId: "C",
      summary: "C",
      description: "C.",
      method: "get",
      path: "/c",
      responses: { 200: Ticket, 404: undefined },
      handler: async () => ({ status: 200, body: { id: "x" } }),
    });
    type R = inferOperationResponses<typeof op>;
    expectTypeOf<R>().toEqualTypeOf<
      | {
          status: 200;
          body: { id: string; due?: Date | undefined; n?: number | undefined };
          headers?: Record<string, string>;
        }
      | { status: 404; body?: undefined; headers?: Record<string, string> }
    >();
    type I = inferOperationInput<typeof op>;
    expectTypeOf<I["body"]>().toEqualTypeOf<undefined>();
  });

  it("rejects undeclared statuses, wrong bodies and a body on a bodiless status", () => {
    const base = { operationId: "D", summary: "D", description: "D.", method: "get", path: "/d" } as const;
    const r200 = { 200: Ticket };
    // @ts-expect-error 201 is not declared
    action({ ...base, responses: r200, handler: async () => ({ status: 201, body: { id: "x" } }) });
    // @ts-expect-error id must be a string
    action({ ...base, responses: r200, handler: async () => ({ status: 200, body: { id: 1 } }) });
    const r204 = { 204: undefined };
    // @ts-expect-error 204 has no body
    action({ ...base, responses: r204, handler: async () => ({ status: 204, body: { id: "x" } }) });
  });

  it("requires params for path templates and refuses a body on GET", () => {
    const base = {
      operationId: "E",
      summary: "E",
      description: "E.",
      responses: { 200: undefined },
      handler: async () => ({ status: 200 as const }),
    };
    // @ts-expect-error the path has {id} but no params schema
    action({ ...base, method: "get", path: "/e/{id}" });
    // @ts-expect-error params must declare every path parameter
    action({ ...base, method: "get", path: "/e/{id}", request: { params: z.object({ other: z.string() }) } });
    // @ts-expect-error GET cannot have a body
    action({ ...base, method: "get", path: "/e", request: { body: z.object({}) } });
  });
});

describe("typed metadata", () => {
  it("rejects misspelled keys and wrong values", () => {
    // @ts-expect-error misspelled key
    field(z.string(), { visibilty: "internal" });
    // @ts-expect-error not a visibility
    field(z.string(), { visibility: "hidden" });
    // @ts-expect-error enum display names are keyed by the enum's values
    field(z.enum(["a", "b"]), { enumValues: { c: "C" } });
    // @ts-expect-error the test value must match the schema
    field(z.number(), { testValue: "x" });
    field(z.enum(["a", "b"]), { enumValues: { a: "A" }, testValue: "b" });
  });

  it("dynamic values are checked against the target operation's response and inputs", () => {
    const list = action({
      operationId: "List",
      summary: "L",
      description: "L.",
      method: "get",
      path: "/l",
      request: { query: z.object({ drive: z.string() }) },
      responses: {
        200: z.object({ value: z.array(z.object({ id: z.string(), name: z.string() })), count: z.number() }),
      },
      handler: async () => ({ status: 200, body: { value: [], count: 0 } }),
    });
    dynamicValues(list, {
      collection: "value",
      value: "id",
      title: "name",
      parameters: { drive: { parameter: "x" } },
    });
    // @ts-expect-error "values" is not an array property of the response
    dynamicValues(list, { collection: "values", value: "id" });
    // @ts-expect-error "count" is not an array
    dynamicValues(list, { collection: "count", value: "id" });
    // @ts-expect-error items have no "key"
    dynamicValues(list, { collection: "value", value: "key" });
    // @ts-expect-error the target has no input "folder"
    dynamicValues(list, { collection: "value", value: "id", parameters: { folder: "x" } });
  });

  it("connector metadata takes one or two published categories", () => {
    const c = { title: "T", description: "D", operations: [] } as const;
    const meta = { website: "https://e.com", privacyPolicy: "https://e.com/p" };
    defineConnector({ ...c, metadata: { ...meta, categories: ["AI", "Data"] } });
    // @ts-expect-error not a published category
    defineConnector({ ...c, metadata: { ...meta, categories: ["Games"] } });
    // @ts-expect-error at most two categories
    defineConnector({ ...c, metadata: { ...meta, categories: ["AI", "Data", "Finance"] } });
  });
});
