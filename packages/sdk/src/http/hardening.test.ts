import { Readable } from "node:stream";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConnectorError } from "../errors/connector-error";
import { longRunning } from "../long-running/long-running";
import { action } from "../operation/action";
import { defineConnector } from "../operation/define-connector";
import { memoryStore } from "../store/memory-store";
import { BODY_PARSERS, MAX_JSON_DEPTH, readRequestBody, requestBodyBytes, UNSUPPORTED_CHARSET } from "./body";
import { isDecimalInteger, isDecimalNumber } from "./coerce";
import { createHandler, normalizeRequest } from "./create-handler";
import { toQueryRecord } from "./query";
import { encodeUrlHeader, ResponseHeaderError, responseHeaders, toErrorResponse } from "./respond";
import { segmentCount, split } from "./router";
import type { ConnectorRequest } from "./types";

const base = { method: "POST", path: "/x", query: {}, baseUrl: "https://api.contoso.com/api" };
const jsonReq = (extra: Partial<ConnectorRequest>): ConnectorRequest => ({
  ...base,
  headers: { "content-type": "application/json" },
  ...extra,
});
const bodyError = async (req: ConnectorRequest, limit = 1000): Promise<ConnectorError> => {
  const error = await readRequestBody(req, limit).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
};

describe("records built from input have no prototype (finding 1)", () => {
  const keys = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineSetter__"];

  it("toQueryRecord keeps every Object.prototype name as a plain key, repeated or not", () => {
    const params: [string, string][] = keys.flatMap((k) => [
      [k, "1"],
      [k, "2"],
    ]);
    const query = toQueryRecord([...params, ["single", "x"]]);
    for (const k of keys) expect(query[k]).toEqual(["1", "2"]);
    expect(query["single"]).toBe("x");
    expect(Object.getPrototypeOf(query)).toBeNull();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("toQueryRecord on hostile URLs never throws and never pollutes Object.prototype", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys, "a", "polluted", "__proto__[polluted]"), fc.string()), {
          maxLength: 20,
        }),
        (pairs) => {
          const query = toQueryRecord(pairs);
          for (const [k] of pairs) expect(query[k]).toBeDefined();
          expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        },
      ),
    );
  });

  it("normalizeRequest copies query and headers into prototype-free records, headers lower-cased", () => {
    const headers = JSON.parse('{"__proto__":"p","Constructor":"c","X-A":"1","x-a":["2","3"]}');
    const req = normalizeRequest({ ...base, query: { toString: "t" }, headers });
    expect(Object.getPrototypeOf(req.query)).toBeNull();
    expect(Object.getPrototypeOf(req.headers)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(req.headers, "__proto__")?.value).toBe("p");
    expect(req.headers["constructor"]).toBe("c");
    expect(req.headers["x-a"]).toEqual(["1", "2", "3"]);
    expect(req.query["toString"]).toBe("t");
    expect(req.headers["hasOwnProperty"]).toBeUndefined();
  });

  it("a malformed request (non-string values, not an object) is a 400, never a throw", async () => {
    const handler = createHandler(connectorWith());
    for (const bad of [
      { ...base, headers: { a: 1 } },
      { ...base, headers: {}, query: { a: [1] } },
      { ...base, headers: "x" },
      null,
      42,
    ] as unknown as ConnectorRequest[]) {
      const res = await handler.handle(bad);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body!).error.code).toBe("BadRequest");
    }
  });

  it("a base URL with an empty path segment (a hostile Host header) is a 400; a trailing slash is dropped", async () => {
    const handler = createHandler(connectorWith());
    const hostile = await handler.handle({
      ...base,
      method: "GET",
      path: "/ping",
      headers: {},
      baseUrl: `http://a${"/".repeat(16_000)}b/api`,
    });
    expect(hostile.status).toBe(400);
    expect(normalizeRequest({ ...base, headers: {}, baseUrl: "https://h/api///" }).baseUrl).toBe(
      "https://h/api",
    );
    expect(() => normalizeRequest({ ...base, headers: {}, baseUrl: "https://h//api" })).toThrow(/Host/);
  });
});

