/**
 * Hostile requests every host must survive with the core's own answer: query keys named like `Object.prototype`
 * members, header values no host can send, pathological paths and numbers, deeply nested JSON, bodies the host's
 * body parser refuses. Regressions for the hardening findings; run on every adapter with the rest of the table.
 * @internal
 */
import { z } from "zod";
import { ConnectorError } from "../../errors/connector-error";
import { ACCEPTED_RESPONSE, accepted } from "../../long-running/accepted";
import { action } from "../../operation/action";
import { type Connector, defineConnector } from "../../operation/define-connector";
import type { ConformanceCase, ConformanceGroup } from "./types";

/** A secret-looking fragment put in malformed JSON: it must never be echoed. @internal */
export const HOSTILE_JSON_FRAGMENT = "sk_live_0123456789";

/** Nesting of the deep-JSON case: far past `MAX_JSON_DEPTH`, deep enough to overflow a recursive walk. */
const DEEP = 5_000;

/**
 * The connector the hostile cases run against.
 *
 * @example
 * ```ts
 * const connector = hostileConnector();
 * ```
 * @internal
 */
export function hostileConnector(): Connector {
  const me = action({
    operationId: "Me",
    summary: "Who am I",
    description: "Echoes the query keys it was given.",
    method: "post",
    path: "/me",
    request: { body: z.object({ name: z.string() }).optional() },
    responses: { 200: z.object({ ok: z.boolean() }) },
    handler: async () => ({ status: 200, body: { ok: true } }),
  });
  const list = action({
    operationId: "ListThings",
    summary: "List things",
    description: "Echoes the page size and the tags.",
    method: "get",
    path: "/things",
    request: {
      query: z.object({
        top: z.number().int().min(1).max(100).default(10),
        constructor: z.string().optional(),
        tag: z.array(z.string()).optional(),
      }),
    },
    responses: { 200: z.object({ top: z.number(), ctor: z.string().nullable(), tags: z.array(z.string()) }) },
    handler: async ({ query }) => ({
      status: 200,
      // zod's output object has a prototype: an absent `constructor` reads as Object, hence the typeof.
      body: {
        top: query.top,
        ctor: typeof query.constructor === "string" ? query.constructor : null,
        tags: query.tag ?? [],
      },
    }),
  });
  const create = action({
    operationId: "CreateThing",
    summary: "Create a thing",
    description: "Accepts any JSON value under data.",
    method: "post",
    path: "/things",
    request: { body: z.object({ data: z.unknown() }) },
    responses: { 201: z.object({ ok: z.boolean() }) },
    handler: async () => ({ status: 201, body: { ok: true } }),
  });
  const startExport = action({
    operationId: "StartExport",
    summary: "Start an export",
    description: "Answers 202 with a Location built from the id in the URL.",
    method: "post",
    path: "/exports/{id}",
    request: { params: z.object({ id: z.string() }) },
    responses: { 202: ACCEPTED_RESPONSE },
    handler: async ({ params }, ctx) =>
      accepted({ location: `/exports/${params.id}/status`, retryAfter: 5 }, ctx),
  });
  const title = action({
    operationId: "EchoTitle",
    summary: "Echo a title",
    description: "Returns the title from the URL in a response header.",
    method: "get",
    path: "/titles/{title}",
    request: { params: z.object({ title: z.string() }) },
    responses: { 204: undefined },
    handler: async ({ params }) => ({ status: 204, headers: { "x-title": params.title } }),
  });
  const refuse = action({
    operationId: "Refuse",
    summary: "Refuse",
    description: "Throws a ConnectorError with a header built from the URL.",
    method: "get",
    path: "/refuse/{reason}",
    request: { params: z.object({ reason: z.string() }) },
    responses: { 204: undefined },
    handler: async ({ params }) => {
      throw new ConnectorError("Conflict", { message: "Refused.", headers: { "x-reason": params.reason } });
    },
  });
  return defineConnector({
    title: "Hostile",
    description: "Hardening regressions.",
    host: "conformance.example.com",
    basePath: "/api",
    operations: [me, list, create, startExport, title, refuse],
  });
}

const JSON_HEADERS = { "content-type": "application/json" };
const deepJson = `{"data":${"[".repeat(DEEP)}${"]".repeat(DEEP)}}`;
const PROTO_KEYS = "constructor=1&__proto__=2&toString=3&hasOwnProperty=4&valueOf=5&__defineGetter__=6";

