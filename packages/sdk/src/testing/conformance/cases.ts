/**
 * The conformance table: requests with the responses every adapter must produce. Other modules add groups
 * (e.g. long-running actions, triggers) by exporting their own {@link ConformanceGroup} and passing
 * `[...conformanceCases, myGroup]` to `runConformance`.
 * @internal
 */
import { hostileConformanceCases } from "./hostile-cases";
import {
  CONFORMANCE_API_KEY,
  CONFORMANCE_CHALLENGE,
  CONFORMANCE_SECRET,
  conformanceConnector,
} from "./suite-connector";
import type { ConformanceCase, ConformanceGroup } from "./types";

/** The body limit the suite's main group runs with (small, so the 413 cases stay fast). @internal */
export const CONFORMANCE_MAX_BODY_BYTES = 4096;

const KEY = { "x-api-key": CONFORMANCE_API_KEY };
const JSON_TYPE = "application/json; charset=utf-8";
const JSON_HEADERS = { ...KEY, "content-type": "application/json" };

function validationError(...details: { location: string; target: string }[]): unknown {
  return { error: { code: "BadRequest", details: details.map((d) => expectDetail(d)) } };
}

function expectDetail(d: { location: string; target: string }): unknown {
  return { location: d.location, target: d.target };
}

/** A JSON body of exactly `size` bytes that the CreateItem schema accepts. */
function itemBodyOfSize(size: number): string {
  const base = JSON.stringify({ name: "padded", qty: 1, note: "" });
  return JSON.stringify({ name: "padded", qty: 1, note: "x".repeat(size - base.length) });
}

const valid: ConformanceCase[] = [
  {
    name: "path param",
    request: { method: "GET", path: "/items/abc", headers: KEY },
    expect: { status: 200, headers: { "content-type": JSON_TYPE }, json: { id: "abc", verbose: false } },
  },
  {
    name: "boolean query param",
    request: { method: "GET", path: "/items/abc?verbose=true", headers: KEY },
    expect: { status: 200, json: { id: "abc", verbose: true } },
  },
  {
    name: "numeric path param",
    request: { method: "GET", path: "/items/abc/versions/3", headers: KEY },
    expect: { status: 200, json: { id: "abc", version: 3 } },
  },
  {
    name: "static segments match case-insensitively",
    request: { method: "GET", path: "/ITEMS/abc", headers: KEY },
    expect: { status: 200, json: { id: "abc" } },
  },
  {
    name: "trailing slash",
    request: { method: "GET", path: "/items/abc/", headers: KEY },
    expect: { status: 200, json: { id: "abc" } },
  },
  {
    name: "JSON body -> 201 with absolute Location on the public base URL",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS, body: '{"name":"widget","qty":2}' },
    expect: {
      status: 201,
      headers: { "content-type": JSON_TYPE, location: "{baseUrl}/items/widget" },
      json: { id: "widget", name: "widget", qty: 2 },
    },
  },
  {
    name: "JSON body with charset parameter",
    request: {
      method: "POST",
      path: "/items",
      headers: { ...KEY, "content-type": "application/json; charset=UTF-8" },
      body: '{"name":"w2","qty":1}',
    },
    expect: { status: 201, json: { id: "w2" } },
  },
  {
    name: "+json media type",
    request: {
      method: "POST",
      path: "/items",
      headers: { ...KEY, "content-type": "application/vnd.contoso+json" },
      body: '{"name":"w3","qty":1}',
    },
    expect: { status: 201, json: { id: "w3" } },
  },
  {
    name: "unicode JSON body",
    request: {
      method: "POST",
      path: "/items",
      headers: JSON_HEADERS,
      body: '{"name":"Zoë 🎫 日本","qty":1}',
    },
    expect: {
      status: 201,
      headers: { location: "{baseUrl}/items/Zo%C3%AB%20%F0%9F%8E%AB%20%E6%97%A5%E6%9C%AC" },
      json: { name: "Zoë 🎫 日本" },
    },
  },
  {
    name: "no-body response -> 204",
    request: { method: "DELETE", path: "/items/abc", headers: KEY },
    expect: { status: 204, emptyBody: true, headers: { "content-type": null } },
  },
  {
    name: "202 with Location and Retry-After",
    request: { method: "POST", path: "/jobs", headers: KEY },
    expect: { status: 202, emptyBody: true, headers: { location: "{baseUrl}/jobs/j1", "retry-after": "5" } },
  },
  {
    name: "header param",
    request: { method: "GET", path: "/whoami", headers: { ...KEY, "X-Tenant": "contoso" } },
    expect: { status: 200, json: { tenant: "contoso" } },
  },
];

