/**
 * The flow simulator: drive a running connector API the way the Power Platform
 * engine does, from tests or a terminal. Works with any connector's swagger.
 * @module @connectorkit/sdk/testing
 */
export type { CliIo } from "./testing/simulator/cli";
export { runSimulateCli } from "./testing/simulator/cli";
// Clock and trace
export { realClock, virtualClock } from "./testing/simulator/clock";
// Simulator
export type { Simulator, SimulatorOptions } from "./testing/simulator/create-simulator";
export { createSimulator } from "./testing/simulator/create-simulator";
export type { DynamicSchemaOptions, DynamicValuesOptions } from "./testing/simulator/dynamic";
// Errors
export type { ContractRule, SimulatorErrorCode, SimulatorErrorOptions } from "./testing/simulator/errors";
export { CONTRACT_RULES, ContractViolationError, SimulatorError } from "./testing/simulator/errors";
export type { PollTriggerOptions } from "./testing/simulator/poll-trigger";
export type { RunActionOptions } from "./testing/simulator/run-action";
export type { SubscribeWebhookOptions } from "./testing/simulator/subscribe-webhook";
// Swagger input
export { loadSwaggerFile, parseSwagger } from "./testing/simulator/swagger-document";
export { formatTrace } from "./testing/simulator/trace";

// Types
export type {
  ActionResult,
  Clock,
  DynamicValue,
  OperationInputs,
  PollRecord,
  PollResult,
  SimulatorConnection,
  SimulatorLimits,
  SwaggerDocument,
  TraceEntry,
  TriggerRun,
  WebhookSubscription,
} from "./testing/simulator/types";
