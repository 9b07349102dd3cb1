import { buildRequest, normalizeInputs } from "./build-request";
import { contextFor, type SimulatorCore } from "./core";
import { ContractViolationError, SimulatorError } from "./errors";
import { appendNote, isAbsoluteUrl, parseRetryAfter, send } from "./http-client";
import { checkResponse } from "./responses";
import { computeSplitOn, type SplitOn } from "./split-on";
import { findNotificationUrl } from "./subscribe-webhook";
import { readPath } from "./swagger-document";
import { formatDuration } from "./trace";
import type { OperationInputs, PollRecord, PollResult, TriggerRun } from "./types";

/**
 * Options of {@link Simulator.pollTrigger}.
 *
 * @example
 * ```ts
 * const options: PollTriggerOptions = { maxPolls: 5, untilRuns: 2, recurrenceMs: 60_000 };
 * ```
 */
export interface PollTriggerOptions {
  /**
   * Number of polls to make (the loop's bound).
   * @default 10
   */
  maxPolls?: number;
  /** Stop as soon as this many runs have started. */
  untilRuns?: number;
  /**
   * The trigger's recurrence: the wait between polls when a response has no Retry-After.
   * @default 180000 (3 minutes)
   */
  recurrenceMs?: number;
}

const MAX_POLLS_LIMIT = 100_000;

/**
 * Runs the polling trigger loop like the engine (POWER-PLATFORM.md §5.3).
 * @internal
 * @example
 * ```ts
 * await pollTriggerWith(core, "OnNewIssue", { projectKey: "P" }, { maxPolls: 3 });
 * ```
 */
export async function pollTriggerWith(
  core: SimulatorCore,
  operationId: string,
  inputs: OperationInputs,
  options: PollTriggerOptions = {},
): Promise<PollResult> {
  const info = core.index.operation(operationId);
  if (info.trigger === undefined) {
    throw new SimulatorError(
      "wrongOperationKind",
      `Operation '${operationId}' has no x-ms-trigger: it is an action.`,
      {
        operationId,
      },
    );
  }
  if (info.notificationContent !== undefined || findNotificationUrl(core.index, info) !== undefined) {
    throw new SimulatorError(
      "wrongOperationKind",
      `Operation '${operationId}' is a webhook trigger; use subscribeWebhook() instead of pollTrigger().`,
      { operationId },
    );
  }
  const maxPolls = bounded("maxPolls", options.maxPolls ?? 10, 1, MAX_POLLS_LIMIT, operationId);
  const untilRuns =
    options.untilRuns === undefined ? Infinity : bounded("untilRuns", options.untilRuns, 1, 1e9, operationId);
  const recurrenceMs = bounded("recurrenceMs", options.recurrenceMs ?? 180_000, 0, 1e12, operationId);
  const split: SplitOn | undefined = info.trigger === "batch" ? computeSplitOn(core.index, info) : undefined;

  const trace: PollResult["trace"] = [];
  const ctx = contextFor(core, operationId, trace);
  const first = buildRequest(core.index, info, normalizeInputs(core.index, info, inputs), core.baseUrl);
  let url = first.url;
  const runs: TriggerRun[] = [];
  const polls: PollRecord[] = [];
  let wait = 0;

  for (let i = 0; i < maxPolls && runs.length < untilRuns; i++) {
    if (i > 0) await core.clock.sleep(wait);
    const isFirstUrl = url === first.url;
    const note = i === 0 ? "poll 1 (no trigger state)" : `poll ${i + 1}, waited ${formatDuration(wait)}`;
    const res = await send(
      ctx,
      isFirstUrl ? first : { method: "GET", url, headers: first.headers, body: undefined },
      note,
    );
    const entry = trace[trace.length - 1];
    const location = res.headers["location"];
    if (location !== undefined && res.status >= 200 && res.status <= 299 && !isAbsoluteUrl(location)) {
      throw new ContractViolationError(
        "trigger.relativeLocation",
        `poll ${i + 1} answered ${res.status} with the relative Location '${location}'`,
        { operationId, trace },
      );
    }
    const retryAfter = parseRetryAfter(res.headers["retry-after"]);
    let fired = 0;
    if (res.status === 202) {
      appendNote(entry, "no new data, no run");
      url = location ?? first.url;
    } else if (res.status >= 200 && res.status <= 299) {
      checkResponse(core.index, info, res, trace);
      const items = split === undefined ? [res.body] : readPath(res.body, split.path.join("/"));
      if (!Array.isArray(items)) {
        throw new ContractViolationError(
          "trigger.splitTargetNotArray",
          `poll ${i + 1}: ${split?.expression} evaluated to ${items === undefined ? "nothing" : JSON.stringify(items).slice(0, 80)}, not an array`,
          { operationId, trace },
        );
      }
      for (const item of items) runs.push({ body: item, headers: res.headers, poll: i });
      fired = items.length;
      appendNote(entry, `fired ${fired} run${fired === 1 ? "" : "s"}`);
      url = location ?? first.url;
    } else {
      appendNote(entry, `poll failed (${res.status}), no run; next poll at the recurrence`);
    }
    wait = res.status >= 200 && res.status <= 299 && retryAfter !== undefined ? retryAfter : recurrenceMs;
    polls.push({ url: entry?.url ?? url, status: res.status, runs: fired, waitMs: wait });
  }
  return { runs, polls, nextUrl: url, splitOn: split?.expression, trace };
}

function bounded(name: string, value: number, min: number, max: number, operationId: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new SimulatorError(
      "invalidInput",
      `Option '${name}' must be a number between ${min} and ${max}, got ${value}.`,
      {
        operationId,
      },
    );
  }
  return value;
}
