import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { auth } from "../../auth/auth";
import { ConnectorError } from "../../errors/connector-error";
import { createHandler } from "../../http/create-handler";
import type { ConnectorRequest } from "../../http/types";
import { defineConnector } from "../../operation/define-connector";
import { memoryStore } from "../../store/memory-store";
import { toSwagger } from "../../swagger/to-swagger";
import { validateConnector } from "../../validate/validate-connector";
import { webhookTrigger } from "./webhook-trigger";

const TicketEvent = z
  .object({ id: z.string(), project: z.string(), title: z.string() })
  .meta({ id: "TicketEvent" });
const CALLBACK =
  "https://prod-03.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=s3cr3t";

function makeTrigger(extra: Partial<Parameters<typeof webhookTrigger>[0]> = {}) {
  return webhookTrigger({
    operationId: "OnTicketCreated",
    summary: "When a ticket is created",
    description: "Triggers when a ticket is created in a project.",
    path: "/hooks/tickets",
    params: z.object({ project: z.string().min(1) }),
    event: TicketEvent,
    triggerHint: "To see it work, create a ticket.",
    eventDescription: "The created ticket.",
    callbacks: { allowInsecureCallbacks: false },
    ...extra,
  } as Parameters<typeof webhookTrigger>[0]);
}

