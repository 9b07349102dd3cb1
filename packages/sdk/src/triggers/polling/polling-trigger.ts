import { z } from "zod";
import { principalFingerprint } from "../../auth/principal-fingerprint";
import { ConnectorError } from "../../errors/connector-error";
import type { RuntimeEnv, RuntimeRoute } from "../../http/create-handler";
import { issuesToDetails } from "../../http/input";
import type { ConnectorRequest, ConnectorResponse } from "../../http/types";
import { ACCEPTED_RESPONSE } from "../../long-running/accepted";
import { fingerprint } from "../../long-running/fingerprint";
import { field } from "../../metadata/field";
import type { RequestFor } from "../../operation/action";
import type {
  AnyObjectSchema,
  AnySchema,
  HandlerContext,
  OperationBase,
  OperationInput,
  OperationMeta,
  RequestSchemas,
  ResponseObject,
} from "../../operation/types";
import { assertOperationShape } from "../../operation/validate-definition";
import { X } from "../../swagger/extensions";
import { operationMeta } from "../../swagger/operation-meta";
import type { EmitOperation } from "../../swagger/types";
import { createKeyring, MAX_STATE_OUTPUT_CHARS, type StateKeyring, stateError } from "./state-token";

/**
 * Name of the hidden query parameter that carries the signed trigger state.
 *
 * @example
 * ```ts
 * // `location`: the Location header of a polling trigger's 202/200 answer, which the engine calls next
 * const state = new URL(location).searchParams.get(TRIGGER_STATE_PARAMETER); // "v2.0.…" (signed)
 * ```
 */
export const TRIGGER_STATE_PARAMETER = "triggerState";

/**
 * `batch`: each 200 carries `{ value: [items] }` and the designer splits it into one run per item. `single`: one item per 200.
 *
 * @example
 * ```ts
 * const mode: PollingMode = "batch"; // pollingTrigger({ ..., mode })
 * ```
 */
export type PollingMode = "batch" | "single";

/**
 * What `poll` receives: the trigger's parsed parameters plus the parsed cursor.
 *
 * @example
 * ```ts
 * poll: async ({ cursor, query }) => ({ items: await api.since(cursor.since, query.project), cursor })
 * ```
 */
export type PollInput<
  TRequest extends RequestSchemas,
  TCursor extends AnySchema,
> = OperationInput<TRequest> & {
  /** The cursor from the state (parsed with the cursor schema). */
  cursor: z.output<TCursor>;
};

/**
 * What `poll` returns.
 *
 * @example
 * ```ts
 * const r: PollOutput<typeof Ticket, typeof Cursor> = { items: [], cursor: { since: "2025-01-01T00:00:00Z" } };
 * ```
 */
export interface PollOutput<TItem extends AnySchema, TCursor extends AnySchema> {
  /** New items, oldest first. Empty means "nothing new" (202). */
  items: z.input<TItem>[];
  /** The cursor for the next poll (JSON-serialisable; it travels signed in the URL). */
  cursor: z.input<TCursor>;
  /** More items are waiting: the engine polls again at once (`Retry-After: 0`). */
  more?: boolean;
}

/**
 * The request schemas a polling trigger may have: path, query and header parameters, no body.
 *
 * @example
 * ```ts
 * const request = {
 *   params: z.object({ board: z.string() }),
 *   query: z.object({ label: z.string().optional() }),
 * } satisfies PollingRequestFor<"/boards/{board}/new-cards">;
 * ```
 */
export type PollingRequestFor<TPath extends string> = RequestFor<"get", TPath>;

/**
 * The definition passed to {@link pollingTrigger}.
 *
 * @example
 * ```ts
 * const Ticket = z.object({ id: z.string(), created: z.string() });
 * const Cursor = z.object({ since: z.string() });
 * const config: PollingTriggerConfig<"/triggers/new-ticket", {}, typeof Ticket, typeof Cursor, "batch"> = {
 *   operationId: "OnNewTicket", summary: "When a ticket is created", description: "Triggers on new tickets.",
 *   path: "/triggers/new-ticket", item: Ticket, mode: "batch", cursor: Cursor, retryAfter: 60,
 *   initialCursor: () => ({ since: new Date().toISOString() }),
 *   poll: async ({ cursor }) => ({ items: [], cursor }),
 * };
 * export const whenTicketCreated = pollingTrigger(config);
 * ```
 */
