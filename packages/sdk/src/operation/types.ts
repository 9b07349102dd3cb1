/**
 * Types of operations, handlers and their inference.
 * @module
 */
import type { z } from "zod";
import type { ConnectorRequest } from "../http/types";
import type { ApiAnnotation, OpenAiData, Visibility } from "../metadata/types";

/**
 * Methods an operation may use, as written in definitions.
 *
 * @example
 * ```ts
 * const method: OperationMethod = "post"; // action({ method, ... }); operations carry it upper-cased ("POST")
 * ```
 */
export type OperationMethod = "get" | "post" | "put" | "patch" | "delete";

/** Any zod schema. */
export type AnySchema = z.ZodType;
/** A zod object schema (params, query and headers must be objects). */
export type AnyObjectSchema = z.ZodObject<any>;

/**
 * The request schemas of an operation, one per location.
 *
 * @example
 * ```ts
 * const request = { params: z.object({ id: z.string() }), query: z.object({ expand: z.boolean().optional() }) };
 * ```
 */
export interface RequestSchemas {
  /** Path parameters; every `{name}` in the path must be a key here. */
  params?: AnyObjectSchema | undefined;
  /** Query parameters. */
  query?: AnyObjectSchema | undefined;
  /** Header parameters (names as sent; matched case-insensitively). */
  headers?: AnyObjectSchema | undefined;
  /** The JSON body (not allowed on GET). */
  body?: AnySchema | undefined;
}

/**
 * A response header declaration.
 *
 * @example
 * ```ts
 * const h: ResponseHeader = { description: "Id of the request", type: "string" };
 * ```
 */
export interface ResponseHeader {
  description?: string;
  type?: "string" | "integer" | "number" | "boolean";
  /** `x-ms-summary` of the header. */
  summary?: string;
}

/**
 * A response declaration in its long form.
 *
 * @example
 * ```ts
 * const r: ResponseObject<typeof Ticket> = { schema: Ticket, description: "The ticket" };
 * ```
 */
export interface ResponseObject<TSchema extends AnySchema | undefined = AnySchema | undefined> {
  /** The body schema; omit for a response without body. */
  schema?: TSchema;
  /** Description in the swagger. */
  description?: string;
  /** `x-ms-summary` of the response. */
  summary?: string;
  /** Documented response headers. */
  headers?: Record<string, ResponseHeader>;
}

/**
 * A response declaration: a schema, `undefined` (no body), or a {@link ResponseObject}.
 *
 * @example
 * ```ts
 * const ok: ResponseSpec = Ticket;
 * const gone: ResponseSpec = undefined;
 * const created: ResponseSpec = { schema: Ticket, description: "Created", headers: { Location: { type: "string" } } };
 * ```
 */
export type ResponseSpec = AnySchema | undefined | ResponseObject;

/**
 * Responses by status code.
 *
 * @example
 * ```ts
 * const responses = { 200: Ticket, 404: undefined } satisfies ResponsesDecl;
 * ```
 */
export type ResponsesDecl = { [status: number]: ResponseSpec };

/** The body schema of a response spec, or `undefined`. */
export type SchemaOf<R> = R extends AnySchema
  ? R
  : R extends { schema: infer S }
    ? S extends AnySchema
      ? S
      : undefined
    : undefined;

type OutputOf<S> = S extends AnySchema ? z.output<S> : Record<string, never>;

/**
 * What a handler receives: the parsed (`z.output`) value of each request schema.
 *
 * @example
 * ```ts
 * type In = OperationInput<{ params: z.ZodObject<{ id: z.ZodString }> }>; // { params: { id: string }, query: {}, ... }
 * ```
 */
export interface OperationInput<TRequest extends RequestSchemas> {
  params: OutputOf<TRequest["params"]>;
  query: OutputOf<TRequest["query"]>;
  headers: OutputOf<TRequest["headers"]>;
  body: TRequest["body"] extends AnySchema ? z.output<TRequest["body"]> : undefined;
}

