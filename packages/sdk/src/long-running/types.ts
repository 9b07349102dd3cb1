/**
 * Types of long-running actions (the 202 + Location + Retry-After "job-style" pattern).
 * @module
 */

import type { ConnectorError } from "../errors/connector-error";
import type { Connector } from "../operation/define-connector";
import type {
  HandlerContext,
  HandlerResult,
  OperationBase,
  OperationInput,
  RequestSchemas,
  ResponsesDecl,
} from "../operation/types";

/**
 * The second argument of a long-running handler: the usual handler context plus the job's id and a progress
 * reporter. `request` is a copy of the start request without credentials (the handler runs after the 202 was
 * sent, possibly in another process): declared query and header values only, and the validated body rather than
 * the raw one; `signal` aborts when the job passes its `maxDuration`.
 *
 * @example
 * ```ts
 * handler: async (input, ctx) => {
 *   await ctx.progress(50, "Half of the rows exported");
 *   return { status: 200, body: { url: "https://files.contoso.com/r.csv" } };
 * }
 * ```
 */
export interface JobContext extends HandlerContext {
  /** The job's id (the last segment of the status URL). */
  readonly jobId: string;
  /** Aborted when the job passes its `maxDuration` (the status URL then answers 504). */
  readonly signal: AbortSignal;
  /**
   * Records progress, shown in the body of the status URL's 202 answers.
   * @param percent - 0 to 100.
   * @param message - optional short text (at most 500 characters).
   * @returns resolves once stored; resolves `false` when the job is no longer running (timed out).
   */
  progress(percent: number, message?: string): Promise<boolean>;
}

/**
 * A long-running handler: parsed input in, a declared (final) response out. It may take up to `maxDuration`.
 *
 * @example
 * ```ts
 * const h: LongRunningHandler<{}, { 200: typeof Report }> = async (_input, ctx) => ({ status: 200, body: { rows: 1 } });
 * ```
 */
export type LongRunningHandler<TRequest extends RequestSchemas, TResponses extends ResponsesDecl> = (
  input: OperationInput<TRequest>,
  ctx: JobContext,
) => Promise<HandlerResult<TResponses>> | HandlerResult<TResponses>;

/**
 * Timing and job settings of a long-running operation, with defaults applied.
 *
 * @example
 * ```ts
 * const t: LongRunningTiming = {
 *   retryAfter: 10, maxDuration: 3_600_000, retention: 86_400_000,
 *   maxInputBytes: 262_144, resumable: false, maxAttempts: 3,
 * };
 * ```
 */
export interface LongRunningTiming {
  /** Seconds the engine waits between status polls (`Retry-After`). */
  readonly retryAfter: number;
  /** Milliseconds a job may run before it fails with 504. */
  readonly maxDuration: number;
  /** Milliseconds a finished job's result stays readable; then its status URL answers 404. */
  readonly retention: number;
  /** Largest validated input (UTF-8 bytes of JSON) a job keeps; a larger start request answers 413. */
  readonly maxInputBytes: number;
  /**
   * Whether a job interrupted by the death of its process is run again (from its stored input) rather than
   * failed with `JobInterrupted`. Only for handlers that are safe to run twice.
   */
  readonly resumable: boolean;
  /** Runs a resumable job gets in all before an interruption fails it with `JobInterrupted`. */
  readonly maxAttempts: number;
}

/**
 * A long-running action made by `longRunning()`.
 *
 * @example
 * ```ts
 * const op: LongRunningOperation = exportReport;
 * ```
 */
export interface LongRunningOperation<
  TRequest extends RequestSchemas = RequestSchemas,
  TResponses extends ResponsesDecl = ResponsesDecl,
> extends OperationBase {
  readonly kind: "action";
  readonly request: TRequest;
  readonly responses: TResponses;
  /** The typed handler, run in the background. */
  readonly handler: LongRunningHandler<TRequest, TResponses>;
  /** Timing, with defaults applied. */
  readonly longRunning: LongRunningTiming;
}

/**
 * The lifecycle state of a job.
 *
 * @example
 * ```ts
 * const entry = await store.get<JobRecord>(`job:${jobId}`);
 * const state: JobState | undefined = entry?.value.state; // "queued" | "running" | "succeeded" | "failed"
 * ```
 */
export type JobState = "queued" | "running" | "succeeded" | "failed";

