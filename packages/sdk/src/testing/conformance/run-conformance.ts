/**
 * Runs the conformance table against one adapter. For every case it checks the table's expectation, then
 * compares status, {@link CONFORMANCE_HEADERS} and body bytes with what the core answers to the same request
 * when called directly. Two adapters that both match the core match each other byte for byte.
 * @internal
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler } from "../../http/create-handler";
import { toQueryRecord } from "../../http/query";
import type { ConnectorRequest, ConnectorResponse } from "../../http/types";
import { conformanceCases } from "./cases";
import type {
  ConformanceCase,
  ConformanceDriver,
  ConformanceExpectation,
  ConformanceGroup,
  ConformanceRequest,
  ConformanceResponse,
  ConformanceServer,
  ConformanceSetup,
} from "./types";

/** The headers that must be identical on every host. @internal */
export const CONFORMANCE_HEADERS = [
  "content-type",
  "location",
  "retry-after",
  "allow",
  "www-authenticate",
] as const;

/**
 * Translates a table request into the {@link ConnectorRequest} a perfect adapter would produce: the core's
 * reference answer is computed from it.
 *
 * @example
 * ```ts
 * toReferenceRequest({ method: "GET", path: "/items?tag=a&tag=b" }, "http://127.0.0.1:3000/api");
 * // { method: "GET", path: "/items", query: { tag: ["a", "b"] }, headers: {}, baseUrl: "http://127.0.0.1:3000/api" }
 * ```
 * @internal
 */
export function toReferenceRequest(request: ConformanceRequest, baseUrl: string): ConnectorRequest {
  const q = request.path.indexOf("?");
  const path = q === -1 ? request.path : request.path.slice(0, q);
  const query = toQueryRecord(new URLSearchParams(q === -1 ? "" : request.path.slice(q + 1)));
  const headers: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(request.headers ?? {})) headers[key.toLowerCase()] = value;
  return { method: request.method, path, query, headers, rawBody: request.body, baseUrl };
}

function fill(value: unknown, baseUrl: string): unknown {
  if (typeof value === "string") return value.replaceAll("{baseUrl}", baseUrl);
  if (Array.isArray(value)) return value.map((v) => fill(v, baseUrl));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, baseUrl)]));
  }
  return value;
}

function checkExpectation(res: ConformanceResponse, want: ConformanceExpectation, baseUrl: string): void {
  const context = `${res.status} ${JSON.stringify(res.headers)} ${res.body.slice(0, 500)}`;
  expect(res.status, context).toBe(want.status);
  for (const [name, expected] of Object.entries(want.headers ?? {})) {
    const actual = res.headers[name];
    if (expected === null) expect(actual, `header ${name}`).toBeUndefined();
    else if (expected instanceof RegExp) expect(actual, `header ${name}`).toMatch(expected);
    else expect(actual, `header ${name}`).toBe(fill(expected, baseUrl));
  }
  if (want.emptyBody) expect(res.body, "body").toBe("");
  if (want.json !== undefined) {
    let parsed: unknown;
    expect(
      () => {
        parsed = JSON.parse(res.body);
      },
      `body is JSON: ${res.body.slice(0, 200)}`,
    ).not.toThrow();
    expect(parsed).toMatchObject(fill(want.json, baseUrl) as object);
  }
  for (const secret of want.bodyExcludes ?? [])
    expect(res.body, "body leaks internals").not.toContain(secret);
}

function comparable(status: number, headers: Record<string, string>, body: string | undefined): unknown {
  const picked: Record<string, string> = {};
  for (const name of CONFORMANCE_HEADERS) if (headers[name] !== undefined) picked[name] = headers[name];
  return { status, headers: picked, body: body ?? "" };
}

function testName(c: ConformanceCase): string {
  const path = c.request.path.length > 60 ? `${c.request.path.slice(0, 60)}…` : c.request.path;
  return `${c.name}: ${c.request.method} ${path} -> ${c.expect.status}`;
}

/**
 * Registers one vitest `describe` per group and one `it` per case for an adapter's driver.
 *
 * @param driverName - shown in test names, e.g. `express`.
 * @param driver - starts a connector on the adapter's host.
 * @param groups - the table. @default conformanceCases
 * @example
 * ```ts
 * // packages/adapters-express/src/conformance.test.ts
 * runConformance("express", { start: async (connector, options) => startExpress(connector, options) });
 * ```
 * @internal
 */
export function runConformance(
  driverName: string,
  driver: ConformanceDriver,
  groups: readonly ConformanceGroup[] = conformanceCases,
): void {
  describe(`conformance: ${driverName}`, () => {
    for (const group of groups) {
      describe(group.name, () => {
        let server: ConformanceServer;
        let reference: { handle(req: ConnectorRequest): Promise<ConnectorResponse> };
        let fixture: ConformanceSetup | undefined;
        beforeAll(async () => {
          fixture = await group.setup?.();
          const options = group.options ?? {};
          server = await driver.start(group.connector(), options);
          reference = createHandler(group.connector(), options);
        });
        afterAll(async () => {
          await server?.close();
          await fixture?.teardown();
        });
        for (const c of group.cases) {
          it(testName(c), async () => {
            const request = c.runtimeHeaders
              ? { ...c.request, headers: { ...c.request.headers, ...(await c.runtimeHeaders()) } }
              : c.request;
            const res = await server.request(request);
            checkExpectation(res, c.expect, server.baseUrl);
            if (c.compareWithCore ?? group.compareWithCore ?? true) {
              const ref = await reference.handle(toReferenceRequest(request, server.baseUrl));
              expect(comparable(res.status, res.headers, res.body), "same answer as the core").toEqual(
                comparable(ref.status, ref.headers, ref.body),
              );
            }
          });
        }
      });
    }
  });
}