function setup(extra: Partial<Parameters<typeof webhookTrigger>[0]> = {}) {
  const trigger = makeTrigger(extra);
  const connector = defineConnector({
    title: "Contoso Tickets",
    description: "Follow Contoso Helpdesk tickets from your flows and apps.",
    host: "api.contoso.com",
    basePath: "/api",
    auth: auth.apiKey({
      in: "header",
      name: "X-API-Key",
      verify: auth.apiKey.keys([
        { key: "alice-key-123", principal: { tenant: "alice" } },
        { key: "bob-key-12345", principal: { tenant: "bob" } },
      ]),
    }),
    operations: [trigger],
  });
  const store = memoryStore();
  const handler = createHandler(connector, { store, now: () => Date.parse("2025-01-02T03:04:05Z") });
  const call = (
    method: string,
    path: string,
    init: { key?: string; body?: unknown; query?: Record<string, string> } = {},
  ) => {
    const req: ConnectorRequest = {
      method,
      path,
      query: init.query ?? {},
      headers: {
        ...(init.key ? { "x-api-key": init.key } : {}),
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      baseUrl: "https://api.contoso.com/api",
      ...(init.body !== undefined
        ? { rawBody: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }
        : {}),
    };
    return handler.handle(req);
  };
  return { trigger, connector, store, handler, call };
}

describe("webhookTrigger definition", () => {
  it("refuses inconsistent definitions with clear messages", () => {
    expect(() => makeTrigger({ path: "/hooks/{id}" })).toThrow(/without \{parameters\}/);
    expect(() => makeTrigger({ params: z.object({ callbackUrl: z.string() }) })).toThrow(
      /must not declare "callbackUrl"/,
    );
    expect(() => makeTrigger({ operationId: "bad id" })).toThrow(/operationId/);
    expect(() => makeTrigger({ event: "nope" as never })).toThrow(/event must be a zod schema/);
    expect(() => makeTrigger({ callbacks: { allowedHosts: ["https://x.com"] } })).toThrow(/allowedHosts/);
    expect(() => makeTrigger({ deleteOperationId: "OnTicketCreated" })).toThrow(/must differ/);
    expect(() => makeTrigger({ summary: "" })).toThrow(/summary/);
  });

  it("is a frozen operation of kind webhookTrigger", () => {
    const t = makeTrigger();
    expect(t.kind).toBe("webhookTrigger");
    expect(t.method).toBe("POST");
    expect(Object.isFrozen(t)).toBe(true);
  });
});

describe("webhookTrigger swagger emission", () => {
  it("emits the registration, the internal DELETE and listing, and passes the validator", async () => {
    const { connector } = setup();
    const swagger = toSwagger(connector);
    const paths = swagger.paths as Record<string, Record<string, any>>;
    const hooks = paths["/hooks/tickets"]!;
    expect(hooks["x-ms-notification-content"]).toEqual({
      description: "The created ticket.",
      schema: { $ref: "#/definitions/TicketEvent" },
    });
    const post = hooks["post"];
    expect(post["x-ms-trigger"]).toBe("single");
    expect(post["x-ms-trigger-hint"]).toBe("To see it work, create a ticket.");
    const body = post.parameters.find((p: any) => p.in === "body");
    expect(body.required).toBe(true);
    expect(body.schema.required).toEqual(expect.arrayContaining(["project", "callbackUrl"]));
    expect(body.schema.properties.callbackUrl).toMatchObject({
      type: "string",
      "x-ms-notification-url": true,
      "x-ms-visibility": "internal",
    });
    expect(post.responses["201"].headers.Location.type).toBe("string");
    expect(hooks["get"]).toBeUndefined();

    const del = paths["/hooks/tickets/{subscriptionId}"]!["delete"];
    expect(del.operationId).toBe("OnTicketCreated_Delete");
    expect(del["x-ms-visibility"]).toBe("internal");
    expect(del.parameters[0]).toMatchObject({
      name: "subscriptionId",
      in: "path",
      required: true,
      type: "string",
      "x-ms-url-encoding": "single",
    });
    expect(del.responses["200"]).toBeDefined();

    const list = paths["/hooks/tickets/subscriptions"]!["get"];
    expect(list.operationId).toBe("OnTicketCreated_List");
    expect(list["x-ms-visibility"]).toBe("internal");

    await SwaggerParser.validate(structuredClone(swagger) as never);
    const result = validateConnector(swagger);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("can leave out the listing operation", () => {
    const { connector } = setup({ listOperationId: false });
    const paths = toSwagger(connector).paths;
    expect(paths["/hooks/tickets/subscriptions"]).toBeUndefined();
  });
});

describe("webhookTrigger runtime (core handler)", () => {
  it("registers: 201 with an absolute Location on the connector's base URL, stored under sub:<op>:<id>", async () => {
    const { call, store } = setup();
    const res = await call("POST", "/hooks/tickets", {
      key: "alice-key-123",
      body: { project: "P1", callbackUrl: CALLBACK },
    });
    expect(res.status).toBe(201);
    const location = res.headers["location"]!;
    expect(location).toMatch(/^https:\/\/api\.contoso\.com\/api\/hooks\/tickets\/[A-Za-z0-9_-]{24}$/);
    const id = location.split("/").pop()!;
    const stored = await store.get<any>(`sub:OnTicketCreated:${id}`);
    expect(stored?.value).toMatchObject({
      id,
      callbackUrl: CALLBACK,
      params: { project: "P1" },
      createdAt: "2025-01-02T03:04:05.000Z",
    });
    expect(stored?.value.principal).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(stored?.value)).not.toContain("alice-key-123");
  });

  it("generates unguessable, distinct ids", async () => {
    const { call } = setup();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const res = await call("POST", "/hooks/tickets", {
        key: "alice-key-123",
        body: { project: "P1", callbackUrl: CALLBACK },
      });
      ids.add(res.headers["location"]!.split("/").pop()!);
    }
    expect(ids.size).toBe(50);
  });

  it("requires the connection auth on registration, listing and deletion", async () => {
    const { call } = setup();
    expect(
      (await call("POST", "/hooks/tickets", { body: { project: "P1", callbackUrl: CALLBACK } })).status,
    ).toBe(401);
    expect(
      (
        await call("POST", "/hooks/tickets", {
          key: "wrong-key-000",
          body: { project: "P1", callbackUrl: CALLBACK },
        })
      ).status,
    ).toBe(401);
    expect((await call("GET", "/hooks/tickets/subscriptions")).status).toBe(401);
    expect((await call("DELETE", "/hooks/tickets/AAAAAAAAAAAAAAAAAAAAAAAA")).status).toBe(401);
  });

  it("answers 400 naming the field for missing, malformed and hostile registrations", async () => {
    const { call, store } = setup();
    const cases: [unknown, string][] = [
      [{ callbackUrl: CALLBACK }, "body.project"],
      [{ project: "P1" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: 42 }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "not a url" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "http://prod-03.westus.logic.azure.com/x" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "https://169.254.169.254/latest/meta-data" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "https://127.0.0.1/x" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "https://[::1]/x" }, "body.callbackUrl"],
      [
        { project: "P1", callbackUrl: "https://user:pw@prod-03.westus.logic.azure.com/x" },
        "body.callbackUrl",
      ],
      [{ project: "P1", callbackUrl: "https://prod-03.westus.logic.azure.com:8443/x" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "https://evil.example.com/x" }, "body.callbackUrl"],
      [{ project: "P1", callbackUrl: "https://logic.azure.com.evil.example/x" }, "body.callbackUrl"],
      [
        { project: "P1", callbackUrl: `https://prod-03.westus.logic.azure.com/${"a".repeat(5000)}` },
        "body.callbackUrl",
      ],
      [{ project: "", callbackUrl: CALLBACK }, "body.project"],
    ];
    for (const [body, target] of cases) {
      const res = await call("POST", "/hooks/tickets", { key: "alice-key-123", body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.parse(res.body!).error.details.map((d: { target: string }) => d.target)).toContain(target);
    }
    expect((await call("POST", "/hooks/tickets", { key: "alice-key-123", body: "{not json" })).status).toBe(
      400,
    );
    expect((await store.list("sub:")).entries).toEqual([]);
  });

  it("lists only the caller's subscriptions, without callback URLs", async () => {
    const { call } = setup();
    await call("POST", "/hooks/tickets", {
      key: "alice-key-123",
      body: { project: "A", callbackUrl: CALLBACK },
    });
    await call("POST", "/hooks/tickets", {
      key: "bob-key-12345",
      body: { project: "B", callbackUrl: CALLBACK },
    });
    const res = await call("GET", "/hooks/tickets/subscriptions", { key: "alice-key-123" });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body!);
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({ params: { project: "A" } });
    expect(res.body).not.toContain("sig=");
    const bad = await call("GET", "/hooks/tickets/subscriptions", {
      key: "alice-key-123",
      query: { cursor: "%%%" },
    });
    expect(bad.status).toBe(400);
  });

  it("pages the listing with nextLink", async () => {
    const { call } = setup();
    for (let i = 0; i < 230; i++)
      await call("POST", "/hooks/tickets", {
        key: "alice-key-123",
        body: { project: `P${i}`, callbackUrl: CALLBACK },
      });
    const seen = new Set<string>();
    let query: Record<string, string> | undefined = {};
    let pages = 0;
    while (query) {
      const res = await call("GET", "/hooks/tickets/subscriptions", { key: "alice-key-123", query });
      const body = JSON.parse(res.body!);
      for (const s of body.value) seen.add(s.id);
      pages += 1;
      query = body.nextLink ? { cursor: new URL(body.nextLink).searchParams.get("cursor")! } : undefined;
      expect(pages).toBeLessThan(10);
    }
    expect(seen.size).toBe(230);
  });

  it("deletes idempotently; another principal gets the same answer and deletes nothing", async () => {
    const { call, store } = setup();
    const res = await call("POST", "/hooks/tickets", {
      key: "alice-key-123",
      body: { project: "A", callbackUrl: CALLBACK },
    });
    const path = new URL(res.headers["location"]!).pathname.replace(/^\/api/, "");
    const byBob = await call("DELETE", path, { key: "bob-key-12345" });
    expect(byBob.status).toBe(200);
    expect((await store.list("sub:")).entries).toHaveLength(1);
    expect((await call("DELETE", path, { key: "alice-key-123" })).status).toBe(200);
    expect((await store.list("sub:")).entries).toHaveLength(0);
    expect((await call("DELETE", path, { key: "alice-key-123" })).status).toBe(200);
    expect(
      (await call("DELETE", "/hooks/tickets/unknownunknownunknown", { key: "alice-key-123" })).status,
    ).toBe(200);
    expect((await call("DELETE", "/hooks/tickets/bad%3Aid", { key: "alice-key-123" })).status).toBe(400);
  });

  it("runs onSubscribe before storing (its error fails the registration, nothing stored) and onUnsubscribe with the state", async () => {
    const log: string[] = [];
    let fail = true;
    const { call, store } = setup({
      onSubscribe: async (sub: { params: { project: string } }) => {
        log.push(`sub ${sub.params.project}`);
        if (fail) throw new ConnectorError("BadGateway", { message: "upstream refused the hook" });
        return { state: { upstreamId: 7 } };
      },
      onUnsubscribe: async (sub: { state?: unknown }) => {
        log.push(`unsub ${JSON.stringify(sub.state)}`);
      },
    } as never);
    const failed = await call("POST", "/hooks/tickets", {
      key: "alice-key-123",
      body: { project: "A", callbackUrl: CALLBACK },
    });
    expect(failed.status).toBe(502);
    expect(JSON.parse(failed.body!).error.message).toBe("upstream refused the hook");
    expect((await store.list("sub:")).entries).toHaveLength(0);
    fail = false;
    const ok = await call("POST", "/hooks/tickets", {
      key: "alice-key-123",
      body: { project: "A", callbackUrl: CALLBACK },
    });
    expect(ok.status).toBe(201);
    const path = new URL(ok.headers["location"]!).pathname.replace(/^\/api/, "");
    expect((await call("DELETE", path, { key: "alice-key-123" })).status).toBe(200);
    expect(log).toEqual(["sub A", "sub A", 'unsub {"upstreamId":7}']);
  });

  it("keeps the subscription when onUnsubscribe throws", async () => {
    const { call, store } = setup({
      onUnsubscribe: () => {
        throw new ConnectorError("ServiceUnavailable", { message: "try later" });
      },
    } as never);
    const ok = await call("POST", "/hooks/tickets", {
      key: "alice-key-123",
      body: { project: "A", callbackUrl: CALLBACK },
    });
    const path = new URL(ok.headers["location"]!).pathname.replace(/^\/api/, "");
    expect((await call("DELETE", path, { key: "alice-key-123" })).status).toBe(503);
    expect((await store.list("sub:")).entries).toHaveLength(1);
  });
});
