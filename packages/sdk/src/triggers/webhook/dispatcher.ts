/**
 * Delivers webhook events to the platform's callback URLs with undici: one keep-alive connection pool per
 * dispatcher, bounded concurrency, per-request timeouts, retries with full-jitter backoff and `Retry-After`,
 * removal of subscriptions whose callback answers 404/410, and a dead-letter record for every delivery that
 * fails for good. Subscriptions are streamed from the store a page at a time.
 *
 * Delivery semantics are **at-least-once**: a delivery whose response was lost (timeout, reset) is sent again,
 * with the same `x-connectorkit-delivery-id` header so the receiver can drop the duplicate.
 * @module
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Agent } from "undici";

// undici loads on first delivery, so importing the SDK stays cheap for connectors without webhooks.
let undici: Promise<typeof import("undici")> | undefined;
function loadUndici(): Promise<typeof import("undici")> {
  undici ??= import("undici");
  return undici;
}

import type { ConnectorStore, StoreEntry } from "../../store/types";
import { backoffDelay, parseRetryAfter } from "./backoff";
import { type CallbackPolicy, checkCallbackUrl, publicOnlyLookup } from "./callback-policy";
import { WebhookEventValidationError } from "./errors";
import {
  type DeadLetter,
  deadLetterKey,
  deadLetterPrefix,
  deliveryIdOf,
  type StoredSubscription,
  subscriptionKey,
  subscriptionPrefix,
} from "./subscriptions";
import type {
  DeadLetterReport,
  DeliveryFailure,
  DeliveryReport,
  DispatcherOptions,
  FireEventOptions,
  RetryDeadLettersOptions,
  WebhookDispatcher,
  WebhookTrigger,
} from "./types";

/**
 * The header carrying the delivery id (stable across retries and re-fires of the same event).
 *
 * @example
 * ```ts
 * // on the receiving side: drop duplicates of a delivery
 * const id = req.headers[DELIVERY_ID_HEADER]; // "x-connectorkit-delivery-id"
 * if (typeof id === "string" && seen.has(id)) return res.sendStatus(200);
 * ```
 */
export const DELIVERY_ID_HEADER = "x-connectorkit-delivery-id";

const DAY_MS = 86_400_000;

type Outcome =
  | { kind: "delivered"; attempts: number; retried: boolean }
  | { kind: "removed"; attempts: number; retried: boolean }
  | { kind: "failed"; attempts: number; retried: boolean; status?: number; error: string };

interface Settings {
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxRetryAfterMs: number;
  pageSize: number;
  maxReportedFailures: number;
  deadLetterTtlMs: number;
  userAgent: string;
  random: () => number;
  now: () => number;
  onAttempt: DispatcherOptions["onAttempt"];
}

function positiveInt(value: number | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new TypeError(`createDispatcher: ${name} must be an integer >= ${min} (got ${value}).`);
  return value;
}

function settingsOf(options: DispatcherOptions): Settings {
  if (!options || typeof options.store?.list !== "function") {
    throw new TypeError(
      "createDispatcher: options.store must be the ConnectorStore your handler uses (createHandler(connector, { store })).",
    );
  }
  return {
    concurrency: positiveInt(options.concurrency, 64, "concurrency"),
    timeoutMs: positiveInt(options.timeoutMs, 10_000, "timeoutMs"),
    maxAttempts: positiveInt(options.maxAttempts, 5, "maxAttempts"),
    backoffBaseMs: positiveInt(options.backoffBaseMs, 500, "backoffBaseMs", 0),
    backoffMaxMs: positiveInt(options.backoffMaxMs, 30_000, "backoffMaxMs", 0),
    maxRetryAfterMs: positiveInt(options.maxRetryAfterMs, 60_000, "maxRetryAfterMs", 0),
    pageSize: positiveInt(options.pageSize, 256, "pageSize"),
    maxReportedFailures: positiveInt(options.maxReportedFailures, 1000, "maxReportedFailures", 0),
    deadLetterTtlMs: positiveInt(options.deadLetterTtlMs, 7 * DAY_MS, "deadLetterTtlMs"),
    userAgent: options.userAgent ?? "connectorkit-webhooks/1",
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    onAttempt: options.onAttempt,
  };
}

