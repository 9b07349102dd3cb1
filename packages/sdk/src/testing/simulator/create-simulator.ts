import { toCredentials } from "./auth";
import { realClock } from "./clock";
import type { SimulatorCore } from "./core";
import {
  type DynamicSchemaOptions,
  type DynamicValuesOptions,
  resolveDynamicSchemaWith,
  resolveDynamicValuesWith,
} from "./dynamic";
import { SimulatorError } from "./errors";
import type { ResolvedLimits } from "./http-client";
import { isAbsoluteUrl } from "./http-client";
import { type PollTriggerOptions, pollTriggerWith } from "./poll-trigger";
import { type RunActionOptions, runActionWith } from "./run-action";
import { type SubscribeWebhookOptions, subscribeWebhookWith } from "./subscribe-webhook";
import { checkSwagger, own, parseSwagger, SwaggerIndex } from "./swagger-document";
import type {
  ActionResult,
  Clock,
  DynamicValue,
  OperationInputs,
  PollResult,
  SimulatorConnection,
  SimulatorLimits,
  SwaggerDocument,
  WebhookSubscription,
} from "./types";

/**
 * Options of {@link createSimulator}.
 *
 * @example
 * ```ts
 * const options: SimulatorOptions = { swagger, baseUrl: "http://127.0.0.1:3000", connection: { apiKey: "k" } };
 * ```
 */
export interface SimulatorOptions {
  /** The connector's `apiDefinition.swagger.json`, parsed or as text (BOM and trailing commas accepted). */
  swagger: SwaggerDocument | string;
  /**
   * Where the API runs. Replaces the swagger's `schemes`/`host`/`basePath` entirely (include the base path
   * yourself if the server mounts one).
   * @default `${schemes[0]}://${host}${basePath}` from the swagger
   */
  baseUrl?: string;
  /** The user's connection: API key, Basic or Bearer token, plus fixed headers. */
  connection?: SimulatorConnection;
  /**
   * Time source for Retry-After and recurrence waits; use `virtualClock()` in tests.
   * @default realClock()
   */
  clock?: Clock;
  /** Platform limits; each field has the platform's value as default. */
  limits?: SimulatorLimits;
}

/**
 * A flow engine stand-in bound to one swagger and one running API.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ swagger, baseUrl, clock: virtualClock() });
 * const result = await sim.runAction("GetForms", {});
 * ```
 */
export interface Simulator {
  /** The base URL calls go to. */
  readonly baseUrl: string;
  /**
   * Runs an action like a flow step: builds the request from the swagger, sends the connection's
   * credentials, follows 202/Location/Retry-After until a non-202, and checks the final 2xx body against the
   * declared schema. Non-2xx results are returned with `succeeded: false`; contract breaches throw
   * `ContractViolationError`.
   */
  runAction(operationId: string, inputs?: OperationInputs, options?: RunActionOptions): Promise<ActionResult>;
  /**
   * Runs a polling trigger's recurrence: first call without state, then the Location of each answer
   * (202 = no run, 2xx = runs; a `batch` body is split with the designer's splitOn rule).
   */
  pollTrigger(
    operationId: string,
    inputs?: OperationInputs,
    options?: PollTriggerOptions,
  ): Promise<PollResult>;
  /**
   * Registers a webhook trigger with a local callback receiver in the `x-ms-notification-url` property and
   * checks the registration's Location against the swagger's DELETE operations.
   */
  subscribeWebhook(
    operationId: string,
    inputs?: OperationInputs,
    options?: SubscribeWebhookOptions,
  ): Promise<WebhookSubscription>;
  /**
   * What the designer shows in the dropdown of a parameter (`name`) or body property (`prop`,
   * `bodyParam/prop/sub`) carrying `x-ms-dynamic-values` or `x-ms-dynamic-list`.
   */
  resolveDynamicValues(
    operationId: string,
    parameterPath: string,
    inputs?: OperationInputs,
    options?: DynamicValuesOptions,
  ): Promise<DynamicValue[]>;
  /**
   * The schema the designer discovers through `x-ms-dynamic-schema` / `x-ms-dynamic-properties` on
   * `"response"`, `"notification"` (webhook payload) or a body parameter/property path.
   * Resolves `null` when the operation reports an empty schema.
   */
  resolveDynamicSchema(
    operationId: string,
    where: string,
    inputs?: OperationInputs,
    options?: DynamicSchemaOptions,
  ): Promise<Record<string, unknown> | null>;
}

