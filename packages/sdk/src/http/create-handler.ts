import { ConnectorError, ResponseValidationError, toConnectorError } from "../errors/connector-error";
import type { JobRunner } from "../long-running/types";
import type { Connector } from "../operation/define-connector";
import { responseSchema } from "../operation/response-spec";
import type {
  ActionOperation,
  AnyOperation,
  HandlerContext,
  OperationInput,
  RequestSchemas,
} from "../operation/types";
import { defaultStore } from "../store/default-store";
import type { ConnectorStore } from "../store/types";
import type { StateSecret } from "../triggers/polling/state-token";
import { readRequestBody } from "./body";
import { type CompiledInput, compileInput, issuesToDetails } from "./input";
import { errorResponse, jsonResponse } from "./respond";
import { Router } from "./router";
import type { ConnectorRequest, ConnectorResponse } from "./types";

/**
 * The platform gateway's request size limit: 3,182,218 bytes, the "Maximum request content-length that can be
 * sent to a gateway" in the custom connectors FAQ
 * (https://learn.microsoft.com/connectors/custom-connectors/faq, "Limits"). The default of `maxBodyBytes`.
 *
 * @example
 * ```ts
 * createHandler(connector, { maxBodyBytes: PLATFORM_MAX_BODY_BYTES });
 * ```
 */
export const PLATFORM_MAX_BODY_BYTES = 3_182_218;

/**
 * Options of {@link createHandler}.
 *
 * @example
 * ```ts
 * const options: HandlerOptions = { validateResponses: true, onError: (e) => console.error(e.message) };
 * ```
 */
export interface HandlerOptions {
  /**
   * Validate handler responses against the declared schemas and send the parsed output (unknown keys stripped).
   * A mismatch answers 500 and calls `onError`.
   * @default process.env.NODE_ENV !== "production"
   */
  validateResponses?: boolean;
  /**
   * Largest accepted request body in bytes, for every operation that does not set its own `maxBodyBytes`.
   * The core stops reading there and answers 413.
   * @default 3182218 ({@link PLATFORM_MAX_BODY_BYTES}, the gateway's request content-length limit in the custom
   * connectors FAQ)
   */
  maxBodyBytes?: number;
  /** Called for every error the runtime renders with status >= 500 (and for response validation failures). */
  onError?: (
    error: ConnectorError,
    info: { operationId: string | undefined; request: ConnectorRequest },
  ) => void;
  /**
   * State store for long-running jobs and webhook subscriptions. @default defaultStore(): a durable file store in
   * `CONNECTORKIT_STATE_DIR` (`.connectorkit/state`), in-memory when `NODE_ENV` is `test`
   */
  store?: ConnectorStore;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Where long-running handlers execute. @default inProcessJobRunner() */
  jobRunner?: JobRunner;
  /**
   * Key(s) that sign polling-trigger state: a secret of at least 32 bytes, or `[{ kid, secret }, ...]` (signs with
   * the first, verifies with any, for rotation). @default process.env.CONNECTORKIT_STATE_SECRET
   */
  pollingSecret?: StateSecret;
}

