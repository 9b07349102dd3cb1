import type { ConnectionCredentials } from "./auth";
import type { CallContext, ResolvedLimits } from "./http-client";
import type { SwaggerIndex } from "./swagger-document";
import type { Clock, TraceEntry } from "./types";

/**
 * State shared by every operation of one simulator.
 * @internal
 */
export interface SimulatorCore {
  index: SwaggerIndex;
  baseUrl: string;
  clock: Clock;
  epoch: number;
  limits: ResolvedLimits;
  credentials: ConnectionCredentials;
}

/**
 * A call context for one operation with its own trace.
 * @internal
 * @example
 * ```ts
 * const ctx = contextFor(core, "GetForms", []);
 * ```
 */
export function contextFor(core: SimulatorCore, operationId: string, trace: TraceEntry[]): CallContext {
  return {
    clock: core.clock,
    epoch: core.epoch,
    limits: core.limits,
    trace,
    operationId,
    credentials: core.credentials,
    origin: new URL(core.baseUrl).origin,
  };
}
