import az from "@azure/functions";
import type { ConnectorHandler } from "@connectorkit/sdk/http";
import { describe, expect, it } from "vitest";
import { hostileConnector } from "../../sdk/src/testing/conformance/hostile-cases";
import { createAzureHandler } from "./create-azure-handler";

// The hostile inputs also run on this adapter in the conformance table (hostile-cases.ts); these cover the paths
// that end outside the core: a failing translation or handler, and a body stream that breaks mid-way.
const context = () => new az.InvocationContext({ invocationId: "1", functionName: "connector" });
const send = async (
  handle: ReturnType<typeof createAzureHandler>,
  init: ConstructorParameters<typeof az.HttpRequest>[0],
) => {
  const res = new az.HttpResponse(await handle(new az.HttpRequest(init), context()));
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
};

describe("azure handler under hostile input", () => {
  it("a handler that throws or rejects is our 500 JSON; the host never sees the error", async () => {
    for (const handle of [
      () => {
        throw new Error("sync");
      },
      () => Promise.reject(new Error("db password")),
    ]) {
      const handler: ConnectorHandler = { connector: hostileConnector(), routes: [], handle };
      const res = await send(createAzureHandler(handler), {
        method: "GET",
        url: "http://localhost:7071/api/x",
      });
      expect(res.status).toBe(500);
      expect(res.type).toBe("application/json; charset=utf-8");
      expect(JSON.parse(res.body)).toEqual({
        error: { code: "InternalServerError", message: "Internal Server Error" },
      });
    }
  });

  it("query keys named like Object.prototype members, repeated (finding 1)", async () => {
    const handle = createAzureHandler(hostileConnector());
    const res = await send(handle, {
      method: "POST",
      url: "http://localhost:7071/api/me?constructor=1&constructor=2&__proto__=x&toString=y",
    });
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("a body above an operation's limit is a 413 (the core stops reading the stream)", async () => {
    const handle = createAzureHandler(hostileConnector(), { maxBodyBytes: 64 });
    const res = await send(handle, {
      method: "POST",
      url: "http://localhost:7071/api/things",
      headers: { "content-type": "application/json" },
      body: { bytes: Buffer.from(`{"data":"${"x".repeat(100_000)}"}`) },
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe("PayloadTooLarge");
  });

  it("a body stream that fails mid-way is a 400 in our body", async () => {
    const handle = createAzureHandler(hostileConnector());
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new Error("connection reset"));
        else controller.enqueue(new TextEncoder().encode('{"data":'));
        sent = true;
      },
    });
    const request = new az.HttpRequest({
      method: "POST",
      url: "http://localhost:7071/api/things",
      headers: { "content-type": "application/json" },
    });
    Object.defineProperty(request, "body", { value: broken });
    const res = new az.HttpResponse(await handle(request, context()));
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text()).error.message).toContain("not received completely");
  });
});
