/**
 * fast-check generators of HTTP requests for the fuzz connector: biased toward its valid routes, valid API key
 * and near-valid inputs (so most requests get past routing, auth and body parsing), with hostile values mixed
 * in (every `Object.prototype` name as a query key, long digit and slash runs, invalid percent-encoding,
 * oversized headers, deeply nested or invalid JSON, every body content type).
 * @internal
 */
import fc from "fast-check";
import { FUZZ_API_KEY } from "./fuzz-connector";

/**
 * The kind of body a fuzz request carries. `none` = no body and no content type; `empty` = a content type
 * and zero bytes; `untyped` = JSON text without a content type; `invalid-utf8` = a JSON content type with
 * bytes that are not UTF-8.
 *
 * @example
 * ```ts
 * const kind: BodyKind = "json";
 * ```
 * @internal
 */
export type BodyKind =
  | "json"
  | "form"
  | "multipart"
  | "xml"
  | "text"
  | "binary"
  | "invalid-utf8"
  | "empty"
  | "untyped"
  | "none";

/** Every {@link BodyKind}. @internal */
export const BODY_KINDS: readonly BodyKind[] = [
  "json",
  "form",
  "multipart",
  "xml",
  "text",
  "binary",
  "invalid-utf8",
  "empty",
  "untyped",
  "none",
];

/**
 * The media type an operation must accept for a body of this kind to be valid for it (undefined: no body).
 *
 * @example
 * ```ts
 * BODY_KIND_MEDIA_TYPE.json; // "application/json"
 * ```
 * @internal
 */
export const BODY_KIND_MEDIA_TYPE: Record<BodyKind, string | undefined> = {
  json: "application/json",
  "invalid-utf8": "application/json",
  form: "application/x-www-form-urlencoded",
  multipart: "multipart/form-data",
  xml: "application/xml",
  text: "text/plain",
  binary: "application/octet-stream",
  empty: undefined,
  untyped: undefined,
  none: undefined,
};

/**
 * One generated request, in wire terms: the path and query exactly as sent (percent-encoded, below the
 * connector's mount path), header values in Latin-1, body bytes.
 *
 * @example
 * ```ts
 * const req: FuzzRequest = { method: "GET", path: "/records/a", query: "verbose=true", headers: {}, kind: "none" };
 * ```
 * @internal
 */
export interface FuzzRequest {
  method: string;
  /** Raw path below the mount point, starting with `/`. */
  path: string;
  /** Raw query string without `?` (may be empty). */
  query: string;
  /** Lower-case header names; values are Latin-1 (what HTTP carries). */
  headers: Record<string, string>;
  body?: Uint8Array | undefined;
  kind: BodyKind;
  /** The operation this request was built for, if any (random requests have none). */
  target?: string | undefined;
}

/** Names of `Object.prototype` members: hostile query keys, header names and JSON keys. @internal */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

// ---------- scalar values (as strings: path, query and header values) ----------

const safeText = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABC0123456789-_.~".split("")), maxLength });
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: "grapheme", maxLength }));

const idValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: safeText(20).filter((s) => s.length > 0) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("missing", "..", ".", "a/b", "%", "%2F", "__proto__", "constructor", " "),
  },
  { weight: 1, arbitrary: fc.integer({ min: 65, max: 400 }).map((n) => "i".repeat(n)) },
);

const intValue = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min, max }).map(String) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "",
        " 5 ",
        "1e2",
        "1.5",
        "-1",
        "NaN",
        "Infinity",
        "0x1A",
        "1_000",
        "+3",
        ".5",
        "5.",
        "00007",
        "9".repeat(400),
      ),
    },
    { weight: 1, arbitrary: fc.integer().map(String) },
    // long digit runs that end in a non-digit: linear-time parsing or a hang
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 2_000 }).map((n) => `${"1".repeat(n)}x`) },
    { weight: 1, arbitrary: anyText(12) },
  );

const numberValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 2, arbitrary: intValue(-1000, 1000) },
);

const boolValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("true", "false") },
  { weight: 2, arbitrary: fc.constantFrom("TRUE", "False", "1", "0", "yes", "", "true,false") },
  { weight: 1, arbitrary: anyText(8) },
);

