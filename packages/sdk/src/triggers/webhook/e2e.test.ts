/**
 * End-to-end on loopback: the connector served over real HTTP (node:http bridge to createHandler), the
 * platform's side played by fetch (registration/listing/deletion) and a node:http callback receiver.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { auth } from "../../auth/auth";
import { createHandler } from "../../http/create-handler";
import { defineConnector } from "../../operation/define-connector";
import { memoryStore } from "../../store/memory-store";
import type { ConnectorStore } from "../../store/types";
import { createDispatcher } from "./dispatcher";
import { WebhookEventValidationError } from "./errors";
import { deliveryIdOf } from "./subscriptions";
import { type Bridge, type Receiver, type ReceiverReply, startBridge, startReceiver } from "./test-support";
import type { DispatcherOptions, WebhookDispatcher } from "./types";
import { webhookTrigger } from "./webhook-trigger";

const TicketEvent = z.object({ id: z.string(), project: z.string(), title: z.string() });
const ALICE = "alice-key-123";
const BOB = "bob-key-12345";

const onTicketCreated = webhookTrigger({
  operationId: "OnTicketCreated",
  summary: "When a ticket is created",
  description: "Triggers when a ticket is created in a project.",
  path: "/hooks/tickets",
  params: z.object({ project: z.string() }),
  event: TicketEvent,
  match: (params, event) => params.project === event.project,
  callbacks: { allowInsecureCallbacks: true },
});

/** Same trigger shape, production policy: loopback callbacks are refused. */
const secureTrigger = webhookTrigger({
  operationId: "OnTicketClosed",
  summary: "When a ticket is closed",
  description: "Triggers when a ticket is closed.",
  path: "/hooks/closed",
  params: z.object({ project: z.string() }),
  event: TicketEvent,
  callbacks: { allowInsecureCallbacks: false },
});

const connector = defineConnector({
  title: "Contoso Tickets",
  description: "Follow Contoso Helpdesk tickets from your flows and apps.",
  basePath: "/api",
  auth: auth.apiKey({
    in: "header",
    name: "X-API-Key",
    verify: auth.apiKey.keys([
      { key: ALICE, principal: { tenant: "alice" } },
      { key: BOB, principal: { tenant: "bob" } },
    ]),
  }),
  operations: [onTicketCreated, secureTrigger],
});

let store: ConnectorStore;
let bridge: Bridge;
let receiver: Receiver | undefined;
let dispatcher: WebhookDispatcher | undefined;
let reply: (path: string, n: number) => ReceiverReply;

const FAST: Omit<DispatcherOptions, "store"> = {
  concurrency: 8,
  timeoutMs: 250,
  maxAttempts: 6,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  maxRetryAfterMs: 2_000,
};

beforeEach(async () => {
  store = memoryStore();
  bridge = await startBridge(createHandler(connector, { store }), "/api");
  reply = () => ({ status: 200 });
  receiver = await startReceiver((req) => {
    const path = req.url ?? "";
    // deliveries already holds this request: n counts the earlier ones (0 for the first)
    const n = (receiver?.deliveries ?? []).filter((d) => d.path === path).length - 1;
    return reply(path, n);
  });
});

afterEach(async () => {
  await dispatcher?.close();
  dispatcher = undefined;
  await receiver?.close();
  await bridge.close();
});

