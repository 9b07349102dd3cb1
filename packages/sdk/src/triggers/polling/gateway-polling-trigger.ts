import { z } from "zod";
import { ConnectorError } from "../../errors/connector-error";
import type { RuntimeEnv, RuntimeRoute } from "../../http/create-handler";
import { field } from "../../metadata/field";
import type {
  AnySchema,
  HandlerContext,
  OperationBase,
  OperationInput,
  OperationMeta,
  RequestSchemas,
  ResponseObject,
} from "../../operation/types";
import { assertOperationShape } from "../../operation/validate-definition";
import { operationMeta } from "../../swagger/operation-meta";
import type { EmitOperation } from "../../swagger/types";
import { type BatchBody, type PollingRequestFor, triggerExtensions } from "./polling-trigger";

type QueryKeys<TRequest extends RequestSchemas> =
  TRequest["query"] extends z.ZodObject<any> ? keyof z.input<TRequest["query"]> & string : never;

/**
 * The definition passed to {@link gatewayPollingTrigger}.
 *
 * @example
 * ```ts
 * const Alert = z.object({ id: z.string(), raised: z.string() });
 * const request = { query: z.object({ since: z.string().optional() }) };
 * const config: GatewayPollingTriggerConfig<"/alerts", typeof request, typeof Alert> = {
 *   operationId: "OnNewAlert", summary: "When an alert is raised", description: "Triggers on new alerts.",
 *   path: "/alerts", request, item: Alert,
 *   triggerConfig: { since: "@{triggerBody().value[0].raised}" },
 *   list: async ({ query }) => alerts.newestFirst(query.since),
 * };
 * export const whenAlertRaised = gatewayPollingTrigger(config);
 * ```
 */
export interface GatewayPollingTriggerConfig<
  TPath extends string,
  TRequest extends RequestSchemas,
  TItem extends AnySchema,
> extends OperationMeta {
  /** Swagger-style path below the connector's base path (the trigger is a GET). */
  path: TPath;
  /** Trigger parameters. The query parameters named in `triggerConfig` are emitted as internal. */
  request?: TRequest & PollingRequestFor<TPath>;
  /** Schema of one item (one flow run). */
  item: TItem;
  /**
   * The policy's `triggerConfig`: for each state-carrying query parameter, the expression over the previous
   * response that the gateway fills it with, e.g. `{ since: "@{triggerBody().value[0].created}" }`
   * (items are newest first, so `value[0]` is the latest).
   */
  triggerConfig: { [K in QueryKeys<TRequest>]?: string };
  /** `x-ms-triggerConfig-nextLink`: expression of the next page link, if the list is paged. */
  nextLink?: string;
  /** Returns the items after the state parameters, **newest first** (the pollingtrigger policy requires it). */
  list: (
    input: OperationInput<TRequest>,
    ctx: HandlerContext,
  ) => z.input<TItem>[] | Promise<z.input<TItem>[]>;
  /** `x-ms-trigger-hint`. */
  triggerHint?: string;
}

/**
 * A gateway-managed polling trigger made by {@link gatewayPollingTrigger}.
 *
 * @example
 * ```ts
 * const op: GatewayPollingTriggerOperation = whenAlertRaised;
 * ```
 */
export interface GatewayPollingTriggerOperation<
  TRequest extends RequestSchemas = RequestSchemas,
  TItem extends AnySchema = AnySchema,
> extends OperationBase {
  readonly kind: "pollingTrigger";
  readonly method: "GET";
  readonly request: TRequest;
  readonly responses: { 200: ResponseObject<BatchBody<TItem>> };
  readonly item: TItem;
  readonly mode: "batch";
  readonly stateManagement: "gateway";
  readonly triggerConfig: Readonly<Record<string, string>>;
  readonly nextLink: string | undefined;
  readonly triggerHint: string | undefined;
  readonly list: (input: OperationInput<TRequest>, ctx: HandlerContext) => unknown[] | Promise<unknown[]>;
}

/**
 * Defines a polling trigger whose state the platform's gateway keeps with the `pollingtrigger` policy
 * (what the portal's "Trigger type: Polling" generates). The backend is a plain GET answering
 * `{ value: items }` newest first; the gateway remembers the latest item and fills the internal query
 * parameters named in `triggerConfig` on the next poll. Emit the policy with {@link pollingTriggerPolicy} into
 * `apiProperties.json`.
 *
 * @param config - metadata, parameters, item schema, `triggerConfig`, `list`.
 * @returns the trigger operation.
 * @throws TypeError for an inconsistent definition (unknown or required state parameter, empty triggerConfig).
 * @example
 * ```ts
 * export const whenAlertRaised = gatewayPollingTrigger({
 *   operationId: "OnNewAlert",
 *   summary: "When an alert is raised",
 *   description: "Triggers when a new alert is raised.",
 *   path: "/alerts",
 *   request: { query: z.object({ since: z.string().optional() }) },
 *   item: z.object({ id: z.string(), raised: z.string() }),
 *   triggerConfig: { since: "@{triggerBody().value[0].raised}" },
 *   list: async ({ query }) => alerts.newestFirst(query.since),
 * });
 * ```
 */
export function gatewayPollingTrigger<
  const TPath extends string,
  TItem extends AnySchema,
  TRequest extends RequestSchemas = {},