describe("linear-time parsing (finding 3)", () => {
  const OLD_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  it("isDecimalNumber accepts exactly what the old regular expression accepted", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[-+.eE0-9x ]{0,12}$/), (s) => {
        expect(isDecimalNumber(s)).toBe(OLD_NUMBER.test(s));
      }),
      { numRuns: 2000 },
    );
    for (const s of ["1", "-1.5", ".5", "5.", "1e10", "1E-3", "+0.0e+0"])
      expect(isDecimalNumber(s)).toBe(true);
    for (const s of ["", ".", "e5", "1e", "1e+", "--1", "1.2.3", "0x10", "1 "])
      expect(isDecimalNumber(s)).toBe(false);
  });

  it("isDecimalInteger", () => {
    expect(isDecimalInteger("-123")).toBe(true);
    expect(isDecimalInteger("+")).toBe(false);
    expect(isDecimalInteger("1.0")).toBe(false);
    expect(isDecimalInteger(`${"9".repeat(64_000)}x`)).toBe(false);
  });

  it("split drops leading and trailing slashes and keeps inner empty segments", () => {
    expect(split("")).toEqual([]);
    expect(split("///")).toEqual([]);
    expect(split("/a/b/")).toEqual(["a", "b"]);
    expect(split("//a//b//")).toEqual(["a", "", "b"]);
    expect(split(`/a${"/".repeat(16_000)}x`)).toHaveLength(16_001);
    for (const path of ["", "/", "/a", "//a//b//", "/a/b/c/", `/a${"/".repeat(100)}x`])
      expect(segmentCount(path)).toBe(split(path).length);
    expect(segmentCount(`/a${"/".repeat(16_000)}x`, 3)).toBe(4); // stops counting past the longest route
  });

  it("pathological paths and numbers get their normal answers", async () => {
    const handler = createHandler(connectorWith());
    const get = (path: string, query: Record<string, string> = {}) =>
      handler.handle({ ...base, method: "GET", path, query, headers: {} });
    expect((await get(`/a${"/".repeat(16_000)}x`)).status).toBe(404);
    expect((await get(`${"/".repeat(16_000)}ping${"/".repeat(16_000)}`)).status).toBe(200);
    for (const top of [`${"1".repeat(16_000)}x`, `${"1".repeat(64_000)}x`, `.${"1".repeat(64_000)}e`]) {
      const res = await get("/list", { top });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body!).error.details[0].target).toBe("query.top");
    }
    expect((await get("/big", { n: "9".repeat(2_000) })).status).toBe(400); // bigint longer than 1,000 digits
    expect(JSON.parse((await get("/big", { n: "-12345678901234567890" })).body!)).toEqual({
      n: "-12345678901234567890",
    });
  });
});