function isSubscription(value: unknown): value is StoredSubscription {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v["id"] === "string" && typeof v["callbackUrl"] === "string" && typeof v["createdAt"] === "string"
  );
}

function isDeadLetter(value: unknown): value is DeadLetter {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v["subscriptionId"] === "string" &&
    typeof v["deliveryId"] === "string" &&
    typeof v["attempts"] === "number"
  );
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: unknown };
  if (
    e?.name === "TimeoutError" ||
    e?.code === "UND_ERR_HEADERS_TIMEOUT" ||
    e?.code === "UND_ERR_BODY_TIMEOUT" ||
    e?.code === "UND_ERR_CONNECT_TIMEOUT"
  ) {
    return `timeout after ${timeoutMs} ms`;
  }
  const cause = e?.cause as { code?: string; message?: string } | undefined;
  const code = e?.code ?? cause?.code ?? e?.name ?? "Error";
  const message = (cause?.message ?? e?.message ?? String(error)).slice(0, 300);
  return `${code}: ${message}`;
}

async function* entries<T>(
  store: ConnectorStore,
  prefix: string,
  pageSize: number,
): AsyncGenerator<StoreEntry<T>> {
  let cursor: string | undefined;
  do {
    const page = await store.list<T>(
      prefix,
      cursor === undefined ? { limit: pageSize } : { cursor, limit: pageSize },
    );
    for (const entry of page.entries) yield entry;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/**
 * Runs `work` over items pulled from `source`, at most `concurrency` at once. Pulls lazily, so memory stays
 * flat in the number of items. The first error thrown by `work` stops pulling and is rethrown at the end.
 */
async function pool<T>(
  source: AsyncIterator<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure) {
      let next: IteratorResult<T>;
      try {
        next = await source.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure.error;
}

/**
 * Creates a dispatcher: the object that delivers events of webhook triggers. Give it the same store as the
 * connector's handler, create it once per process and reuse it (it keeps connections open); `close()` it on
 * shutdown.
 *
 * Per delivery: the body is exactly the event JSON (validated and parsed by the event schema, so unknown keys
 * are stripped), `content-type: application/json`, and an `x-connectorkit-delivery-id` header. A 2xx
 * acknowledges; 404/410 removes the subscription; 408, 429, 5xx, network errors and timeouts are retried
 * (`Retry-After` honoured, capped; otherwise full-jitter exponential backoff) up to `maxAttempts`; anything
 * else (3xx — redirects are never followed —, other 4xx) fails at once. A delivery that fails for good is
 * written to the store as a dead letter (`dlq:<operationId>:<deliveryId>`) for `retryDeadLetters`.
 *
 * @param options - the store and delivery settings.
 * @returns the dispatcher.
 * @see {@link WebhookDispatcher}
 * @example
 * ```ts
 * import { createHandler } from "@connectorkit/sdk/http";
 * const store = memoryStore();
 * const handler = createHandler(connector, { store });
 * const dispatcher = createDispatcher({ store, concurrency: 64 });
 * const report = await dispatcher.fire(onTicketCreated, { id: "T-1", project: "P1" });
 * console.log(report.delivered, report.failed);
 * ```
 */
export function createDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const s = settingsOf(options);
  const store = options.store;
  let secureAgent: Agent | undefined;
  let insecureAgent: Agent | undefined;
  let closed = false;

  const agentFor = async (policy: CallbackPolicy): Promise<Agent> => {
    if (closed) throw new Error("The webhook dispatcher is closed.");
    const { Agent } = await loadUndici();
    const common = {
      connections: s.concurrency,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      headersTimeout: s.timeoutMs,
      bodyTimeout: s.timeoutMs,
    };
    if (policy.allowInsecure) {
      insecureAgent ??= new Agent({ ...common, connect: { timeout: s.timeoutMs } });
      return insecureAgent;
    }
    secureAgent ??= new Agent({ ...common, connect: { timeout: s.timeoutMs, lookup: publicOnlyLookup } });
    return secureAgent;
  };

  async function send(
    agent: Agent,
    url: URL,
    body: Buffer,
    deliveryId: string,
  ): Promise<{ status: number; retryAfter: string | string[] | undefined } | { error: string }> {
    try {
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": s.userAgent,
          [DELIVERY_ID_HEADER]: deliveryId,
        },
        body,
        signal: AbortSignal.timeout(s.timeoutMs),
        headersTimeout: s.timeoutMs,
        bodyTimeout: s.timeoutMs,
      });
      const retryAfter = res.headers["retry-after"];
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return { status: res.statusCode, retryAfter };
    } catch (error) {
      return { error: describeError(error, s.timeoutMs) };
    }
  }

  async function deliver(
    trigger: WebhookTrigger<any, any>,
    sub: StoredSubscription,
    body: Buffer,
    deliveryId: string,
  ): Promise<Outcome> {
    const check = checkCallbackUrl(sub.callbackUrl, trigger.callbackPolicy);
    if (!check.ok)
      return {
        kind: "failed",
        attempts: 0,
        retried: false,
        error: `callback URL refused by policy: ${check.reason}`,
      };
    const agent = await agentFor(trigger.callbackPolicy);
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const started = performance.now();
      const result = await send(agent, check.url, body, deliveryId);
      if (s.onAttempt) {
        try {
          s.onAttempt({
            operationId: trigger.operationId,
            subscriptionId: sub.id,
            deliveryId,
            attempt: attempts,
            ...("status" in result ? { status: result.status } : { error: result.error }),
            durationMs: performance.now() - started,
          });
        } catch {
          // a metrics hook must not break delivery
        }
      }
      let retryable: boolean;
      let status: number | undefined;
      let error: string;
      let wait: number | undefined;
      if ("status" in result) {
        status = result.status;
        if (status >= 200 && status < 300) return { kind: "delivered", attempts, retried: attempts > 1 };
        if (status === 404 || status === 410) {
          // A store hiccup must not fail the fire: the next event tries the removal again.
          await store.delete(subscriptionKey(trigger.operationId, sub.id)).catch(() => false);
          return { kind: "removed", attempts, retried: attempts > 1 };
        }
        retryable = status === 408 || status === 429 || status >= 500;
        error = `HTTP ${status}`;
        const after = parseRetryAfter(result.retryAfter, s.now());
        if (after !== undefined) wait = Math.min(after, s.maxRetryAfterMs);
      } else {
        retryable = true;
        error = result.error;
      }
      if (!retryable || attempts >= s.maxAttempts) {
        return status === undefined
          ? { kind: "failed", attempts, retried: attempts > 1, error }
          : { kind: "failed", attempts, retried: attempts > 1, status, error };
      }
      await sleep(wait ?? backoffDelay(attempts, s.backoffBaseMs, s.backoffMaxMs, s.random));
    }
  }

  async function writeDeadLetter(letter: DeadLetter, ifVersion?: string): Promise<string | undefined> {
    try {
      const key = deadLetterKey(letter.operationId, letter.deliveryId);
      const result = await store.put(
        key,
        letter,
        ifVersion === undefined ? { ttlMs: s.deadLetterTtlMs } : { ttlMs: s.deadLetterTtlMs, ifVersion },
      );
      return result.ok ? undefined : "dead letter changed concurrently";
    } catch (error) {
      return `dead letter not written: ${(error as Error).message}`;
    }
  }

  const assertTrigger = (trigger: WebhookTrigger<any, any>): void => {
    if (trigger?.kind !== "webhookTrigger" || typeof trigger.event?.safeParseAsync !== "function") {
      throw new TypeError(
        "dispatcher.fire: the first argument must be an operation made with webhookTrigger().",
      );
    }
  };

  return {
    store,
    async fire(trigger, event, fireOptions: FireEventOptions<any> = {}) {
      assertTrigger(trigger);
      const eventId = fireOptions.eventId ?? randomUUID();
      if (typeof eventId !== "string" || eventId.length === 0 || eventId.length > 256) {
        throw new TypeError("fire: eventId must be a non-empty string of at most 256 characters.");
      }
      const parsed = await trigger.event.safeParseAsync(event);
      if (!parsed.success) throw new WebhookEventValidationError(trigger.operationId, parsed.error.issues);
      const json = JSON.stringify(parsed.data);
      if (json === undefined)
        throw new TypeError(`fire: the event of ${trigger.operationId} is not JSON-serialisable.`);
      const body = Buffer.from(json);
      const where = fireOptions.where;
      const report: DeliveryReport = {
        eventId,
        matched: 0,
        delivered: 0,
        retried: 0,
        failed: 0,
        removed: 0,
        attempts: 0,
        failures: [],
        failuresTruncated: false,
      };
      const fail = (failure: DeliveryFailure): void => {
        report.failed += 1;
        if (report.failures.length < s.maxReportedFailures) report.failures.push(failure);
        else report.failuresTruncated = true;
      };
      const source = entries<unknown>(store, subscriptionPrefix(trigger.operationId), s.pageSize);
      await pool(source, s.concurrency, async (entry) => {
        const sub = entry.value;
        if (!isSubscription(sub)) return;
        if (trigger.match && !trigger.match(sub.params as never, parsed.data)) return;
        if (where && !where(sub.params as never, { id: sub.id, createdAt: sub.createdAt })) return;
        report.matched += 1;
        const deliveryId = deliveryIdOf(eventId, sub.id);
        const outcome = await deliver(trigger, sub, body, deliveryId);
        report.attempts += outcome.attempts;
        if (outcome.retried) report.retried += 1;
        if (outcome.kind === "delivered") report.delivered += 1;
        else if (outcome.kind === "removed") report.removed += 1;
        else {
          const at = new Date(s.now()).toISOString();
          const letter: DeadLetter = {
            operationId: trigger.operationId,
            subscriptionId: sub.id,
            deliveryId,
            eventId,
            event: parsed.data,
            attempts: outcome.attempts,
            lastError: outcome.error,
            firstFailedAt: at,
            lastFailedAt: at,
          };
          if (outcome.status !== undefined) letter.lastStatus = outcome.status;
          const problem = await writeDeadLetter(letter);
          const error = problem ? `${outcome.error} (${problem})` : outcome.error;
          fail(
            outcome.status === undefined
              ? { subscriptionId: sub.id, deliveryId, error }
              : { subscriptionId: sub.id, deliveryId, status: outcome.status, error },
          );
        }
      });
      return report;
    },

    async retryDeadLetters(trigger, retryOptions: RetryDeadLettersOptions = {}) {
      assertTrigger(trigger);
      const limit = retryOptions.limit ?? Number.POSITIVE_INFINITY;
      if (!(limit >= 0)) throw new TypeError("retryDeadLetters: limit must be >= 0.");
      const report: DeadLetterReport = { retried: 0, delivered: 0, failed: 0, removed: 0, attempts: 0 };
      const all = entries<unknown>(store, deadLetterPrefix(trigger.operationId), s.pageSize);
      let taken = 0;
      const limited: AsyncIterator<StoreEntry<unknown>> = {
        next: async () => (taken++ < limit ? all.next() : { done: true, value: undefined }),
      };
      await pool(limited, s.concurrency, async (entry) => {
        const letter = entry.value;
        if (!isDeadLetter(letter)) {
          await store.delete(entry.key, { ifVersion: entry.version });
          return;
        }
        report.retried += 1;
        const sub = await store.get<unknown>(subscriptionKey(trigger.operationId, letter.subscriptionId));
        if (!sub || !isSubscription(sub.value)) {
          await store.delete(entry.key, { ifVersion: entry.version });
          report.removed += 1;
          return;
        }
        const json = JSON.stringify(letter.event);
        const outcome = await deliver(trigger, sub.value, Buffer.from(json ?? "null"), letter.deliveryId);
        report.attempts += outcome.attempts;
        if (outcome.kind !== "failed") {
          await store.delete(entry.key, { ifVersion: entry.version });
          if (outcome.kind === "delivered") report.delivered += 1;
          else report.removed += 1;
          return;
        }
        report.failed += 1;
        const updated: DeadLetter = {
          ...letter,
          attempts: letter.attempts + outcome.attempts,
          lastError: outcome.error,
          lastFailedAt: new Date(s.now()).toISOString(),
        };
        if (outcome.status !== undefined) updated.lastStatus = outcome.status;
        else delete updated.lastStatus;
        await writeDeadLetter(updated, entry.version);
      });
      return report;
    },

    async close() {
      closed = true;
      const agents = [secureAgent, insecureAgent].filter((a): a is Agent => a !== undefined);
      secureAgent = undefined;
      insecureAgent = undefined;
      await Promise.all(agents.map((a) => a.close()));
    },
  };
}
