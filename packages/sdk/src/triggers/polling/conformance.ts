/**
 * Conformance group for polling triggers, in the shape of `testing/conformance`. States are deterministic
 * (same secret, same cursor, same parameters), so every answer can be compared byte for byte with the core.
 * @internal
 * @module
 */
import { z } from "zod";
import { principalFingerprint } from "../../auth/principal-fingerprint";
import { fingerprint } from "../../long-running/fingerprint";
import { defineConnector } from "../../operation/define-connector";
import { CONFORMANCE_API_KEY, conformanceAuth } from "../../testing/conformance/suite-connector";
import type { ConformanceGroup } from "../../testing/conformance/types";
import { pollingTrigger } from "./polling-trigger";
import { createKeyring } from "./state-token";

const SECRET = "conformance-polling-secret-0123456789abcdef";
const KEY = { "x-api-key": CONFORMANCE_API_KEY };
const TICKETS = [1, 2, 3, 4].map((seq) => ({ seq, title: `Ticket ${seq}` }));
const keyring = createKeyring(SECRET);
const binding = fingerprint({ params: {}, query: { project: "P1" } }).slice(0, 22);
/** The principal `conformanceAuth` returns for the suite's key: the state is bound to it. */
const caller = principalFingerprint({ key: "conformance" });
const state = (operationId: string, after: number, q?: unknown[]): string =>
  encodeURIComponent(
    keyring.sign(
      q ? { t: operationId, p: binding, c: { after }, q } : { t: operationId, p: binding, c: { after } },
      caller,
    ),
  );

function trigger(operationId: string, mode: "batch" | "single", path: string) {
  return pollingTrigger({
    operationId,
    summary: "When a ticket is created",
    description: "Triggers when a ticket is created.",
    path,
    request: { query: z.object({ project: z.string() }) },
    item: z.object({ seq: z.number(), title: z.string() }),
    mode,
    cursor: z.object({ after: z.number().int() }),
    initialCursor: () => ({ after: 2 }),
    poll: ({ cursor }) => {
      const items = TICKETS.filter((t) => t.seq > cursor.after);
      return { items, cursor: { after: items.at(-1)?.seq ?? cursor.after } };
    },
    retryAfter: 60,
  });
}

function conformancePollingConnector() {
  return defineConnector({
    title: "Conformance Triggers",
    description: "Polling triggers for the adapter conformance suite.",
    basePath: "/api",
    auth: conformanceAuth,
    operations: [
      trigger("OnNewTickets", "batch", "/triggers/batch"),
      trigger("OnNewTicket", "single", "/triggers/single"),
    ],
  });
}

const BATCH = "/triggers/batch?project=P1";
const SINGLE = "/triggers/single?project=P1";
const bad = (code: string) => ({
  status: 400,
  json: { error: { code: "BadRequest", details: [{ code, target: "query.triggerState" }] } },
});

/**
 * Polling-trigger conformance cases: initial state, new items (batch and single), nothing new, tampered,
 * foreign and malformed states, auth.
 * @internal
 */
export const pollingConformanceCases: ConformanceGroup = {
  name: "polling triggers",
  connector: conformancePollingConnector,
  options: { pollingSecret: SECRET, validateResponses: true },
  cases: [
    {
      name: "first call: 202 + Location with the initial state + Retry-After",
      request: { method: "GET", path: BATCH, headers: KEY },
      expect: {
        status: 202,
        headers: {
          location: `{baseUrl}${BATCH}&triggerState=${state("OnNewTickets", 2)}`,
          "retry-after": "60",
        },
        emptyBody: true,
      },
    },
    {
      name: "batch: new items -> 200 { value } + next state",
      request: { method: "GET", path: `${BATCH}&triggerState=${state("OnNewTickets", 2)}`, headers: KEY },
      expect: {
        status: 200,
        headers: {
          location: `{baseUrl}${BATCH}&triggerState=${state("OnNewTickets", 4)}`,
          "retry-after": "60",
        },
        json: { value: [TICKETS[2], TICKETS[3]] },
      },
    },
    {
      name: "nothing new -> 202 with the unchanged state",
      request: { method: "GET", path: `${BATCH}&triggerState=${state("OnNewTickets", 4)}`, headers: KEY },
      expect: {
        status: 202,
        headers: {
          location: `{baseUrl}${BATCH}&triggerState=${state("OnNewTickets", 4)}`,
          "retry-after": "60",
        },
      },
    },
    {
      name: "single: one item, Retry-After 0 while more wait",
      request: { method: "GET", path: `${SINGLE}&triggerState=${state("OnNewTicket", 2)}`, headers: KEY },
      expect: {
        status: 200,
        headers: {
          location: `{baseUrl}${SINGLE}&triggerState=${state("OnNewTicket", 4, [TICKETS[3]])}`,
          "retry-after": "0",
        },
        json: TICKETS[2],
      },
    },
    {
      name: "single: the last waiting item, normal Retry-After",
      request: {
        method: "GET",
        path: `${SINGLE}&triggerState=${state("OnNewTicket", 4, [TICKETS[3]])}`,
        headers: KEY,
      },
      expect: {
        status: 200,
        headers: {
          location: `{baseUrl}${SINGLE}&triggerState=${state("OnNewTicket", 4)}`,
          "retry-after": "60",
        },
        json: TICKETS[3],
      },
    },
    {
      name: "tampered state -> 400",
      request: {
        method: "GET",
        path: `${BATCH}&triggerState=${state("OnNewTickets", 2).slice(0, -4)}AAAA`,
        headers: KEY,
      },
      expect: bad("trigger_state_bad_signature"),
    },
    {
      name: "another trigger's state -> 400",
      request: { method: "GET", path: `${BATCH}&triggerState=${state("OnNewTicket", 2)}`, headers: KEY },
      expect: bad("trigger_state_foreign"),
    },
    {
      name: "state of other parameters -> 400",
      request: {
        method: "GET",
        path: `/triggers/batch?project=P2&triggerState=${state("OnNewTickets", 2)}`,
        headers: KEY,
      },
      expect: bad("trigger_state_foreign"),
    },
    {
      name: "malformed state -> 400",
      request: { method: "GET", path: `${BATCH}&triggerState=v2.x`, headers: KEY },
      expect: bad("trigger_state_malformed"),
    },
    {
      name: "old state format -> 400",
      request: { method: "GET", path: `${BATCH}&triggerState=v0.a.b.c`, headers: KEY },
      expect: bad("trigger_state_unsupported_version"),
    },
    { name: "polls require auth", request: { method: "GET", path: BATCH }, expect: { status: 401 } },
  ],
};