/**
 * What a handler may return: one member per declared status, with `body` typed as the `z.input` of that
 * status's schema (or no body).
 *
 * @example
 * ```ts
 * type R = HandlerResult<{ 200: typeof Ticket; 404: undefined }>;
 * // { status: 200; body: z.input<typeof Ticket> } | { status: 404; body?: undefined }
 * ```
 */
export type HandlerResult<TResponses extends ResponsesDecl> = {
  [K in keyof TResponses & number]: SchemaOf<TResponses[K]> extends AnySchema
    ? { status: K; body: z.input<SchemaOf<TResponses[K]>>; headers?: Record<string, string> }
    : { status: K; body?: undefined; headers?: Record<string, string> };
}[keyof TResponses & number];

/**
 * Augment this interface to type `ctx.principal` in every handler with what your auth scheme returns.
 *
 * @example
 * ```ts
 * declare module "@connectorkit/sdk" {
 *   interface Register { principal: { tenant: string } }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by users
export interface Register {}

/**
 * The principal type: `Register["principal"]` when augmented, else `unknown`.
 *
 * @example
 * ```ts
 * declare module "@connectorkit/sdk" {
 *   interface Register { principal: { tenant: string } }
 * }
 * const tenantOf = (p: RegisteredPrincipal) => p.tenant; // typed: string
 * ```
 */
export type RegisteredPrincipal = Register extends { principal: infer P } ? P : unknown;

/**
 * The second argument of every handler.
 *
 * @example
 * ```ts
 * handler: async (input, ctx) => ({ status: 200, body: { caller: String(ctx.principal) } })
 * ```
 */
export interface HandlerContext {
  /** The operation being served. */
  operationId: string;
  /** Who is calling, as the connector's auth scheme verified it (`undefined` without auth). */
  principal: RegisteredPrincipal;
  /** Public base URL (origin + mount path) of the connector, for absolute links. */
  baseUrl: string;
  /** The request as the adapter gave it. */
  request: ConnectorRequest;
  /** Raw host objects (Express `req`/`res`, Azure `HttpRequest`/`InvocationContext`). */
  platform: unknown;
  /** Aborted when the caller goes away. */
  signal: AbortSignal | undefined;
}

/**
 * A handler: parsed input in, a declared response out.
 *
 * @example
 * ```ts
 * const request = { params: z.object({ id: z.string() }) };
 * const getTicketHandler: Handler<typeof request, { 200: typeof Ticket; 404: undefined }> = async ({ params }) => {
 *   const ticket = await tickets.find(params.id);
 *   return ticket ? { status: 200, body: ticket } : { status: 404 };
 * };
 * ```
 */
export type Handler<TRequest extends RequestSchemas, TResponses extends ResponsesDecl> = (
  input: OperationInput<TRequest>,
  ctx: HandlerContext,
) => Promise<HandlerResult<TResponses>> | HandlerResult<TResponses>;

/**
 * Marks an operation deprecated. A replacement emits `x-ms-api-annotation.replacement`.
 *
 * @example
 * ```ts
 * const d: Deprecation = { replacement: { operationId: "GetTicketV2", api: "contoso-tickets" } };
 * ```
 */
export interface Deprecation {
  /** The operation that replaces this one. */
  replacement?: {
    /** The replacing operation. */
    operationId: string;
    /** The API (connector) that hosts the replacement, e.g. this connector's name. The platform requires it. */
    api: string;
  };
}

/**
 * Metadata shared by every kind of operation (`summary`, `description`, visibility and the operation-level
 * `x-ms-*` extensions).
 *
 * @example
 * ```ts
 * const meta: OperationMeta = { operationId: "GetTicket", summary: "Get a ticket", description: "Returns one ticket." };
 * ```
 */
