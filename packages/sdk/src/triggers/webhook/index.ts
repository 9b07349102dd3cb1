/**
 * @module Webhook triggers: `webhookTrigger()` to define one, `createDispatcher()` to fire events reliably.
 */

export { backoffDelay, parseRetryAfter } from "./backoff";
export type { CallbackCheck, CallbackPolicy, CallbackPolicyOptions } from "./callback-policy";
export {
  checkCallbackUrl,
  DEFAULT_CALLBACK_HOSTS,
  isPrivateAddress,
  MAX_CALLBACK_URL_LENGTH,
  resolveCallbackPolicy,
} from "./callback-policy";
export { createDispatcher, DELIVERY_ID_HEADER } from "./dispatcher";
export { WebhookEventValidationError } from "./errors";
export type { DeadLetter, StoredSubscription } from "./subscriptions";
export { principalFingerprint, SUBSCRIPTION_ID } from "./subscriptions";
export type {
  DeadLetterReport,
  DeliveryAttempt,
  DeliveryFailure,
  DeliveryReport,
  DispatcherOptions,
  DispatchTarget,
  FireEventOptions,
  FireOptions,
  RetryDeadLettersOptions,
  SubscribeHookResult,
  SubscribeResult,
  WebhookDispatcher,
  WebhookSubscriptionInfo,
  WebhookTrigger,
  WebhookTriggerConfig,
} from "./types";
export { LIST_PAGE_SIZE, LIST_SCAN_LIMIT, webhookTrigger } from "./webhook-trigger";
