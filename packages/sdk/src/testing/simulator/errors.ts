import type { TraceEntry } from "./types";

/**
 * The platform contract rules the simulator checks, each with the sentence printed in its error message.
 *
 * @example
 * ```ts
 * CONTRACT_RULES["async.missingLocation"]; // "a 202 response must carry an absolute Location header ..."
 * ```
 */
export const CONTRACT_RULES = {
  "async.missingLocation":
    "a 202 response must carry an absolute Location header that the engine polls (POWER-PLATFORM.md §5.2)",
  "async.relativeLocation":
    "the Location of a 202 response must be an absolute URL, not a relative path (POWER-PLATFORM.md §5.2)",
  "timeout.sync": "each request must answer within the synchronous timeout (Power Automate: 120 s)",
  "timeout.async": "a long-running action must finish within the asynchronous maximum duration",
  "response.schemaMismatch": "the response body must match the response schema declared in the swagger",
  "response.notJson": "a response declared with a schema must have a JSON body",
  "response.tooLarge": "a response must not exceed the platform message size limit",
  "trigger.unsplittableBatch":
    "a batch trigger's response schema must be an array, or an object with exactly one non-internal property that is an array (POWER-PLATFORM.md §5.3 splitOn)",
  "trigger.splitTargetNotArray":
    "the value the batch trigger is split on must be an array in every 200 response",
  "trigger.relativeLocation": "the Location of a polling trigger response must be an absolute URL",
  "webhook.missingLocation":
    "a webhook registration must answer with a Location header naming the webhook to DELETE (POWER-PLATFORM.md §5.4)",
  "webhook.relativeLocation": "the Location of a webhook registration must be an absolute URL",
  "webhook.foreignLocation":
    "the Location of a webhook registration must be on the connector's own host and base path, or the platform does not send the connection's credentials on DELETE",
  "webhook.missingDelete":
    "the swagger must define a DELETE operation whose path matches the registration's Location",
  "notification.schemaMismatch": "a notification must match the path's x-ms-notification-content schema",
  "notification.notJson": "a notification must be a JSON body",
  "dynamicSchema.invalid": "a dynamic schema operation must return a JSON schema object at its value path",
  "dynamicValues.invalid": "a dynamic values operation must return an array at its value collection",
} as const;

/**
 * Id of one rule in {@link CONTRACT_RULES}.
 *
 * @example
 * ```ts
 * const rule: ContractRule = "async.relativeLocation";
 * ```
 */
export type ContractRule = keyof typeof CONTRACT_RULES;

/**
 * Codes of {@link SimulatorError}s that are not contract violations.
 *
 * @example
 * ```ts
 * const code: SimulatorErrorCode = "missingInput";
 * ```
 */
export type SimulatorErrorCode =
  | "contractViolation"
  | "invalidSwagger"
  | "unknownOperation"
  | "wrongOperationKind"
  | "missingInput"
  | "unknownInput"
  | "invalidInput"
  | "invalidConnection"
  | "network"
  | "operationFailed"
  | "notificationTimeout"
  | "subscriptionStopped"
  | "pollLimit";

/**
 * Options of {@link SimulatorError}.
 *
 * @example
 * ```ts
 * const options: SimulatorErrorOptions = { operationId: "GetTicket", cause: err };
 * throw new SimulatorError("network", "GET /tickets/7 failed: connection refused", options);
 * ```
 */
export interface SimulatorErrorOptions {
  /** The operation being simulated. */
  operationId?: string | undefined;
  /** Calls made up to the failure. */
  trace?: TraceEntry[] | undefined;
  /** Underlying error. */
  cause?: unknown;
}

/**
 * Base error of the simulator: bad input, a bad swagger, a network failure, or (subclass) a contract violation.
 *
 * @example
 * ```ts
 * try { await sim.runAction("Nope", {}); } catch (e) { if (e instanceof SimulatorError) console.log(e.code); }
 * ```
 */
export class SimulatorError extends Error {
  override readonly name: string = "SimulatorError";
  /** What went wrong, machine-readable. */
  readonly code: SimulatorErrorCode;
  /** The operation being simulated, when known. */
  readonly operationId: string | undefined;
  /** Calls made up to the failure (print it with `formatTrace`). */
  readonly trace: TraceEntry[];

  constructor(code: SimulatorErrorCode, message: string, options: SimulatorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.operationId = options.operationId;
    this.trace = options.trace ?? [];
  }
}

/**
 * The server broke a Power Platform run-time contract. `rule` says which one; the message names the rule,
 * the operation and what was seen.
 *
 * @example
 * ```ts
 * await expect(sim.runAction("Export", {})).rejects.toMatchObject({ rule: "async.missingLocation" });
 * ```
 */
export class ContractViolationError extends SimulatorError {
  override readonly name: string = "ContractViolationError";
  /** The rule broken, a key of {@link CONTRACT_RULES}. */
  readonly rule: ContractRule;

  constructor(rule: ContractRule, detail: string, options: SimulatorErrorOptions = {}) {
    const op = options.operationId === undefined ? "" : ` (operation '${options.operationId}')`;
    super(
      "contractViolation",
      `Contract violation [${rule}]${op}: ${detail.replace(/\.$/, "")}. Rule: ${CONTRACT_RULES[rule]}.`,
      options,
    );
    this.rule = rule;
  }
}