const dateValue: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .date({
        min: new Date("1970-01-01T00:00:00Z"),
        max: new Date("2100-01-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "2024-02-30",
      "2024-13-45T99:99:99Z",
      "not a date",
      "",
      "2024-01-01",
      "1700000000000",
      "Tue, 01 Jan 2030 00:00:00 GMT",
      "+275760-09-13T00:00:00.001Z",
    ),
  },
  { weight: 1, arbitrary: anyText(16) },
);

const enumValue = (values: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: anyText(8) });

/** An ISO date-time as z.iso.datetime() takes it, rarely not. */
const isoDateTime: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .date({
        min: new Date("1970-01-01T00:00:00Z"),
        max: new Date("2100-01-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
  },
  { weight: 1, arbitrary: dateValue },
);

/** A query parameter's values: one, a repeated key, or a comma-separated list. */
type QueryGen = fc.Arbitrary<string[]>;
const one = (a: fc.Arbitrary<string>): QueryGen => a.map((v) => [v]);
const list = (a: fc.Arbitrary<string>): QueryGen =>
  fc.oneof(
    fc.array(a, { minLength: 1, maxLength: 5 }),
    fc.array(a, { minLength: 1, maxLength: 5 }).map((vs) => [vs.join(",")]),
  );

// ---------- JSON bodies ----------

// fc.emailAddress() covers RFC 5321, which is wider than what z.email() accepts: keep near-valid addresses simple.
const email = fc.oneof(
  {
    weight: 10,
    arbitrary: safeText(12).map((local) => `${local.replace(/[^a-z0-9]/gi, "") || "a"}@example.com`),
  },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: anyText(20) },
);
const address = fc.record(
  {
    street: fc.string({ maxLength: 40 }),
    city: fc.string({ minLength: 1, maxLength: 30 }),
    zip: fc.oneof(
      { weight: 10, arbitrary: fc.stringMatching(/^[0-9]{5}$/) },
      { weight: 1, arbitrary: anyText(6) },
    ),
  },
  { requiredKeys: ["city", "zip"] },
);
const owner = fc.record(
  { id: fc.string({ minLength: 1, maxLength: 20 }), email, address },
  { requiredKeys: ["id"] },
);
const recordBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name: fc.oneof(
      { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }) },
      { weight: 1, arbitrary: fc.constantFrom("taken", "€uro", "名前", "\u0100", "emoji 🎉") },
    ),
    qty: fc.integer({ min: 0, max: 1_000_000 }),
    price: fc.double({ min: 0, max: 1e9, noNaN: true }),
    active: fc.boolean(),
    tags: fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
    due: fc
      .date({
        min: new Date("2000-01-01T00:00:00Z"),
        max: new Date("2100-01-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
    owner,
    lines: fc.array(
      fc.record({ sku: fc.string({ minLength: 1, maxLength: 8 }), count: fc.integer({ min: 1, max: 99 }) }),
      { maxLength: 4 },
    ),
    attributes: fc.jsonValue({ maxDepth: 3 }),
    category: fc.letrec((tie) => ({
      node: fc.record(
        {
          name: fc.string({ minLength: 1, maxLength: 8 }),
          children: fc.array(tie("node"), { maxLength: 2 }),
        },
        { requiredKeys: ["name"] },
      ),
    })).node,
    meta: fc.dictionary(
      fc.string({ maxLength: 10 }),
      fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)),
      { maxKeys: 4 },
    ),
  },
  { requiredKeys: ["name", "qty", "owner"] },
);
const patchBody: fc.Arbitrary<Record<string, unknown>> = recordBody.chain((full) =>
  fc.subarray(Object.keys(full)).map((keys) => Object.fromEntries(keys.map((k) => [k, full[k]]))),
);
const exportBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    format: enumValue(["csv", "json"]),
    since: isoDateTime,
    ids: fc.array(fc.integer(), { maxLength: 10 }),
  },
  { requiredKeys: ["format"] },
);

/** Any JSON value, for wrong-type mutations. */
const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Near-valid: a valid body with one field dropped, retyped, or a hostile key added. */
function nearValid(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return valid.chain((body) => {
    const keys = Object.keys(body);
    return fc.oneof(
      keys.length > 0
        ? fc.constantFrom(...keys).map((k) => {
            const copy = { ...body };
            delete copy[k];
            return copy;
          })
        : fc.constant(body),
      keys.length > 0
        ? fc.tuple(fc.constantFrom(...keys), anyJson).map(([k, v]) => ({ ...body, [k]: v }))
        : fc.constant(body),
      fc
        .tuple(fc.constantFrom(...PROTOTYPE_NAMES, "polluted"), anyJson)
        .map(([k, v]) => ({ ...body, [k]: v })),
      fc.constant({ ...body, extra: "unknown key" }),
      anyJson,
    );
  });
}