describe("the core reads request bodies", () => {
  it("reads strings, bytes, Node streams, async iterables and Web streams alike", async () => {
    const text = '{"a":[1,2]}';
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      yield bytes.subarray(0, 3);
      yield bytes.subarray(3);
    }
    const sources: Partial<ConnectorRequest>[] = [
      { rawBody: text },
      { rawBody: bytes },
      { bodyStream: Readable.from([Buffer.from(text.slice(0, 4)), Buffer.from(text.slice(4))]) },
      { bodyStream: chunks() },
      { bodyStream: new Response(text).body! },
    ];
    for (const source of sources) expect(await readRequestBody(jsonReq(source), 1000)).toEqual({ a: [1, 2] });
  });

  it("reads the body once: later reads share the first", async () => {
    const req = jsonReq({ bodyStream: Readable.from([Buffer.from("{}")]) });
    const first = requestBodyBytes(req, 100);
    expect(requestBodyBytes(req, 100)).toBe(first);
    expect(await readRequestBody(req, 100)).toEqual({});
  });

  it("no body, an empty body or an empty stream is undefined", async () => {
    expect(await readRequestBody(jsonReq({}), 10)).toBeUndefined();
    expect(await readRequestBody(jsonReq({ rawBody: "" }), 10)).toBeUndefined();
    expect(await readRequestBody(jsonReq({ bodyStream: Readable.from([]) }), 10)).toBeUndefined();
    expect(await readRequestBody(jsonReq({ bodyStream: null }), 10)).toBeUndefined();
  });

  it("oversized: 413 from the declared length (nothing read) or from the bytes (reading stops)", async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        setImmediate(() => this.push(Buffer.alloc(64 * 1024, 0x20))); // like a socket: data arrives later
      },
    });
    const e1 = await bodyError(jsonReq({ bodyStream: endless }), 100_000);
    expect(e1.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    endless.destroy();
    const declared = jsonReq({ headers: { "content-type": "application/json", "content-length": "5000" } });
    const web = new ReadableStream<Uint8Array>({
      pull: () => {
        throw new Error("must not be read");
      },
    });
    expect((await bodyError({ ...declared, bodyStream: web }, 4999)).status).toBe(413);
    expect((await bodyError(jsonReq({ rawBody: "x".repeat(11) }), 10)).status).toBe(413);
    expect((await bodyError(jsonReq({ bodyTooLarge: true }), 10)).message).toContain("10 bytes");
    // A body a host parsed (express.json()) still counts its declared length against the operation's limit.
    expect((await bodyError({ ...declared, body: { a: 1 } }, 4999)).status).toBe(413);
  });

  it("a stream that fails or a client that goes away is a 400, not a hang or a crash", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("ECONNRESET"));
      },
    });
    expect((await bodyError(jsonReq({ bodyStream: failing }))).status).toBe(400);
    const closed = new Readable({ read() {} });
    setImmediate(() => closed.destroy());
    expect((await bodyError(jsonReq({ bodyStream: closed }))).status).toBe(400);
    async function* throwing() {
      yield new Uint8Array([0x7b]);
      throw new Error("reset");
    }
    expect((await bodyError(jsonReq({ bodyStream: throwing() }))).status).toBe(400);
    async function* notBytes() {
      yield { hostile: true } as unknown as Uint8Array;
    }
    expect((await bodyError(jsonReq({ bodyStream: notBytes() }))).status).toBe(400);
    expect((await bodyError(jsonReq({ bodyStream: {} as never }))).status).toBe(400);
  });

  it("malformed JSON is a 400 that never echoes the input (finding 8)", async () => {
    const e = await bodyError(jsonReq({ rawBody: '{"token": sk_live_secret' }));
    expect(e.status).toBe(400);
    expect(JSON.stringify(e.toBody())).not.toContain("sk_live");
    expect(e.message).toBe("Request body is not valid JSON.");
    expect((await bodyError(jsonReq({ rawBody: new Uint8Array([0x22, 0xff, 0x22]) }))).message).toContain(
      "UTF-8",
    );
  });

  it(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is a 400, as text or already parsed (finding 5)`, async () => {
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(await readRequestBody(jsonReq({ rawBody: nest(MAX_JSON_DEPTH) }), 1e6)).toBeDefined();
    expect(await readRequestBody(jsonReq({ rawBody: `["${"[".repeat(10_000)}"]` }), 1e6)).toHaveLength(1);
    for (const n of [MAX_JSON_DEPTH + 1, 5_000, 200_000]) {
      const e = await bodyError(jsonReq({ rawBody: nest(n) }), 1e6);
      expect(e.details?.[0]?.code).toBe("invalid_json");
      expect((await bodyError(jsonReq({ body: JSON.parse(nest(n)) }), 1e6)).status).toBe(400);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(await readRequestBody(jsonReq({ body: cyclic }), 10)).toBe(cyclic);
  });

  it("charsets other than UTF-8 are 415, with or without a host parser", async () => {
    const ct = (v: string) => ({ "content-type": v });
    expect(
      await readRequestBody(jsonReq({ headers: ct('application/json; charset="UTF-8"'), rawBody: "1" }), 9),
    ).toBe(1);
    for (const v of ["application/json; charset=utf-7", "application/json;CHARSET=latin1"]) {
      expect((await bodyError(jsonReq({ headers: ct(v), rawBody: "1" }))).message).toBe(UNSUPPORTED_CHARSET);
      expect((await bodyError(jsonReq({ headers: ct(v), body: 1 }))).status).toBe(415);
    }
  });

  it("unsupported media types are 415 and echo only a well-formed type", async () => {
    const e = await bodyError(jsonReq({ headers: { "content-type": "text/<script>" }, rawBody: "x" }));
    expect(e.status).toBe(415);
    expect(e.message).not.toContain("<script>");
    expect((await bodyError(jsonReq({ headers: {}, rawBody: "x" }))).message).toContain("no content type");
    expect(
      (await bodyError(jsonReq({ headers: { "content-type": "text/plain" }, rawBody: "x" }))).message,
    ).toContain("text/plain");
    expect(BODY_PARSERS.some((p) => p.matches("application/merge-patch+json"))).toBe(true);
  });

  it("Content-Encoding gzip, deflate and br are decoded within the limit; others are 415", async () => {
    const text = Buffer.from('{"z":1}');
    for (const [encoding, packed] of [
      ["gzip", gzipSync(text)],
      ["deflate", deflateSync(text)],
      ["br", brotliCompressSync(text)],
      ["identity", text],
    ] as const) {
      const headers = { "content-type": "application/json", "content-encoding": encoding };
      expect(await readRequestBody(jsonReq({ headers, rawBody: packed }), 100)).toEqual({ z: 1 });
    }
    const bomb = gzipSync(Buffer.alloc(10_000_000, 0x20)); // ~10 kB that inflates to 10 MB
    const bombHeaders = { "content-type": "application/json", "content-encoding": "gzip" };
    expect((await bodyError(jsonReq({ headers: bombHeaders, rawBody: bomb }), 100_000)).status).toBe(413);
    const bogus = { "content-type": "application/json", "content-encoding": "bogus" };
    expect((await bodyError(jsonReq({ headers: bogus, rawBody: "1" }))).status).toBe(415);
    const broken = { "content-type": "application/json", "content-encoding": "gzip" };
    expect((await bodyError(jsonReq({ headers: broken, rawBody: "not gzip" }))).status).toBe(400);
  });

  it("a host body error is raised where the body is read, after routing", async () => {
    const handler = createHandler(connectorWith());
    const bodyErr = new ConnectorError("UnsupportedMediaType", { message: UNSUPPORTED_CHARSET });
    const post = await handler.handle({ ...base, path: "/echo", headers: {}, bodyError: bodyErr });
    expect(post.status).toBe(415);
    const missing = await handler.handle({ ...base, path: "/nowhere", headers: {}, bodyError: bodyErr });
    expect(missing.status).toBe(404);
  });
});

describe("body limit per operation", () => {
  it("an operation's maxBodyBytes overrides the handler's, both ways", async () => {
    const handler = createHandler(connectorWith(), { maxBodyBytes: 50 });
    const send = (path: string, size: number) =>
      handler.handle({
        ...base,
        path,
        headers: { "content-type": "application/json" },
        bodyStream: Readable.from([Buffer.from(JSON.stringify({ s: "x".repeat(size - 8) }))]),
      });
    expect((await send("/echo", 50)).status).toBe(200);
    expect((await send("/echo", 51)).status).toBe(413);
    expect((await send("/tiny", 10)).status).toBe(200);
    expect((await send("/tiny", 11)).status).toBe(413);
    expect((await send("/upload", 5_000)).status).toBe(200);
    expect(JSON.parse((await send("/upload", 10_001)).body!).error.message).toContain("10000 bytes");
  });

  it("a long-running action reads its body once, through a stream, with its own limit", async () => {
    const started: unknown[] = [];
    const job = longRunning({
      operationId: "Export",
      summary: "Export",
      description: "Exports.",
      method: "post",
      path: "/export",
      maxBodyBytes: 40,
      request: { body: z.object({ month: z.string() }) },
      responses: { 200: z.object({ ok: z.boolean() }) },
      retryAfter: 1,
      handler: async ({ body }) => {
        started.push(body);
        return { status: 200 as const, body: { ok: true } };
      },
    });
    const handler = createHandler(
      defineConnector({ title: "Jobs", description: "Jobs.", operations: [job] }),
      {
        store: memoryStore(),
      },
    );
    const send = (text: string) =>
      handler.handle({
        ...base,
        path: "/export",
        headers: { "content-type": "application/json" },
        bodyStream: Readable.from([Buffer.from(text)]),
      });
    const ok = await send('{"month":"2026-11"}');
    expect(ok.status).toBe(202);
    expect((await send(`{"month":"${"x".repeat(40)}"}`)).status).toBe(413);
    await vi.waitFor(() => expect(started).toEqual([{ month: "2026-11" }]));
  });

  it("refuses a limit that is not a non-negative integer when the handler is created", () => {
    for (const bad of [-1, 1.5, Number.NaN, "10", Number.POSITIVE_INFINITY]) {
      expect(() => createHandler(connectorWith(bad as number))).toThrow(/maxBodyBytes/);
      expect(() => createHandler(connectorWith(), { maxBodyBytes: bad as number })).toThrow(/maxBodyBytes/);
    }
  });
});

describe("response headers (finding 2)", () => {
  it("encodeUrlHeader percent-encodes everything but printable ASCII, keeping %XX escapes", () => {
    expect(encodeUrlHeader("https://h/a%2Fb?q=1")).toBe("https://h/a%2Fb?q=1");
    expect(encodeUrlHeader("/exports/日本-é/status")).toBe("/exports/%E6%97%A5%E6%9C%AC-%C3%A9/status");
    expect(encodeUrlHeader("/a b\r\nc\u0000\u007f")).toBe("/a%20b%0D%0Ac%00%7F");
    expect(encodeUrlHeader("/🔥")).toBe("/%F0%9F%94%A5");
    expect(encodeUrlHeader("/\ud800x\udc00")).toBe("/%EF%BF%BDx%EF%BF%BD");
    let all = ""; // every UTF-16 code unit, alone and next to each other (pairs, lone surrogates)
    for (let c = 0; c <= 0xffff; c++) all += String.fromCharCode(c);
    expect(encodeUrlHeader(all)).toMatch(/^[\x21-\x7e]*$/);
    expect(decodeURIComponent(encodeUrlHeader("/日本/🔥?a=é"))).toBe("/日本/🔥?a=é");
  });

  it("responseHeaders lower-cases names and refuses what no host can send", () => {
    expect(responseHeaders({ "X-A": "é ok", "Retry-After": 5, Location: "/ü" })).toEqual({
      "x-a": "é ok",
      "retry-after": "5",
      location: "/%C3%BC",
    });
    for (const [name, value] of [
      ["x-a", "日本"],
      ["x-a", "a\r\nb"],
      ["x a", "v"],
      ["", "v"],
      ["x-é", "v"],
      ["x-a", { toString: () => "v" }],
      ["x-a", null],
    ] as const) {
      expect(() => responseHeaders({ [name]: value })).toThrow(ResponseHeaderError);
    }
  });

  it("a handler header that cannot be sent is our 500 and goes to onError; the status is never lost", async () => {
    const errors: ConnectorError[] = [];
    const handler = createHandler(connectorWith(), { onError: (e) => errors.push(e) });
    const res = await handler.handle({
      ...base,
      method: "GET",
      path: "/header",
      query: { v: "日本" },
      headers: {},
    });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({
      error: { code: "InternalServerError", message: "Internal Server Error" },
    });
    expect(errors[0]).toBeInstanceOf(ResponseHeaderError);
    const ok = await handler.handle({
      ...base,
      method: "GET",
      path: "/header",
      query: { v: "Zoë" },
      headers: {},
    });
    expect(ok.headers["x-v"]).toBe("Zoë");
  });

  it("toErrorResponse never throws and never leaks", () => {
    const badHeaders = new ConnectorError("TooManyRequests", { headers: { "retry-after": "日" } });
    expect(toErrorResponse(badHeaders)).toMatchObject({ status: 429, headers: {} });
    const throwingBody = new ConnectorError("Conflict");
    throwingBody.toBody = () => {
      throw new Error("boom");
    };
    const hostile = [
      throwingBody,
      undefined,
      null,
      "x",
      Symbol("s"),
      new Error("db password"),
      Object.create(null),
    ];
    for (const error of hostile) {
      const res = toErrorResponse(error);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain("password");
      expect(JSON.parse(res.body!).error.code).toBeTypeOf("string");
    }
  });
});

function connectorWith(tinyLimit = 10) {
  const Echo = z.object({ s: z.string() }).optional();
  const post = (operationId: string, path: string, maxBodyBytes?: number) =>
    action({
      operationId,
      summary: "Echo",
      description: "Echoes.",
      method: "post",
      path,
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      request: { body: Echo },
      responses: { 200: z.object({ ok: z.boolean() }) },
      handler: async () => ({ status: 200 as const, body: { ok: true } }),
    });
  return defineConnector({
    title: "Hardening",
    description: "Hardening tests.",
    host: "api.contoso.com",
    basePath: "/",
    operations: [
      post("Echo", "/echo"),
      post("Tiny", "/tiny", tinyLimit),
      post("Upload", "/upload", 10_000),
      action({
        operationId: "Ping",
        summary: "Ping",
        description: "Pings.",
        method: "get",
        path: "/ping",
        responses: { 200: z.object({ ok: z.boolean() }) },
        handler: async () => ({ status: 200 as const, body: { ok: true } }),
      }),
      action({
        operationId: "List",
        summary: "List",
        description: "Lists.",
        method: "get",
        path: "/list",
        request: { query: z.object({ top: z.number().int().optional() }) },
        responses: { 200: z.object({ top: z.number().optional() }) },
        handler: async ({ query }) => ({ status: 200 as const, body: { top: query.top } }),
      }),
      action({
        operationId: "Big",
        summary: "Big",
        description: "Bigint.",
        method: "get",
        path: "/big",
        request: { query: z.object({ n: z.bigint() }) },
        responses: { 200: z.object({ n: z.string() }) },
        handler: async ({ query }) => ({ status: 200 as const, body: { n: String(query.n) } }),
      }),
      action({
        operationId: "Header",
        summary: "Header",
        description: "Echoes v in a header.",
        method: "get",
        path: "/header",
        request: { query: z.object({ v: z.string() }) },
        responses: { 204: undefined },
        handler: async ({ query }) => ({ status: 204 as const, headers: { "X-V": query.v } }),
      }),
    ],
  });
}
