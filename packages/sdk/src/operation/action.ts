import type { z } from "zod";
import type {
  ActionOperation,
  AnyObjectSchema,
  Handler,
  OperationMeta,
  OperationMethod,
  PathParamNames,
  RequestSchemas,
  ResponsesDecl,
} from "./types";
import { assertOperationShape } from "./validate-definition";

type ParamsFor<TPath extends string, TRequest> = [PathParamNames<TPath>] extends [never]
  ? { params?: AnyObjectSchema | undefined }
  : TRequest extends { params: z.ZodObject<infer TShape> }
    ? [PathParamNames<TPath>] extends [keyof TShape]
      ? { params: AnyObjectSchema }
      : { params: `request.params must declare every path parameter: ${PathParamNames<TPath>}` }
    : { params: z.ZodObject<{ [K in PathParamNames<TPath>]: z.ZodType }> };

/**
 * The request schemas allowed for a method and path: no body on GET, params required when the path has `{...}`.
 *
 * @example
 * ```ts
 * const request = {
 *   params: z.object({ id: z.string() }),
 *   body: z.object({ title: z.string() }),
 * } satisfies RequestFor<"patch", "/tickets/{id}">;
 * ```
 */
export type RequestFor<TMethod extends OperationMethod, TPath extends string, TRequest = unknown> = ParamsFor<
  TPath,
  TRequest
> &
  Omit<RequestSchemas, "params" | "body"> &
  (TMethod extends "get" ? { body?: never } : { body?: RequestSchemas["body"] });

/**
 * The definition passed to {@link action}. `request` is required when the path has `{parameters}`.
 *
 * @example
 * ```ts
 * const request = { params: z.object({ id: z.string() }) };
 * const config: ActionConfig<"delete", "/tickets/{id}", typeof request, { 204: undefined }> = {
 *   operationId: "DeleteTicket", summary: "Delete a ticket", description: "Deletes one ticket.",
 *   method: "delete", path: "/tickets/{id}", request, responses: { 204: undefined },
 *   handler: async ({ params }) => { await tickets.delete(params.id); return { status: 204 }; },
 * };
 * export const deleteTicket = action(config);
 * ```
 */
export type ActionConfig<
  TMethod extends OperationMethod,
  TPath extends string,
  TRequest extends RequestSchemas,
  TResponses extends ResponsesDecl,
> = ActionConfigBase<TMethod, TPath, TRequest, TResponses> &
  ([PathParamNames<TPath>] extends [never]
    ? { request?: TRequest & RequestFor<TMethod, TPath, TRequest> }
    : { request: TRequest & RequestFor<TMethod, TPath, TRequest> });

/**
 * The fields of {@link ActionConfig} other than `request`.
 *
 * @example
 * ```ts
 * const base: ActionConfigBase<"get", "/ping", {}, { 200: undefined }> = {
 *   operationId: "Ping", summary: "Ping", description: "Checks the service.", method: "get", path: "/ping",
 *   responses: { 200: undefined }, handler: () => ({ status: 200 }),
 * };
 * ```
 */
export interface ActionConfigBase<
  TMethod extends OperationMethod,
  TPath extends string,
  TRequest extends RequestSchemas,
  TResponses extends ResponsesDecl,
> extends OperationMeta {
  /** HTTP method (lower case). */
  method: TMethod;
  /** Swagger-style path below the connector's base path, e.g. `/tickets/{id}`. */
  path: TPath;
  /** Responses by status code: a schema, `undefined` (no body) or `{ schema, description, headers }`. */
  responses: TResponses;
  /** The handler; its input and result types come from the schemas. */
  handler: Handler<NoInfer<TRequest>, NoInfer<TResponses>>;
}

/**
 * Defines an action: one operation of the connector with typed input and output.
 *
 * @param config - operation metadata, method, path, request and response schemas, and the handler.
 * @returns the operation, to list in {@link defineConnector} and to reference from dynamic values.
 * @throws TypeError when the definition is inconsistent (path parameters without schema, body on GET, bad operationId).
 * @example
 * ```ts
 * import { z } from "zod";
 * import { action } from "@connectorkit/sdk";
 * const Ticket = z.object({ id: z.string(), title: z.string() }).meta({ id: "Ticket" });
 * export const getTicket = action({
 *   operationId: "GetTicket",
 *   summary: "Get a ticket",
 *   description: "Returns one ticket by its id.",
 *   method: "get",
 *   path: "/tickets/{id}",
 *   request: { params: z.object({ id: z.string() }) },
 *   responses: { 200: Ticket, 404: undefined },
 *   handler: async ({ params }) => ({ status: 200, body: { id: params.id, title: "Printer on fire" } }),
 * });
 * ```
 */
export function action<
  TMethod extends OperationMethod,
  const TPath extends string,
  TRequest extends RequestSchemas = {},
  const TResponses extends ResponsesDecl = ResponsesDecl,
>(config: ActionConfig<TMethod, TPath, TRequest, TResponses>): ActionOperation<TRequest, TResponses> {
  const { method, request, ...rest } = config as ActionConfigBase<TMethod, TPath, TRequest, TResponses> & {
    request?: TRequest;
  };
  const operation: ActionOperation<TRequest, TResponses> = {
    ...(rest as Omit<ActionOperation<TRequest, TResponses>, "kind" | "method" | "request">),
    kind: "action",
    method: method.toUpperCase() as Uppercase<OperationMethod>,
    request: (request ?? {}) as TRequest,
  };
  assertOperationShape(operation);
  return Object.freeze(operation);
}