const cases: ConformanceCase[] = [
  {
    name: "query key named constructor with an empty body (finding 1)",
    request: { method: "POST", path: "/me?constructor=1", headers: { "content-length": "0" } },
    expect: { status: 200, json: { ok: true } },
  },
  {
    name: "query keys named like Object.prototype members, with a body",
    request: { method: "POST", path: `/me?${PROTO_KEYS}`, headers: JSON_HEADERS, body: '{"name":"a"}' },
    expect: { status: 200, json: { ok: true } },
  },
  {
    name: "a declared query parameter named constructor is just a key",
    request: { method: "GET", path: `/things?${PROTO_KEYS}&constructor=again&tag=a&tag=b` },
    expect: {
      status: 400,
      json: { error: { code: "BadRequest", details: [{ target: "query.constructor" }] } },
    },
  },
  {
    name: "repeated __proto__ and toString keys",
    request: { method: "GET", path: "/things?__proto__=a&__proto__=b&toString=x&toString=y&top=3" },
    expect: { status: 200, json: { top: 3, ctor: null, tags: [] } },
  },
  {
    name: "non-Latin-1 id in a Location header is percent-encoded (finding 2)",
    request: { method: "POST", path: "/exports/%E6%97%A5%E6%9C%AC-%C3%A9" },
    expect: {
      status: 202,
      headers: { location: "{baseUrl}/exports/%E6%97%A5%E6%9C%AC-%C3%A9/status", "retry-after": "5" },
      emptyBody: true,
    },
  },
  {
    name: "a handler header above U+00FF is our 500, not a crash",
    request: { method: "GET", path: "/titles/%E6%97%A5%E6%9C%AC" },
    expect: {
      status: 500,
      json: { error: { code: "InternalServerError", message: "Internal Server Error" } },
    },
  },
  {
    name: "a handler header with CR LF is our 500 (no header injection)",
    request: { method: "GET", path: "/titles/a%0D%0ASet-Cookie:%20x=1" },
    expect: {
      status: 500,
      headers: { "set-cookie": null },
      json: { error: { code: "InternalServerError" } },
    },
  },
  {
    name: "a ConnectorError with an unsendable header keeps its status, drops the header",
    request: { method: "GET", path: "/refuse/%F0%9F%94%A5" },
    expect: { status: 409, headers: { "x-reason": null }, json: { error: { code: "Conflict" } } },
  },
  {
    name: "16,000 slashes in the path (finding 3) -> 404",
    request: { method: "GET", path: `/a${"/".repeat(16_000)}x` },
    expect: { status: 404, json: { error: { code: "NotFound" } } },
  },
  {
    name: "15,000 digits then x as a number (finding 3) -> 400",
    request: { method: "GET", path: `/things?top=${"1".repeat(15_000)}x` },
    expect: { status: 400, json: { error: { code: "BadRequest", details: [{ target: "query.top" }] } } },
  },
  {
    name: `JSON nested ${DEEP} levels (finding 5) -> 400, never a stack overflow`,
    request: { method: "POST", path: "/things", headers: JSON_HEADERS, body: deepJson },
    expect: { status: 400, json: { error: { code: "BadRequest", details: [{ code: "invalid_json" }] } } },
  },
  {
    name: "malformed JSON -> 400 that does not echo the input (finding 8)",
    request: {
      method: "POST",
      path: "/things",
      headers: JSON_HEADERS,
      body: `{"data": ${HOSTILE_JSON_FRAGMENT}`,
    },
    expect: {
      status: 400,
      json: { error: { code: "BadRequest", message: "Request body is not valid JSON." } },
      bodyExcludes: [HOSTILE_JSON_FRAGMENT, "sk_live", "position"],
    },
  },
  {
    name: "charset=utf-7 (finding 8) -> 415 in our error body",
    request: {
      method: "POST",
      path: "/things",
      headers: { "content-type": "application/json; charset=utf-7" },
      body: '{"data":1}',
    },
    expect: {
      status: 415,
      json: { error: { code: "UnsupportedMediaType" } },
      bodyExcludes: ["<html", "<!DOCTYPE"],
    },
  },
  {
    name: "charset=latin1 (refused by body-parser itself) -> 415 in our error body",
    request: {
      method: "POST",
      path: "/things",
      headers: { "content-type": "application/json; charset=latin1" },
      body: '{"data":1}',
    },
    expect: {
      status: 415,
      json: { error: { code: "UnsupportedMediaType" } },
      bodyExcludes: ["<html", "<!DOCTYPE"],
    },
  },
  {
    name: "Content-Encoding: bogus (finding 8) -> 415 in our error body",
    request: {
      method: "POST",
      path: "/things",
      headers: { ...JSON_HEADERS, "content-encoding": "bogus" },
      body: '{"data":1}',
    },
    expect: {
      status: 415,
      json: { error: { code: "UnsupportedMediaType" } },
      bodyExcludes: ["<html", "<!DOCTYPE"],
    },
  },
];

/**
 * The hostile-input group, part of `conformanceCases` (every adapter runs it).
 * @internal
 */
export const hostileConformanceCases: ConformanceGroup = {
  name: "hostile input",
  connector: hostileConnector,
  options: { validateResponses: true },
  cases,
};