const pathsAndQueries: ConformanceCase[] = [
  {
    name: "percent-encoded unicode path param is decoded",
    request: { method: "GET", path: "/items/%C3%A9t%C3%A9%20%F0%9F%8E%AB", headers: KEY },
    expect: { status: 200, json: { id: "été 🎫" } },
  },
  {
    name: "percent-encoded / stays inside the path param",
    request: { method: "GET", path: "/items/a%2Fb", headers: KEY },
    expect: { status: 200, json: { id: "a/b" } },
  },
  {
    name: "lower-case %2f and literal + in a path param",
    request: { method: "GET", path: "/items/a%2fb+c", headers: KEY },
    expect: { status: 200, json: { id: "a/b+c" } },
  },
  {
    name: "broken percent-encoding in a path param -> 400",
    request: { method: "GET", path: "/items/%E0%A4%A", headers: KEY },
    expect: { status: 400, json: { error: { code: "BadRequest" } } },
  },
  {
    name: "repeated query param -> array",
    request: { method: "GET", path: "/items?tag=a&tag=b&tag=c", headers: KEY },
    expect: { status: 200, json: { tags: ["a", "b", "c"], top: 10 } },
  },
  {
    name: "single query value for an array param",
    request: { method: "GET", path: "/items?tag=solo", headers: KEY },
    expect: { status: 200, json: { tags: ["solo"] } },
  },
  {
    name: "comma-separated query array (csv)",
    request: { method: "GET", path: "/items?tag=a,b", headers: KEY },
    expect: { status: 200, json: { tags: ["a", "b"] } },
  },
  {
    name: "percent-encoded and + encoded query values",
    request: { method: "GET", path: "/items?tag=%C3%A9t%C3%A9&tag=a+b&tag=x%26y", headers: KEY },
    expect: { status: 200, json: { tags: ["été", "a b", "x&y"] } },
  },
  {
    name: "numeric query param",
    request: { method: "GET", path: "/items?top=25", headers: KEY },
    expect: { status: 200, json: { tags: [], top: 25 } },
  },
];

const invalidInput: ConformanceCase[] = [
  {
    name: "invalid path param",
    request: { method: "GET", path: "/items/abc/versions/first", headers: KEY },
    expect: { status: 400, json: validationError({ location: "path", target: "path.version" }) },
  },
  {
    name: "path param out of range",
    request: { method: "GET", path: "/items/abc/versions/0", headers: KEY },
    expect: { status: 400, json: validationError({ location: "path", target: "path.version" }) },
  },
  {
    name: "invalid query param",
    request: { method: "GET", path: "/items?top=abc", headers: KEY },
    expect: { status: 400, json: validationError({ location: "query", target: "query.top" }) },
  },
  {
    name: "query param out of range",
    request: { method: "GET", path: "/items?top=1000", headers: KEY },
    expect: { status: 400, json: validationError({ location: "query", target: "query.top" }) },
  },
  {
    name: "missing required header",
    request: { method: "GET", path: "/whoami", headers: KEY },
    expect: { status: 400, json: validationError({ location: "header", target: "header.x-tenant" }) },
  },
  {
    name: "invalid header value",
    request: { method: "GET", path: "/whoami", headers: { ...KEY, "x-tenant": "Not Valid" } },
    expect: { status: 400, json: validationError({ location: "header", target: "header.x-tenant" }) },
  },
  {
    name: "invalid body fields (each named)",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS, body: '{"name":"","qty":1.5}' },
    expect: {
      status: 400,
      headers: { "content-type": JSON_TYPE },
      json: validationError(
        { location: "body", target: "body.name" },
        { location: "body", target: "body.qty" },
      ),
    },
  },
  {
    name: "body of the wrong JSON type",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS, body: "[1,2]" },
    expect: { status: 400, json: validationError({ location: "body", target: "body" }) },
  },
  {
    name: "empty body where one is required",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS },
    expect: { status: 400, json: validationError({ location: "body", target: "body" }) },
  },
];

const auth: ConformanceCase[] = [
  {
    name: "missing API key -> 401 with WWW-Authenticate",
    request: { method: "GET", path: "/items/abc" },
    expect: {
      status: 401,
      headers: { "www-authenticate": CONFORMANCE_CHALLENGE, "content-type": JSON_TYPE },
      json: { error: { code: "Unauthorized", message: "Missing or invalid API key." } },
    },
  },
  {
    name: "wrong API key -> 401",
    request: {
      method: "POST",
      path: "/items",
      headers: { "x-api-key": "nope", "content-type": "application/json" },
      body: "{}",
    },
    expect: {
      status: 401,
      headers: { "www-authenticate": CONFORMANCE_CHALLENGE },
      json: { error: { code: "Unauthorized" } },
    },
  },
];

