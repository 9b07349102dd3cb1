/**
 * `webhookTrigger()`: a Power Platform webhook trigger — the registration POST the platform calls when a flow
 * is turned on (body property `x-ms-notification-url` carries the flow's callback URL), the internal DELETE it
 * calls with the returned `Location` when the flow is turned off or changed, an internal listing, and `fire`
 * to deliver events to every matching flow.
 * @module
 */
import { z } from "zod";
import { ConnectorError, RequestValidationError } from "../../errors/connector-error";
import type { RuntimeEnv, RuntimeRoute } from "../../http/create-handler";
import { jsonResponse } from "../../http/respond";
import type { ConnectorRequest } from "../../http/types";
import type {
  AnyObjectSchema,
  AnyOperation,
  AnySchema,
  OperationMeta,
  RequestSchemas,
  ResponsesDecl,
} from "../../operation/types";
import { assertOperationShape } from "../../operation/validate-definition";
import { X } from "../../swagger/extensions";
import { operationMeta } from "../../swagger/operation-meta";
import type { EmitOperation } from "../../swagger/types";
import { checkCallbackUrl, resolveCallbackPolicy } from "./callback-policy";
import { createDispatcher } from "./dispatcher";
import {
  newSubscriptionId,
  principalFingerprint,
  type StoredSubscription,
  SUBSCRIPTION_ID,
  subscriptionKey,
  subscriptionPrefix,
} from "./subscriptions";
import type {
  DispatcherOptions,
  DispatchTarget,
  WebhookDispatcher,
  WebhookSubscriptionInfo,
  WebhookTrigger,
  WebhookTriggerConfig,
} from "./types";

/**
 * Most subscriptions one listing page returns (`GET <path>/subscriptions`; follow `nextLink` for more).
 *
 * @example
 * ```ts
 * const page = (await (await fetch(`${baseUrl}/hooks/tickets/subscriptions`, { headers })).json()) as { value: unknown[]; nextLink?: string };
 * page.value.length <= LIST_PAGE_SIZE; // true
 * ```
 */
export const LIST_PAGE_SIZE = 100;
/**
 * Most stored subscriptions one listing request scans (bounds the work of one request). A page may hold fewer
 * than {@link LIST_PAGE_SIZE} items and still have a `nextLink` when other callers' subscriptions were skipped.
 *
 * @example
 * ```ts
 * // a caller with few subscriptions among many: keep following nextLink until it is absent
 * for (let url: string | undefined = `${baseUrl}/hooks/tickets/subscriptions`; url; ) {
 *   const page = (await (await fetch(url, { headers })).json()) as { value: unknown[]; nextLink?: string };
 *   url = page.nextLink; // each request scanned at most LIST_SCAN_LIMIT stored subscriptions
 * }
 * ```
 */
export const LIST_SCAN_LIMIT = 5_000;

const META_KEYS = [
  "operationId",
  "summary",
  "description",
  "visibility",
  "tags",
  "deprecated",
  "annotation",
  "noGenericTest",
] as const satisfies readonly (keyof OperationMeta)[];

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function pseudoOperation(
  operationId: string,
  method: "GET" | "DELETE",
  path: string,
  request: RequestSchemas,
): AnyOperation {
  return {
    kind: "action",
    operationId,
    summary: operationId,
    description: operationId,
    method,
    path,
    request,
    responses: { 200: undefined },
  };
}

function isStoredSubscription(value: unknown): value is StoredSubscription {
  return (
    !!value &&
    typeof value === "object" &&
    typeof (value as StoredSubscription).id === "string" &&
    typeof (value as StoredSubscription).principal === "string"
  );
}

/**
 * Defines a webhook trigger. List the result in `defineConnector({ operations })`; the handler serves its
 * registration (`POST {path}`), deletion (`DELETE {path}/{subscriptionId}`) and listing (`GET {path}/subscriptions`) under
 * the connector's auth, and the swagger gets the trigger (`x-ms-trigger: single`, `x-ms-notification-url`,
 * path-level `x-ms-notification-content`) plus the internal DELETE and listing operations.
 *
 * Fire events with a dispatcher made from the **same store** as the handler:
 * `createHandler(connector, { store })` and `createDispatcher({ store })` (or `fire(event, { store })`, which
 * makes a short-lived dispatcher). There is no global registry: two handlers with two stores stay apart.
 * Delivery is at-least-once; see `createDispatcher`.
 *
 * @param config - metadata, registration path, trigger parameters, event schema and optional hooks.
 * @returns the trigger operation, with `fire` and `retryDeadLetters`.
 * @throws TypeError on an inconsistent definition (path parameters, a parameter named like the callback property, bad ids).
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineConnector, memoryStore } from "@connectorkit/sdk";
 * import { createHandler } from "@connectorkit/sdk/http";
 *
 * const TicketEvent = z.object({ id: z.string(), project: z.string(), title: z.string() });
 * export const onTicketCreated = webhookTrigger({
 *   operationId: "OnTicketCreated",
 *   summary: "When a ticket is created",
 *   description: "Triggers when a ticket is created in a project.",
 *   path: "/hooks/tickets",
 *   params: z.object({ project: z.string() }),
 *   event: TicketEvent,
 *   match: (params, event) => params.project === event.project,
 * });
 * const connector = defineConnector({ title: "Contoso Tickets", description: "Follow Contoso Helpdesk tickets in your flows.", operations: [onTicketCreated] });
 * const store = memoryStore();
 * const handler = createHandler(connector, { store });
 * const dispatcher = createDispatcher({ store });
 * await onTicketCreated.fire({ id: "T-1", project: "P1", title: "Printer on fire" }, { dispatcher });
 * ```
 */
