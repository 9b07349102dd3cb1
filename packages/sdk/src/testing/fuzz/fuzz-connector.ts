/**
 * The connector the fuzz suites serve: API-key auth and a few actions whose inputs cover every coercion the
 * core does (numbers, booleans, arrays, dates in path, query and headers; nested JSON bodies), plus one
 * long-running action. Every handler records the fuzz id of the request that reached it, so a run can tell
 * how deep its inputs got.
 * @internal
 */
import { z } from "zod";
import { apiKey } from "../../auth/api-key";
import { ConnectorError } from "../../errors/connector-error";
import { longRunning } from "../../long-running/long-running";
import { action } from "../../operation/action";
import { type Connector, defineConnector } from "../../operation/define-connector";
import type { AnyOperation, HandlerContext } from "../../operation/types";

/** The API key the fuzz connector accepts (header `x-api-key`). @internal */
export const FUZZ_API_KEY = "fuzz-key-0123456789";

/** The request header carrying each fuzz request's id, read by the handlers to count what reached them. @internal */
export const FUZZ_ID_HEADER = "x-fuzz-id";

/** The base path the fuzz connector declares (adapters mount it at `/api`). @internal */
export const FUZZ_BASE_PATH = "/api";

/**
 * A fresh fuzz connector and the ids of the requests that reached one of its handlers.
 *
 * @example
 * ```ts
 * const { connector, reached } = fuzzConnector();
 * ```
 * @internal
 */
export interface FuzzConnector {
  readonly connector: Connector;
  /** Ids (header `x-fuzz-id`) of the requests whose handler ran. */
  readonly reached: Set<string>;
}

const Address = z.object({
  street: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  zip: z.string().regex(/^[0-9]{5}$/),
});

const Owner = z.object({
  id: z.string().min(1).max(64),
  email: z.email().optional(),
  address: Address.optional(),
});

/** A category tree node (a recursive schema). @internal */
export interface Category {
  name: string;
  children?: Category[] | undefined;
}
const CategorySchema: z.ZodType<Category> = z.lazy(() =>
  z.object({ name: z.string().min(1).max(50), children: z.array(CategorySchema).max(10).optional() }),
);

