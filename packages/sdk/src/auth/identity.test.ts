/**
 * Finding 4, end to end: with `apiKey.keys(["A", "B"])` the caller was identified by the key's list position,
 * so after key A was removed ("B" alone), key B became A and read A's job result, listed A's webhook
 * subscription and deleted it, and polled with A's trigger state. These tests replay that against one store.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHandler } from "../http/create-handler";
import type { ConnectorRequest, ConnectorResponse } from "../http/types";
import { longRunning } from "../long-running/long-running";
import { defineConnector } from "../operation/define-connector";
import { memoryStore } from "../store/memory-store";
import type { ConnectorStore } from "../store/types";
import { pollingTrigger } from "../triggers/polling/polling-trigger";
import { webhookTrigger } from "../triggers/webhook/webhook-trigger";
import type { ApiKeyVerify } from "./api-key";
import { auth } from "./auth";

const KEY_A = "tenant-a-key-0000000001";
const KEY_B = "tenant-b-key-0000000002";
const SECRET = "identity-test-polling-secret-0123456789";
const CALLBACK =
  "https://prod-03.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s";

const exportReport = longRunning({
  operationId: "ExportReport",
  summary: "Export a report",
  description: "Exports a report.",
  method: "post",
  path: "/reports",
  request: { body: z.object({ owner: z.string() }) },
  responses: { 200: z.object({ secret: z.string() }) },
  retryAfter: 1,
  handler: async ({ body }) => ({ status: 200, body: { secret: `report of ${body.owner}` } }),
});

const onTicket = webhookTrigger({
  operationId: "OnTicket",
  summary: "When a ticket is created",
  description: "Triggers when a ticket is created.",
  path: "/hooks/tickets",
  params: z.object({ project: z.string() }),
  event: z.object({ id: z.string() }),
  callbacks: { allowInsecureCallbacks: false },
});

const onNewTicket = pollingTrigger({
  operationId: "OnNewTicket",
  summary: "When a ticket is new",
  description: "Polls for new tickets.",
  path: "/triggers/new",
  item: z.object({ id: z.string() }),
  mode: "batch",
  cursor: z.object({ after: z.number() }),
  initialCursor: () => ({ after: 0 }),
  poll: ({ cursor }) => ({ items: [{ id: "T-secret" }], cursor: { after: cursor.after + 1 } }),
  retryAfter: 60,
});

/** One deployment of the connector with a given key verifier, on a shared store. */
function deployment(verify: ApiKeyVerify<unknown>, store: ConnectorStore) {
  const connector = defineConnector({
    title: "Identity",
    description: "Identity test connector.",
    basePath: "/api",
    auth: auth.apiKey({ in: "header", name: "X-API-Key", verify }),
    operations: [exportReport, onTicket, onNewTicket],
  });
  const handler = createHandler(connector, { store, pollingSecret: SECRET });
  return (method: string, url: string, key: string, body?: unknown): Promise<ConnectorResponse> => {
    const u = new URL(url, "https://api.contoso.com/api/");
    const req: ConnectorRequest = {
      method,
      path: u.pathname.replace(/^\/api/, ""),
      query: Object.fromEntries(u.searchParams),
      headers: { "x-api-key": key, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      baseUrl: "https://api.contoso.com/api",
      ...(body === undefined ? {} : { rawBody: JSON.stringify(body) }),
    };
    return handler.handle(req);
  };
}

const json = (res: ConnectorResponse): unknown =>
  typeof res.body === "string" ? JSON.parse(res.body) : res.body;

async function finished(call: ReturnType<typeof deployment>, location: string, key: string) {
  for (let i = 0; i < 100; i++) {
    const res = await call("GET", location, key);
    if (res.status !== 202) return res;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("job did not finish");
}

describe.each([
  ["a bare key list", auth.apiKey.keys([KEY_A, KEY_B]), auth.apiKey.keys([KEY_B])],
  ["named keys", auth.apiKey.keys({ a: KEY_A, b: KEY_B }), auth.apiKey.keys({ b: KEY_B })],
  [
    "{ id, key } entries",
    auth.apiKey.keys([
      { id: "a", key: KEY_A },
      { id: "b", key: KEY_B },
    ]),
    auth.apiKey.keys([{ id: "b", key: KEY_B }]),
  ],
])("after key A is removed (%s), key B gets none of A's data", (_name, before, after) => {
  it("jobs, subscriptions and polling state stay A's", async () => {
    const store = memoryStore();
    const old = deployment(before, store);

    // Key A, while both keys are configured: a job, a subscription and a polling state.
    const started = await old("POST", "reports", KEY_A, { owner: "A" });
    expect(started.status).toBe(202);
    const job = started.headers["location"]!;
    expect(json(await finished(old, job, KEY_A))).toEqual({ secret: "report of A" });
    const subscribed = await old("POST", "hooks/tickets", KEY_A, { project: "P1", callbackUrl: CALLBACK });
    expect(subscribed.status).toBe(201);
    const subscription = subscribed.headers["location"]!;
    const first = await old("GET", "triggers/new", KEY_A);
    expect(first.status).toBe(202);
    const pollState = first.headers["location"]!;

    // Key A is removed; key B is now the only (first) key.
    const call = deployment(after, store);
    expect((await call("GET", job, KEY_B)).status).toBe(404);
    const listed = await call("GET", "hooks/tickets/subscriptions", KEY_B);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(subscription.split("/").pop()!);
    expect(JSON.stringify(listed.body)).not.toContain("P1");
    // Deleting someone else's subscription answers like an unknown one (200, nothing deleted).
    await call("DELETE", subscription, KEY_B);
    const id = subscription.split("/").pop()!;
    expect(await store.get(`sub:OnTicket:${id}`)).toBeDefined();
    const polled = await call("GET", pollState, KEY_B);
    expect(polled.status).toBe(400);
    expect(JSON.stringify(polled.body)).not.toContain("T-secret");

    // A's data is intact: with A's key restored, A still reads it.
    const restored = deployment(before, store);
    expect(json(await restored("GET", job, KEY_A))).toEqual({ secret: "report of A" });
    const own = await restored("GET", "hooks/tickets/subscriptions", KEY_A);
    expect(JSON.stringify(own.body)).toContain(id);
    expect((await restored("GET", pollState, KEY_A)).status).toBe(200);
  });
});
