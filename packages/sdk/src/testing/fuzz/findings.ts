/**
 * Deterministic regression cases for what fuzzing found, run by every fuzz suite (core, Express, Azure) so each
 * finding stays pinned even when a random run misses it.
 * @internal
 */
import { FUZZ_API_KEY } from "./fuzz-connector";
import { type FuzzRequest, PROTOTYPE_NAMES } from "./requests";
import { checkResponse, exchange, type FuzzResponse, type FuzzSend, watchCrashes } from "./run-fuzz";

/**
 * One finding: requests every host must answer below 500 with our JSON error body (or 2xx), without crashing.
 *
 * @example
 * ```ts
 * for (const finding of FINDINGS) for (const req of finding.requests) checkResponse(req.method, await send(req));
 * ```
 * @internal
 */
export interface Finding {
  name: string;
  requests: FuzzRequest[];
  /** How each answer is judged. @default checkResponse (below 500, our error body) */
  check?: (method: string, res: FuzzResponse) => void;
}

const enc = new TextEncoder();
const AUTH = { "x-api-key": FUZZ_API_KEY };
const JSON_HEADERS = { ...AUTH, "content-type": "application/json" };
const VALID = { name: "ok", qty: 1, owner: { id: "o" } };

function post(
  body: string | Uint8Array,
  headers: Record<string, string> = JSON_HEADERS,
  query = "",
): FuzzRequest {
  return {
    method: "POST",
    path: "/records",
    query,
    headers,
    body: typeof body === "string" ? enc.encode(body) : body,
    kind: "json",
    target: "CreateRecord",
  };
}

const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/**
 * The known findings, as requests.
 *
 * @example
 * ```ts
 * FINDINGS.map((f) => f.name);
 * ```
 * @internal
 */
export const FINDINGS: readonly Finding[] = [
  {
    name: "a query key named like an Object.prototype member (with and without a pending body)",
    requests: PROTOTYPE_NAMES.flatMap((name): FuzzRequest[] => [
      {
        method: "GET",
        path: "/records",
        query: `${name}=1`,
        headers: AUTH,
        kind: "none",
        target: "ListRecords",
      },
      {
        method: "GET",
        path: "/records/a",
        query: `${name}=1&${name}=2`,
        headers: AUTH,
        kind: "none",
        target: "GetRecord",
      },
      post(JSON.stringify(VALID), JSON_HEADERS, `${name}=1`),
    ]),
  },
  {
    name: "a Location built from request data with characters above U+00FF",
    requests: ["€uro", "名前", "\u0100", "emoji 🎉", "a b\tc"].map((name) =>
      post(JSON.stringify({ ...VALID, name })),
    ),
    check(method, res) {
      checkResponse(method, res);
      if (res.status !== 201) throw new Error(`answered ${res.status}, not 201: ${res.body.slice(0, 200)}`);
      if (!/^[\x21-\x7e]+$/.test(res.headers["location"] ?? "")) {
        throw new Error(`Location is not printable ASCII: ${JSON.stringify(res.headers["location"])}`);
      }
    },
  },
  {
    name: "a handler's custom header value above U+00FF (the standard 500 body, no crash)",
    requests: ["€uro", "名前", "\u0100", "emoji 🎉", "a\u0000b"].map((value) => ({
      method: "POST",
      path: "/debug/echo-header",
      query: "",
      headers: JSON_HEADERS,
      body: enc.encode(JSON.stringify({ value })),
      kind: "json",
    })),
    check(_method, res) {
      if (res.status !== 500) throw new Error(`answered ${res.status}, not the documented 500`);
      const body = JSON.parse(res.body) as { error?: { code?: unknown } };
      if (
        !/^application\/json\b/.test(res.headers["content-type"] ?? "") ||
        body.error?.code !== "InternalServerError"
      ) {
        throw new Error(`not the standard 500 body: ${res.body.slice(0, 200)}`);
      }
      if (Object.keys(res.headers).includes("x-echo")) throw new Error("the invalid header was sent");
    },
  },
  {
    name: "JSON nested 5,000+ levels (z.json() and z.lazy() fields, and bare)",
    requests: [5_000, 20_000].flatMap((depth) => [
      post(JSON.stringify({ ...VALID }).replace(/}$/, `,"attributes":${nested(depth)}}`)),
      post(
        JSON.stringify({ ...VALID }).replace(
          /}$/,
          `,"category":${'{"name":"c","children":['.repeat(depth)}{"name":"leaf"}${"]}".repeat(depth)}}`,
        ),
      ),
      post(nested(depth)),
    ]),
  },
  {
    name: "charset and content-encoding a body parser cannot decode",
    requests: [
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-type": "application/json; charset=bogus" }),
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-type": "application/json; charset=utf-16" }),
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-type": "application/json; charset=latin1" }),
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-encoding": "bogus" }),
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-encoding": "gzip" }),
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-encoding": "deflate" }),
      post(JSON.stringify(VALID), { ...JSON_HEADERS, "content-encoding": "br" }),
      post(new Uint8Array(0), { ...JSON_HEADERS, "content-encoding": "gzip" }),
      post(new Uint8Array(0), { ...JSON_HEADERS, "content-encoding": "deflate" }),
      post(new Uint8Array(0), { ...JSON_HEADERS, "content-encoding": "br" }),
      post(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), JSON_HEADERS),
    ],
  },
];

