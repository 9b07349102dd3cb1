/**
 * Executes stored long-running jobs: claim (queued -> running), run the handler, store the outcome. Every
 * state transition is a conditional write (`ifVersion`), so two workers never both run a job and a job that
 * timed out is never overwritten by a late result.
 * @module
 */
import { randomBytes } from "node:crypto";
import { ConnectorError, toConnectorError } from "../errors/connector-error";
import { PLATFORM_MAX_BODY_BYTES } from "../http/create-handler";
import { type CompiledInput, compileInput } from "../http/input";
import type { ConnectorRequest } from "../http/types";
import type { AnyOperation, RegisteredPrincipal } from "../operation/types";
import type { ConnectorStore, StoreEntry } from "../store/types";
import { decodeInput } from "./stored-input";
import type { JobContext, JobOutcome, JobRecord, LongRunningOperation, RunJobOptions } from "./types";

/**
 * Store key prefix of jobs.
 *
 * @example
 * ```ts
 * const entry = await store.get<JobRecord>(`${JOB_KEY_PREFIX}${jobId}`);
 * const page = await store.list(JOB_KEY_PREFIX, { limit: 50 }); // the first stored jobs
 * ```
 */
export const JOB_KEY_PREFIX = "job:";
/** Job ids: 24 random bytes, base64url (32 characters, 192 bits). */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const MAX_WRITE_ATTEMPTS = 20;
const MAX_TIMER_MS = 2_147_483_647;

/** The store key of a job. @internal */
export function jobKey(jobId: string): string {
  return `${JOB_KEY_PREFIX}${jobId}`;
}

/** A fresh unguessable job id. @internal */
export function newJobId(): string {
  return randomBytes(24).toString("base64url");
}

const compiled = new WeakMap<AnyOperation, CompiledInput>();

/** Whether an operation is a long-running operation made by `longRunning()`. @internal */
export function isLongRunning(op: AnyOperation | undefined): op is LongRunningOperation {
  return op !== undefined && typeof (op as Partial<LongRunningOperation>).longRunning === "object";
}

/**
 * The milliseconds a record should live in the store from `now`, so abandoned and finished jobs disappear.
 * @internal
 */
export function ttlFor(job: JobRecord, now: number): number {
  const end = job.finishedAt !== undefined ? job.finishedAt + job.retention : job.deadline + job.retention;
  return Math.max(1, end - now);
}

/**
 * Applies `change` to a job with optimistic concurrency, re-reading on conflicts. `change` returns the new
 * record, or `undefined` to leave the job as it is.
 * @internal
 */
export async function updateJob(
  store: ConnectorStore,
  jobId: string,
  now: () => number,
  change: (job: JobRecord) => JobRecord | undefined,
): Promise<StoreEntry<JobRecord> | undefined> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const entry = await store.get<JobRecord>(jobKey(jobId));
    if (!entry) return undefined;
    const next = change(entry.value);
    if (next === undefined) return entry;
    const put = await store.put(jobKey(jobId), next, {
      ifVersion: entry.version,
      ttlMs: ttlFor(next, now()),
    });
    if (put.ok) return { key: entry.key, value: next, version: put.version };
    // Someone else wrote first. Let their write land before re-reading: a store whose reads show only durable
    // writes (fileStore) would otherwise hand back the same old version until the retries ran out.
    await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 50)));
  }
  throw new ConnectorError("ServiceUnavailable", {
    message: "The job is being updated concurrently; try again.",
  });
}

/**
 * Marks a job that passed its deadline as failed (504). Returns the record as it now stands.
 * @internal
 */
export async function expireIfDue(
  store: ConnectorStore,
  jobId: string,
  now: () => number,
): Promise<JobRecord | undefined> {
  const entry = await updateJob(store, jobId, now, (job) => {
    if (job.state !== "queued" && job.state !== "running") return undefined;
    if (now() < job.deadline) return undefined;
    return { ...job, state: "failed", finishedAt: job.deadline, error: timeoutError(job) };
  });
  return entry?.value;
}

function timeoutError(job: JobRecord): NonNullable<JobRecord["error"]> {
  return {
    code: "GatewayTimeout",
    message: `The operation did not finish within its maximum duration of ${formatMs(job.deadline - job.createdAt)}.`,
  };
}

