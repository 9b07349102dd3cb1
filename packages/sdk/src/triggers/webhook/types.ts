/**
 * Types of webhook triggers, their dispatcher and delivery reports.
 * @module
 */
import type { z } from "zod";
import type { RuntimeEnv, RuntimeRoute } from "../../http/create-handler";
import type {
  AnyObjectSchema,
  AnySchema,
  HandlerContext,
  OperationBase,
  OperationMeta,
} from "../../operation/types";
import type { ConnectorStore } from "../../store/types";
import type { EmitOperation } from "../../swagger/types";
import type { CallbackPolicy, CallbackPolicyOptions } from "./callback-policy";

/**
 * What `onSubscribe` / `onUnsubscribe` receive about a subscription.
 *
 * @example
 * ```ts
 * const info: WebhookSubscriptionInfo<{ project: string }> = {
 *   id: "k3J9…", params: { project: "P1" }, callbackUrl: "https://prod-03.westus.logic.azure.com/…", createdAt: "2025-01-01T00:00:00.000Z",
 * };
 * ```
 */
export interface WebhookSubscriptionInfo<TParams> {
  /** The subscription id (last segment of the `Location` URL). */
  id: string;
  /** The trigger parameters the flow author chose. */
  params: TParams;
  /** The platform's callback URL (a secret: it carries a signature). */
  callbackUrl: string;
  /** ISO registration time. */
  createdAt: string;
  /** What `onSubscribe` returned as `state` (only in `onUnsubscribe`). */
  state?: unknown;
}

/**
 * What `onSubscribe` may return: JSON `state` stored with the subscription (e.g. an upstream hook id) and
 * handed to `onUnsubscribe`.
 *
 * @example
 * ```ts
 * const r: SubscribeResult = { state: { upstreamHookId: 42 } };
 * ```
 */
export interface SubscribeResult {
  state?: unknown;
}

/**
 * What an `onSubscribe` hook may return: nothing, or a {@link SubscribeResult}, possibly as a promise.
 *
 * @example
 * ```ts
 * const r: SubscribeHookResult = Promise.resolve({ state: { upstreamHookId: 42 } });
 * ```
 */
export type SubscribeHookResult =
  | Promise<SubscribeResult | undefined>
  | Promise<void>
  | SubscribeResult
  | undefined;

/**
 * The definition passed to `webhookTrigger`.
 *
 * @example
 * ```ts
 * const config: WebhookTriggerConfig<typeof Params, typeof TicketEvent> = {
 *   operationId: "OnTicketCreated", summary: "When a ticket is created", description: "Triggers when a ticket is created.",
 *   path: "/hooks/tickets", params: Params, event: TicketEvent,
 * };
 * ```
 */
export interface WebhookTriggerConfig<TParams extends AnyObjectSchema, TEvent extends AnySchema>
  extends OperationMeta {
  /** Registration path below the connector's base path, without `{parameters}` (e.g. `/hooks/tickets`). */
  path: string;
  /** The trigger parameters the flow author fills in (body properties of the registration). @default z.object({}) */
  params?: TParams;
  /** The event schema: `x-ms-notification-content`, and what `fire` validates. */
  event: TEvent;
  /** Description of the notification content. */
  eventDescription?: string;
  /** `x-ms-trigger-hint`: how to make the trigger fire, e.g. "To see it work, create a ticket." */
  triggerHint?: string;
  /** Name of the body property that carries the callback URL. @default "callbackUrl" */
  callbackProperty?: string;
  /**
   * Which subscriptions an event goes to, from their parameters (e.g. `(p, e) => p.project === e.project`).
   * `fire`'s `where` applies on top. @default every subscription
   */
  match?: (params: z.output<TParams>, event: z.output<TEvent>) => boolean;
  /**
   * Runs before a subscription is stored (e.g. to register with an upstream system). Throwing fails the
   * registration with that error (a `ConnectorError` is shown as-is) and nothing is stored.
   */
  onSubscribe?: (
    subscription: WebhookSubscriptionInfo<z.output<TParams>>,
    ctx: HandlerContext,
  ) => SubscribeHookResult;
  /**
   * Runs before a subscription is deleted. Throwing fails the deletion with that error and keeps the
   * subscription (a flow that is gone answers 404/410 to the next event, which removes it).
   */
  onUnsubscribe?: (
    subscription: WebhookSubscriptionInfo<z.output<TParams>>,
    ctx: HandlerContext,
  ) => Promise<void> | void;
  /** Callback URL policy (SSRF protection). */
  callbacks?: CallbackPolicyOptions;
  /**
   * The identity a subscription belongs to, from the principal your auth returns. Default: the principal's
   * canonical JSON (JWT principals: `subject` + `tenantId`), hashed.
   */
  principalId?: (principal: unknown) => string;
  /** operationId of the internal DELETE operation. @default `${operationId}_Delete` */
  deleteOperationId?: string;
  /** operationId of the internal listing operation, or `false` for none. @default `${operationId}_List` */
  listOperationId?: string | false;
}