/**
 * A job as stored under `job:<id>` (JSON). Exposed for store implementers and workers; treat as opaque.
 *
 * @example
 * ```ts
 * const entry = await store.get<JobRecord>(`job:${jobId}`);
 * entry?.value.state; // "running"
 * ```
 */
export interface JobRecord {
  /**
   * Record format version. 2: `input.parsed` holds the validated input. 1 (older releases): `input.body` holds
   * the raw body, re-validated when the job runs; still read and run.
   */
  v: 1 | 2;
  id: string;
  operationId: string;
  state: JobState;
  createdAt: number;
  /** `createdAt + maxDuration`. */
  deadline: number;
  /** Milliseconds a finished job stays readable. */
  retention: number;
  startedAt?: number;
  finishedAt?: number;
  /** Id of the run that claimed the job (guards against two workers running it). */
  runId?: string;
  attempts: number;
  /** SHA-256 fingerprint of the caller's principal; `null` when the connector has no auth. */
  owner: string | null;
  /** The caller's principal (JSON), given to the handler as `ctx.principal`. */
  principal: unknown;
  /**
   * The start request's inputs. `params`, `query` and `headers` are the raw values of declared keys only (never
   * credentials), for `ctx.request`; `parsed` (v2) is the output of the request schemas, unknown fields stripped,
   * which the handler gets. `body` is the raw body of v1 records only.
   */
  input: {
    params: Record<string, string>;
    query: Record<string, unknown>;
    headers: Record<string, unknown>;
    body?: unknown;
    parsed?: { json: unknown; dates?: (string | number)[][] };
  };
  /**
   * The in-process runner instance that owns a queued or running job (see `inProcessJobRunner`): when that
   * instance is gone, the job was interrupted. Absent for jobs scheduled elsewhere (queues).
   */
  runner?: string;
  method: string;
  path: string;
  baseUrl: string;
  progress?: { percent: number; message?: string; at: number };
  /** The handler's result (validated against the declared responses when read). */
  result?: { status: number; body?: unknown; headers?: Record<string, string> };
  /** The error the job failed with. */
  error?: { code: string; message: string; details?: unknown[]; headers?: Record<string, string> };
}

/**
 * A job handed to a {@link JobRunner}.
 *
 * @example
 * ```ts
 * const runner: JobRunner = { schedule: (job: ScheduledJob) => void queue.send(job.jobId) };
 * ```
 */
export interface ScheduledJob {
  readonly jobId: string;
  readonly operationId: string;
  /** Runs the job in this process now (what the in-process runner does). Same as `runJob(store, jobId, ...)`. */
  run(): Promise<JobOutcome>;
}

/**
 * Where long-running handlers execute. The default runs them in this process after the 202 is sent; on
 * serverless hosts, where work after the response is not reliable, schedule to a durable queue instead and
 * have a worker call `runJob(store, jobId, { connector })`.
 *
 * @example
 * ```ts
 * const queueRunner: JobRunner = { async schedule(job) { await queue.sendMessage(job.jobId); } };
 * createHandler(connector, { jobRunner: queueRunner });
 * ```
 */
export interface JobRunner {
  /**
   * Arranges for the job to run. Called after the job is stored and before the 202 is sent; a rejection fails
   * the start request with 503 and removes the job.
   */
  schedule(job: ScheduledJob): void | Promise<void>;
}

/**
 * What {@link JobRunner} executions end with.
 *
 * @example
 * ```ts
 * const outcome: JobOutcome = await runJob(store, jobId, { connector });
 * if (outcome === "missing") console.warn(`job ${jobId} is unknown or expired`);
 * ```
 */
export type JobOutcome = "succeeded" | "failed" | "timed-out" | "skipped" | "missing";

/**
 * Options of `runJob`.
 *
 * @example
 * ```ts
 * await runJob(store, jobId, { connector });
 * ```
 */
export interface RunJobOptions {
  /** The connector whose long-running operation the job belongs to. */
  connector: Connector;
  /** Clock in epoch milliseconds (use the same one as the handler). @default Date.now */
  now?: () => number;
  /** Largest start body accepted when the raw input of a v1 record (older releases) is re-parsed. @default 3182218 */
  maxBodyBytes?: number;
  /** Called when the handler fails with a 5xx (or a non-ConnectorError). */
  onError?: (error: ConnectorError, info: { operationId: string; jobId: string }) => void;
}