/** Everything an operation's runtime needs from the core. @internal */
export interface RuntimeEnv {
  readonly connector: Connector;
  readonly store: ConnectorStore;
  readonly now: () => number;
  readonly maxBodyBytes: number;
  readonly validateResponses: boolean;
  /** The body limit of an operation: its own `maxBodyBytes`, else the handler's. */
  bodyLimit(op: AnyOperation): number;
  /** Reads, checks and parses the request body (once per request) with the operation's limit. */
  readBody(op: AnyOperation, req: ConnectorRequest): Promise<unknown>;
  /** The configured job runner (long-running operations fall back to an in-process runner). */
  readonly jobRunner: JobRunner | undefined;
  /** The configured polling-trigger state secret (polling triggers fall back to CONNECTORKIT_STATE_SECRET). */
  readonly pollingSecret: StateSecret | undefined;
  /** Authenticates a request with the connector's auth (undefined principal without auth). */
  authenticate(req: ConnectorRequest): Promise<unknown>;
  /** Parses and validates an operation's input. */
  parseInput(
    op: AnyOperation,
    req: ConnectorRequest,
    params: Record<string, string>,
  ): Promise<OperationInput<RequestSchemas>>;
  /** Builds the handler context. */
  context(op: AnyOperation, req: ConnectorRequest, principal: unknown): HandlerContext;
  /** Validates and serializes a handler result against an operation's declared responses. */
  finish(
    op: AnyOperation,
    result: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<ConnectorResponse>;
  /** Reports an error to `onError`. */
  report(error: unknown, operationId: string | undefined, req: ConnectorRequest): void;
}

/** A runtime route contributed by an operation. @internal */
export interface RuntimeRoute {
  method: string;
  /** Path below the connector's base path. */
  path: string;
  operationId: string;
  run(req: ConnectorRequest, params: Record<string, string>): Promise<ConnectorResponse>;
}

/** Operations may carry their own runtime (long-running actions, triggers). @internal */
export interface OperationWithRuntime {
  "~routes"?: (env: RuntimeEnv) => RuntimeRoute[];
}

/**
 * The compiled runtime of a connector: call {@link ConnectorHandler.handle} with each request.
 *
 * @example
 * ```ts
 * const handler: ConnectorHandler = createHandler(connector);
 * for (const r of handler.routes) console.log(r.method, r.path, r.operationId);
 * ```
 */
export interface ConnectorHandler {
  /** The connector served. */
  readonly connector: Connector;
  /** Every route served, for adapters that register one host route per operation. */
  readonly routes: readonly { method: string; path: string; operationId: string }[];
  /**
   * Serves one request. Never rejects: every failure becomes an error response.
   */
  handle(request: ConnectorRequest): Promise<ConnectorResponse>;
}

/**
 * Compiles a connector into a host-agnostic request handler. Adapters call this once and then
 * `handle(request)` per request.
 *
 * @param connector - the connector from `defineConnector`.
 * @param options - response validation, body limit, error hook, store.
 * @returns the handler.
 * @example
 * ```ts
 * import { createHandler } from "@connectorkit/sdk/http";
 * const handler = createHandler(connector, { validateResponses: true });
 * const res = await handler.handle({ method: "GET", path: "/tickets/T-1", query: {}, headers: {}, baseUrl: "https://api.contoso.com/api" });
 * ```
 */
export function createHandler(connector: Connector, options: HandlerOptions = {}): ConnectorHandler {
  const validateResponses = options.validateResponses ?? process.env["NODE_ENV"] !== "production";
  const maxBodyBytes = checkLimit(
    options.maxBodyBytes ?? PLATFORM_MAX_BODY_BYTES,
    "createHandler(): maxBodyBytes",
  );
  const limits = new Map<AnyOperation, number>();
  for (const op of connector.operations) {
    if (op.maxBodyBytes !== undefined)
      limits.set(op, checkLimit(op.maxBodyBytes, `operation ${op.operationId}: maxBodyBytes`));
  }
  const bodyLimit = (op: AnyOperation): number => limits.get(op) ?? maxBodyBytes;
  const store = options.store ?? defaultStore();
  const now = options.now ?? Date.now;
  const inputs = new Map<AnyOperation, CompiledInput>();
  const inputOf = (op: AnyOperation): CompiledInput => {
    let compiled = inputs.get(op);
    if (!compiled) {
      compiled = compileInput(op);
      inputs.set(op, compiled);
    }
    return compiled;
  };
  const report = (error: unknown, operationId: string | undefined, request: ConnectorRequest): void => {
    const e = toConnectorError(error);
    if (!options.onError) return;
    if (e.status < 500 && !(error instanceof ResponseValidationError)) return;
    try {
      options.onError(e, { operationId, request });
    } catch {
      // an error hook that throws must not break the response
    }
  };

  const env: RuntimeEnv = {
    connector,
    store,
    now,
    maxBodyBytes,
    validateResponses,
    jobRunner: options.jobRunner,
    pollingSecret: options.pollingSecret,
    authenticate: async (req) =>
      connector.auth
        ? connector.auth.authenticate({
            method: req.method,
            path: req.path,
            headers: req.headers,
            query: req.query,
          })
        : undefined,
    bodyLimit,
    readBody: (op, req) => readRequestBody(req, bodyLimit(op)),
    parseInput: (op, req, params) => inputOf(op).parse(req, params, bodyLimit(op)),
    context: (op, req, principal) => ({
      operationId: op.operationId,
      principal: principal as HandlerContext["principal"],
      baseUrl: req.baseUrl,
      request: req,
      platform: req.platform,
      signal: req.signal,
    }),
    finish: (op, result, extraHeaders) => finish(op, result, validateResponses, extraHeaders),
    report,
  };

  const router = new Router<RuntimeRoute>();
  const routes: RuntimeRoute[] = [];
  for (const op of connector.operations) {
    const own = (op as OperationWithRuntime)["~routes"];
    const contributed = own ? own(env) : [actionRoute(op as ActionOperation, env)];
    for (const route of contributed) {
      router.add(route.method, route.path, route);
      routes.push(route);
    }
  }
  const base = connector.basePath === "/" ? "" : connector.basePath;

  return {
    connector,
    routes: routes.map(({ method, path, operationId }) => ({ method, path: base + path, operationId })),
    async handle(request) {
      let operationId: string | undefined;
      let req = request;
      try {
        req = normalizeRequest(request);
        const method = req.method;
        const match = router.match(method, req.path);
        switch (match.kind) {
          case "not-found":
            return errorResponse(
              new ConnectorError("NotFound", { message: `No operation at ${method} ${safePath(req.path)}.` }),
            );
          case "bad-path":
            return errorResponse(new ConnectorError("BadRequest", { message: match.message }));
          case "method-not-allowed":
            return errorResponse(
              new ConnectorError("MethodNotAllowed", {
                message: `${method} is not allowed here; use ${match.allow.join(", ")}.`,
                headers: { allow: match.allow.join(", ") },
              }),
            );
        }
        operationId = match.target.operationId;
        return await match.target.run(req, match.params);
      } catch (error) {
        report(error, operationId, req);
        return errorResponse(error);
      }
    },
  };
}

function checkLimit(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`${what} must be a non-negative integer number of bytes (got ${String(value)}).`);
  return value;
}

