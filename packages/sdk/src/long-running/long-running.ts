import { principalIdentity } from "../auth/principal-fingerprint";
import { ERROR_CODES, type ErrorCode } from "../errors/codes";
import { ConnectorError, type ErrorDetail } from "../errors/connector-error";
import type { RuntimeEnv, RuntimeRoute } from "../http/create-handler";
import { errorResponse, jsonResponse } from "../http/respond";
import type { ConnectorRequest, ConnectorResponse } from "../http/types";
import type { RequestFor } from "../operation/action";
import type {
  AnyOperation,
  OperationMeta,
  OperationMethod,
  PathParamNames,
  RequestSchemas,
  ResponsesDecl,
} from "../operation/types";
import { assertOperationShape } from "../operation/validate-definition";
import { operationMeta } from "../swagger/operation-meta";
import type { EmitOperation } from "../swagger/types";
import { ACCEPTED_RESPONSE } from "./accepted";
import { constantTimeEquals, fingerprint } from "./fingerprint";
import { inProcessJobRunner } from "./job-runner";
import { expireIfDue, JOB_ID_PATTERN, jobKey, newJobId, runJob, ttlFor } from "./run-job";
import type {
  JobRecord,
  JobRunner,
  LongRunningHandler,
  LongRunningOperation,
  LongRunningTiming,
} from "./types";

/**
 * Where status routes live, below the connector's base path: `GET <basePath>/_connectorkit/jobs/<operationId>/<jobId>`.
 * The prefix is reserved: no operation of a connector with long-running operations may use it.
 *
 * @example
 * ```ts
 * const statusPath = `${JOB_STATUS_PREFIX}/ExportReport/${jobId}`; // "/_connectorkit/jobs/ExportReport/<jobId>"
 * ```
 */
export const JOB_STATUS_PREFIX = "/_connectorkit/jobs";
/**
 * The platform's longest asynchronous wait, and the largest `maxDuration`: 30 days.
 *
 * @example
 * ```ts
 * longRunning({ ...config, retryAfter: 60, maxDuration: MAX_JOB_DURATION_MS });
 * ```
 */
export const MAX_JOB_DURATION_MS = 30 * 86_400_000;
/**
 * Default time a finished job's result stays readable: 1 day.
 *
 * @example
 * ```ts
 * longRunning({ ...config, retryAfter: 30, retention: 7 * DEFAULT_JOB_RETENTION_MS }); // keep results a week
 * ```
 */
export const DEFAULT_JOB_RETENTION_MS = 86_400_000;
const MAX_RETENTION_MS = 90 * 86_400_000;

/**
 * The fields of {@link LongRunningConfig} other than `request`.
 *
 * @example
 * ```ts
 * const base: LongRunningConfigBase<"post", "/x", {}, { 200: undefined }> = {
 *   operationId: "X", summary: "X", description: "X.", method: "post", path: "/x",
 *   responses: { 200: undefined }, retryAfter: 5, handler: async () => ({ status: 200 }),
 * };
 * ```
 */
export interface LongRunningConfigBase<
  TMethod extends OperationMethod,
  TPath extends string,
  TRequest extends RequestSchemas,
  TResponses extends ResponsesDecl,
> extends OperationMeta {
  /** HTTP method (lower case) of the start request. */
  method: TMethod;
  /** Swagger-style path of the start request, below the connector's base path. */
  path: TPath;
  /**
   * Final responses by status code (the `202` is added for you and must not be declared). The final body is
   * stored between the handler's end and the engine's next poll, so it must be JSON-serialisable.
   */
  responses: TResponses;
  /** The handler, run in the background after the 202; it gets `ctx.jobId`, `ctx.progress()` and an abort signal. */
  handler: LongRunningHandler<NoInfer<TRequest>, NoInfer<TResponses>>;
  /** Seconds the engine waits between status polls (`Retry-After`), 1 to 86400. */
  retryAfter: number;
  /** Milliseconds the job may run before it fails with 504 GatewayTimeout. @default 2592000000 (30 days, also the maximum) */
  maxDuration?: number;
  /** Milliseconds a finished job's result stays readable; then its status URL answers 404. @default 86400000 (1 day) */
  retention?: number;
}