async function register(key: string, project: string, callbackPath: string, path = "/hooks/tickets") {
  const res = await fetch(`${bridge.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({ project, callbackUrl: `${receiver!.url}${callbackPath}` }),
  });
  return { status: res.status, location: res.headers.get("location"), body: await res.text() };
}

function idOf(location: string | null): string {
  return location!.split("/").pop()!;
}

const event = (project: string, id = "T-1") => ({ id, project, title: "Printer on fire" });

describe("webhook trigger end to end (loopback)", () => {
  it("registers over HTTP, fires only to matching subscriptions, body is exactly the event JSON", async () => {
    const a = await register(ALICE, "P1", "/cb/a");
    const b = await register(ALICE, "P2", "/cb/b");
    expect(a.status).toBe(201);
    expect(a.location).toMatch(new RegExp(`^${bridge.baseUrl}/hooks/tickets/[A-Za-z0-9_-]{24}$`));
    dispatcher = createDispatcher({ store, ...FAST });
    const report = await dispatcher.fire(onTicketCreated, { ...event("P1"), secret: "internal" } as never, {
      eventId: "evt-1",
    });
    expect(report).toMatchObject({
      eventId: "evt-1",
      matched: 1,
      delivered: 1,
      failed: 0,
      removed: 0,
      attempts: 1,
      failures: [],
    });
    expect(receiver!.deliveries).toHaveLength(1);
    const d = receiver!.deliveries[0]!;
    expect(d.path).toBe("/cb/a");
    expect(d.body).toBe(JSON.stringify(event("P1")));
    expect(d.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(d.deliveryId).toBe(deliveryIdOf("evt-1", idOf(a.location)));
    expect(d.headers["x-api-key"]).toBeUndefined();
    expect(idOf(b.location)).not.toBe(idOf(a.location));
  });

  it("validates the event before sending anything", async () => {
    await register(ALICE, "P1", "/cb/a");
    dispatcher = createDispatcher({ store, ...FAST });
    const bad = dispatcher.fire(onTicketCreated, { id: 1, project: "P1" } as never);
    await expect(bad).rejects.toBeInstanceOf(WebhookEventValidationError);
    await expect(dispatcher.fire(onTicketCreated, { id: 1, project: "P1" } as never)).rejects.toThrow(
      /id: .*title: /s,
    );
    expect(receiver!.count).toBe(0);
  });

  it("applies the user's where filter on top of the trigger's match", async () => {
    const a = await register(ALICE, "P1", "/cb/a");
    await register(ALICE, "P1", "/cb/b");
    const report = await onTicketCreated.fire(event("P1"), {
      store,
      ...FAST,
      where: (_params, sub) => sub.id === idOf(a.location),
    });
    expect(report.matched).toBe(1);
    expect(receiver!.deliveries.map((d) => d.path)).toEqual(["/cb/a"]);
  });

  it("retries 500, 429 with Retry-After (seconds and HTTP-date) and timeouts, then delivers", async () => {
    await register(ALICE, "P1", "/cb/err");
    await register(ALICE, "P1", "/cb/throttle");
    await register(ALICE, "P1", "/cb/date");
    await register(ALICE, "P1", "/cb/slow");
    reply = (path, n) => {
      if (path === "/cb/err") return n < 2 ? { status: n === 0 ? 500 : 503 } : { status: 200 };
      if (path === "/cb/throttle")
        return n === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 202 };
      if (path === "/cb/date") {
        return n === 0
          ? { status: 503, headers: { "retry-after": new Date(Date.now() + 1500).toUTCString() } }
          : { status: 200 };
      }
      return n === 0 ? { status: 200, delayMs: 1_000 } : { status: 200 };
    };
    dispatcher = createDispatcher({ store, ...FAST });
    const report = await dispatcher.fire(onTicketCreated, event("P1"));
    expect(report).toMatchObject({
      matched: 4,
      delivered: 4,
      retried: 4,
      failed: 0,
      attempts: 3 + 2 + 2 + 2,
    });
    const times = (path: string) => receiver!.deliveries.filter((d) => d.path === path).map((d) => d.at);
    const [t0, t1] = times("/cb/throttle");
    expect(t1! - t0!).toBeGreaterThanOrEqual(950);
    const [d0, d1] = times("/cb/date");
    expect(d1! - d0!).toBeGreaterThanOrEqual(500);
    // the timed-out request reached the receiver too: the one allowed duplicate, with the same delivery id
    const slow = receiver!.deliveries.filter((d) => d.path === "/cb/slow");
    expect(slow).toHaveLength(2);
    expect(slow[0]!.deliveryId).toBe(slow[1]!.deliveryId);
  });

  it("removes subscriptions whose callback answers 404 or 410 and stops sending to them", async () => {
    const gone = await register(ALICE, "P1", "/cb/gone");
    await register(ALICE, "P1", "/cb/missing");
    await register(ALICE, "P1", "/cb/ok");
    reply = (path) => ({ status: path === "/cb/gone" ? 410 : path === "/cb/missing" ? 404 : 200 });
    dispatcher = createDispatcher({ store, ...FAST });
    const first = await dispatcher.fire(onTicketCreated, event("P1"));
    expect(first).toMatchObject({ delivered: 1, removed: 2, failed: 0, attempts: 3 });
    expect(await store.get(`sub:OnTicketCreated:${idOf(gone.location)}`)).toBeUndefined();
    const second = await dispatcher.fire(onTicketCreated, event("P1", "T-2"));
    expect(second).toMatchObject({ matched: 1, delivered: 1 });
    expect(receiver!.deliveries.filter((d) => d.path !== "/cb/ok")).toHaveLength(2);
  });

  it("dead-letters failures (permanent 4xx, exhausted 5xx, redirects not followed) and retries them later", async () => {
    const perm = await register(ALICE, "P1", "/cb/perm");
    await register(ALICE, "P1", "/cb/down");
    await register(ALICE, "P1", "/cb/redirect");
    let healthy = false;
    reply = (path) => {
      if (healthy) return { status: 200 };
      if (path === "/cb/perm") return { status: 400 };
      if (path === "/cb/down") return { status: 503 };
      return { status: 302, headers: { location: `${receiver!.url}/cb/elsewhere` } };
    };
    dispatcher = createDispatcher({ store, ...FAST, maxAttempts: 3 });
    const report = await dispatcher.fire(onTicketCreated, event("P1"), { eventId: "evt-dlq" });
    expect(report).toMatchObject({ delivered: 0, failed: 3, attempts: 1 + 3 + 1 });
    expect(report.failures.map((f) => f.status).sort()).toEqual([302, 400, 503]);
    expect(receiver!.deliveries.some((d) => d.path === "/cb/elsewhere")).toBe(false);
    const letters = (await store.list<any>("dlq:OnTicketCreated:")).entries;
    expect(letters).toHaveLength(3);
    const letter = letters.find((l) => l.value.subscriptionId === idOf(perm.location))!.value;
    expect(letter).toMatchObject({
      event: event("P1"),
      eventId: "evt-dlq",
      attempts: 1,
      lastStatus: 400,
      lastError: "HTTP 400",
    });
    expect(JSON.stringify(letters)).not.toContain(receiver!.url);

    const stillDown = await dispatcher.retryDeadLetters(onTicketCreated);
    expect(stillDown).toMatchObject({ retried: 3, delivered: 0, failed: 3 });
    const updated = (await store.get<any>(letters[0]!.key))!.value;
    expect(updated.attempts).toBeGreaterThan(letters[0]!.value.attempts);

    healthy = true;
    const before = receiver!.deliveries.length;
    const retried = await onTicketCreated.retryDeadLetters({ dispatcher });
    expect(retried).toMatchObject({ retried: 3, delivered: 3, failed: 0 });
    expect((await store.list("dlq:")).entries).toHaveLength(0);
    const redelivered = receiver!.deliveries.slice(before);
    expect(redelivered.find((d) => d.path === "/cb/perm")!.deliveryId).toBe(
      deliveryIdOf("evt-dlq", idOf(perm.location)),
    );
    expect(redelivered.every((d) => d.body === JSON.stringify(event("P1")))).toBe(true);
  });

  it("deletion over HTTP stops deliveries; another principal can neither list nor delete", async () => {
    const a = await register(ALICE, "P1", "/cb/a");
    const headers = (key: string) => ({ "x-api-key": key });
    const bobList = await fetch(`${bridge.baseUrl}/hooks/tickets/subscriptions`, { headers: headers(BOB) });
    expect(((await bobList.json()) as { value: unknown[] }).value).toEqual([]);
    const aliceList = await fetch(`${bridge.baseUrl}/hooks/tickets/subscriptions`, {
      headers: headers(ALICE),
    });
    expect(((await aliceList.json()) as { value: { id: string }[] }).value.map((s) => s.id)).toEqual([
      idOf(a.location),
    ]);

    const bobDelete = await fetch(a.location!, { method: "DELETE", headers: headers(BOB) });
    expect(bobDelete.status).toBe(200);
    dispatcher = createDispatcher({ store, ...FAST });
    expect((await dispatcher.fire(onTicketCreated, event("P1"))).delivered).toBe(1);

    expect((await fetch(a.location!, { method: "DELETE", headers: headers(ALICE) })).status).toBe(200);
    expect((await fetch(a.location!, { method: "DELETE", headers: headers(ALICE) })).status).toBe(200);
    expect((await fetch(a.location!, { method: "DELETE" })).status).toBe(401);
    const after = await dispatcher.fire(onTicketCreated, event("P1", "T-2"));
    expect(after).toMatchObject({ matched: 0, delivered: 0 });
  });

  it("refuses SSRF callback URLs in production mode, at registration and again at delivery", async () => {
    const refused = await register(ALICE, "P1", "/cb/a", "/hooks/closed");
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error.details[0].target).toBe("body.callbackUrl");
    // a record that bypassed registration (e.g. written by an older version) is still refused when firing
    await store.put("sub:OnTicketClosed:AAAAAAAAAAAAAAAAAAAAAAAA", {
      id: "AAAAAAAAAAAAAAAAAAAAAAAA",
      operationId: "OnTicketClosed",
      callbackUrl: `${receiver!.url}/cb/a`,
      params: { project: "P1" },
      principal: "sha256:x",
      createdAt: new Date().toISOString(),
    });
    dispatcher = createDispatcher({ store, ...FAST });
    const report = await dispatcher.fire(secureTrigger, event("P1"));
    expect(report).toMatchObject({ matched: 1, delivered: 0, failed: 1, attempts: 0 });
    expect(report.failures[0]!.error).toMatch(/refused by policy/);
    expect(receiver!.count).toBe(0);
  });

  it("loses and duplicates nothing beyond at-least-once under random failures, with bounded concurrency and reused connections", async () => {
    const N = 150;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push(idOf((await register(ALICE, "P1", `/cb/${i}`)).location));
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const replies = new Map<string, ReceiverReply[]>();
    reply = (path, n) => {
      const r = rand();
      let answer: ReceiverReply = { status: 200 };
      if (n < 3 && r < 0.15) answer = { status: 500 };
      else if (n < 3 && r < 0.25) answer = { status: 429, headers: { "retry-after": "0" } };
      else if (n < 3 && r < 0.3) answer = { status: 200, delayMs: 600 }; // acknowledged too late: the client times out
      replies.set(path, [...(replies.get(path) ?? []), answer]);
      return answer;
    };
    dispatcher = createDispatcher({ store, ...FAST, concurrency: 16 });
    const report = await dispatcher.fire(onTicketCreated, event("P1"), { eventId: "evt-load" });
    expect(report).toMatchObject({ matched: N, delivered: N, failed: 0, removed: 0 });
    // nothing sent that the report does not count, nothing lost
    expect(receiver!.deliveries).toHaveLength(report.attempts);
    const byId = new Map<string, number>();
    for (const d of receiver!.deliveries) byId.set(d.deliveryId!, (byId.get(d.deliveryId!) ?? 0) + 1);
    expect([...byId.keys()].sort()).toEqual(ids.map((id) => deliveryIdOf("evt-load", id)).sort());
    let lateAcks = 0;
    for (let i = 0; i < N; i++) {
      const answers = replies.get(`/cb/${i}`)!;
      // exactly one timely 2xx per subscription, and it is the last request: never re-sent after an acknowledgement
      const timely = answers.filter((a) => a.status === 200 && !a.delayMs);
      expect(timely).toHaveLength(1);
      expect(answers[answers.length - 1]).toBe(timely[0]);
      lateAcks += answers.filter((a) => a.delayMs).length;
    }
    // the only duplicates the receiver saw are the late acknowledgements (documented at-least-once)
    const duplicates = [...byId.values()].reduce((sum, c) => sum + c - 1, 0);
    const failuresSeen = [...replies.values()].flat().filter((a) => a.status !== 200).length;
    expect(duplicates).toBe(lateAcks + failuresSeen);
    expect(lateAcks).toBeGreaterThan(0);
    expect(receiver!.maxInFlight).toBeLessThanOrEqual(16);
    expect(receiver!.connections).toBeLessThanOrEqual(16 + lateAcks);
  });
});