/** The JSON body of POST /records and PUT /records/{id}. @internal */
export const RecordInput = z.object({
  name: z.string().min(1).max(100),
  qty: z.number().int().min(0).max(1_000_000),
  price: z.number().nonnegative().optional(),
  active: z.boolean().default(true),
  tags: z.array(z.string().max(50)).max(20).default([]),
  due: z.iso.datetime().optional(),
  owner: Owner,
  lines: z
    .array(z.object({ sku: z.string().min(1).max(32), count: z.number().int().min(1) }))
    .max(50)
    .optional(),
  meta: z.record(z.string().max(64), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** Free-form JSON (z.json() is recursive). */
  attributes: z.json().optional(),
  /** A recursive tree (z.lazy). */
  category: CategorySchema.optional(),
});

const RecordOut = z.object({ id: z.string(), name: z.string(), qty: z.number() });

/**
 * Builds the fuzz connector: GET/POST/PUT/PATCH/DELETE actions with typed path, query, header and JSON body
 * inputs, and a long-running export.
 *
 * @returns the connector and the set its handlers record reached request ids in.
 * @example
 * ```ts
 * const { connector, reached } = fuzzConnector();
 * const handler = createHandler(connector);
 * ```
 * @internal
 */
export function fuzzConnector(): FuzzConnector {
  const reached = new Set<string>();
  const mark = (ctx: HandlerContext): void => {
    const id = ctx.request.headers[FUZZ_ID_HEADER];
    if (typeof id === "string") reached.add(id);
  };

  const listRecords = action({
    operationId: "ListRecords",
    summary: "List records",
    description: "Filters records by typed query parameters.",
    method: "get",
    path: "/records",
    request: {
      query: z.object({
        limit: z.number().int().min(1).max(100).default(10),
        offset: z.number().int().min(0).optional(),
        score: z.number().optional(),
        active: z.boolean().optional(),
        tags: z.array(z.string().max(50)).max(20).optional(),
        ids: z.array(z.number().int()).max(20).optional(),
        since: z.date().optional(),
        sort: z.enum(["name", "qty", "due"]).optional(),
      }),
    },
    responses: { 200: z.object({ limit: z.number(), count: z.number() }) },
    handler: async ({ query }, ctx) => {
      mark(ctx);
      return { status: 200, body: { limit: query.limit, count: query.tags?.length ?? 0 } };
    },
  });

  const getRecord = action({
    operationId: "GetRecord",
    summary: "Get a record",
    description: "Reads one record.",
    method: "get",
    path: "/records/{id}",
    request: {
      params: z.object({ id: z.string().min(1).max(64) }),
      query: z.object({ verbose: z.boolean().default(false), fields: z.array(z.string()).optional() }),
    },
    responses: { 200: z.object({ id: z.string(), verbose: z.boolean() }), 404: undefined },
    handler: async ({ params, query }, ctx) => {
      mark(ctx);
      if (params.id === "missing") throw new ConnectorError("NotFound", { message: "No such record." });
      return { status: 200, body: { id: params.id, verbose: query.verbose } };
    },
  });

  const getVersion = action({
    operationId: "GetRecordVersion",
    summary: "Get a record version",
    description: "Reads one version of a record, as of a date.",
    method: "get",
    path: "/records/{id}/versions/{version}",
    request: {
      params: z.object({ id: z.string().min(1).max(64), version: z.number().int().min(1).max(10_000) }),
      query: z.object({ at: z.date().optional(), archived: z.boolean().optional() }),
      headers: z.object({
        "x-tenant": z
          .string()
          .regex(/^[a-z0-9-]{1,32}$/)
          .optional(),
      }),
    },
    responses: { 200: z.object({ id: z.string(), version: z.number() }) },
    handler: async ({ params }, ctx) => {
      mark(ctx);
      return { status: 200, body: { id: params.id, version: params.version } };
    },
  });

  const createRecord = action({
    operationId: "CreateRecord",
    summary: "Create a record",
    description: "Creates a record from a nested JSON body; echoes its name in a response header.",
    method: "post",
    path: "/records",
    request: { body: RecordInput, query: z.object({ dryRun: z.boolean().default(false) }) },
    responses: { 201: RecordOut, 409: undefined },
    handler: async ({ body }, ctx) => {
      mark(ctx);
      if (body.name === "taken") throw new ConnectorError("Conflict", { message: "The name is taken." });
      // The Location is built from request data without encoding it: the core percent-encodes what is not
      // printable ASCII in Location, so any name can be sent.
      return {
        status: 201,
        body: { id: body.name, name: body.name, qty: body.qty },
        headers: { location: `${ctx.baseUrl}/records/${body.name}` },
      };
    },
  });

  const replaceRecord = action({
    operationId: "ReplaceRecord",
    summary: "Replace a record",
    description: "Replaces a record.",
    method: "put",
    path: "/records/{id}",
    request: { params: z.object({ id: z.string().min(1).max(64) }), body: RecordInput },
    responses: { 200: RecordOut },
    handler: async ({ params, body }, ctx) => {
      mark(ctx);
      return { status: 200, body: { id: params.id, name: body.name, qty: body.qty } };
    },
  });

  const patchRecord = action({
    operationId: "PatchRecord",
    summary: "Patch a record",
    description: "Updates some fields of a record.",
    method: "patch",
    path: "/records/{id}",
    request: {
      params: z.object({ id: z.string().min(1).max(64) }),
      body: RecordInput.partial().extend({ owner: Owner.partial().optional() }),
    },
    responses: { 200: RecordOut },
    handler: async ({ params, body }, ctx) => {
      mark(ctx);
      return { status: 200, body: { id: params.id, name: body.name ?? params.id, qty: body.qty ?? 0 } };
    },
  });

  const deleteRecord = action({
    operationId: "DeleteRecord",
    summary: "Delete a record",
    description: "Deletes a record.",
    method: "delete",
    path: "/records/{id}",
    request: { params: z.object({ id: z.string().min(1).max(64) }) },
    responses: { 204: undefined },
    handler: async (_input, ctx) => {
      mark(ctx);
      return { status: 204 };
    },
  });

  const exportRecords = longRunning({
    operationId: "ExportRecords",
    summary: "Export records",
    description: "Builds an export in the background.",
    method: "post",
    path: "/exports",
    retryAfter: 5,
    request: {
      body: z.object({
        format: z.enum(["csv", "json"]),
        since: z.iso.datetime().optional(),
        ids: z.array(z.number().int()).max(100).optional(),
      }),
    },
    responses: { 200: z.object({ rows: z.number().int() }) },
    handler: async ({ body }, ctx) => {
      mark(ctx);
      return { status: 200, body: { rows: body.ids?.length ?? 0 } };
    },
  });

  // A handler with a bug: it echoes request data in a custom header, which can hold a character above U+00FF.
  // The documented answer is the standard 500 body, with the process still running. Never targeted by the
  // random generators (its 500 is by design); pinned by a finding.
  const echoHeader = action({
    operationId: "EchoHeader",
    summary: "Echo in a header",
    description: "Puts the body's value in a response header, unencoded.",
    method: "post",
    path: "/debug/echo-header",
    request: { body: z.object({ value: z.string().max(100) }) },
    responses: { 204: undefined },
    handler: async ({ body }, ctx) => {
      mark(ctx);
      return { status: 204, headers: { "x-echo": body.value } };
    },
  });

  const verify = apiKey.keys([FUZZ_API_KEY]);
  const connector = defineConnector({
    title: "Fuzz",
    description: "The connector the fuzz suites serve.",
    host: "fuzz.example.com",
    basePath: FUZZ_BASE_PATH,
    auth: apiKey({ in: "header", name: "x-api-key", verify }),
    operations: [
      listRecords,
      getRecord,
      getVersion,
      createRecord,
      replaceRecord,
      patchRecord,
      deleteRecord,
      exportRecords,
      echoHeader,
    ],
  });
  return { connector, reached };
}

/**
 * The media types an operation accepts in its body: what it declares in `consumes` (for operations that take
 * form, multipart or XML bodies, once the SDK has them), else `application/json` when it has a body schema,
 * else none.
 *
 * @param op - an operation of a connector.
 * @returns lower-case media types.
 * @example
 * ```ts
 * acceptedMediaTypes(createRecord); // ["application/json"]
 * ```
 * @internal
 */
export function acceptedMediaTypes(op: AnyOperation): string[] {
  const declared = (op as { consumes?: unknown }).consumes;
  if (Array.isArray(declared)) return declared.map((t) => String(t).toLowerCase());
  const request = (op as { request?: { body?: unknown } }).request;
  return request?.body ? ["application/json"] : [];
}