/** JSON text that pollutes `Object.prototype` if anything merges it naively. */
const pollutingJson = (valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> =>
  fc.tuple(valid, fc.constantFrom(...PROTOTYPE_NAMES)).map(([body, name]) => {
    const text = JSON.stringify(body).slice(1, -1);
    const hostile = `"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"${name}":{"polluted":"yes"}`;
    return `{${hostile}${text === "" ? "" : `,${text}`}}`;
  });

const invalidJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("{", "}", "[1,]", '{"a":}', "nul", "{'a':1}", '{"a":1}x', "\u0000", "NaN", '"\\ud800"'),
  fc.string({ maxLength: 40 }),
);

/**
 * Valid JSON nested `depth` levels: bare arrays or objects, or inside a valid record's free-form `attributes`
 * (z.json()) or recursive `category` (z.lazy) field.
 */
const deepJson: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 100, max: 12_000 }),
    fc.constantFrom("arrays", "objects", "attributes", "category"),
  )
  .map(([depth, shape]) => {
    const arrays = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const valid = '"name":"deep","qty":1,"owner":{"id":"o"}';
    switch (shape) {
      case "arrays":
        return arrays;
      case "objects":
        return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
      case "attributes":
        return `{${valid},"attributes":${arrays}}`;
      default:
        return `{${valid},"category":${'{"name":"c","children":['.repeat(depth)}{"name":"leaf"}${"]}".repeat(depth)}}`;
    }
  });

/** Bytes that are not UTF-8, spliced into JSON text. */
const invalidUtf8: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      [0xff],
      [0xfe, 0xff],
      [0xc3, 0x28],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80],
    ),
  )
  .map(([s, bad]) => {
    const head = bytes(`{"name":"${s.replace(/["\\]/g, "")}`);
    return Uint8Array.from([...head, ...bad, ...bytes('","qty":1,"owner":{"id":"o"}}')]);
  });

// ---------- operations ----------

interface OpSpec {
  operationId: string;
  method: string;
  path: string;
  params?: Record<string, fc.Arbitrary<string>>;
  query?: Record<string, QueryGen>;
  headers?: Record<string, fc.Arbitrary<string>>;
  body?: fc.Arbitrary<Record<string, unknown>>;
}

const OPS: OpSpec[] = [
  {
    operationId: "ListRecords",
    method: "GET",
    path: "/records",
    query: {
      limit: one(intValue(1, 100)),
      offset: one(intValue(0, 10_000)),
      score: one(numberValue),
      active: one(boolValue),
      tags: list(safeText(10)),
      ids: list(intValue(-100, 100)),
      since: one(dateValue),
      sort: one(enumValue(["name", "qty", "due"])),
    },
  },
  {
    operationId: "GetRecord",
    method: "GET",
    path: "/records/{id}",
    params: { id: idValue },
    query: { verbose: one(boolValue), fields: list(safeText(8)) },
  },
  {
    operationId: "GetRecordVersion",
    method: "GET",
    path: "/records/{id}/versions/{version}",
    params: { id: idValue, version: intValue(1, 10_000) },
    query: { at: one(dateValue), archived: one(boolValue) },
    headers: {
      "x-tenant": fc.oneof(
        { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,32}$/) },
        { weight: 1, arbitrary: latin1Value(40) },
      ),
    },
  },
  {
    operationId: "CreateRecord",
    method: "POST",
    path: "/records",
    query: { dryRun: one(boolValue) },
    body: recordBody,
  },
  {
    operationId: "ReplaceRecord",
    method: "PUT",
    path: "/records/{id}",
    params: { id: idValue },
    body: recordBody,
  },
  {
    operationId: "PatchRecord",
    method: "PATCH",
    path: "/records/{id}",
    params: { id: idValue },
    body: patchBody,
  },
  { operationId: "DeleteRecord", method: "DELETE", path: "/records/{id}", params: { id: idValue } },
  { operationId: "ExportRecords", method: "POST", path: "/exports", body: exportBody },
];

