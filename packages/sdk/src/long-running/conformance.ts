/**
 * Conformance group for long-running actions, in the shape of `testing/conformance` (one request per case).
 * The group's store is pre-seeded with jobs in every state, so status answers are deterministic; the job
 * runner never runs anything (start requests only create queued jobs).
 * @internal
 * @module
 */
import { z } from "zod";
import { ConnectorError } from "../errors/connector-error";
import type { HandlerOptions } from "../http/create-handler";
import { defineConnector } from "../operation/define-connector";
import { memoryStore } from "../store/memory-store";
import {
  CONFORMANCE_API_KEY,
  CONFORMANCE_SECRET,
  conformanceAuth,
} from "../testing/conformance/suite-connector";
import type { ConformanceGroup } from "../testing/conformance/types";
import { fingerprint } from "./fingerprint";
import { longRunning } from "./long-running";
import { jobKey } from "./run-job";
import type { JobRecord } from "./types";

const NOW = Date.UTC(2025, 0, 1);
const KEY = { "x-api-key": CONFORMANCE_API_KEY };
const JSON_HEADERS = { ...KEY, "content-type": "application/json" };
const JSON_TYPE = "application/json; charset=utf-8";
const ID = (c: string): string => c.repeat(32);
const STATUS = "/_connectorkit/jobs/ExportReport";

function conformanceLongRunningConnector() {
  const exportReport = longRunning({
    operationId: "ExportReport",
    summary: "Export a report",
    description: "Exports the monthly report.",
    method: "post",
    path: "/reports/export",
    request: { body: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }) },
    responses: { 200: z.object({ url: z.string() }) },
    retryAfter: 10,
    maxDuration: 3_600_000,
    retention: 86_400_000,
    handler: async () => {
      throw new ConnectorError("InternalServerError", { message: CONFORMANCE_SECRET });
    },
  });
  return defineConnector({
    title: "Conformance Jobs",
    description: "Long-running actions for the adapter conformance suite.",
    basePath: "/api",
    auth: conformanceAuth,
    operations: [exportReport],
  });
}

function job(id: string, patch: Partial<JobRecord>): JobRecord {
  return {
    v: 1,
    id,
    operationId: "ExportReport",
    state: "running",
    createdAt: NOW - 60_000,
    deadline: NOW - 60_000 + 3_600_000,
    retention: 86_400_000,
    attempts: 1,
    owner: fingerprint({ key: "conformance" }),
    principal: { key: "conformance" },
    input: { params: {}, query: {}, headers: {}, body: { month: "2025-01" } },
    method: "POST",
    path: "/reports/export",
    baseUrl: "https://conformance.example.com/api",
    ...patch,
  };
}

function seededOptions(): HandlerOptions {
  const store = memoryStore({ now: () => NOW });
  const seed = (record: JobRecord): void => void store.put(jobKey(record.id), record);
  seed(job(ID("R"), { progress: { percent: 40, message: "Collecting rows", at: NOW - 1000 } }));
  seed(
    job(ID("S"), {
      state: "succeeded",
      finishedAt: NOW - 1000,
      result: { status: 200, body: { url: "https://files.example.com/r.csv" } },
    }),
  );
  seed(
    job(ID("F"), {
      state: "failed",
      finishedAt: NOW - 1000,
      error: { code: "Conflict", message: "Already exporting." },
    }),
  );
  seed(job(ID("T"), { deadline: NOW - 1 }));
  seed(job(ID("O"), { owner: fingerprint({ key: "someone-else" }), principal: { key: "someone-else" } }));
  seed(
    job(ID("E"), {
      state: "succeeded",
      finishedAt: NOW - 86_400_001,
      result: { status: 200, body: { url: "x" } },
    }),
  );
  return { store, now: () => NOW, jobRunner: { schedule: () => {} }, validateResponses: true };
}

const notFound = {
  status: 404,
  headers: { "content-type": JSON_TYPE },
  json: { error: { code: "NotFound" } },
};

/**
 * Long-running conformance cases: start (202 + absolute Location + Retry-After), status of running,
 * succeeded, failed, timed-out, foreign, expired, unknown and malformed jobs, auth and validation.
 * @internal
 */
export const longRunningConformanceCases: ConformanceGroup = {
  name: "long-running actions",
  connector: conformanceLongRunningConnector,
  get options() {
    return seededOptions();
  },
  cases: [
    {
      name: "start answers 202 with an absolute Location on the base URL and Retry-After",
      request: {
        method: "POST",
        path: "/reports/export",
        headers: JSON_HEADERS,
        body: '{"month":"2025-01"}',
      },
      expect: {
        status: 202,
        headers: {
          location: /^https?:\/\/[^/]+\/api\/_connectorkit\/jobs\/ExportReport\/[A-Za-z0-9_-]{32}$/,
          "retry-after": "10",
        },
        json: { status: "queued" },
      },
      compareWithCore: false,
    },
    {
      name: "start validates the body before creating a job",
      request: { method: "POST", path: "/reports/export", headers: JSON_HEADERS, body: '{"month":"Jan"}' },
      expect: { status: 400, json: { error: { code: "BadRequest", details: [{ target: "body.month" }] } } },
    },
    {
      name: "start requires auth",
      request: { method: "POST", path: "/reports/export", body: "{}" },
      expect: { status: 401 },
    },
    {
      name: "running job: 202 with the same Location, Retry-After and progress",
      request: { method: "GET", path: `${STATUS}/${ID("R")}`, headers: KEY },
      expect: {
        status: 202,
        headers: { location: `{baseUrl}${STATUS}/${ID("R")}`, "retry-after": "10" },
        json: { status: "running", percentComplete: 40, message: "Collecting rows" },
      },
    },
    {
      name: "succeeded job: the final 200",
      request: { method: "GET", path: `${STATUS}/${ID("S")}`, headers: KEY },
      expect: { status: 200, headers: { location: null }, json: { url: "https://files.example.com/r.csv" } },
    },
    {
      name: "failed job: its error status and body",
      request: { method: "GET", path: `${STATUS}/${ID("F")}`, headers: KEY },
      expect: { status: 409, json: { error: { code: "Conflict", message: "Already exporting." } } },
    },
    {
      name: "job past maxDuration: 504",
      request: { method: "GET", path: `${STATUS}/${ID("T")}`, headers: KEY },
      expect: {
        status: 504,
        json: { error: { code: "GatewayTimeout" } },
        bodyExcludes: [CONFORMANCE_SECRET],
      },
    },
    {
      name: "another principal's job: 404",
      request: { method: "GET", path: `${STATUS}/${ID("O")}`, headers: KEY },
      expect: notFound,
    },
    {
      name: "job past retention: 404",
      request: { method: "GET", path: `${STATUS}/${ID("E")}`, headers: KEY },
      expect: notFound,
    },
    {
      name: "unknown job: 404",
      request: { method: "GET", path: `${STATUS}/${ID("U")}`, headers: KEY },
      expect: notFound,
    },
    {
      name: "malformed job id: 404",
      request: { method: "GET", path: `${STATUS}/not-a-job`, headers: KEY },
      expect: notFound,
    },
    {
      name: "status requires auth",
      request: { method: "GET", path: `${STATUS}/${ID("S")}` },
      expect: { status: 401 },
    },
  ],
};