/**
 * The definition passed to {@link longRunning}: everything `action()` takes, plus timing. `request` is
 * required when the path has `{parameters}`.
 *
 * @example
 * ```ts
 * const config: LongRunningConfig<"post", "/x", {}, { 200: undefined }> = {
 *   operationId: "X", summary: "X", description: "X.", method: "post", path: "/x",
 *   responses: { 200: undefined }, retryAfter: 5, handler: async () => ({ status: 200 }),
 * };
 * ```
 */
export type LongRunningConfig<
  TMethod extends OperationMethod,
  TPath extends string,
  TRequest extends RequestSchemas,
  TResponses extends ResponsesDecl,
> = LongRunningConfigBase<TMethod, TPath, TRequest, TResponses> &
  ([PathParamNames<TPath>] extends [never]
    ? { request?: TRequest & RequestFor<TMethod, TPath, TRequest> }
    : { request: TRequest & RequestFor<TMethod, TPath, TRequest> });

/**
 * Defines a long-running action (the platform's asynchronous polling pattern). The start request is
 * authenticated and validated, the job is stored, and the answer is `202 Accepted` with `Retry-After` and an
 * absolute `Location` on the connector's own host and base path
 * (`<baseUrl>/_connectorkit/jobs/<operationId>/<jobId>`). The engine polls that URL (same connection auth)
 * and gets `202` while the job runs, then the handler's final response (validated like an action's) or its
 * error. Unknown, expired or other callers' jobs answer 404; a job past `maxDuration` answers 504.
 *
 * @param config - action definition plus `retryAfter`, `maxDuration`, `retention`.
 * @returns the operation, to list in `defineConnector`.
 * @throws TypeError for an inconsistent definition (bad timing, a declared 202, no success response).
 * @example
 * ```ts
 * import { z } from "zod";
 * import { longRunning } from "@connectorkit/sdk";
 * export const exportReport = longRunning({
 *   operationId: "ExportReport",
 *   summary: "Export a report",
 *   description: "Exports the report as CSV; this can take several minutes.",
 *   method: "post",
 *   path: "/reports/export",
 *   request: { body: z.object({ month: z.string() }) },
 *   responses: { 200: z.object({ url: z.string() }) },
 *   retryAfter: 30,
 *   handler: async ({ body }, ctx) => {
 *     await ctx.progress(10, `Collecting ${body.month}`);
 *     return { status: 200, body: { url: "https://files.contoso.com/report.csv" } };
 *   },
 * });
 * ```
 */
export function longRunning<
  TMethod extends OperationMethod,
  const TPath extends string,
  TRequest extends RequestSchemas = {},
  const TResponses extends ResponsesDecl = ResponsesDecl,
