/**
 * Types of the adapter conformance suite: a driver starts a connector on a host, the suite sends requests
 * from a table and checks each response against the table and against the core itself.
 * @internal
 */
import type { HandlerOptions } from "../../http/create-handler";
import type { Connector } from "../../operation/define-connector";

/**
 * One request, as sent on the wire. `path` is below the mount point and may carry a query string; it is
 * sent exactly as written (percent-encoding included).
 * @internal
 */
export interface ConformanceRequest {
  method: string;
  /** Path plus optional `?query`, below the mount point, e.g. `/items/a%2Fb?tag=x&tag=y`. */
  path: string;
  /** Request headers (any case). */
  headers?: Record<string, string>;
  /** Request body bytes or text. */
  body?: string | Uint8Array;
}

/** A response as the host sent it. Header names lower-cased; `body` is `""` when there is none. @internal */
export interface ConformanceResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A connector being served by a host. @internal */
export interface ConformanceServer {
  /** Public origin plus mount path, as the adapter should compute it (e.g. `http://127.0.0.1:5123/api`). */
  readonly baseUrl: string;
  request(request: ConformanceRequest): Promise<ConformanceResponse>;
  close(): Promise<void>;
}

/**
 * Starts a connector on one host. Each adapter's test file implements one.
 *
 * @example
 * ```ts
 * const driver: ConformanceDriver = {
 *   async start(connector, options) {
 *     const handler = createHandler(connector, options);
 *     return { baseUrl: "http://test/api", request: async (r) => ({ status: 200, headers: {}, body: "" }), close: async () => {} };
 *   },
 * };
 * ```
 * @internal
 */
export interface ConformanceDriver {
  start(connector: Connector, options: HandlerOptions): Promise<ConformanceServer>;
}

/** A header expectation: exact text (`{baseUrl}` is replaced), a pattern, or `null` for "absent". @internal */
export type HeaderExpectation = string | RegExp | null;

/** What a case expects. @internal */
export interface ConformanceExpectation {
  status: number;
  /** Headers (lower-case names) that must have these values. */
  headers?: Record<string, HeaderExpectation>;
  /** The JSON body must match this (deep partial match, like `toMatchObject`; `{baseUrl}` replaced in strings). */
  json?: unknown;
  /** The body must be exactly empty. */
  emptyBody?: true;
  /** Strings that must not appear anywhere in the body (secrets, stack frames). */
  bodyExcludes?: string[];
}

/** One row of the table. @internal */
export interface ConformanceCase {
  /** Short description; the test name also shows method, path and expected status. */
  name: string;
  request: ConformanceRequest;
  expect: ConformanceExpectation;
  /**
   * Compare status, {@link CONFORMANCE_HEADERS} and body bytes with the core's own answer to the same request.
   * Turn off for answers that differ by design between runs (random ids).
   * @default the group's setting (true)
   */
  compareWithCore?: boolean;
  /**
   * Headers produced when the case runs (e.g. a token minted now), merged over `request.headers`. Called once
   * per run; the same headers go to the host and to the core. It may also change the group's fixture first
   * (e.g. rotate signing keys), since cases of a group run in order.
   */
  runtimeHeaders?: () => Promise<Record<string, string>>;
}

/**
 * What a group's {@link ConformanceGroup.setup} returns: how to release what it started.
 *
 * @example
 * ```ts
 * const fixture: ConformanceSetup = { teardown: async () => jwksServer.close() };
 * ```
 * @internal
 */
export interface ConformanceSetup {
  teardown(): Promise<void>;
}

/** A group of cases served by one connector. Add groups from your module to cover new operation kinds. @internal */
export interface ConformanceGroup {
  name: string;
  /** A fresh connector for the group (called once per driver). */
  connector: () => Connector;
  /** Handler options (body limit, response validation). */
  options?: HandlerOptions;
  cases: ConformanceCase[];
  /** @default true */
  compareWithCore?: boolean;
  /**
   * Async preparation run once per driver, before `connector()` is called (e.g. a JWKS server on loopback whose
   * URL the connector's verifier uses). Its `teardown` runs after the group's cases.
   */
  setup?: () => Promise<ConformanceSetup>;
}
