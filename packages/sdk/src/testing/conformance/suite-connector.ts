/**
 * The connector every adapter serves in the conformance suite: a few actions that cover each request
 * location, each response kind (body, no body, Location, Retry-After) and each failure the core renders.
 * @internal
 */
import { z } from "zod";
import type { ConnectorAuth } from "../../auth/types";
import { ConnectorError } from "../../errors/connector-error";
import { action } from "../../operation/action";
import { type Connector, defineConnector } from "../../operation/define-connector";

/** The API key the suite's auth accepts (header `x-api-key`). @internal */
export const CONFORMANCE_API_KEY = "secret";

/** The challenge the suite's auth answers a missing or wrong key with. @internal */
export const CONFORMANCE_CHALLENGE = 'ApiKey realm="conformance", header="x-api-key"';

/** A secret that a throwing handler puts in its error; it must never reach the caller. @internal */
export const CONFORMANCE_SECRET = "hunter2-db-password";

/**
 * A minimal auth scheme: `x-api-key: secret`, else 401 with `WWW-Authenticate`.
 *
 * @example
 * ```ts
 * const principal = await conformanceAuth.authenticate({ method: "GET", path: "/", headers: { "x-api-key": "secret" }, query: {} });
 * ```
 * @internal
 */
export const conformanceAuth: ConnectorAuth<{ key: string }> = {
  type: "apiKey",
  async authenticate(request) {
    if (request.headers["x-api-key"] !== CONFORMANCE_API_KEY) {
      throw new ConnectorError("Unauthorized", {
        message: "Missing or invalid API key.",
        headers: { "www-authenticate": CONFORMANCE_CHALLENGE },
      });
    }
    return { key: "conformance" };
  },
  toSwagger: () => ({
    securityDefinitions: { apiKey: { type: "apiKey", in: "header", name: "x-api-key" } },
    security: [{ apiKey: [] }],
  }),
  toApiProperties: () => ({ connectionParameters: {} }),
};

const Item = z.object({ id: z.string(), name: z.string(), qty: z.number().int() });

/**
 * Builds the suite's connector (a fresh one per call, so state never leaks between groups).
 *
 * @example
 * ```ts
 * const connector = conformanceConnector();
 * ```
 * @internal
 */
export function conformanceConnector(): Connector {
  const getItem = action({
    operationId: "GetItem",
    summary: "Get an item",
    description: "Echoes the item id.",
    method: "get",
    path: "/items/{id}",
    request: {
      params: z.object({ id: z.string() }),
      query: z.object({ verbose: z.boolean().default(false) }),
    },
    responses: { 200: z.object({ id: z.string(), verbose: z.boolean() }) },
    handler: async ({ params, query }) => ({ status: 200, body: { id: params.id, verbose: query.verbose } }),
  });
  const getVersion = action({
    operationId: "GetItemVersion",
    summary: "Get an item version",
    description: "Echoes the item id and a numeric version.",
    method: "get",
    path: "/items/{id}/versions/{version}",
    request: { params: z.object({ id: z.string(), version: z.number().int().min(1) }) },
    responses: { 200: z.object({ id: z.string(), version: z.number() }) },
    handler: async ({ params }) => ({ status: 200, body: { id: params.id, version: params.version } }),
  });
  const listItems = action({
    operationId: "ListItems",
    summary: "List items",
    description: "Echoes the tags and page size.",
    method: "get",
    path: "/items",
    request: {
      query: z.object({
        tag: z.array(z.string()).optional(),
        top: z.number().int().min(1).max(100).default(10),
      }),
    },
    responses: { 200: z.object({ tags: z.array(z.string()), top: z.number() }) },
    handler: async ({ query }) => ({ status: 200, body: { tags: query.tag ?? [], top: query.top } }),
  });
  const createItem = action({
    operationId: "CreateItem",
    summary: "Create an item",
    description: "Creates an item; its id is its name.",
    method: "post",
    path: "/items",
    request: {
      body: z.object({ name: z.string().min(1), qty: z.number().int(), note: z.string().optional() }),
    },
    responses: { 201: Item, 409: undefined },
    handler: async ({ body }, ctx) => {
      if (body.name === "taken")
        throw new ConnectorError("Conflict", { message: "An item named taken exists." });
      const id = encodeURIComponent(body.name);
      return {
        status: 201,
        body: { id, name: body.name, qty: body.qty },
        headers: { Location: `${ctx.baseUrl}/items/${id}` },
      };
    },
  });
  const deleteItem = action({
    operationId: "DeleteItem",
    summary: "Delete an item",
    description: "Deletes nothing and answers 204.",
    method: "delete",
    path: "/items/{id}",
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: undefined },
    handler: async () => ({ status: 204 }),
  });
  const startJob = action({
    operationId: "StartJob",
    summary: "Start a job",
    description: "Answers 202 with Location and Retry-After.",
    method: "post",
    path: "/jobs",
    responses: { 202: undefined },
    handler: async (_input, ctx) => ({
      status: 202,
      headers: { Location: `${ctx.baseUrl}/jobs/j1`, "Retry-After": "5" },
    }),
  });
  const whoAmI = action({
    operationId: "WhoAmI",
    summary: "Who am I",
    description: "Echoes a required tenant header.",
    method: "get",
    path: "/whoami",
    request: { headers: z.object({ "x-tenant": z.string().regex(/^[a-z]+$/) }) },
    responses: { 200: z.object({ tenant: z.string() }) },
    handler: async ({ headers }) => ({ status: 200, body: { tenant: headers["x-tenant"] } }),
  });
  const boom = action({
    operationId: "Boom",
    summary: "Throw",
    description: "The handler throws an error carrying a secret.",
    method: "get",
    path: "/boom",
    responses: { 200: undefined },
    handler: async () => {
      throw new Error(`connection failed: password=${CONFORMANCE_SECRET}`);
    },
  });
  const badResponse = action({
    operationId: "BadResponse",
    summary: "Wrong response",
    description: "The handler returns a body that does not match its schema.",
    method: "get",
    path: "/bad-response",
    responses: { 200: z.object({ count: z.number() }) },
    handler: async () => ({ status: 200, body: { count: CONFORMANCE_SECRET as unknown as number } }),
  });
  return defineConnector({
    title: "Conformance",
    description: "The connector every adapter serves in the conformance suite.",
    host: "conformance.example.com",
    basePath: "/api",
    auth: conformanceAuth,
    operations: [getItem, getVersion, listItems, createItem, deleteItem, startJob, whoAmI, boom, badResponse],
  });
}
