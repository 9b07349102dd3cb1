import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { action } from "../operation/action";
import type { ConnectorRequest } from "./types";

describe("maxBodyBytes on an operation", () => {
  it("is an optional number on action() and kept on the operation", () => {
    const op = action({
      operationId: "Upload",
      summary: "Upload",
      description: "Uploads.",
      method: "post",
      path: "/upload",
      maxBodyBytes: 10_000_000,
      request: { body: z.object({ data: z.string() }) },
      responses: { 204: undefined },
      handler: () => ({ status: 204 }),
    });
    expectTypeOf(op.maxBodyBytes).toEqualTypeOf<number | undefined>();
    action({
      operationId: "Bad",
      summary: "Bad",
      description: "Bad.",
      method: "post",
      path: "/bad",
      // @ts-expect-error a limit is a number of bytes
      maxBodyBytes: "10mb",
      responses: { 204: undefined },
      handler: () => ({ status: 204 }),
    });
  });

  it("ConnectorRequest takes a Node stream, an async iterable or a Web stream as its body", () => {
    expectTypeOf<AsyncIterable<Uint8Array>>().toMatchTypeOf<NonNullable<ConnectorRequest["bodyStream"]>>();
    expectTypeOf<ReadableStream<Uint8Array>>().toMatchTypeOf<NonNullable<ConnectorRequest["bodyStream"]>>();
    expectTypeOf<import("node:http").IncomingMessage>().toMatchTypeOf<
      NonNullable<ConnectorRequest["bodyStream"]>
    >();
  });
});