export interface PollingTriggerConfig<
  TPath extends string,
  TRequest extends RequestSchemas,
  TItem extends AnySchema,
  TCursor extends AnySchema,
  TMode extends PollingMode,
> extends OperationMeta {
  /** Swagger-style path below the connector's base path (the trigger is a GET). */
  path: TPath;
  /** Trigger parameters (path, query, headers). Path and query parameters are bound into the state. */
  request?: TRequest & PollingRequestFor<TPath>;
  /** Schema of one item (one flow run). */
  item: TItem;
  /** `batch` (recommended; the designer sets splitOn) or `single`. */
  mode: TMode;
  /** Schema of the cursor (what the trigger remembers between polls; JSON, signed, readable — no secrets). */
  cursor: TCursor;
  /** The cursor of the first call (the "preliminary state"; e.g. `{ since: now }`). Items before it never fire. */
  initialCursor: (
    input: OperationInput<TRequest>,
    ctx: HandlerContext,
  ) => z.input<TCursor> | Promise<z.input<TCursor>>;
  /** Fetches the items after the cursor. */
  poll: (
    input: PollInput<TRequest, TCursor>,
    ctx: HandlerContext,
  ) => PollOutput<TItem, TCursor> | Promise<PollOutput<TItem, TCursor>>;
  /** Seconds the engine waits before the next poll (`Retry-After`), 1 to 86400. */
  retryAfter: number;
  /** `x-ms-trigger-hint`: how to make the trigger fire, e.g. "Create a ticket in Contoso Helpdesk." */
  triggerHint?: string;
  /**
   * The identity the state is bound to, from the principal your auth returns: a state made for one caller is
   * refused (400) for any other. Default: the principal's canonical JSON (JWT principals: `subject` +
   * `tenantId`, so a refreshed token keeps its state), hashed — the same identity that owns jobs and subscriptions.
   */
  principalId?: (principal: unknown) => string;
}

/**
 * The 200 body of a batch trigger: exactly one (visible) property, `value`.
 *
 * @example
 * ```ts
 * const Ticket = z.object({ id: z.string() });
 * type Body = z.output<BatchBody<typeof Ticket>>; // { value: { id: string }[] }
 * ```
 */
export type BatchBody<TItem extends AnySchema> = z.ZodObject<{ value: z.ZodArray<TItem> }>;

/**
 * A polling trigger made by {@link pollingTrigger}.
 *
 * @example
 * ```ts
 * const op: PollingTriggerOperation = whenTicketCreated;
 * ```
 */
export interface PollingTriggerOperation<
  TRequest extends RequestSchemas = RequestSchemas,
  TItem extends AnySchema = AnySchema,
  TCursor extends AnySchema = AnySchema,
  TMode extends PollingMode = PollingMode,
> extends OperationBase {
  readonly kind: "pollingTrigger";
  readonly method: "GET";
  readonly request: TRequest;
  readonly responses: {
    200: ResponseObject<TMode extends "batch" ? BatchBody<TItem> : TItem>;
    202: typeof ACCEPTED_RESPONSE;
  };
  readonly item: TItem;
  readonly mode: TMode;
  readonly cursor: TCursor;
  readonly retryAfter: number;
  readonly triggerHint: string | undefined;
  readonly stateManagement: "service";
  readonly principalId: ((principal: unknown) => string) | undefined;
  readonly initialCursor: PollingTriggerConfig<string, TRequest, TItem, TCursor, TMode>["initialCursor"];
  readonly poll: PollingTriggerConfig<string, TRequest, TItem, TCursor, TMode>["poll"];
}

interface StatePayload {
  /** operationId */
  t: string;
  /** fingerprint of the path and query parameters */
  p: string;
  /** cursor (z.input form) */
  c: unknown;
  /** single mode: items fetched but not yet delivered */
  q?: unknown[];
}

