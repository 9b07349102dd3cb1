import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../../store/memory-store";
import type { ConnectorStore, ListOptions } from "../../store/types";
import { createDispatcher } from "./dispatcher";
import { principalFingerprint } from "./subscriptions";
import { type Receiver, startReceiver } from "./test-support";
import { webhookTrigger } from "./webhook-trigger";

const trigger = webhookTrigger({
  operationId: "OnThing",
  summary: "When a thing happens",
  description: "Triggers when a thing happens.",
  path: "/hooks/things",
  event: z.object({ n: z.number() }),
  callbacks: { allowInsecureCallbacks: true },
});

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function seed(store: ConnectorStore, count: number, url: (i: number) => string) {
  for (let i = 0; i < count; i++) {
    const id = `sub${String(i).padStart(20, "0")}`;
    await store.put(`sub:OnThing:${id}`, {
      id,
      operationId: "OnThing",
      callbackUrl: url(i),
      params: {},
      principal: "p",
      createdAt: "2025-01-01T00:00:00.000Z",
    });
  }
}

describe("createDispatcher", () => {
  it("validates its options", () => {
    expect(() => createDispatcher({} as never)).toThrow(/store/);
    expect(() => createDispatcher({ store: memoryStore(), concurrency: 0 })).toThrow(/concurrency/);
    expect(() => createDispatcher({ store: memoryStore(), timeoutMs: 1.5 })).toThrow(/timeoutMs/);
  });

  it("streams subscriptions page by page (never more than pageSize per read) with bounded concurrency", async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 2 }), { record: false });
    const inner = memoryStore();
    await seed(inner, 120, (i) => `${receiver!.url}/cb/${i}`);
    const limits: (number | undefined)[] = [];
    const store: ConnectorStore = {
      ...inner,
      list: (prefix: string, options?: ListOptions) => {
        limits.push(options?.limit);
        return inner.list(prefix, options);
      },
    } as ConnectorStore;
    const dispatcher = createDispatcher({ store, pageSize: 25, concurrency: 5 });
    const report = await dispatcher.fire(trigger, { n: 1 });
    await dispatcher.close();
    expect(report.delivered).toBe(120);
    expect(limits.every((l) => l === 25)).toBe(true);
    expect(limits.length).toBe(5);
    expect(receiver.maxInFlight).toBeLessThanOrEqual(5);
    expect(receiver.connections).toBeLessThanOrEqual(5);
  });

  it("skips corrupt records, caps the failure list, survives a store that cannot write dead letters", async () => {
    const inner = memoryStore();
    await inner.put("sub:OnThing:corrupt1", { nope: true });
    await inner.put("sub:OnThing:corrupt2", "string");
    await seed(inner, 5, () => "http://127.0.0.1:1/unreachable");
    const store: ConnectorStore = {
      ...inner,
      put: async (key, value, options) => {
        if (key.startsWith("dlq:")) throw new Error("disk full");
        return inner.put(key, value, options);
      },
    } as ConnectorStore;
    const dispatcher = createDispatcher({
      store,
      maxAttempts: 2,
      backoffBaseMs: 1,
      backoffMaxMs: 2,
      maxReportedFailures: 2,
      timeoutMs: 500,
    });
    const report = await dispatcher.fire(trigger, { n: 1 });
    await dispatcher.close();
    expect(report).toMatchObject({
      matched: 5,
      failed: 5,
      delivered: 0,
      attempts: 10,
      failuresTruncated: true,
    });
    expect(report.failures).toHaveLength(2);
    expect(report.failures[0]!.error).toMatch(/ECONNREFUSED.*dead letter not written: disk full/);
  });

  it("fire needs a dispatcher or a store; a closed dispatcher refuses to send", async () => {
    await expect(trigger.fire({ n: 1 }, {} as never)).rejects.toThrow(/dispatcher.*store/);
    const store = memoryStore();
    await seed(store, 1, () => "http://127.0.0.1:1/x");
    const dispatcher = createDispatcher({ store });
    await dispatcher.close();
    await expect(dispatcher.fire(trigger, { n: 1 })).rejects.toThrow(/closed/);
    await expect(dispatcher.fire({} as never, { n: 1 })).rejects.toThrow(/webhookTrigger/);
    await expect(dispatcher.fire(trigger, { n: 1 }, { eventId: "" })).rejects.toThrow(/eventId/);
  });

  it("fingerprints principals stably, JWT principals by subject and tenant", () => {
    const a = principalFingerprint({ b: 1, a: [1, { c: 2 }] });
    expect(a).toBe(principalFingerprint({ a: [1, { c: 2 }], b: 1 }));
    expect(a).not.toBe(principalFingerprint({ a: [1, { c: 3 }], b: 1 }));
    const jwt = (exp: number) => ({ subject: "u1", tenantId: "t1", scopes: [], roles: [], claims: { exp } });
    expect(principalFingerprint(jwt(1))).toBe(principalFingerprint(jwt(2)));
    expect(principalFingerprint(undefined)).toBe(principalFingerprint(undefined));
    expect(principalFingerprint({ t: "x" }, () => "same")).toBe(
      principalFingerprint({ t: "y" }, () => "same"),
    );
  });
});