>(
  config: GatewayPollingTriggerConfig<TPath, TRequest, TItem>,
): GatewayPollingTriggerOperation<TRequest, TItem> {
  const where = `Polling trigger "${String(config.operationId)}"`;
  const { request, item, triggerConfig, nextLink, list, triggerHint, path, ...meta } = config;
  if (!item || typeof (item as AnySchema).safeParseAsync !== "function")
    throw new TypeError(`${where}: item must be a zod schema.`);
  if (typeof list !== "function") throw new TypeError(`${where}: list must be a function.`);
  const req = (request ?? {}) as RequestSchemas;
  if ((req as { body?: unknown }).body !== undefined)
    throw new TypeError(`${where}: a polling trigger is a GET and has no body.`);
  const entries = Object.entries((triggerConfig ?? {}) as Record<string, unknown>);
  if (entries.length === 0)
    throw new TypeError(`${where}: triggerConfig must name at least one query parameter.`);
  const shape = req.query?.shape ?? {};
  const internal: Record<string, AnySchema> = {};
  for (const [name, expression] of entries) {
    if (typeof expression !== "string" || expression.trim() === "") {
      throw new TypeError(
        `${where}: triggerConfig.${name} must be a non-empty expression such as "@{triggerBody().value[0].id}".`,
      );
    }
    const schema = shape[name] as AnySchema | undefined;
    if (!schema)
      throw new TypeError(
        `${where}: triggerConfig names "${name}", which is not a query parameter in request.query.`,
      );
    if (!schema.safeParse(undefined).success) {
      throw new TypeError(
        `${where}: query parameter "${name}" holds gateway state and is internal, so it must be optional or have a default.`,
      );
    }
    internal[name] = field(schema, { visibility: "internal" });
  }
  if (nextLink !== undefined && (typeof nextLink !== "string" || nextLink.trim() === "")) {
    throw new TypeError(`${where}: nextLink must be a non-empty expression.`);
  }
  const body = z.object({ value: z.array(item) });
  const operation = {
    ...meta,
    kind: "pollingTrigger" as const,
    method: "GET" as const,
    path,
    request: req as TRequest,
    responses: {
      200: { schema: body, description: "Items, newest first; each new one becomes one flow run." },
    },
    item,
    mode: "batch" as const,
    stateManagement: "gateway" as const,
    triggerConfig: Object.freeze(Object.fromEntries(entries) as Record<string, string>),
    nextLink,
    triggerHint,
    list,
  } as unknown as GatewayPollingTriggerOperation<TRequest, TItem>;
  assertOperationShape(operation);
  const emitted: RequestSchemas = { ...req, query: req.query?.extend(internal) };
  Object.defineProperty(operation, "~routes", {
    value: (env: RuntimeEnv) => [gatewayRoute(operation, env)],
    enumerable: false,
  });
  Object.defineProperty(operation, "~emit", {
    value: (): EmitOperation[] => [
      {
        method: "GET",
        path: operation.path,
        meta: operationMeta(operation),
        request: emitted,
        responses: operation.responses,
        extensions: triggerExtensions("batch", triggerHint),
      },
    ],
    enumerable: false,
  });
  return Object.freeze(operation);
}

function gatewayRoute(op: GatewayPollingTriggerOperation, env: RuntimeEnv): RuntimeRoute {
  return {
    method: "GET",
    path: op.path,
    operationId: op.operationId,
    async run(req, params) {
      const principal = await env.authenticate(req);
      const input = await env.parseInput(op, req, params);
      const items = await op.list(input as OperationInput<RequestSchemas>, env.context(op, req, principal));
      if (!Array.isArray(items)) {
        throw new ConnectorError("InternalServerError", {
          message: `Trigger ${op.operationId}: list must return an array of items.`,
        });
      }
      return env.finish(op, { status: 200, body: { value: items } });
    },
  };
}

/**
 * The `pollingtrigger` policy instance of an `apiProperties.json` `policyTemplateInstances` entry.
 *
 * @example
 * ```ts
 * const p: PollingTriggerPolicyInstance = pollingTriggerPolicy(whenAlertRaised);
 * ```
 */
export interface PollingTriggerPolicyInstance {
  templateId: "pollingtrigger";
  title: string;
  type: "PollingTrigger";
  parameters: {
    "x-ms-apimTemplateParameter.triggerConfig": Record<string, string>;
    "x-ms-apimTemplateParameter.triggerDataPath": "@triggerBody().value";
    "x-ms-apimTemplate-operationName": [string];
  };
}

/**
 * Builds the `pollingtrigger` policy instance for a gateway-managed polling trigger, for
 * `properties.policyTemplateInstances` of `apiProperties.json`. Deterministic: the title is
 * `PollingTriggerPolicy_<operationId>`.
 *
 * @param op - a trigger made by {@link gatewayPollingTrigger}.
 * @returns the policy instance object.
 * @example
 * ```ts
 * apiProperties.properties.policyTemplateInstances.push(pollingTriggerPolicy(whenAlertRaised));
 * ```
 */
export function pollingTriggerPolicy(
  op: GatewayPollingTriggerOperation<any, any>,
): PollingTriggerPolicyInstance {
  if (op?.stateManagement !== "gateway") {
    throw new TypeError("pollingTriggerPolicy() takes a trigger made by gatewayPollingTrigger().");
  }
  const triggerConfig: Record<string, string> = { ...op.triggerConfig };
  if (op.nextLink !== undefined) triggerConfig["x-ms-triggerConfig-nextLink"] = op.nextLink;
  return {
    templateId: "pollingtrigger",
    title: `PollingTriggerPolicy_${op.operationId}`,
    type: "PollingTrigger",
    parameters: {
      "x-ms-apimTemplateParameter.triggerConfig": triggerConfig,
      "x-ms-apimTemplateParameter.triggerDataPath": "@triggerBody().value",
      "x-ms-apimTemplate-operationName": [op.operationId],
    },
  };
}