>(
  config: LongRunningConfig<TMethod, TPath, TRequest, TResponses>,
): LongRunningOperation<TRequest, TResponses> {
  const { method, request, retryAfter, maxDuration, retention, ...rest } = config as LongRunningConfigBase<
    TMethod,
    TPath,
    TRequest,
    TResponses
  > & { request?: TRequest };
  const where = `Operation "${String(config.operationId)}"`;
  const timing: LongRunningTiming = Object.freeze({
    retryAfter: checkInt(where, "retryAfter", retryAfter, 1, 86_400, "seconds"),
    maxDuration: checkInt(
      where,
      "maxDuration",
      maxDuration ?? MAX_JOB_DURATION_MS,
      1000,
      MAX_JOB_DURATION_MS,
      "milliseconds",
    ),
    retention: checkInt(
      where,
      "retention",
      retention ?? DEFAULT_JOB_RETENTION_MS,
      1000,
      MAX_RETENTION_MS,
      "milliseconds",
    ),
  });
  if (typeof config.handler !== "function") throw new TypeError(`${where}: handler must be a function.`);
  const responses = config.responses as ResponsesDecl;
  if (responses && typeof responses === "object") {
    if (Object.hasOwn(responses, 202)) {
      throw new TypeError(
        `${where}: do not declare 202; longRunning() answers 202 with Location and Retry-After itself.`,
      );
    }
    if (!Object.keys(responses).some((s) => Number(s) >= 200 && Number(s) <= 299)) {
      throw new TypeError(`${where}: declare the final success response (e.g. 200) in responses.`);
    }
  }
  const operation = {
    ...rest,
    kind: "action" as const,
    method: method.toUpperCase() as Uppercase<OperationMethod>,
    request: (request ?? {}) as TRequest,
    longRunning: timing,
  } as LongRunningOperation<TRequest, TResponses>;
  const wide = operation as unknown as LongRunningOperation;
  assertOperationShape(wide);
  Object.defineProperty(operation, "~routes", {
    value: (env: RuntimeEnv) => longRunningRoutes(wide, env),
    enumerable: false,
  });
  Object.defineProperty(operation, "~emit", { value: () => [emitEntry(wide)], enumerable: false });
  return Object.freeze(operation);
}

function checkInt(
  where: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  unit: string,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(
      `${where}: ${name} must be an integer from ${min} to ${max} ${unit} (got ${String(value)}).`,
    );
  }
  return value;
}

/** The status path of a job, below the base path. @internal */
export function jobStatusPath(operationId: string, jobId: string): string {
  return `${JOB_STATUS_PREFIX}/${operationId}/${jobId}`;
}

function emitEntry(op: LongRunningOperation): EmitOperation {
  return {
    method: op.method,
    path: op.path,
    meta: operationMeta(op),
    request: op.request,
    responses: { ...op.responses, 202: ACCEPTED_RESPONSE },
  };
}

const defaultRunners = new WeakMap<RuntimeEnv, JobRunner>();

function runnerFor(env: RuntimeEnv): JobRunner {
  if (env.jobRunner) return env.jobRunner;
  let runner = defaultRunners.get(env);
  if (!runner) {
    runner = inProcessJobRunner();
    defaultRunners.set(env, runner);
  }
  return runner;
}

function assertNoReservedPaths(op: LongRunningOperation, operations: readonly AnyOperation[]): void {
  for (const other of operations) {
    const p = other.path.toLowerCase();
    if (p === "/_connectorkit" || p.startsWith("/_connectorkit/")) {
      throw new TypeError(
        `Operation "${other.operationId}" uses the path ${other.path}, but ${JOB_STATUS_PREFIX}/… is reserved for the status URLs of long-running operations such as "${op.operationId}". Choose another path.`,
      );
    }
  }
}

function notFound(): ConnectorError {
  return new ConnectorError("NotFound", {
    message: "No such job: it does not exist, has expired, or belongs to another connection.",
  });
}