const routing: ConformanceCase[] = [
  {
    name: "unknown route -> 404",
    request: { method: "GET", path: "/nope", headers: KEY },
    expect: { status: 404, headers: { "content-type": JSON_TYPE }, json: { error: { code: "NotFound" } } },
  },
  {
    name: "unknown nested route -> 404",
    request: { method: "GET", path: "/items/abc/nope", headers: KEY },
    expect: { status: 404, json: { error: { code: "NotFound" } } },
  },
  {
    name: "wrong method on a param route -> 405 with Allow",
    request: { method: "PUT", path: "/items/abc", headers: JSON_HEADERS, body: "{}" },
    expect: { status: 405, headers: { allow: "DELETE, GET" }, json: { error: { code: "MethodNotAllowed" } } },
  },
  {
    name: "wrong method on a collection -> 405 with Allow",
    request: { method: "PATCH", path: "/items", headers: KEY },
    expect: { status: 405, headers: { allow: "GET, POST" }, json: { error: { code: "MethodNotAllowed" } } },
  },
];

const bodies: ConformanceCase[] = [
  {
    name: `body of exactly the limit (${CONFORMANCE_MAX_BODY_BYTES} bytes) is accepted`,
    request: {
      method: "POST",
      path: "/items",
      headers: JSON_HEADERS,
      body: itemBodyOfSize(CONFORMANCE_MAX_BODY_BYTES),
    },
    expect: { status: 201, json: { id: "padded" } },
  },
  {
    name: "body one byte over the limit -> 413",
    request: {
      method: "POST",
      path: "/items",
      headers: JSON_HEADERS,
      body: itemBodyOfSize(CONFORMANCE_MAX_BODY_BYTES + 1),
    },
    expect: { status: 413, json: { error: { code: "PayloadTooLarge" } } },
  },
  {
    name: "body far over the limit -> 413",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS, body: "x".repeat(256 * 1024) },
    expect: { status: 413, json: { error: { code: "PayloadTooLarge" } } },
  },
  {
    name: "malformed JSON -> 400",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS, body: '{"name":' },
    expect: {
      status: 400,
      json: { error: { code: "BadRequest", details: [{ code: "invalid_json", location: "body" }] } },
    },
  },
  {
    name: "invalid UTF-8 -> 400",
    request: {
      method: "POST",
      path: "/items",
      headers: JSON_HEADERS,
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    },
    expect: { status: 400, json: { error: { code: "BadRequest" } } },
  },
  {
    name: "text/plain body -> 415",
    request: {
      method: "POST",
      path: "/items",
      headers: { ...KEY, "content-type": "text/plain" },
      body: '{"name":"w","qty":1}',
    },
    expect: { status: 415, json: { error: { code: "UnsupportedMediaType" } } },
  },
  {
    name: "form-encoded body -> 415",
    request: {
      method: "POST",
      path: "/items",
      headers: { ...KEY, "content-type": "application/x-www-form-urlencoded" },
      body: "name=w&qty=1",
    },
    expect: { status: 415, json: { error: { code: "UnsupportedMediaType" } } },
  },
  {
    name: "body without content type -> 415",
    request: { method: "POST", path: "/items", headers: KEY, body: '{"name":"w","qty":1}' },
    expect: { status: 415, json: { error: { code: "UnsupportedMediaType" } } },
  },
];

const failures: ConformanceCase[] = [
  {
    name: "handler throws -> 500 without internals",
    request: { method: "GET", path: "/boom", headers: KEY },
    expect: {
      status: 500,
      headers: { "content-type": JSON_TYPE },
      json: { error: { code: "InternalServerError", message: "Internal Server Error" } },
      bodyExcludes: [CONFORMANCE_SECRET, "password", "Error:", "    at "],
    },
  },
  {
    name: "handler returns an undeclared body -> 500 without internals",
    request: { method: "GET", path: "/bad-response", headers: KEY },
    expect: {
      status: 500,
      json: { error: { code: "InternalServerError" } },
      bodyExcludes: [CONFORMANCE_SECRET, "count"],
    },
  },
  {
    name: "handler throws ConnectorError -> its status and message",
    request: { method: "POST", path: "/items", headers: JSON_HEADERS, body: '{"name":"taken","qty":1}' },
    expect: { status: 409, json: { error: { code: "Conflict", message: "An item named taken exists." } } },
  },
];

const options = { maxBodyBytes: CONFORMANCE_MAX_BODY_BYTES, validateResponses: true } as const;

/**
 * The default conformance groups. Every adapter must pass all of them.
 *
 * @example
 * ```ts
 * runConformance("express", expressDriver, [...conformanceCases, myTriggerGroup]);
 * ```
 * @internal
 */
export const conformanceCases: ConformanceGroup[] = [
  { name: "valid requests", connector: conformanceConnector, options, cases: valid },
  { name: "paths and queries", connector: conformanceConnector, options, cases: pathsAndQueries },
  { name: "invalid input", connector: conformanceConnector, options, cases: invalidInput },
  { name: "auth", connector: conformanceConnector, options, cases: auth },
  { name: "routing", connector: conformanceConnector, options, cases: routing },
  { name: "bodies", connector: conformanceConnector, options, cases: bodies },
  { name: "handler failures", connector: conformanceConnector, options, cases: failures },
  hostileConformanceCases,
];