export interface OperationMeta {
  /** Unique, alphanumeric (underscores allowed, e.g. `GetTicket_V2`). */
  operationId: string;
  /** Short title, sentence case, at most 80 characters, no trailing punctuation. */
  summary: string;
  /** Full sentence(s) ending with punctuation. */
  description: string;
  /** `x-ms-visibility` of the operation. */
  visibility?: Visibility;
  /** Swagger tags. */
  tags?: string[];
  /** `deprecated: true`; with a replacement, also `x-ms-api-annotation.replacement`. */
  deprecated?: boolean | Deprecation;
  /** `x-ms-api-annotation` (family, revision, status). */
  annotation?: ApiAnnotation;
  /** `x-ms-no-generic-test`: exclude from the platform's generic operation tests. */
  noGenericTest?: boolean;
  /** `x-ms-pageable`: the response property holding the next page link. */
  pageable?: { nextLinkName: "nextLink" | "@odata.nextLink" };
  /** `x-ms-capabilities.chunkTransfer`. */
  chunkTransfer?: boolean;
  /** `x-ms-openai-data`. */
  openAiData?: OpenAiData;
  /**
   * Largest request body this operation accepts, in bytes; larger bodies answer 413 without being read further.
   * Overrides the handler's `maxBodyBytes` (either way). Not emitted: a runtime setting.
   * @default the handler's `maxBodyBytes`, itself 3,182,218 by default (the gateway's request content-length
   * limit in the custom connectors FAQ)
   */
  maxBodyBytes?: number;
}

/** Fields every operation object carries at run time. */
export interface OperationBase extends OperationMeta {
  /** Operation kind. */
  readonly kind: "action" | "pollingTrigger" | "webhookTrigger";
  /** Upper-case HTTP method. */
  readonly method: Uppercase<OperationMethod>;
  /** Swagger-style path, e.g. `/tickets/{id}`. */
  readonly path: string;
  /** Request schemas. */
  readonly request: RequestSchemas;
  /** Declared responses. */
  readonly responses: ResponsesDecl;
}

/** Extracts `{name}` parameters of a path template as a union of names. */
export type PathParamNames<TPath extends string> = TPath extends `${string}{${infer P}}${infer Rest}`
  ? P | PathParamNames<Rest>
  : never;

/**
 * An action: a request/response operation.
 *
 * @example
 * ```ts
 * const op: ActionOperation = getTicket;
 * ```
 */
export interface ActionOperation<
  TRequest extends RequestSchemas = RequestSchemas,
  TResponses extends ResponsesDecl = ResponsesDecl,
> extends OperationBase {
  readonly kind: "action";
  readonly request: TRequest;
  readonly responses: TResponses;
  /** The typed handler. */
  readonly handler: Handler<TRequest, TResponses>;
}

/**
 * The widest operation type; every operation kind is assignable to it.
 *
 * @example
 * ```ts
 * const ops: AnyOperation[] = [getTicket, listTickets];
 * ```
 */
export type AnyOperation = OperationBase;

/**
 * The input a handler of `TOperation` receives.
 *
 * @example
 * ```ts
 * type In = inferOperationInput<typeof getTicket>; // { params: { id: string }, ... }
 * ```
 */
export type inferOperationInput<TOperation> =
  TOperation extends ActionOperation<infer R, any> ? OperationInput<R> : never;

/**
 * The responses a handler of `TOperation` may return.
 *
 * @example
 * ```ts
 * type Out = inferOperationResponses<typeof getTicket>;
 * ```
 */
export type inferOperationResponses<TOperation> =
  TOperation extends ActionOperation<any, infer R> ? HandlerResult<R> : never;

/** The parsed body type of the first 2xx response with a schema of an operation (200, then 201). */
export type SuccessBody<TOperation> = TOperation extends { responses: infer R }
  ? R extends ResponsesDecl
    ? 200 extends keyof R
      ? SchemaOf<R[200]> extends AnySchema
        ? z.output<SchemaOf<R[200]>>
        : unknown
      : 201 extends keyof R
        ? SchemaOf<R[201]> extends AnySchema
          ? z.output<SchemaOf<R[201]>>
          : unknown
        : unknown
    : unknown
  : unknown;

/** Names of all inputs (path, query, header and top-level body properties) of an operation. */
export type InputNames<TOperation> = TOperation extends { request: infer R }
  ? R extends RequestSchemas
    ?
        | KeysOf<R["params"]>
        | KeysOf<R["query"]>
        | KeysOf<R["headers"]>
        | (R["body"] extends AnyObjectSchema ? KeysOf<R["body"]> : never)
    : never
  : never;

type KeysOf<S> = S extends AnyObjectSchema ? keyof z.input<S> & string : never;