/**
 * A webhook trigger operation: list it in `defineConnector({ operations })` and call `fire` from anywhere in
 * your app.
 *
 * @example
 * ```ts
 * const report = await onTicketCreated.fire({ id: "T-1", project: "P1" }, { dispatcher });
 * ```
 */
export interface WebhookTrigger<
  TParams extends AnyObjectSchema = AnyObjectSchema,
  TEvent extends AnySchema = AnySchema,
> extends OperationBase {
  readonly kind: "webhookTrigger";
  readonly method: "POST";
  /** The trigger parameters schema. */
  readonly params: TParams;
  /** The event schema. */
  readonly event: TEvent;
  /** The body property carrying the callback URL. */
  readonly callbackProperty: string;
  /** The resolved callback URL policy. */
  readonly callbackPolicy: CallbackPolicy;
  /** The trigger-level filter. */
  readonly match: ((params: z.output<TParams>, event: z.output<TEvent>) => boolean) | undefined;
  /**
   * Validates `event` and delivers it to every matching subscription. Rejects with a
   * `WebhookEventValidationError` (nothing sent) when the event does not match the event schema.
   */
  fire(event: z.input<TEvent>, options: FireOptions<z.output<TParams>>): Promise<DeliveryReport>;
  /** Retries this trigger's dead letters. */
  retryDeadLetters(options: DispatchTarget & RetryDeadLettersOptions): Promise<DeadLetterReport>;
  /** @internal */
  readonly "~routes": (env: RuntimeEnv) => RuntimeRoute[];
  /** @internal */
  readonly "~emit": () => EmitOperation[];
}

/**
 * Where `fire` finds the subscriptions: a dispatcher (preferred: keeps connections open across fires) or
 * the store the handler uses (a dispatcher is created for this call and closed after it).
 *
 * @example
 * ```ts
 * const t1: DispatchTarget = { dispatcher };
 * const t2: DispatchTarget = { store, concurrency: 16 };
 * ```
 */
export type DispatchTarget =
  | { dispatcher: WebhookDispatcher; store?: never }
  | ({ store: ConnectorStore; dispatcher?: never } & Omit<DispatcherOptions, "store">);

/**
 * Per-fire options.
 *
 * @example
 * ```ts
 * const o: FireEventOptions<{ project: string }> = { where: (p) => p.project === "P1", eventId: "ticket-T-1-created" };
 * ```
 */
export interface FireEventOptions<TParams> {
  /** Only subscriptions whose parameters pass this get the event. */
  where?: (params: TParams, subscription: { id: string; createdAt: string }) => boolean;
  /**
   * A stable id of this event (e.g. from your outbox). Delivery ids derive from it, so firing the same event
   * again after a crash sends the same `x-connectorkit-delivery-id` values. @default a random UUID
   */
  eventId?: string;
}

/**
 * Options of `trigger.fire(event, options)`: where to find the subscriptions plus the per-fire options.
 *
 * @example
 * ```ts
 * const options: FireOptions<{ project: string }> = { dispatcher, where: (p) => p.project === "P1" };
 * await onTicketCreated.fire({ id: "T-1", project: "P1" }, options);
 * ```
 */
export type FireOptions<TParams> = DispatchTarget & FireEventOptions<TParams>;

/**
 * Options of `retryDeadLetters`.
 *
 * @example
 * ```ts
 * const options: RetryDeadLettersOptions = { limit: 100 };
 * const report = await dispatcher.retryDeadLetters(onTicketCreated, options);
 * ```
 */
export interface RetryDeadLettersOptions {
  /** Most dead letters to retry in this call. @default unlimited */
  limit?: number;
}

/**
 * One failed delivery in a {@link DeliveryReport}.
 *
 * @example
 * ```ts
 * const f: DeliveryFailure = { subscriptionId: "k3J9…", deliveryId: "d1", status: 503, error: "HTTP 503" };
 * ```
 */
export interface DeliveryFailure {
  subscriptionId: string;
  deliveryId: string;
  /** The last HTTP status, when the callback answered. */
  status?: number;
  /** What went wrong: `HTTP <status>`, a network error or a timeout. */
  error: string;
}

/**
 * What `fire` reports. Every matching subscription ends up in exactly one of `delivered`, `failed` (written
 * to the dead-letter store) or `removed` (callback answered 404/410).
 *
 * @example
 * ```ts
 * const r: DeliveryReport = { eventId: "e1", matched: 2, delivered: 2, retried: 0, failed: 0, removed: 0, attempts: 2, failures: [], failuresTruncated: false };
 * ```
 */