export function webhookTrigger<
  TParams extends AnyObjectSchema = z.ZodObject<{}>,
  TEvent extends AnySchema = AnySchema,
>(config: WebhookTriggerConfig<TParams, TEvent>): WebhookTrigger<TParams, TEvent> {
  if (!config || typeof config !== "object") throw new TypeError("webhookTrigger: config is required.");
  const where = `Webhook trigger "${String(config.operationId)}"`;
  const params = (config.params ?? z.object({})) as TParams;
  if (typeof (params as AnyObjectSchema).shape !== "object" || typeof params.safeParse !== "function") {
    throw new TypeError(`${where}: params must be a z.object() of the trigger parameters.`);
  }
  if (!config.event || typeof config.event.safeParseAsync !== "function")
    throw new TypeError(`${where}: event must be a zod schema.`);
  const callbackProperty = config.callbackProperty ?? "callbackUrl";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(callbackProperty))
    throw new TypeError(`${where}: callbackProperty must be an identifier.`);
  if (Object.hasOwn(params.shape, callbackProperty)) {
    throw new TypeError(
      `${where}: params must not declare "${callbackProperty}"; it carries the callback URL (rename it or set callbackProperty).`,
    );
  }
  if (
    typeof config.path !== "string" ||
    /[{}]/.test(config.path) ||
    (config.path.endsWith("/") && config.path !== "/")
  ) {
    throw new TypeError(
      `${where}: path must be a fixed path without {parameters} or trailing slash (trigger parameters go in params).`,
    );
  }
  const deleteOperationId = config.deleteOperationId ?? `${config.operationId}_Delete`;
  const listOperationId =
    config.listOperationId === undefined ? `${config.operationId}_List` : config.listOperationId;
  for (const id of [deleteOperationId, listOperationId]) {
    if (id !== false && !/^[A-Za-z][A-Za-z0-9_]*$/.test(id))
      throw new TypeError(`${where}: operationId "${id}" must be alphanumeric.`);
  }
  if (
    deleteOperationId === listOperationId ||
    deleteOperationId === config.operationId ||
    listOperationId === config.operationId
  ) {
    throw new TypeError(`${where}: the trigger, delete and list operationIds must differ.`);
  }
  for (const hook of ["onSubscribe", "onUnsubscribe", "match", "principalId"] as const) {
    if (config[hook] !== undefined && typeof config[hook] !== "function")
      throw new TypeError(`${where}: ${hook} must be a function.`);
  }
  const callbackPolicy = resolveCallbackPolicy(config.callbacks);
  const registrationBody = z.object({
    ...params.shape,
    [callbackProperty]: z.string().describe("The flow's callback URL (filled in by the platform)."),
  });
  const request: RequestSchemas = { body: registrationBody };
  const responses: ResponsesDecl = {
    201: {
      description: "Subscribed. Location is the URL the platform DELETEs to unsubscribe.",
      headers: {
        Location: { description: "URL of the subscription (DELETE it to unsubscribe).", type: "string" },
      },
    },
  };
  const base = config.path === "/" ? "" : config.path;
  const itemPath = `${base}/{subscriptionId}`;
  // not on `path` itself: the path-level x-ms-notification-content would make the designer treat it as a webhook
  const listPath = `${base}/subscriptions`;
  const idParams = z.object({
    subscriptionId: z.string().describe("Id of the subscription (last segment of its Location)."),
  });
  const listQuery = z.object({
    cursor: z.string().max(2048).optional().describe("Continuation from a previous page's nextLink."),
  });
  const listItem = z.object({ id: z.string(), createdAt: z.string(), params });
  const listBody = z.object({ value: z.array(listItem), nextLink: z.string().optional() });
  const fingerprint = (principal: unknown): string => principalFingerprint(principal, config.principalId);
  const meta = operationMeta(config, META_KEYS);

  const emit = (): EmitOperation[] => {
    const out: EmitOperation[] = [
      {
        method: "POST",
        path: config.path,
        meta,
        request,
        responses,
        extensions: {
          [X.trigger]: "single",
          ...(config.triggerHint ? { [X.triggerHint]: config.triggerHint } : {}),
        },
        notificationContent: {
          ...(config.eventDescription ? { description: config.eventDescription } : {}),
          schema: config.event,
        },
        notificationUrlProperty: callbackProperty,
      },
      {
        method: "DELETE",
        path: itemPath,
        meta: {
          operationId: deleteOperationId,
          summary: clip(`Delete subscription of ${config.operationId}`, 80),
          description: `Deletes a subscription of the trigger "${config.summary}". The platform calls it with the registration's Location when a flow is turned off, changed or deleted.`,
          visibility: "internal",
        },
        request: { params: idParams },
        responses: {
          200: { description: "Deleted (also answered for a subscription that does not exist)." },
        },
      },
    ];
    if (listOperationId !== false) {
      out.push({
        method: "GET",
        path: listPath,
        meta: {
          operationId: listOperationId,
          summary: clip(`List subscriptions of ${config.operationId}`, 80),
          description: `Lists the caller's subscriptions of the trigger "${config.summary}".`,
          visibility: "internal",
        },
        request: { query: listQuery },
        responses: { 200: listBody },
      });
    }
    return out;
  };

  const routes = (env: RuntimeEnv): RuntimeRoute[] => {
    const deleteOp = pseudoOperation(deleteOperationId, "DELETE", itemPath, { params: idParams });
    const listOp =
      listOperationId === false
        ? undefined
        : pseudoOperation(listOperationId, "GET", listPath, { query: listQuery });
    const locationOf = (req: ConnectorRequest, id: string): string =>
      `${String(req.baseUrl).replace(/\/+$/, "")}${base}/${id}`;

    const register: RuntimeRoute = {
      method: "POST",
      path: config.path,
      operationId: config.operationId,
      async run(req, pathParams) {
        const principal = await env.authenticate(req);
        const input = await env.parseInput(trigger, req, pathParams);
        const body = input.body as unknown as Record<string, unknown>;
        const callbackUrl = body[callbackProperty];
        const check = checkCallbackUrl(callbackUrl, callbackPolicy);
        if (!check.ok) {
          throw new RequestValidationError([
            {
              code: "invalid_callback_url",
              target: `body.${callbackProperty}`,
              location: "body",
              path: [callbackProperty],
              message: `callback URL ${check.reason}`,
            },
          ]);
        }
        const { [callbackProperty]: _callback, ...triggerParams } = body;
        const id = newSubscriptionId();
        const createdAt = new Date(env.now()).toISOString();
        const info: WebhookSubscriptionInfo<z.output<TParams>> = {
          id,
          params: triggerParams as z.output<TParams>,
          callbackUrl: callbackUrl as string,
          createdAt,
        };
        const ctx = env.context(trigger, req, principal);
        const subscribed = config.onSubscribe ? await config.onSubscribe(info, ctx) : undefined;
        const record: StoredSubscription = {
          id,
          operationId: config.operationId,
          callbackUrl: callbackUrl as string,
          params: triggerParams,
          principal: fingerprint(principal),
          createdAt,
        };
        if (subscribed && subscribed.state !== undefined) record.state = subscribed.state;
        try {
          const put = await env.store.put(subscriptionKey(config.operationId, id), record, {
            ifVersion: null,
          });
          if (!put.ok)
            throw new ConnectorError("Conflict", {
              message: "Subscription id collision; retry the registration.",
            });
        } catch (error) {
          if (config.onUnsubscribe) {
            // undo the upstream side effect of onSubscribe; the store error is what the caller sees
            await Promise.resolve()
              .then(() => config.onUnsubscribe?.({ ...info, state: record.state }, ctx))
              .catch(() => undefined);
          }
          throw error;
        }
        return jsonResponse(201, undefined, { location: locationOf(req, id) });
      },
    };

    const remove: RuntimeRoute = {
      method: "DELETE",
      path: itemPath,
      operationId: deleteOperationId,
      async run(req, pathParams) {
        const principal = await env.authenticate(req);
        const input = await env.parseInput(deleteOp, req, pathParams);
        const id = (input.params as { subscriptionId: string }).subscriptionId;
        if (!SUBSCRIPTION_ID.test(id)) {
          throw new RequestValidationError([
            {
              code: "invalid_subscription_id",
              target: "path.subscriptionId",
              location: "path",
              path: ["subscriptionId"],
              message: "not a subscription id (letters, digits, '-' and '_', 16 to 64 characters)",
            },
          ]);
        }
        const key = subscriptionKey(config.operationId, id);
        const entry = await env.store.get<unknown>(key);
        // unknown, already deleted and someone else's subscription all answer the same: 200, nothing deleted
        if (
          !entry ||
          !isStoredSubscription(entry.value) ||
          entry.value.principal !== fingerprint(principal)
        ) {
          return jsonResponse(200, undefined);
        }
        const sub = entry.value;
        if (config.onUnsubscribe) {
          const info: WebhookSubscriptionInfo<z.output<TParams>> = {
            id: sub.id,
            params: sub.params as z.output<TParams>,
            callbackUrl: sub.callbackUrl,
            createdAt: sub.createdAt,
            ...(sub.state !== undefined ? { state: sub.state } : {}),
          };
          await config.onUnsubscribe(info, env.context(trigger, req, principal));
        }
        await env.store.delete(key);
        return jsonResponse(200, undefined);
      },
    };

    const out: RuntimeRoute[] = [register, remove];
    if (listOp) {
      out.push({
        method: "GET",
        path: listPath,
        operationId: listOp.operationId,
        async run(req, pathParams) {
          const principal = await env.authenticate(req);
          const input = await env.parseInput(listOp, req, pathParams);
          const prefix = subscriptionPrefix(config.operationId);
          // the store's cursor is opaque; it travels base64url-encoded in nextLink
          let cursor: string | undefined;
          const token = (input.query as { cursor?: string }).cursor;
          if (token !== undefined) {
            cursor = Buffer.from(token, "base64url").toString("utf8");
            if (cursor === "" || Buffer.from(cursor).toString("base64url") !== token) {
              throw new RequestValidationError([
                {
                  code: "invalid_cursor",
                  target: "query.cursor",
                  location: "query",
                  path: ["cursor"],
                  message: "not a cursor from nextLink",
                },
              ]);
            }
          }
          const mine = fingerprint(principal);
          const value: { id: string; createdAt: string; params: unknown }[] = [];
          let scanned = 0;
          // whole store pages only (so any store's opaque cursor works): at most 2 * LIST_PAGE_SIZE items
          for (;;) {
            const page = await env.store.list<unknown>(
              prefix,
              cursor === undefined ? { limit: LIST_PAGE_SIZE } : { cursor, limit: LIST_PAGE_SIZE },
            );
            scanned += page.entries.length;
            for (const entry of page.entries) {
              const sub = entry.value;
              if (isStoredSubscription(sub) && sub.principal === mine)
                value.push({ id: sub.id, createdAt: sub.createdAt, params: sub.params });
            }
            cursor = page.cursor;
            if (cursor === undefined || value.length >= LIST_PAGE_SIZE || scanned >= LIST_SCAN_LIMIT) break;
          }
          const body: { value: typeof value; nextLink?: string } = { value };
          if (cursor !== undefined) {
            body.nextLink = `${String(req.baseUrl).replace(/\/+$/, "")}${listPath}?cursor=${Buffer.from(cursor).toString("base64url")}`;
          }
          return jsonResponse(200, body);
        },
      });
    }
    return out;
  };

  const fireWith = async <T>(
    target: DispatchTarget,
    run: (dispatcher: WebhookDispatcher) => Promise<T>,
  ): Promise<T> => {
    if (target && "dispatcher" in target && target.dispatcher) return run(target.dispatcher);
    if (!target || !("store" in target) || !target.store) {
      throw new TypeError(
        `${config.operationId}.fire: pass { dispatcher } (from createDispatcher({ store })) or { store } — the same store as createHandler(connector, { store }).`,
      );
    }
    const {
      store,
      dispatcher: _d,
      where: _w,
      eventId: _e,
      limit: _l,
      ...rest
    } = target as DispatcherOptions & {
      dispatcher?: unknown;
      where?: unknown;
      eventId?: unknown;
      limit?: unknown;
    };
    const dispatcher = createDispatcher({ ...rest, store });
    try {
      return await run(dispatcher);
    } finally {
      await dispatcher.close();
    }
  };

  const trigger: WebhookTrigger<TParams, TEvent> = {
    ...meta,
    kind: "webhookTrigger",
    method: "POST",
    path: config.path,
    request,
    responses,
    params,
    event: config.event,
    callbackProperty,
    callbackPolicy,
    match: config.match,
    fire: (event, options) =>
      fireWith(options, (dispatcher) =>
        dispatcher.fire(trigger, event, {
          ...(options.where ? { where: options.where } : {}),
          ...(options.eventId !== undefined ? { eventId: options.eventId } : {}),
        }),
      ),
    retryDeadLetters: (options) =>
      fireWith(options, (dispatcher) =>
        dispatcher.retryDeadLetters(trigger, options.limit !== undefined ? { limit: options.limit } : {}),
      ),
    "~routes": routes,
    "~emit": emit,
  };
  assertOperationShape(trigger);
  return Object.freeze(trigger);
}