/** The operation ids the generators target, with the methods and paths they use. @internal */
export const TARGETED_OPERATIONS: readonly { operationId: string; method: string; path: string }[] = OPS.map(
  ({ operationId, method, path }) => ({ operationId, method, path }),
);

// ---------- headers ----------

/** Latin-1 header value characters (tab, printable ASCII, 0x80-0xFF): what HTTP clients can send. */
function latin1Value(maxLength: number): fc.Arbitrary<string> {
  return fc
    .string({
      unit: fc
        .oneof(
          { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
          { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
          { weight: 1, arbitrary: fc.constant(0x09) },
        )
        .map((c) => String.fromCharCode(c)),
      maxLength,
    })
    .map((s) => s.trim());
}

const oversized: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 8_000, max: 64_000 }), fc.constantFrom("k", "é", "a=b;"))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

const apiKeyHeader: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 40, arbitrary: fc.constant(FUZZ_API_KEY) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: latin1Value(40) },
  { weight: 1, arbitrary: fc.constant(`${FUZZ_API_KEY}, ${FUZZ_API_KEY}`) },
  { weight: 1, arbitrary: oversized },
);

const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "Bearer abc.def.ghi",
      "Basic Zm9vOmJhcg==",
      "Basic !!!",
      "Bearer",
      "Negotiate x",
    ),
  },
  { weight: 1, arbitrary: latin1Value(60) },
  { weight: 1, arbitrary: oversized.map((s) => `Bearer ${s}`) },
);

const charsetParam = fc.oneof(
  { weight: 8, arbitrary: fc.constant("") },
  { weight: 3, arbitrary: fc.constant("; charset=utf-8") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "; charset=UTF-8",
      "; charset=latin1",
      "; charset=iso-8859-1",
      "; charset=utf-16",
      "; charset=utf-16le",
      "; charset=bogus",
      "; charset=",
      ';charset="utf-8"',
      "; boundary=x",
    ),
  },
);

const contentEncoding: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom("identity", "gzip", "deflate", "br", "bogus", "gzip, gzip") },
);

const jsonMediaType = fc.oneof(
  { weight: 10, arbitrary: fc.constant("application/json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "APPLICATION/JSON",
      "application/vnd.fuzz+json",
      "application/problem+json",
      "text/json",
    ),
  },
);

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(
    fc.stringMatching(/^x-[a-z0-9-]{1,12}$/),
    fc.constantFrom(
      "accept",
      "accept-charset",
      "accept-encoding",
      "x-forwarded-host",
      "x-forwarded-proto",
      "x-ms-client-request-id",
      "cookie",
    ),
  ),
  fc.oneof({ weight: 6, arbitrary: latin1Value(30) }, { weight: 1, arbitrary: oversized }),
  { maxKeys: 3 },
);

// ---------- bodies ----------

interface GeneratedBody {
  kind: BodyKind;
  contentType?: string | undefined;
  body?: Uint8Array | undefined;
}

const json = (text: string): Uint8Array => bytes(text);

