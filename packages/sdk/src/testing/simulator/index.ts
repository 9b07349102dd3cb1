/**
 * @module Flow simulator: drive a running connector API from its swagger the way Power Automate does.
 */

// CLI
export type { CliIo } from "./cli";
export { runSimulateCli } from "./cli";
// Clock and trace
export { realClock, virtualClock } from "./clock";
// Simulator
export type { Simulator, SimulatorOptions } from "./create-simulator";
export { createSimulator } from "./create-simulator";
export type { DynamicSchemaOptions, DynamicValuesOptions } from "./dynamic";
// Errors
export type { ContractRule, SimulatorErrorCode, SimulatorErrorOptions } from "./errors";
export { CONTRACT_RULES, ContractViolationError, SimulatorError } from "./errors";
export type { PollTriggerOptions } from "./poll-trigger";
export type { RunActionOptions } from "./run-action";
export type { SubscribeWebhookOptions } from "./subscribe-webhook";
// Swagger input
export { loadSwaggerFile, parseSwagger } from "./swagger-document";
export { formatTrace } from "./trace";

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
} from "./types";
