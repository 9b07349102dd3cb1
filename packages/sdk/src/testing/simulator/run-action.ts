import { buildRequest, normalizeInputs } from "./build-request";
import { contextFor, type SimulatorCore } from "./core";
import { ContractViolationError, SimulatorError } from "./errors";
import { type CallContext, isAbsoluteUrl, parseRetryAfter, type SimResponse, send } from "./http-client";
import { checkResponse } from "./responses";
import { formatDuration } from "./trace";
import type { ActionResult, OperationInputs } from "./types";

/**
 * Options of one action run.
 *
 * @example
 * ```ts
 * const options: RunActionOptions = { disableAsyncPattern: true };
 * ```
 */
export interface RunActionOptions {
  /** Return the first 202 as the result instead of polling its Location (the platform's `DisableAsyncPattern`). */
  disableAsyncPattern?: boolean;
}

/**
 * Runs an action: build the request, send it, follow the 202/Location/Retry-After loop, check the final
 * response against its declared schema.
 * @internal
 * @example
 * ```ts
 * await runActionWith(core, "GetForms", {});
 * ```
 */
export async function runActionWith(
  core: SimulatorCore,
  operationId: string,
  inputs: OperationInputs,
  options: RunActionOptions = {},
): Promise<ActionResult> {
  const info = core.index.operation(operationId);
  const trace: ActionResult["trace"] = [];
  const ctx = contextFor(core, operationId, trace);
  const request = buildRequest(core.index, info, normalizeInputs(core.index, info, inputs), core.baseUrl);
  let res = await send(ctx, request);
  if (options.disableAsyncPattern !== true) res = await followAsync(ctx, res);
  checkResponse(core.index, info, res, trace);
  return {
    status: res.status,
    headers: res.headers,
    body: res.body,
    succeeded: res.status >= 200 && res.status <= 299,
    trace,
  };
}

async function followAsync(ctx: CallContext, first: SimResponse): Promise<SimResponse> {
  let res = first;
  const start = ctx.clock.now();
  let polls = 0;
  while (res.status === 202) {
    const location = res.headers["location"];
    const last = ctx.trace[ctx.trace.length - 1];
    if (location === undefined || location.trim() === "") {
      throw new ContractViolationError(
        "async.missingLocation",
        `${last?.method} ${last?.url} answered 202 without a Location header`,
        { operationId: ctx.operationId, trace: ctx.trace },
      );
    }
    if (!isAbsoluteUrl(location)) {
      throw new ContractViolationError(
        "async.relativeLocation",
        `${last?.method} ${last?.url} answered 202 with the relative Location '${location}'`,
        { operationId: ctx.operationId, trace: ctx.trace },
      );
    }
    const retryAfter = parseRetryAfter(res.headers["retry-after"]);
    const wait = retryAfter ?? ctx.limits.defaultRetryAfterMs;
    const elapsed = ctx.clock.now() - start;
    if (elapsed + wait > ctx.limits.asyncTimeoutMs) {
      throw new ContractViolationError(
        "timeout.async",
        `the action was still running (202) after ${formatDuration(elapsed)}; the next poll would pass the asynchronous limit of ${formatDuration(ctx.limits.asyncTimeoutMs)} (ActionTimedOut)`,
        { operationId: ctx.operationId, trace: ctx.trace },
      );
    }
    polls += 1;
    if (polls > ctx.limits.maxStatusPolls) {
      throw new SimulatorError(
        "pollLimit",
        `Operation '${ctx.operationId}' was still answering 202 after ${ctx.limits.maxStatusPolls} status polls (limits.maxStatusPolls).`,
        { operationId: ctx.operationId, trace: ctx.trace },
      );
    }
    await ctx.clock.sleep(wait);
    const why = retryAfter === undefined ? "no Retry-After, engine default" : "Retry-After";
    res = await send(
      ctx,
      { method: "GET", url: location, headers: {}, body: undefined },
      `status poll ${polls}, waited ${formatDuration(wait)} (${why})`,
    );
  }
  return res;
}
