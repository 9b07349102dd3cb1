/**
 * Stored shapes and keys of webhook subscriptions and dead letters, and the principal fingerprint that ties a
 * subscription to the connection that created it.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { principalFingerprint } from "../../auth/principal-fingerprint";

/** Store key prefix of a trigger's subscriptions: `sub:<operationId>:`. @internal */
export function subscriptionPrefix(operationId: string): string {
  return `sub:${operationId}:`;
}

/** Store key of one subscription. @internal */
export function subscriptionKey(operationId: string, id: string): string {
  return `sub:${operationId}:${id}`;
}

/** Store key prefix of a trigger's dead letters: `dlq:<operationId>:`. @internal */
export function deadLetterPrefix(operationId: string): string {
  return `dlq:${operationId}:`;
}

/** Store key of one dead letter. @internal */
export function deadLetterKey(operationId: string, deliveryId: string): string {
  return `dlq:${operationId}:${deliveryId}`;
}

/**
 * Subscription ids: 144 random bits, base64url (24 characters). The pattern accepts 16 to 64 base64url
 * characters.
 *
 * @example
 * ```ts
 * const id = new URL(location).pathname.split("/").at(-1) ?? ""; // the 201's Location
 * SUBSCRIPTION_ID.test(id); // true
 * ```
 */
export const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** A new random subscription id (144 bits). @internal */
export function newSubscriptionId(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * A subscription as stored under `sub:<operationId>:<id>`.
 *
 * @example
 * ```ts
 * const s: StoredSubscription = {
 *   id: "k3J9…", operationId: "OnTicketCreated", callbackUrl: "https://prod-03.westus.logic.azure.com/…",
 *   params: { project: "P1" }, principal: "sha256:…", createdAt: "2025-01-01T00:00:00.000Z",
 * };
 * ```
 */
export interface StoredSubscription<TParams = unknown> {
  id: string;
  operationId: string;
  /** The platform's callback URL (carries a SAS signature: treat it as a secret). */
  callbackUrl: string;
  /** The trigger parameters, as parsed at registration. */
  params: TParams;
  /** Fingerprint of the principal that registered it. */
  principal: string;
  /** ISO timestamp of registration. */
  createdAt: string;
  /** What `onSubscribe` returned as `state` (e.g. an upstream hook id), passed to `onUnsubscribe`. */
  state?: unknown;
}

/**
 * A failed delivery as stored under `dlq:<operationId>:<deliveryId>`. It holds the event and the subscription
 * id, never the callback URL (looked up again when retried).
 *
 * @example
 * ```ts
 * const d: DeadLetter = { operationId: "OnTicketCreated", subscriptionId: "k3J9…", deliveryId: "d1", eventId: "e1",
 *   event: { id: "T-1" }, attempts: 5, lastError: "HTTP 503", lastStatus: 503, firstFailedAt: "…", lastFailedAt: "…" };
 * ```
 */
export interface DeadLetter {
  operationId: string;
  subscriptionId: string;
  deliveryId: string;
  eventId: string;
  /** The event exactly as it was sent (the validated, serialised event). */
  event: unknown;
  /** HTTP requests made so far for this delivery. */
  attempts: number;
  /** The last failure: `HTTP <status>` or the network error. */
  lastError: string;
  /** The last HTTP status, when there was a response. */
  lastStatus?: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

/**
 * The delivery id of one event to one subscription: stable for the same event id and subscription, so a
 * re-fired event (same `eventId`) and a retried dead letter carry the same id and receivers can dedupe.
 * @internal
 */
export function deliveryIdOf(eventId: string, subscriptionId: string): string {
  return createHash("sha256").update(`${eventId}\n${subscriptionId}`).digest("base64url").slice(0, 32);
}

/** Re-exported: subscriptions store the caller's fingerprint. */
export { principalFingerprint };