/**
 * Defines a polling trigger whose state the connector keeps (the service-managed pattern). The engine's first
 * call has no state: the trigger answers `202` with `Retry-After` and a `Location` carrying the initial
 * state. Each later call runs `poll` from the state's cursor: new items answer `200` (batch:
 * `{ value: items }`; single: one item) with a `Location` carrying the next state; nothing new answers `202`.
 *
 * The state is the hidden query parameter `triggerState`: `v2.<kid>.<payload>.<hmac>`, HMAC-SHA256 signed
 * with `pollingSecret` / `CONNECTORKIT_STATE_SECRET`, bound to the operation and to the path and query
 * parameters' values (so a flow whose parameters changed cannot reuse another cursor) and to the caller (the
 * principal's fingerprint is part of the signed data, so another connection's state fails like a tampered one).
 * Header parameters are not bound. A tampered, foreign or malformed state, or one whose cursor no longer fits the cursor schema, is
 * 400. In `single` mode the remaining items of a poll wait inside the state (at most 8,192 characters in all)
 * and are delivered one per call with `Retry-After: 0`.
 *
 * @param config - metadata, parameters, item and cursor schemas, `initialCursor`, `poll`, `retryAfter`.
 * @returns the trigger operation, to list in `defineConnector`.
 * @throws TypeError for an inconsistent definition.
 * @example
 * ```ts
 * import { z } from "zod";
 * import { pollingTrigger } from "@connectorkit/sdk";
 * export const whenTicketCreated = pollingTrigger({
 *   operationId: "OnNewTicket",
 *   summary: "When a ticket is created",
 *   description: "Triggers when a ticket is created in the project.",
 *   path: "/triggers/new-ticket",
 *   request: { query: z.object({ project: z.string() }) },
 *   item: z.object({ id: z.string(), title: z.string(), created: z.string() }),
 *   mode: "batch",
 *   cursor: z.object({ since: z.string() }),
 *   initialCursor: () => ({ since: new Date().toISOString() }),
 *   poll: async ({ cursor, query }) => {
 *     const items = await tickets.createdAfter(query.project, cursor.since);
 *     return { items, cursor: { since: items.at(-1)?.created ?? cursor.since } };
 *   },
 *   retryAfter: 60,
 * });
 * ```
 */
export function pollingTrigger<
  const TPath extends string,
  TItem extends AnySchema,
  TCursor extends AnySchema,
  TMode extends PollingMode,
  TRequest extends RequestSchemas = {},
>(
  config: PollingTriggerConfig<TPath, TRequest, TItem, TCursor, TMode>,
): PollingTriggerOperation<TRequest, TItem, TCursor, TMode> {
  const where = `Polling trigger "${String(config.operationId)}"`;
  const {
    request,
    item,
    mode,
    cursor,
    initialCursor,
    poll,
    retryAfter,
    triggerHint,
    principalId,
    path,
    ...meta
  } = config;
  if (mode !== "batch" && mode !== "single")
    throw new TypeError(`${where}: mode must be "batch" or "single".`);
  assertSchema(where, "item", item);
  assertSchema(where, "cursor", cursor);
  if (typeof initialCursor !== "function") throw new TypeError(`${where}: initialCursor must be a function.`);
  if (typeof poll !== "function") throw new TypeError(`${where}: poll must be a function.`);
  if (principalId !== undefined && typeof principalId !== "function")
    throw new TypeError(`${where}: principalId must be a function.`);
  if (
    typeof retryAfter !== "number" ||
    !Number.isInteger(retryAfter) ||
    retryAfter < 1 ||
    retryAfter > 86_400
  ) {
    throw new TypeError(
      `${where}: retryAfter must be an integer from 1 to 86400 seconds (got ${String(retryAfter)}).`,
    );
  }
  if (triggerHint !== undefined && (typeof triggerHint !== "string" || triggerHint.trim() === "")) {
    throw new TypeError(`${where}: triggerHint must be a non-empty string.`);
  }
  const req = (request ?? {}) as RequestSchemas;
  if ((req as { body?: unknown }).body !== undefined)
    throw new TypeError(`${where}: a polling trigger is a GET and has no body.`);
  if (req.query && Object.hasOwn(req.query.shape, TRIGGER_STATE_PARAMETER)) {
    throw new TypeError(
      `${where}: the query parameter "${TRIGGER_STATE_PARAMETER}" is reserved for the trigger state.`,
    );
  }
  const body = mode === "batch" ? z.object({ value: z.array(item) }) : item;
  const operation = {
    ...meta,
    kind: "pollingTrigger" as const,
    method: "GET" as const,
    path,
    request: req as TRequest,
    responses: {
      200: {
        schema: body,
        description: mode === "batch" ? "New items; each becomes one flow run." : "A new item.",
      },
      202: ACCEPTED_RESPONSE,
    },
    item,
    mode,
    cursor,
    retryAfter,
    triggerHint,
    stateManagement: "service" as const,
    principalId,
    initialCursor,
    poll,
  } as unknown as PollingTriggerOperation<TRequest, TItem, TCursor, TMode>;
  assertOperationShape(operation);
  const stateQuery = withStateParameter(req.query);
  const inner = { ...operation, request: { ...req, query: stateQuery } } as OperationBase;
  Object.defineProperty(operation, "~routes", {
    value: (env: RuntimeEnv) => [pollingRoute(operation, inner, env)],
    enumerable: false,
  });
  Object.defineProperty(operation, "~emit", {
    value: (): EmitOperation[] => [
      {
        method: "GET",
        path: operation.path,
        meta: operationMeta(operation),
        request: inner.request,
        responses: operation.responses,
        extensions: triggerExtensions(mode, triggerHint),
      },
    ],
    enumerable: false,
  });
  return Object.freeze(operation);
}