function bodyFor(spec: OpSpec | undefined): fc.Arbitrary<GeneratedBody> {
  const valid = spec?.body ?? recordBody;
  const jsonBody: fc.Arbitrary<Uint8Array> = fc.oneof(
    { weight: 24, arbitrary: valid.map((b) => json(JSON.stringify(b))) },
    { weight: 4, arbitrary: nearValid(valid).map((b) => json(JSON.stringify(b) ?? "null")) },
    { weight: 1, arbitrary: pollutingJson(valid).map(json) },
    { weight: 1, arbitrary: invalidJson.map(json) },
    { weight: 1, arbitrary: deepJson.map(json) },
    // over the fuzz handler's 64 KiB limit
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 65_000, max: 90_000 })
        .map((n) => json(JSON.stringify({ name: "x".repeat(n) }))),
    },
  );
  const jsonKind = fc.record({
    kind: fc.constant<BodyKind>("json"),
    contentType: fc.tuple(jsonMediaType, charsetParam).map(([t, c]) => t + c),
    body: jsonBody,
  });
  const other = fc.oneof(
    fc.record({
      kind: fc.constant<BodyKind>("form"),
      contentType: fc.constant("application/x-www-form-urlencoded"),
      body: fc
        .dictionary(safeText(8), fc.string({ maxLength: 12 }), { maxKeys: 4 })
        .map((d) => bytes(new URLSearchParams(d).toString())),
    }),
    fc.record({
      kind: fc.constant<BodyKind>("multipart"),
      contentType: fc.constant("multipart/form-data; boundary=fuzzBoundary"),
      body: fc
        .string({ maxLength: 30 })
        .map((s) =>
          bytes(
            `--fuzzBoundary\r\ncontent-disposition: form-data; name="name"\r\n\r\n${s}\r\n--fuzzBoundary--\r\n`,
          ),
        ),
    }),
    fc.record({
      kind: fc.constant<BodyKind>("xml"),
      contentType: fc.constantFrom("application/xml", "text/xml"),
      body: fc
        .string({ maxLength: 30 })
        .map((s) => bytes(`<?xml version="1.0"?><record><name>${s}</name></record>`)),
    }),
    fc.record({
      kind: fc.constant<BodyKind>("text"),
      contentType: fc.constantFrom("text/plain", "text/plain; charset=utf-8", "text/csv"),
      body: fc.string({ minLength: 1, maxLength: 40 }).map(bytes),
    }),
    fc.record({
      kind: fc.constant<BodyKind>("binary"),
      contentType: fc.constantFrom("application/octet-stream", "image/png", "application/pdf"),
      body: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
    fc.record({
      kind: fc.constant<BodyKind>("invalid-utf8"),
      contentType: fc.constantFrom("application/json", "application/json; charset=utf-8"),
      body: invalidUtf8,
    }),
    fc.record({
      kind: fc.constant<BodyKind>("empty"),
      contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
      body: fc.constant(new Uint8Array(0)),
    }),
    // JSON text without a content type
    fc.record({
      kind: fc.constant<BodyKind>("untyped"),
      contentType: fc.constant(undefined),
      body: jsonBody,
    }),
  );
  const none = fc.constant<GeneratedBody>({ kind: "none" });
  if (spec && !spec.body) return fc.oneof({ weight: 12, arbitrary: none }, { weight: 1, arbitrary: other });
  return fc.oneof(
    { weight: 12, arbitrary: jsonKind },
    { weight: 6, arbitrary: other },
    { weight: 1, arbitrary: none },
  );
}

// ---------- paths and queries ----------

/** Percent-encodes like a client would, or (rarely) leaves characters raw / breaks the encoding. */
const pathSegment = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 30, arbitrary: fc.constant(encodeURIComponent(value)) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "%E0%A4%A", "%C0%AF", "%00", "%2e%2e", "..", ".") },
    {
      weight: 1,
      arbitrary: fc.constant(encodeURIComponent(value).replace(/%[0-9A-F]{2}/, "%")),
    },
  );

function buildPath(template: string, params: Record<string, string>): fc.Arbitrary<string> {
  const parts = template.split("/").slice(1);
  return fc
    .tuple(
      ...parts.map((part) => {
        const m = /^\{(.+)\}$/.exec(part);
        if (m) return pathSegment(params[m[1]!] ?? "");
        return fc.oneof(
          { weight: 30, arbitrary: fc.constant(part) },
          { weight: 1, arbitrary: fc.constant(part.toUpperCase()) },
        );
      }),
    )
    .chain((segments) =>
      fc.oneof(
        { weight: 40, arbitrary: fc.constant(`/${segments.join("/")}`) },
        { weight: 1, arbitrary: fc.constant(`/${segments.join("/")}/`) },
        { weight: 1, arbitrary: fc.constant(`//${segments.join("//")}`) },
        // long runs of slashes: routing must stay linear
        {
          weight: 1,
          arbitrary: fc
            .integer({ min: 100, max: 3_000 })
            .map((n) => `/${segments.join("/".repeat(n))}${"/".repeat(n)}`),
        },
      ),
    );
}

const prototypeKey = fc.constantFrom(...PROTOTYPE_NAMES);

function encodeQuery(pairs: [string, string][]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant(new URLSearchParams(pairs).toString()) },
    {
      weight: 1,
      arbitrary: fc.constant(
        pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"),
      ),
    },
    // broken escapes in the query
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("%", "%zz", "a=%E0%A4%A", "=", "&&", "a&a&a", "a=1=2")
        .map((bad) => [new URLSearchParams(pairs).toString(), bad].filter(Boolean).join("&")),
    },
  );
}

