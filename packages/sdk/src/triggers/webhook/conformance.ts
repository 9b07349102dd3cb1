/**
 * Conformance case groups for webhook triggers: every adapter must serve registration, listing and deletion
 * exactly as the core does (status, Location, error bodies). Pass them to `runConformance` next to the core
 * table: `runConformance("express", driver, [...conformanceCases, ...webhookConformanceCases])`.
 * @internal
 * @module
 */
import { z } from "zod";
import { defineConnector } from "../../operation/define-connector";
import { memoryStore } from "../../store/memory-store";
import {
  CONFORMANCE_API_KEY,
  CONFORMANCE_CHALLENGE,
  conformanceAuth,
} from "../../testing/conformance/suite-connector";
import type { ConformanceGroup } from "../../testing/conformance/types";
import { webhookTrigger } from "./webhook-trigger";

const PLATFORM_CALLBACK =
  "https://prod-03.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=conformance";
const json = { "content-type": "application/json", "x-api-key": CONFORMANCE_API_KEY };
const auth = { "x-api-key": CONFORMANCE_API_KEY };

/**
 * Builds the webhook conformance connector: one trigger at `/hooks/tickets` with a production callback
 * policy (only the platform's https hosts).
 *
 * @example
 * ```ts
 * const connector = webhookConformanceConnector();
 * ```
 * @internal
 */
export function webhookConformanceConnector() {
  const onTicketCreated = webhookTrigger({
    operationId: "OnTicketCreated",
    summary: "When a ticket is created",
    description: "Triggers when a ticket is created.",
    path: "/hooks/tickets",
    params: z.object({ project: z.string().min(1) }),
    event: z.object({ id: z.string() }),
    callbacks: { allowInsecureCallbacks: false },
  });
  return defineConnector({
    title: "Conformance Hooks",
    description: "Webhook trigger conformance connector for adapters.",
    basePath: "/api",
    auth: conformanceAuth,
    operations: [onTicketCreated],
  });
}

/**
 * The webhook groups of the adapter conformance table (same shape as `conformanceCases`).
 *
 * @example
 * ```ts
 * runConformance("express", driver, [...conformanceCases, ...webhookConformanceCases]);
 * ```
 * @internal
 */
export const webhookConformanceCases: ConformanceGroup[] = [
  {
    name: "webhook trigger",
    connector: webhookConformanceConnector,
    // Subscriptions are state: hosts get an explicit store (the Azure adapter requires one).
    get options() {
      return { store: memoryStore() };
    },
    cases: [
      {
        name: "listing starts empty",
        request: { method: "GET", path: "/hooks/tickets/subscriptions", headers: auth },
        expect: { status: 200, json: { value: [] } },
      },
      {
        name: "registration answers 201 with an absolute Location below the base URL",
        request: {
          method: "POST",
          path: "/hooks/tickets",
          headers: json,
          body: JSON.stringify({ project: "P1", callbackUrl: PLATFORM_CALLBACK }),
        },
        expect: {
          status: 201,
          headers: { location: /^https?:\/\/[^/]+\/api\/hooks\/tickets\/[A-Za-z0-9_-]{24}$/ },
          emptyBody: true,
        },
        compareWithCore: false,
      },
      {
        name: "registration without credentials is 401 with a challenge",
        request: {
          method: "POST",
          path: "/hooks/tickets",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ project: "P1", callbackUrl: PLATFORM_CALLBACK }),
        },
        expect: { status: 401, headers: { "www-authenticate": CONFORMANCE_CHALLENGE } },
      },
      {
        name: "a loopback callback URL is refused (SSRF)",
        request: {
          method: "POST",
          path: "/hooks/tickets",
          headers: json,
          body: JSON.stringify({ project: "P1", callbackUrl: "http://127.0.0.1:8080/x" }),
        },
        expect: {
          status: 400,
          json: { error: { code: "BadRequest", details: [{ target: "body.callbackUrl" }] } },
          bodyExcludes: ["127.0.0.1"],
        },
      },
      {
        name: "a missing trigger parameter is 400 naming it",
        request: {
          method: "POST",
          path: "/hooks/tickets",
          headers: json,
          body: JSON.stringify({ callbackUrl: PLATFORM_CALLBACK }),
        },
        expect: { status: 400, json: { error: { details: [{ target: "body.project" }] } } },
      },
      {
        name: "malformed JSON is 400",
        request: { method: "POST", path: "/hooks/tickets", headers: json, body: '{"project":' },
        expect: { status: 400, json: { error: { code: "BadRequest" } } },
      },
      {
        name: "deleting an unknown subscription is 200 (idempotent)",
        request: { method: "DELETE", path: "/hooks/tickets/AAAAAAAAAAAAAAAAAAAAAAAA", headers: auth },
        expect: { status: 200, emptyBody: true },
      },
      {
        name: "deleting without credentials is 401",
        request: { method: "DELETE", path: "/hooks/tickets/AAAAAAAAAAAAAAAAAAAAAAAA" },
        expect: { status: 401, headers: { "www-authenticate": CONFORMANCE_CHALLENGE } },
      },
      {
        name: "a malformed subscription id is 400",
        request: { method: "DELETE", path: "/hooks/tickets/bad%3Aid", headers: auth },
        expect: { status: 400, json: { error: { details: [{ target: "path.subscriptionId" }] } } },
      },
      {
        name: "GET on the registration path is 405 with Allow",
        request: { method: "GET", path: "/hooks/tickets", headers: auth },
        expect: { status: 405, headers: { allow: "POST" } },
      },
    ],
  },
];