const DEFAULT_LIMITS: ResolvedLimits = {
  syncTimeoutMs: 120_000,
  asyncTimeoutMs: 30 * 24 * 3600 * 1000,
  defaultRetryAfterMs: 1000,
  maxResponseBytes: 100 * 1024 * 1024,
  maxStatusPolls: 10_000,
};

/**
 * Creates a flow simulator for a connector's swagger — one emitted by this SDK or any other connector's.
 *
 * @param options - Swagger, base URL, connection, clock and limits.
 * @returns The simulator.
 * @throws SimulatorError `invalidSwagger` / `invalidConnection` / `invalidInput` for bad options.
 *
 * @example
 * ```ts
 * import { createSimulator, virtualClock, formatTrace } from "@connectorkit/sdk/testing";
 *
 * const sim = createSimulator({ swagger, baseUrl: "http://127.0.0.1:3000", connection: { apiKey: "k" }, clock: virtualClock() });
 * const result = await sim.runAction("ExportReport", { format: "pdf" });
 * console.log(result.status, formatTrace(result.trace));
 * ```
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const doc =
    typeof options.swagger === "string" ? parseSwagger(options.swagger) : checkSwagger(options.swagger);
  const index = new SwaggerIndex(doc);
  const baseUrl = resolveBaseUrl(doc, options.baseUrl);
  const clock = options.clock ?? realClock();
  const limits = resolveLimits(options.limits);
  const core: SimulatorCore = {
    index,
    baseUrl,
    clock,
    epoch: clock.now(),
    limits,
    credentials: toCredentials(index, options.connection),
  };
  return {
    baseUrl,
    runAction: (operationId, inputs = {}, opts) => runActionWith(core, operationId, inputs, opts),
    pollTrigger: (operationId, inputs = {}, opts) => pollTriggerWith(core, operationId, inputs, opts),
    subscribeWebhook: (operationId, inputs = {}, opts) =>
      subscribeWebhookWith(core, operationId, inputs, opts),
    resolveDynamicValues: (operationId, parameterPath, inputs = {}, opts) =>
      resolveDynamicValuesWith(core, operationId, parameterPath, inputs, opts),
    resolveDynamicSchema: (operationId, where, inputs = {}, opts) =>
      resolveDynamicSchemaWith(core, operationId, where, inputs, opts),
  };
}

function resolveBaseUrl(doc: SwaggerDocument, baseUrl: string | undefined): string {
  if (baseUrl !== undefined) {
    if (!isAbsoluteUrl(baseUrl)) {
      throw new SimulatorError("invalidInput", `baseUrl must be an absolute http(s) URL, got '${baseUrl}'.`);
    }
    return baseUrl.replace(/\/+$/, "");
  }
  const host = own(doc, "host");
  const schemes = own(doc, "schemes");
  const scheme =
    Array.isArray(schemes) && schemes.includes("https")
      ? "https"
      : Array.isArray(schemes)
        ? String(schemes[0] ?? "https")
        : "https";
  const basePath = typeof own(doc, "basePath") === "string" ? (own(doc, "basePath") as string) : "";
  const url = `${scheme}://${String(host)}${basePath}`;
  if (typeof host !== "string" || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host) || !isAbsoluteUrl(url)) {
    throw new SimulatorError(
      "invalidSwagger",
      `The swagger's host ${JSON.stringify(host ?? null)} does not form a URL; pass the 'baseUrl' option.`,
    );
  }
  return url.replace(/\/+$/, "");
}

function resolveLimits(limits: SimulatorLimits | undefined): ResolvedLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) {
      throw new SimulatorError(
        "invalidInput",
        `Unknown limit '${key}'. Known: ${Object.keys(DEFAULT_LIMITS).join(", ")}.`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new SimulatorError(
        "invalidInput",
        `Limit '${key}' must be a positive number, got ${String(value)}.`,
      );
    }
    out[key as keyof ResolvedLimits] = value;
  }
  return out;
}