function assertSchema(where: string, name: string, schema: unknown): void {
  if (!schema || typeof (schema as AnySchema).safeParseAsync !== "function") {
    throw new TypeError(`${where}: ${name} must be a zod schema.`);
  }
}

function withStateParameter(query: AnyObjectSchema | undefined): AnyObjectSchema {
  const state = field(z.string().max(16_384).optional(), {
    summary: "Trigger state",
    description: "State of the trigger, kept by the platform between polls. Leave empty.",
    visibility: "internal",
  });
  return query
    ? query.extend({ [TRIGGER_STATE_PARAMETER]: state })
    : z.object({ [TRIGGER_STATE_PARAMETER]: state });
}

/** The operation-level trigger extensions. @internal */
export function triggerExtensions(mode: PollingMode, hint: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    [X.trigger]: mode,
    // 69 polling triggers in the certified corpus carry exactly this; the schema allows only this value.
    [X.triggerMetadata]: { kind: "query", mode: "polling" },
  };
  if (hint !== undefined) out[X.triggerHint] = hint;
  return out;
}

/** Location of the next poll: same URL, declared query parameters only, plus the state. @internal */
export function nextLocation(
  req: ConnectorRequest,
  query: AnyObjectSchema | undefined,
  state: string,
): string {
  const qs = new URLSearchParams();
  if (query) {
    for (const key of Object.keys(query.shape)) {
      const value = req.query[key];
      if (Array.isArray(value)) for (const v of value) qs.append(key, v);
      else if (typeof value === "string") qs.append(key, value);
    }
  }
  qs.append(TRIGGER_STATE_PARAMETER, state);
  return `${req.baseUrl}${req.path}?${qs.toString()}`;
}

function isPayload(value: unknown): value is StatePayload {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v["t"] === "string" &&
    typeof v["p"] === "string" &&
    "c" in v &&
    (v["q"] === undefined || Array.isArray(v["q"]))
  );
}