export interface DeliveryReport {
  /** The event id the delivery ids derive from. */
  eventId: string;
  /** Subscriptions that passed the filters. */
  matched: number;
  /** Deliveries acknowledged with 2xx. */
  delivered: number;
  /** Deliveries that needed at least one retry (whatever their outcome). */
  retried: number;
  /** Deliveries that failed for good and went to the dead-letter store. */
  failed: number;
  /** Subscriptions removed because their callback answered 404 or 410. */
  removed: number;
  /** HTTP requests made in total. */
  attempts: number;
  /** The failures (at most `maxReportedFailures`). */
  failures: DeliveryFailure[];
  /** Whether `failures` was cut at `maxReportedFailures`. */
  failuresTruncated: boolean;
}

/**
 * What `retryDeadLetters` reports.
 *
 * @example
 * ```ts
 * const r: DeadLetterReport = { retried: 3, delivered: 2, failed: 1, removed: 0, attempts: 7 };
 * ```
 */
export interface DeadLetterReport {
  /** Dead letters tried. */
  retried: number;
  /** Delivered and removed from the dead-letter store. */
  delivered: number;
  /** Still failing (kept, with updated attempts and error). */
  failed: number;
  /** Dropped because the subscription is gone or its callback answered 404/410. */
  removed: number;
  /** HTTP requests made. */
  attempts: number;
}

/**
 * Options of `createDispatcher`.
 *
 * @example
 * ```ts
 * const options: DispatcherOptions = { store, concurrency: 64, timeoutMs: 10_000, maxAttempts: 5 };
 * ```
 */
export interface DispatcherOptions {
  /** The store the connector's handler uses (`createHandler(connector, { store })`). */
  store: ConnectorStore;
  /** Deliveries in flight at once. @default 64 */
  concurrency?: number;
  /** Time limit of one HTTP request (connect + response headers + body). @default 10000 */
  timeoutMs?: number;
  /** HTTP requests per delivery, the first included. @default 5 */
  maxAttempts?: number;
  /** Backoff scale of the first retry. @default 500 */
  backoffBaseMs?: number;
  /** Backoff cap. @default 30000 */
  backoffMaxMs?: number;
  /** Cap on an honoured `Retry-After`. @default 60000 */
  maxRetryAfterMs?: number;
  /** Subscriptions read from the store per page. @default 256 */
  pageSize?: number;
  /** Most failures listed in a report. @default 1000 */
  maxReportedFailures?: number;
  /** How long dead letters are kept. @default 7 days */
  deadLetterTtlMs?: number;
  /** `User-Agent` of deliveries. @default "connectorkit-webhooks/1" */
  userAgent?: string;
  /** `[0, 1)` randomness for jitter (tests). @default Math.random */
  random?: () => number;
  /** Clock (tests). @default Date.now */
  now?: () => number;
  /** Called after every HTTP attempt (metrics, logs). Never gets the callback URL; errors it throws are ignored. */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

/**
 * One HTTP attempt of a delivery, as reported to `onAttempt`.
 *
 * @example
 * ```ts
 * const a: DeliveryAttempt = { operationId: "OnTicketCreated", subscriptionId: "k3J9…", deliveryId: "d1", attempt: 1, status: 200, durationMs: 12.5 };
 * ```
 */
export interface DeliveryAttempt {
  operationId: string;
  subscriptionId: string;
  deliveryId: string;
  /** 1 for the first request of this delivery. */
  attempt: number;
  /** The HTTP status, when the callback answered. */
  status?: number;
  /** The network error or timeout, when it did not. */
  error?: string;
  /** Time from sending to the end of the response, in milliseconds. */
  durationMs: number;
}

/**
 * Delivers webhook events with one connection pool. Create one per process (per store) and reuse it.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ store });
 * await dispatcher.fire(onTicketCreated, { id: "T-1", project: "P1" });
 * await dispatcher.close();
 * ```
 */
export interface WebhookDispatcher {
  /** The store subscriptions are read from. */
  readonly store: ConnectorStore;
  /** Validates and delivers an event to every matching subscription of `trigger`. */
  fire<TParams extends AnyObjectSchema, TEvent extends AnySchema>(
    trigger: WebhookTrigger<TParams, TEvent>,
    event: z.input<TEvent>,
    options?: FireEventOptions<z.output<TParams>>,
  ): Promise<DeliveryReport>;
  /** Retries the dead letters of `trigger` (all triggers' when omitted is not supported: pass each trigger). */
  retryDeadLetters(
    trigger: WebhookTrigger<any, any>,
    options?: RetryDeadLettersOptions,
  ): Promise<DeadLetterReport>;
  /** Closes the connection pool. */
  close(): Promise<void>;
}