/**
 * Builders of requests whose cost must grow linearly with `n`: long runs of `/` inside a path, long digit
 * runs in number query and path parameters.
 *
 * @example
 * ```ts
 * const req = GROWTH_CASES[0]!.make(10_000);
 * ```
 * @internal
 */
export const GROWTH_CASES: readonly { name: string; make: (n: number) => FuzzRequest }[] = [
  {
    name: "a long run of / inside the path",
    make: (n) => ({
      method: "GET",
      path: `/records${"/".repeat(n)}a`,
      query: "",
      headers: AUTH,
      kind: "none",
    }),
  },
  {
    name: "a long digit run in a number query parameter",
    make: (n) => ({
      method: "GET",
      path: "/records",
      query: `limit=${"1".repeat(n)}x`,
      headers: AUTH,
      kind: "none",
      target: "ListRecords",
    }),
  },
  {
    name: "a long digit run in a number path parameter",
    make: (n) => ({
      method: "GET",
      path: `/records/a/versions/${"1".repeat(n)}x`,
      query: "",
      headers: AUTH,
      kind: "none",
      target: "GetRecordVersion",
    }),
  },
];

/**
 * Times a request at size `n` (best of three) and at `4n` (once). Linear work grows about 4x; a quadratic
 * regex grows 16x and, at the sizes the suites use, takes seconds. Returns both times in milliseconds.
 *
 * @param send - the driver.
 * @param make - builds the request of size n.
 * @param n - the small size.
 * @returns `{ small, large }` in milliseconds, and the large request's status.
 * @example
 * ```ts
 * const { small, large } = await growthProbe(send, GROWTH_CASES[0]!.make, 10_000);
 * expect(large).toBeLessThan(250 + 8 * small);
 * ```
 * @internal
 */
export async function growthProbe(
  send: FuzzSend,
  make: (n: number) => FuzzRequest,
  n: number,
): Promise<{ small: number; large: number; status: number }> {
  let small = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await send(make(n), new AbortController().signal);
    small = Math.min(small, performance.now() - t);
  }
  const t = performance.now();
  const res = await send(make(4 * n), new AbortController().signal);
  return { small, large: performance.now() - t, status: res.status };
}

/**
 * Sends every request of a finding through `send` (see `exchange`) and returns one line per request that
 * failed: crash, 5xx, or a non-2xx answer that is not our JSON error body.
 *
 * @param send - the driver.
 * @param finding - the finding.
 * @returns the failures (empty when the finding is fixed on this host).
 * @example
 * ```ts
 * expect(await findingFailures(send, FINDINGS[0]!)).toEqual([]);
 * ```
 * @internal
 */
export async function findingFailures(send: FuzzSend, finding: Finding): Promise<string[]> {
  const failures: string[] = [];
  const crashes = watchCrashes();
  try {
    for (const req of finding.requests) {
      try {
        await exchange(send, req, crashes, finding.check);
      } catch (error) {
        const [first] = (error as Error).message.split("\n");
        failures.push(
          `${req.method} ${req.path.slice(0, 60)}?${req.query.slice(0, 60)}: ${first?.slice(0, 240)}`,
        );
      }
    }
  } finally {
    crashes.stop();
  }
  return failures;
}