function queryFor(spec: OpSpec | undefined): fc.Arbitrary<string> {
  const declared = Object.entries(spec?.query ?? {});
  const declaredPairs: fc.Arbitrary<[string, string][]> =
    declared.length === 0
      ? fc.constant([])
      : fc
          .tuple(
            ...declared.map(([key, gen]) =>
              fc.option(
                gen.map((values) => values.map((v): [string, string] => [key, v])),
                { freq: 3 },
              ),
            ),
          )
          .map((groups) => groups.flatMap((g) => g ?? []));
  const extra: fc.Arbitrary<[string, string][]> = fc.oneof(
    { weight: 12, arbitrary: fc.constant<[string, string][]>([]) },
    // every Object.prototype name shows up as a query key, alone or repeated
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(prototypeKey, fc.string({ maxLength: 8 })), {
        minLength: 1,
        maxLength: 3,
      }),
    },
    { weight: 1, arbitrary: fc.array(fc.tuple(anyText(8), anyText(8)), { minLength: 1, maxLength: 3 }) },
  );
  return fc
    .tuple(declaredPairs, extra, fc.boolean())
    .chain(([d, e, before]) => encodeQuery(before ? [...e, ...d] : [...d, ...e]));
}

// ---------- whole requests ----------

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

function headersFor(spec: OpSpec | undefined, body: GeneratedBody): fc.Arbitrary<Record<string, string>> {
  const specHeaders = Object.entries(spec?.headers ?? {});
  return fc
    .record({
      key: apiKeyHeader,
      authorization,
      encoding: body.body ? contentEncoding : fc.constant(undefined),
      spec: fc.tuple(
        ...specHeaders.map(([name, gen]) =>
          fc.option(
            gen.map((v) => [name, v] as const),
            { freq: 3 },
          ),
        ),
      ),
      extra: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extraHeaders }),
    })
    .map(({ key, authorization: auth, encoding, spec: fromSpec, extra }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
      for (const entry of fromSpec) if (entry) headers[entry[0]] = entry[1];
      if (key !== undefined) headers["x-api-key"] = key;
      if (auth !== undefined) headers["authorization"] = auth;
      if (encoding !== undefined) headers["content-encoding"] = encoding;
      if (body.contentType !== undefined) headers["content-type"] = body.contentType;
      return headers;
    });
}

const targeted: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...OPS).chain((spec) =>
  fc
    .record({
      params: fc.record(spec.params ?? {}),
      method: fc.oneof(
        { weight: 30, arbitrary: fc.constant(spec.method) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
      query: queryFor(spec),
      body: bodyFor(spec),
    })
    .chain(({ params, method, query, body }) =>
      fc
        .record({
          path: buildPath(spec.path, params as Record<string, string>),
          headers: headersFor(spec, body),
        })
        .map(
          ({ path, headers }): FuzzRequest => ({
            method,
            path,
            query,
            headers,
            body: body.body,
            kind: body.kind,
            target: method === spec.method ? spec.operationId : undefined,
          }),
        ),
    ),
);

const randomPath: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.oneof(safeText(10), fc.constantFrom("records", "exports", "_jobs", "api", "..", "%2F", "%")), {
      maxLength: 6,
    })
    .map((segments) => `/${segments.join("/")}`),
  fc.constantFrom("/", "", "//", "/records/", "/records//versions/1", "/_jobs/ExportRecords/x", "/RECORDS"),
);

const random: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom(...METHODS),
    path: randomPath,
    query: queryFor(undefined),
    body: bodyFor(undefined),
  })
  .chain(({ method, path, query, body }) =>
    headersFor(undefined, body).map(
      (headers): FuzzRequest => ({
        method,
        path: path === "" ? "/" : path,
        query,
        headers,
        body: body.body,
        kind: body.kind,
      }),
    ),
  );

/**
 * Requests for the fuzz connector: mostly aimed at one of its operations with near-valid inputs, the rest
 * random.
 *
 * @example
 * ```ts
 * fc.sample(fuzzRequests, 3);
 * ```
 * @internal
 */
export const fuzzRequests: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 9, arbitrary: targeted },
  { weight: 1, arbitrary: random },
);