function pick(
  req: ConnectorRequest,
  schema: RequestSchemas["query"],
  from: "query" | "headers",
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!schema) return out;
  const source = req[from] ?? {};
  for (const key of Object.keys(schema.shape)) {
    const name = from === "headers" ? key.toLowerCase() : key;
    const value = (source as Record<string, unknown>)[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function longRunningRoutes(op: LongRunningOperation, env: RuntimeEnv): RuntimeRoute[] {
  assertNoReservedPaths(op, env.connector.operations);
  const runner = runnerFor(env);
  const timing = op.longRunning;

  const start: RuntimeRoute = {
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    async run(req, params) {
      const principal = await env.authenticate(req);
      await env.parseInput(op, req, params);
      const now = env.now();
      const jobId = newJobId();
      const record: JobRecord = {
        v: 1,
        id: jobId,
        operationId: op.operationId,
        state: "queued",
        createdAt: now,
        deadline: now + timing.maxDuration,
        retention: timing.retention,
        attempts: 0,
        owner: principal === undefined ? null : fingerprint(principalIdentity(principal)),
        principal: principal === undefined ? null : principal,
        input: {
          params: { ...params },
          query: pick(req, op.request.query, "query"),
          headers: pick(req, op.request.headers, "headers"),
          body: await env.readBody(op, req),
        },
        method: op.method,
        path: req.path,
        baseUrl: req.baseUrl,
      };
      let put: Awaited<ReturnType<typeof env.store.put>>;
      try {
        put = await env.store.put(jobKey(jobId), record, { ifVersion: null, ttlMs: ttlFor(record, now) });
      } catch (error) {
        if (error instanceof TypeError) {
          throw new ConnectorError("InternalServerError", {
            message: "The job could not be stored.",
            cause: error,
          });
        }
        throw error;
      }
      if (!put.ok)
        throw new ConnectorError("ServiceUnavailable", { message: "Could not create the job; try again." });
      const synthetic: ConnectorRequest = {
        method: op.method,
        path: req.path,
        query: {},
        headers: {},
        baseUrl: req.baseUrl,
      };
      try {
        await runner.schedule({
          jobId,
          operationId: op.operationId,
          run: () =>
            runJob(env.store, jobId, {
              connector: env.connector,
              now: env.now,
              maxBodyBytes: env.maxBodyBytes,
              onError: (error) => env.report(error, op.operationId, synthetic),
            }),
        });
      } catch (error) {
        await env.store.delete(jobKey(jobId)).catch(() => false);
        env.report(error, op.operationId, req);
        throw new ConnectorError("ServiceUnavailable", {
          message: "The job could not be scheduled; try again.",
          cause: error,
        });
      }
      return jsonResponse(
        202,
        { jobId, status: "queued" },
        {
          location: `${req.baseUrl}${jobStatusPath(op.operationId, jobId)}`,
          "retry-after": String(timing.retryAfter),
        },
      );
    },
  };

  const status: RuntimeRoute = {
    method: "GET",
    path: `${JOB_STATUS_PREFIX}/${op.operationId}/{jobId}`,
    operationId: op.operationId,
    async run(req, params): Promise<ConnectorResponse> {
      const principal = await env.authenticate(req);
      const jobId = params["jobId"] ?? "";
      if (!JOB_ID_PATTERN.test(jobId)) throw notFound();
      const job = await expireIfDue(env.store, jobId, env.now);
      if (job?.v !== 1 || job.operationId !== op.operationId) throw notFound();
      if (job.owner !== null) {
        if (
          principal === undefined ||
          !constantTimeEquals(job.owner, fingerprint(principalIdentity(principal)))
        )
          throw notFound();
      }
      if (job.finishedAt !== undefined && env.now() >= job.finishedAt + job.retention) {
        await env.store.delete(jobKey(jobId)).catch(() => false);
        throw notFound();
      }
      if (job.state === "queued" || job.state === "running") {
        const body: Record<string, unknown> = { jobId, status: job.state };
        if (job.progress) {
          body["percentComplete"] = job.progress.percent;
          if (job.progress.message !== undefined) body["message"] = job.progress.message;
        }
        return jsonResponse(202, body, {
          location: `${req.baseUrl}${jobStatusPath(op.operationId, jobId)}`,
          "retry-after": String(timing.retryAfter),
        });
      }
      if (job.state === "succeeded" && job.result) return env.finish(op, job.result);
      const stored = job.error ?? { code: "InternalServerError", message: "The job failed." };
      const code: ErrorCode = Object.hasOwn(ERROR_CODES, stored.code)
        ? (stored.code as ErrorCode)
        : "InternalServerError";
      const options: { message: string; details?: ErrorDetail[]; headers?: Record<string, string> } = {
        message: stored.message,
      };
      if (Array.isArray(stored.details)) options.details = stored.details as ErrorDetail[];
      if (stored.headers) options.headers = stored.headers;
      return errorResponse(new ConnectorError(code, options));
    },
  };
  return [start, status];
}
