/**
 * The JSON schema URL every exported collection declares in `info.schema`.
 *
 * @example
 * ```ts
 * collection.info.schema === POSTMAN_COLLECTION_SCHEMA; // true
 * ```
 */
export const POSTMAN_COLLECTION_SCHEMA =
  "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/**
 * A Postman variable (collection variable, or a `:param` path variable of a URL).
 *
 * @example
 * ```ts
 * const v: PostmanVariable = { key: "baseUrl", value: "https://api.example.com/v1", type: "string" };
 * ```
 */
export interface PostmanVariable {
  key: string;
  value: string;
  type: "string";
  description?: string;
}

/**
 * One `key`/`value` attribute of a Postman auth block (`apikey`, `basic`, `bearer`).
 *
 * @example
 * ```ts
 * const a: PostmanAuthAttribute = { key: "token", value: "{{accessToken}}", type: "string" };
 * ```
 */
export interface PostmanAuthAttribute {
  key: string;
  value: string;
  type: "string";
}

/**
 * Postman auth: API key (header or query), basic, bearer token, or none.
 *
 * @example
 * ```ts
 * const auth: PostmanAuth = { type: "bearer", bearer: [{ key: "token", value: "{{accessToken}}", type: "string" }] };
 * ```
 */
export type PostmanAuth =
  | { type: "apikey"; apikey: PostmanAuthAttribute[] }
  | { type: "basic"; basic: PostmanAuthAttribute[] }
  | { type: "bearer"; bearer: PostmanAuthAttribute[] }
  | { type: "noauth" };

/**
 * A request header or query parameter. Optional inputs are exported with `disabled: true`.
 *
 * @example
 * ```ts
 * const q: PostmanKeyValue = { key: "top", value: "10", disabled: true, description: "Max items" };
 * ```
 */
export interface PostmanKeyValue {
  key: string;
  value: string;
  disabled?: boolean;
  description?: string;
}

/**
 * A structured Postman URL (`raw` plus its parts).
 *
 * @example
 * ```ts
 * const url: PostmanUrl = { raw: "{{baseUrl}}/items/:itemId", host: ["{{baseUrl}}"], path: ["items", ":itemId"], variable: [{ key: "itemId", value: "42", type: "string" }] };
 * ```
 */
export interface PostmanUrl {
  raw: string;
  host: string[];
  path: string[];
  query?: PostmanKeyValue[];
  variable?: PostmanVariable[];
}

/**
 * One field of a form body.
 *
 * @example
 * ```ts
 * const f: PostmanFormField = { key: "name", value: "string", type: "text" };
 * ```
 */
export interface PostmanFormField {
  key: string;
  value: string;
  type: "text";
  disabled?: boolean;
  description?: string;
}

/**
 * A request body: raw JSON, URL-encoded form or multipart form.
 *
 * @example
 * ```ts
 * const body: PostmanBody = { mode: "raw", raw: '{"title":"Buy milk"}', options: { raw: { language: "json" } } };
 * ```
 */
export type PostmanBody =
  | { mode: "raw"; raw: string; options: { raw: { language: "json" | "text" } } }
  | { mode: "urlencoded"; urlencoded: PostmanFormField[] }
  | { mode: "formdata"; formdata: PostmanFormField[] };

/**
 * A Postman script attached to a request (`test` runs after the response arrives).
 *
 * @example
 * ```ts
 * const e: PostmanEvent = { listen: "test", script: { type: "text/javascript", exec: ["pm.test('ok', () => {});"] } };
 * ```
 */
export interface PostmanEvent {
  listen: "test" | "prerequest";
  script: { type: "text/javascript"; exec: string[] };
}

/**
 * A request definition.
 *
 * @example
 * ```ts
 * const r: PostmanRequest = { method: "GET", header: [], url: { raw: "{{baseUrl}}/items", host: ["{{baseUrl}}"], path: ["items"] } };
 * ```
 */
export interface PostmanRequest {
  method: string;
  header: PostmanKeyValue[];
  url: PostmanUrl;
  body?: PostmanBody;
  auth?: PostmanAuth;
  description?: string;
}

/**
 * A request item (one per connector operation).
 *
 * @example
 * ```ts
 * const item: PostmanItem = { id: "ListItems", name: "List items", request: { method: "GET", header: [], url: { raw: "{{baseUrl}}/items", host: ["{{baseUrl}}"], path: ["items"] } }, response: [] };
 * ```
 */
export interface PostmanItem {
  /** The operationId, when the operation has one. */
  id?: string;
  name: string;
  request: PostmanRequest;
  event?: PostmanEvent[];
  response: [];
}

/**
 * A folder (one per tag when grouping by tags).
 *
 * @example
 * ```ts
 * const folder: PostmanFolder = { name: "Items", item: [] };
 * ```
 */
export interface PostmanFolder {
  name: string;
  description?: string;
  item: PostmanItem[];
}

/**
 * A Postman Collection v2.1 document.
 *
 * @example
 * ```ts
 * const c: PostmanCollection = { info: { name: "Todo", schema: POSTMAN_COLLECTION_SCHEMA }, item: [], variable: [] };
 * ```
 */
export interface PostmanCollection {
  info: { name: string; description?: string; version?: string; schema: typeof POSTMAN_COLLECTION_SCHEMA };
  item: (PostmanItem | PostmanFolder)[];
  auth?: PostmanAuth;
  variable: PostmanVariable[];
}

/**
 * Options of `toPostmanCollection`.
 *
 * @example
 * ```ts
 * const options: PostmanExportOptions = { grouping: "flat", tests: false, baseUrl: "http://127.0.0.1:3000/api" };
 * ```
 */
export interface PostmanExportOptions {
  /** Collection name. @default the connector's `info.title` */
  name?: string;
  /** `tags`: one folder per operation's first tag (untagged operations stay at the top level); `flat`: no folders. @default "tags" */
  grouping?: "tags" | "flat";
  /**
   * Default value of the `baseUrl` collection variable (an absolute http(s) URL). An environment or global
   * `baseUrl` still overrides it at run time.
   * @default `${schemes[0]}://${host}${basePath}` (https and `localhost` when missing)
   */
  baseUrl?: string;
  /**
   * How path parameters appear: `colon` → `/items/:itemId` with a URL variable (Postman's native form);
   * `variable` → `/items/{{itemId}}` with a collection variable. A parameter that is only part of a segment
   * (`/files/{name}.json`) always uses `{{name}}`.
   * @default "colon"
   */
  pathVariables?: "colon" | "variable";
  /** Add a `test` script per request asserting a 2xx status. @default true */
  tests?: boolean;
  /** Send optional query/header/form parameters (otherwise they are exported but `disabled`). @default false */
  includeOptionalParameters?: boolean;
  /** Configure auth from `securityDefinitions`. @default true */
  auth?: boolean;
  /** How deep sample bodies are generated (nested objects/arrays). @default 8 */
  maxSampleDepth?: number;
}