function formatMs(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} day(s)`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour(s)`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute(s)`;
  return `${ms / 1000} second(s)`;
}

/**
 * Runs one stored job to its end: claims it (queued -> running), takes its stored, already validated input, calls the
 * operation's handler, and stores the result or error. Safe to call from any worker, any number of times:
 * only the first call that claims a queued job runs it; the others return `"skipped"`.
 *
 * @param store - the store the job was created in.
 * @param jobId - the job's id.
 * @param options - the connector (to find the operation), clock and error hook.
 * @returns how the execution ended: `succeeded`, `failed`, `timed-out`, `skipped` (already claimed or finished)
 * or `missing` (unknown or expired job).
 * @example
 * ```ts
 * // a queue worker
 * queue.on("message", async (jobId) => { await runJob(store, jobId, { connector }); });
 * ```
 */
export async function runJob(
  store: ConnectorStore,
  jobId: string,
  options: RunJobOptions,
): Promise<JobOutcome> {
  return runStoredJob(store, jobId, options, undefined);
}

/**
 * {@link runJob}, optionally with the job's parsed input already in hand (the in-process runner passes the value
 * the start request's validation produced, so nothing is decoded or parsed again).
 * @internal
 */
export async function runStoredJob(
  store: ConnectorStore,
  jobId: string,
  options: RunJobOptions,
  parsedInput: { value: unknown } | undefined,
): Promise<JobOutcome> {
  const now = options.now ?? Date.now;
  if (typeof jobId !== "string" || !JOB_ID_PATTERN.test(jobId)) return "missing";
  const runId = randomBytes(12).toString("base64url");
  const initial = await store.get<JobRecord>(jobKey(jobId));
  if (!initial) return "missing";
  if (initial.value.state !== "queued") return "skipped";
  if (now() >= initial.value.deadline) {
    await expireIfDue(store, jobId, now);
    return "timed-out";
  }
  const claimed: JobRecord = {
    ...initial.value,
    state: "running",
    runId,
    startedAt: now(),
    attempts: initial.value.attempts + 1,
  };
  const claim = await store.put(jobKey(jobId), claimed, {
    ifVersion: initial.version,
    ttlMs: ttlFor(claimed, now()),
  });
  if (!claim.ok) return "skipped";

  const job = claimed;
  const op = options.connector.byId.get(job.operationId);
  const ours = (current: JobRecord): boolean => current.state === "running" && current.runId === runId;
  const finishWith = async (patch: Pick<JobRecord, "state"> & Partial<JobRecord>): Promise<boolean> => {
    let written = false;
    await updateJob(store, jobId, now, (current) => {
      if (!ours(current)) return undefined;
      written = true;
      return { ...current, ...patch, finishedAt: now() };
    });
    return written;
  };
  const fail = async (error: unknown): Promise<JobOutcome> => {
    const e = toConnectorError(error);
    if (e.status >= 500 && options.onError) {
      try {
        options.onError(e, { operationId: job.operationId, jobId });
      } catch {
        // a throwing hook must not lose the job's outcome
      }
    }
    const stored: NonNullable<JobRecord["error"]> = { code: e.code, message: e.message };
    if (e.details && e.details.length > 0) stored.details = e.details;
    if (e.headers) stored.headers = e.headers;
    return (await finishWith({ state: "failed", error: stored })) ? "failed" : "timed-out";
  };

  if (!isLongRunning(op)) {
    return fail(
      new ConnectorError("InternalServerError", {
        message: `Operation ${job.operationId} is not a long-running operation of this connector.`,
      }),
    );
  }

  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const remaining = job.deadline - now();
    if (remaining <= 0) {
      controller.abort(new ConnectorError("GatewayTimeout", { message: timeoutError(job).message }));
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    timer.unref?.();
  };
  arm();

  try {
    let input: compiledInputResult;
    try {
      input =
        parsedInput !== undefined
          ? (parsedInput.value as compiledInputResult)
          : await storedInput(op, job, options.maxBodyBytes ?? PLATFORM_MAX_BODY_BYTES);
    } catch (error) {
      return await fail(error);
    }
    const request: ConnectorRequest = {
      method: job.method,
      path: job.path,
      query: job.input.query as ConnectorRequest["query"],
      headers: job.input.headers as ConnectorRequest["headers"],
      body: job.v === 1 ? job.input.body : (input as { body?: unknown }).body,
      baseUrl: job.baseUrl,
      signal: controller.signal,
    };
    const ctx: JobContext = {
      operationId: op.operationId,
      principal: job.principal as RegisteredPrincipal,
      baseUrl: job.baseUrl,
      request,
      platform: undefined,
      signal: controller.signal,
      jobId,
      progress: (percent, message) => reportProgress(store, jobId, now, ours, percent, message),
    };
    let result: unknown;
    try {
      result = await op.handler(input, ctx);
    } catch (error) {
      return await fail(error);
    }
    const checked = checkResult(op.operationId, result);
    if (checked instanceof ConnectorError) return await fail(checked);
    try {
      return (await finishWith({ state: "succeeded", result: checked })) ? "succeeded" : "timed-out";
    } catch (error) {
      // e.g. a body that is not JSON-serialisable
      return await fail(error);
    }
  } finally {
    if (timer) clearTimeout(timer);
  }
}

type compiledInputResult = Awaited<ReturnType<CompiledInput["parse"]>>;

/**
 * The handler input of a stored job: decoded from `input.parsed` (v2), or, for v1 records written by older
 * releases, re-parsed from the stored raw request.
 */
async function storedInput(
  op: LongRunningOperation,
  job: JobRecord,
  maxBodyBytes: number,
): Promise<compiledInputResult> {
  if (job.v !== 1) {
    const stored = job.input.parsed;
    if (!stored || typeof stored !== "object") {
      throw new ConnectorError("InternalServerError", { message: "The job's stored input is missing." });
    }
    return decodeInput(stored) as compiledInputResult;
  }
  let parser = compiled.get(op);
  if (!parser) {
    parser = compileInput(op);
    compiled.set(op, parser);
  }
  const req: ConnectorRequest = {
    method: job.method,
    path: job.path,
    query: job.input.query as ConnectorRequest["query"],
    headers: job.input.headers as ConnectorRequest["headers"],
    body: job.input.body,
    baseUrl: job.baseUrl,
  };
  return parser.parse(req, job.input.params, maxBodyBytes);
}

function checkResult(
  operationId: string,
  result: unknown,
): NonNullable<JobRecord["result"]> | ConnectorError {
  const invalid = (why: string): ConnectorError =>
    new ConnectorError("InternalServerError", {
      message: `Operation ${operationId} returned an invalid result: ${why}.`,
    });
  if (!result || typeof result !== "object") return invalid("expected { status, body? }");
  const { status, body, headers } = result as { status?: unknown; body?: unknown; headers?: unknown };
  if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599) {
    return invalid("status must be an HTTP status code of 200 or more");
  }
  if (status === 202) return invalid("a long-running handler returns its final response, not 202");
  const out: NonNullable<JobRecord["result"]> = { status };
  if (body !== undefined) out.body = body;
  if (headers !== undefined) {
    if (!headers || typeof headers !== "object") return invalid("headers must be an object of strings");
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) h[k] = String(v);
    out.headers = h;
  }
  return out;
}

async function reportProgress(
  store: ConnectorStore,
  jobId: string,
  now: () => number,
  ours: (job: JobRecord) => boolean,
  percent: number,
  message: string | undefined,
): Promise<boolean> {
  if (typeof percent !== "number" || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new TypeError(`progress percent must be a number from 0 to 100 (got ${String(percent)}).`);
  }
  if (message !== undefined && (typeof message !== "string" || message.length > 500)) {
    throw new TypeError("progress message must be a string of at most 500 characters.");
  }
  let written = false;
  await updateJob(store, jobId, now, (job) => {
    if (!ours(job)) return undefined;
    written = true;
    const progress: NonNullable<JobRecord["progress"]> = { percent, at: now() };
    if (message !== undefined) progress.message = message;
    return { ...job, progress };
  });
  return written;
}