type HeaderRecord = ConnectorRequest["headers"];

// Copies a record built from input into one without a prototype. Values must be strings or string arrays
// (undefined is skipped); anything else is a malformed request.
function record(source: unknown, lowerCase: boolean, where: string): HeaderRecord {
  const out: HeaderRecord = Object.create(null);
  if (source === undefined || source === null) return out;
  if (typeof source !== "object") throw malformed(where);
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== "string" && !(Array.isArray(value) && value.every((v) => typeof v === "string")))
      throw malformed(where);
    const name = lowerCase ? key.toLowerCase() : key;
    const prev = out[name];
    // Two spellings of one header name (`X-A` and `x-a`): keep both values.
    out[name] = prev === undefined ? value : ([] as string[]).concat(prev, value);
  }
  return out;
}

function malformed(where: string): ConnectorError {
  return new ConnectorError("BadRequest", {
    message: `Malformed request${where === "" ? "" : ` ${where}`}.`,
  });
}

/**
 * The request as the core uses it: upper-case method, string path, and query and header records without a
 * prototype (any key is safe: `constructor`, `__proto__`, ...) whose values are strings or string arrays.
 * @internal
 */
export function normalizeRequest(req: ConnectorRequest): ConnectorRequest {
  if (!req || typeof req !== "object") throw malformed("");
  return {
    ...req,
    method: typeof req.method === "string" ? req.method.toUpperCase() : "",
    path: typeof req.path === "string" ? req.path : "",
    query: record(req.query, false, "query"),
    headers: record(req.headers, true, "headers"),
    baseUrl: typeof req.baseUrl === "string" ? baseUrlOf(req.baseUrl) : "",
  };
}

/**
 * Checks the public base URL an adapter built (its host part usually comes from the `Host` or
 * `X-Forwarded-Host` header, i.e. from the client): no empty path segment, no trailing slash. A run of slashes
 * there is never a real base URL, and it would make every `/\/+$/` trim of it quadratic. Linear time.
 */
function baseUrlOf(baseUrl: string): string {
  let end = baseUrl.length;
  while (end > 0 && baseUrl.charCodeAt(end - 1) === 0x2f) end--;
  const trimmed = end === baseUrl.length ? baseUrl : baseUrl.slice(0, end);
  const scheme = trimmed.indexOf("://");
  if (trimmed.indexOf("//", scheme === -1 ? 0 : scheme + 3) !== -1)
    throw new ConnectorError("BadRequest", { message: "Malformed Host header." });
  return trimmed;
}

function safePath(path: unknown): string {
  const s = typeof path === "string" ? path : "";
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function actionRoute(op: ActionOperation, env: RuntimeEnv): RuntimeRoute {
  return {
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    async run(req, params) {
      const principal = await env.authenticate(req);
      const input = await env.parseInput(op, req, params);
      const result = await op.handler(input, env.context(op, req, principal));
      return env.finish(op, result);
    },
  };
}

async function finish(
  op: AnyOperation,
  result: unknown,
  validate: boolean,
  extraHeaders?: Record<string, string>,
): Promise<ConnectorResponse> {
  if (!result || typeof result !== "object" || typeof (result as { status?: unknown }).status !== "number") {
    throw new ResponseValidationError(op.operationId, 0, [
      {
        code: "invalid_result",
        target: "result",
        location: "body",
        path: [],
        message: "handler must return { status, body? }",
      },
    ]);
  }
  const { status, body, headers } = result as {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
  };
  const allHeaders = extraHeaders ? { ...headers, ...extraHeaders } : headers;
  if (!validate) return jsonResponse(status, body, allHeaders);
  if (!Object.hasOwn(op.responses, status)) {
    throw new ResponseValidationError(op.operationId, status, [
      {
        code: "undeclared_status",
        target: "status",
        location: "body",
        path: [],
        message: `status ${status} is not declared (declared: ${Object.keys(op.responses).join(", ")})`,
      },
    ]);
  }
  const schema = responseSchema(op.responses[status]);
  if (!schema) {
    if (body !== undefined) {
      throw new ResponseValidationError(op.operationId, status, [
        {
          code: "unexpected_body",
          target: "body",
          location: "body",
          path: [],
          message: "this status declares no body",
        },
      ]);
    }
    return jsonResponse(status, undefined, allHeaders);
  }
  const parsed = await schema.safeParseAsync(body);
  if (!parsed.success)
    throw new ResponseValidationError(op.operationId, status, issuesToDetails("body", parsed.error.issues));
  return jsonResponse(status, parsed.data, allHeaders);
}
