/**
 * @module Polling triggers: service-managed (signed state in the Location URL) and gateway-managed
 * (`pollingtrigger` policy).
 */

export type {
  GatewayPollingTriggerConfig,
  GatewayPollingTriggerOperation,
  PollingTriggerPolicyInstance,
} from "./gateway-polling-trigger";
export { gatewayPollingTrigger, pollingTriggerPolicy } from "./gateway-polling-trigger";
export type {
  BatchBody,
  PollInput,
  PollingMode,
  PollingRequestFor,
  PollingTriggerConfig,
  PollingTriggerOperation,
  PollOutput,
} from "./polling-trigger";
export { pollingTrigger, TRIGGER_STATE_PARAMETER } from "./polling-trigger";
export type { StateKey, StateSecret } from "./state-token";
export { DEV_STATE_SECRET_FILE, MIN_SECRET_BYTES, parseStateSecret, STATE_SECRET_ENV } from "./state-token";