function pollingRoute(op: PollingTriggerOperation, inner: OperationBase, env: RuntimeEnv): RuntimeRoute {
  const keyring: StateKeyring = createKeyring(env.pollingSecret);
  const userQuery = op.request.query;

  const sign = (payload: StatePayload, caller: string): string => {
    const token = keyring.sign(payload, caller);
    if (token.length > MAX_STATE_OUTPUT_CHARS) {
      throw new ConnectorError("InternalServerError", {
        message: `Trigger ${op.operationId}: the state would be ${token.length} characters (limit ${MAX_STATE_OUTPUT_CHARS}). Keep the cursor small${op.mode === "single" ? " and return fewer items per poll in single mode (the undelivered ones wait in the state)" : ""}.`,
      });
    }
    return token;
  };
  const checkCursor = async (value: unknown, what: string): Promise<void> => {
    const parsed = await op.cursor.safeParseAsync(value);
    if (!parsed.success || JSON.stringify(value) === undefined) {
      const why = parsed.success
        ? "not JSON-serialisable"
        : issuesToDetails("query", parsed.error.issues)
            .map((d) => `${d.path.join(".") || "(root)"}: ${d.message}`)
            .join("; ");
      throw new ConnectorError("InternalServerError", {
        message: `Trigger ${op.operationId}: ${what} returned a cursor that does not match the cursor schema (${why}).`,
      });
    }
  };
  const answer202 = (req: ConnectorRequest, state: string): ConnectorResponse => ({
    status: 202,
    headers: { location: nextLocation(req, userQuery, state), "retry-after": String(op.retryAfter) },
  });
  const answer200 = (
    req: ConnectorRequest,
    body: unknown,
    state: string,
    retryNow: boolean,
  ): Promise<ConnectorResponse> =>
    env.finish(
      op,
      { status: 200, body },
      {
        location: nextLocation(req, userQuery, state),
        "retry-after": retryNow ? "0" : String(op.retryAfter),
      },
    );

  return {
    method: "GET",
    path: op.path,
    operationId: op.operationId,
    async run(req, params) {
      const principal = await env.authenticate(req);
      const parsed = await env.parseInput(inner, req, params);
      const { [TRIGGER_STATE_PARAMETER]: rawState, ...query } = parsed.query as Record<string, unknown>;
      const input = { ...parsed, query } as OperationInput<RequestSchemas>;
      const ctx = env.context(op, req, principal);
      const binding = fingerprint({ params: parsed.params, query }).slice(0, 22);
      // The caller's identity is signed with the state but not carried in it.
      const caller = principalFingerprint(principal, op.principalId);

      if (rawState === undefined) {
        const initial = await op.initialCursor(input, ctx);
        await checkCursor(initial, "initialCursor");
        return answer202(req, sign({ t: op.operationId, p: binding, c: initial }, caller));
      }
      const payload = keyring.verify(rawState, caller);
      if (!isPayload(payload)) throw stateError("malformed", "The trigger state is malformed.");
      if (payload.t !== op.operationId) {
        throw stateError("foreign", "The trigger state belongs to another trigger.");
      }
      if (payload.p !== binding) {
        throw stateError(
          "foreign",
          "The trigger state was made for other trigger parameters; turn the flow off and on to start over.",
        );
      }
      const cursor = await op.cursor.safeParseAsync(payload.c);
      if (!cursor.success) {
        throw stateError(
          "invalid_cursor",
          "The trigger state's cursor does not match this trigger's cursor schema; turn the flow off and on to start over.",
        );
      }
      if (op.mode === "single" && payload.q && payload.q.length > 0) {
        const [next, ...rest] = payload.q;
        const state = sign(
          rest.length > 0 ? { ...payload, q: rest } : { t: payload.t, p: payload.p, c: payload.c },
          caller,
        );
        return answer200(req, next, state, rest.length > 0);
      }
      const result = await op.poll(
        { ...input, cursor: cursor.data } as PollInput<RequestSchemas, AnySchema>,
        ctx,
      );
      if (!result || typeof result !== "object" || !Array.isArray(result.items)) {
        throw new ConnectorError("InternalServerError", {
          message: `Trigger ${op.operationId}: poll must return { items: [...], cursor }.`,
        });
      }
      await checkCursor(result.cursor, "poll");
      const more = result.more === true;
      const base: StatePayload = { t: op.operationId, p: binding, c: result.cursor };
      if (result.items.length === 0) return answer202(req, sign(base, caller));
      if (op.mode === "batch") return answer200(req, { value: result.items }, sign(base, caller), more);
      const [first, ...rest] = result.items;
      return answer200(
        req,
        first,
        sign(rest.length > 0 ? { ...base, q: rest } : base, caller),
        more || rest.length > 0,
      );
    },
  };
}
