import { isJsonObject, type JsonObject, own, toPointer } from "../diff/json-pointer";
import { PostmanExportError } from "./postman-export-error";
import {
  explicitSample,
  resolveForExport,
  type SampleContext,
  sampleFromSchema,
  toParameterText,
} from "./sample-value";
import {
  POSTMAN_COLLECTION_SCHEMA,
  type PostmanAuth,
  type PostmanBody,
  type PostmanCollection,
  type PostmanEvent,
  type PostmanExportOptions,
  type PostmanFolder,
  type PostmanFormField,
  type PostmanItem,
  type PostmanKeyValue,
  type PostmanRequest,
  type PostmanVariable,
} from "./types";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;

interface Parameter {
  node: JsonObject;
  tokens: string[];
  name: string;
  location: string;
}

interface AuthPlan {
  auth: PostmanAuth | undefined;
  /** API keys beyond the first: sent as extra headers/query parameters on every request. */
  extraKeys: { name: string; location: "header" | "query"; variable: string }[];
  variables: PostmanVariable[];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function variable(key: string, value: string, description?: string): PostmanVariable {
  const v: PostmanVariable = { key, value, type: "string" };
  if (description !== undefined) v.description = description;
  return v;
}

function attr(key: string, value: string): { key: string; value: string; type: "string" } {
  return { key, value, type: "string" };
}

/** Collection-variable-safe name: Postman variables are `{{...}}`, so keep names simple. */
function safeVariableName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}

function assertSwagger(value: unknown): JsonObject {
  if (!isJsonObject(value)) {
    throw new PostmanExportError(
      `expected a Swagger 2.0 object, got ${value === null ? "null" : typeof value}`,
    );
  }
  if (own(value, "openapi") !== undefined) {
    throw new PostmanExportError("OpenAPI 3 documents are not supported; connectors use Swagger 2.0");
  }
  if (own(value, "swagger") !== "2.0") {
    throw new PostmanExportError(
      `expected "swagger": "2.0", got ${JSON.stringify(own(value, "swagger"))}`,
      "/swagger",
    );
  }
  if (!isJsonObject(own(value, "paths"))) throw new PostmanExportError('"paths" must be an object', "/paths");
  return value;
}

function defaultBaseUrl(doc: JsonObject): string {
  const schemes = own(doc, "schemes");
  const scheme =
    Array.isArray(schemes) && typeof schemes[0] === "string" ? schemes[0].toLowerCase() : "https";
  const host = str(own(doc, "host")) ?? "localhost";
  const basePath = (str(own(doc, "basePath")) ?? "").replace(/\/+$/, "");
  return `${scheme}://${host}${basePath === "" || basePath.startsWith("/") ? basePath : `/${basePath}`}`;
}

function checkOptions(options: PostmanExportOptions): void {
  if (options.baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.baseUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new PostmanExportError(
        `options.baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
      );
    }
  }
  if (options.grouping !== undefined && options.grouping !== "tags" && options.grouping !== "flat") {
    throw new PostmanExportError(
      `options.grouping must be "tags" or "flat", got ${JSON.stringify(options.grouping)}`,
    );
  }
  if (
    options.pathVariables !== undefined &&
    options.pathVariables !== "colon" &&
    options.pathVariables !== "variable"
  ) {
    throw new PostmanExportError(
      `options.pathVariables must be "colon" or "variable", got ${JSON.stringify(options.pathVariables)}`,
    );
  }
  const depth = options.maxSampleDepth;
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 0 || depth > 64)) {
    throw new PostmanExportError(
      `options.maxSampleDepth must be an integer from 0 to 64, got ${String(depth)}`,
    );
  }
}

/** Chooses the security schemes in effect: the first non-empty `security` requirement, else every definition. */
function planAuth(doc: JsonObject): AuthPlan {
  const defs = own(doc, "securityDefinitions");
  const plan: AuthPlan = { auth: undefined, extraKeys: [], variables: [] };
  if (!isJsonObject(defs)) return plan;
  const security = own(doc, "security");
  const requirement = Array.isArray(security)
    ? security.find((r) => isJsonObject(r) && Object.keys(r).some((k) => isJsonObject(own(defs, k))))
    : undefined;
  const names = (isJsonObject(requirement) ? Object.keys(requirement) : Object.keys(defs)).filter((k) =>
    isJsonObject(own(defs, k)),
  );
  let apiKeys = 0;
  for (const name of names) {
    const def = own(defs, name);
    const type = own(def, "type");
    if (type === "apiKey") {
      const header = str(own(def, "name"));
      const location = own(def, "in") === "query" ? "query" : "header";
      if (header === undefined) {
        throw new PostmanExportError(
          'an apiKey security definition needs a "name"',
          toPointer(["securityDefinitions", name]),
        );
      }
      apiKeys += 1;
      const varName = apiKeys === 1 ? "apiKey" : `apiKey${apiKeys}`;
      plan.variables.push(
        variable(varName, "", `API key sent in ${location} "${header}" (securityDefinitions.${name})`),
      );
      if (plan.auth === undefined && apiKeys === 1) {
        plan.auth = {
          type: "apikey",
          apikey: [attr("key", header), attr("value", `{{${varName}}}`), attr("in", location)],
        };
      } else {
        plan.extraKeys.push({ name: header, location, variable: varName });
      }
    } else if (type === "basic" && plan.auth === undefined) {
      plan.variables.push(variable("username", "", `Basic auth user (securityDefinitions.${name})`));
      plan.variables.push(variable("password", "", `Basic auth password (securityDefinitions.${name})`));
      plan.auth = {
        type: "basic",
        basic: [attr("username", "{{username}}"), attr("password", "{{password}}")],
      };
    } else if (type === "oauth2" && plan.auth === undefined) {
      plan.variables.push(
        variable(
          "accessToken",
          "",
          `OAuth 2.0 access token (securityDefinitions.${name}, flow ${String(own(def, "flow"))})`,
        ),
      );
      plan.auth = { type: "bearer", bearer: [attr("token", "{{accessToken}}")] };
    }
  }
  return plan;
}

function collectParameters(
  doc: JsonObject,
  pathItem: unknown,
  pathTokens: string[],
  op: JsonObject,
  opTokens: string[],
) {
  const byKey = new Map<string, Parameter>();
  const sources: [unknown, string[]][] = [
    [own(pathItem, "parameters"), [...pathTokens, "parameters"]],
    [own(op, "parameters"), [...opTokens, "parameters"]],
  ];
  for (const [list, base] of sources) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new PostmanExportError("parameters must be an array", toPointer(base));
    list.forEach((raw, i) => {
      const { node, tokens } = resolveForExport(doc, raw, [...base, String(i)]);
      const name = own(node, "name");
      const location = own(node, "in");
      if (!isJsonObject(node) || typeof name !== "string" || typeof location !== "string") {
        throw new PostmanExportError('a parameter needs string "name" and "in"', toPointer(tokens));
      }
      byKey.set(location === "body" ? "body" : `${location}:${name}`, { node, tokens, name, location });
    });
  }
  return [...byKey.values()];
}

function parameterValue(param: Parameter, ctx: SampleContext): string {
  const explicit = explicitSample(param.node);
  if (explicit.found) return toParameterText(explicit.value, own(param.node, "collectionFormat"));
  return toParameterText(
    sampleFromSchema(param.node, param.tokens, ctx),
    own(param.node, "collectionFormat"),
  );
}

function description(node: unknown): string | undefined {
  return str(own(node, "description")) ?? str(own(node, "x-ms-summary"));
}

function keyValue(key: string, value: string, required: boolean, includeOptional: boolean, desc?: string) {
  const kv: PostmanKeyValue = { key, value };
  if (!required && !includeOptional) kv.disabled = true;
  if (desc !== undefined) kv.description = desc;
  return kv;
}

function testScript(label: string): PostmanEvent {
  return {
    listen: "test",
    script: {
      type: "text/javascript",
      exec: [
        `pm.test(${JSON.stringify(`${label} responds with a 2xx status`)}, function () {`,
        "  pm.expect(pm.response.code, 'HTTP status').to.be.within(200, 299);",
        "});",
      ],
    },
  };
}

/**
 * Exports a connector's Swagger 2.0 definition as a Postman Collection v2.1, ready for the Postman app or `newman`.
 *
 * - One request per operation (named by `summary`, else `operationId`), grouped in one folder per tag or flat.
 * - URL `{{baseUrl}}/path` with path parameters as `:param` URL variables (or `{{param}}`), query parameters, headers
 *   and a JSON body. Sample values come from `x-ms-test-value`, `example`, `default`, `enum[0]`, else a placeholder by type.
 *   Optional query/header/form parameters are exported `disabled` unless `includeOptionalParameters` is set.
 * - Auth from `securityDefinitions`: apiKey → Postman `apikey` with `{{apiKey}}` (more keys become headers with
 *   `{{apiKey2}}`…), basic → `{{username}}`/`{{password}}`, oauth2 → bearer `{{accessToken}}`. Operations with
 *   `security: []` get `noauth`. The credential variables are declared empty: supply them from an environment.
 * - Collection variable `baseUrl` defaults to `schemes[0]://host/basePath`; environments and globals override it.
 * - With `tests` (default) each request gets a test script asserting a 2xx status.
 *
 * The output is deterministic (no generated ids) and the module has no runtime dependencies.
 *
 * @param swagger - The connector's `apiDefinition.swagger.json` (parsed JSON).
 * @param options - See {@link PostmanExportOptions}.
 * @returns A Postman Collection v2.1 object; `JSON.stringify` it to write a `.postman_collection.json` file.
 * @throws {PostmanExportError} When the input is not Swagger 2.0, is malformed, or an option is invalid.
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { toPostmanCollection } from "@connectorkit/sdk/postman";
 * const swagger = {
 *   swagger: "2.0", info: { title: "Todo", version: "1.0" }, host: "api.example.com", basePath: "/v1", schemes: ["https"],
 *   paths: { "/items/{itemId}": { get: { operationId: "GetItem", parameters: [{ name: "itemId", in: "path", required: true, type: "string", "x-ms-test-value": "42" }], responses: { "200": { description: "OK" } } } } },
 * };
 * const collection = toPostmanCollection(swagger, { grouping: "flat" });
 * // collection.item[0].request.url.raw === "{{baseUrl}}/items/:itemId"
 * writeFileSync("todo.postman_collection.json", JSON.stringify(collection, null, 2));
 * // then: newman run todo.postman_collection.json --env-var baseUrl=http://127.0.0.1:3000/v1
 * ```
 */
export function toPostmanCollection(swagger: unknown, options: PostmanExportOptions = {}): PostmanCollection {
  const doc = assertSwagger(swagger);
  checkOptions(options);
  const ctx: SampleContext = { doc, maxDepth: options.maxSampleDepth ?? 8 };
  const includeOptional = options.includeOptionalParameters ?? false;
  const colonPaths = (options.pathVariables ?? "colon") === "colon";
  const info = own(doc, "info");
  const plan = options.auth === false ? { auth: undefined, extraKeys: [], variables: [] } : planAuth(doc);
  const variables: PostmanVariable[] = [
    variable("baseUrl", options.baseUrl?.replace(/\/+$/, "") ?? defaultBaseUrl(doc)),
  ];
  const variableKeys = new Set(["baseUrl"]);
  for (const v of plan.variables) {
    variables.push(v);
    variableKeys.add(v.key);
  }
  const rootDocConsumes = own(doc, "consumes");

  const topLevel: (PostmanItem | PostmanFolder)[] = [];
  const folders = new Map<string, PostmanFolder>();
  const tagDescriptions = new Map<string, string>();
  const tags = own(doc, "tags");
  if (Array.isArray(tags)) {
    for (const t of tags) {
      const name = str(own(t, "name"));
      const desc = str(own(t, "description"));
      if (name !== undefined && desc !== undefined) tagDescriptions.set(name, desc);
    }
  }

  const paths = own(doc, "paths") as JsonObject;
  for (const path of Object.keys(paths)) {
    if (path.startsWith("x-")) continue;
    const { node: pathItem, tokens: pathTokens } = resolveForExport(doc, paths[path], ["paths", path]);
    if (!isJsonObject(pathItem))
      throw new PostmanExportError(`path item "${path}" is not an object`, toPointer(pathTokens));
    // Document order, so the collection reads like the definition.
    const methods = Object.keys(pathItem).filter((k): k is (typeof HTTP_METHODS)[number] =>
      (HTTP_METHODS as readonly string[]).includes(k),
    );
    for (const method of methods) {
      const op = own(pathItem, method);
      const opTokens = [...pathTokens, method];
      if (!isJsonObject(op)) {
        throw new PostmanExportError(
          `operation ${method.toUpperCase()} ${path} is not an object`,
          toPointer(opTokens),
        );
      }
      const params = collectParameters(doc, pathItem, pathTokens, op, opTokens);
      const operationId = str(own(op, "operationId"));
      const name = str(own(op, "summary")) ?? operationId ?? `${method.toUpperCase()} ${path}`;

      // URL
      const urlVariables: PostmanVariable[] = [];
      const pathParams = new Map(params.filter((p) => p.location === "path").map((p) => [p.name, p]));
      const segments = path
        .split("/")
        .filter((s) => s !== "")
        .map((segment) => {
          const whole = /^\{([^{}]+)\}$/.exec(segment);
          if (whole !== null && colonPaths) {
            const pname = whole[1]!;
            const p = pathParams.get(pname);
            const v = variable(pname, p === undefined ? "" : parameterValue(p, ctx), description(p?.node));
            urlVariables.push(v);
            return `:${pname}`;
          }
          return segment.replace(/\{([^{}]+)\}/g, (_m, pname: string) => {
            const key = safeVariableName(pname);
            if (!variableKeys.has(key)) {
              const p = pathParams.get(pname);
              variables.push(
                variable(key, p === undefined ? "" : parameterValue(p, ctx), description(p?.node)),
              );
              variableKeys.add(key);
            }
            return `{{${key}}}`;
          });
        });
      const query: PostmanKeyValue[] = [];
      const header: PostmanKeyValue[] = [];
      const form: PostmanFormField[] = [];
      let hasFile = false;
      let body: PostmanBody | undefined;
      let autoContentType: PostmanKeyValue | undefined;
      for (const p of params) {
        const required = own(p.node, "required") === true;
        const desc = description(p.node);
        if (p.location === "query") {
          const explicit = explicitSample(p.node);
          const value = explicit.found ? explicit.value : sampleFromSchema(p.node, p.tokens, ctx);
          if (own(p.node, "collectionFormat") === "multi" && Array.isArray(value)) {
            for (const v of value)
              query.push(keyValue(p.name, toParameterText(v, undefined), required, includeOptional, desc));
          } else {
            query.push(
              keyValue(
                p.name,
                toParameterText(value, own(p.node, "collectionFormat")),
                required,
                includeOptional,
                desc,
              ),
            );
          }
        } else if (p.location === "header") {
          header.push(keyValue(p.name, parameterValue(p, ctx), required, includeOptional, desc));
        } else if (p.location === "formData") {
          if (own(p.node, "type") === "file") hasFile = true;
          const field: PostmanFormField = { key: p.name, value: parameterValue(p, ctx), type: "text" };
          if (!required && !includeOptional) field.disabled = true;
          if (desc !== undefined) field.description = desc;
          form.push(field);
        } else if (p.location === "body") {
          const sample = sampleFromSchema(own(p.node, "schema") ?? {}, [...p.tokens, "schema"], ctx);
          body = {
            mode: "raw",
            raw: sample === undefined ? "" : JSON.stringify(sample, null, 2),
            options: { raw: { language: "json" } },
          };
          autoContentType = { key: "Content-Type", value: "application/json" };
          header.push(autoContentType);
        }
      }
      if (form.length > 0 && body === undefined) {
        const consumes = own(op, "consumes") ?? rootDocConsumes;
        const multipart = hasFile || (Array.isArray(consumes) && consumes.includes("multipart/form-data"));
        body = multipart ? { mode: "formdata", formdata: form } : { mode: "urlencoded", urlencoded: form };
      }
      // A Content-Type header parameter defined by the connector wins over the one added for the body.
      if (
        autoContentType !== undefined &&
        header.some(
          (h) => h !== autoContentType && h.key.toLowerCase() === "content-type" && h.disabled !== true,
        )
      ) {
        header.splice(header.indexOf(autoContentType), 1);
      }
      for (const extra of plan.extraKeys) {
        const kv = { key: extra.name, value: `{{${extra.variable}}}` };
        if (extra.location === "header") header.push(kv);
        else query.push(kv);
      }

      const queryText = query
        .filter((q) => q.disabled !== true)
        .map((q) => `${q.key}=${q.value}`)
        .join("&");
      const request: PostmanRequest = {
        method: method.toUpperCase(),
        header,
        url: {
          raw: `{{baseUrl}}/${segments.join("/")}${queryText === "" ? "" : `?${queryText}`}`,
          host: ["{{baseUrl}}"],
          path: segments,
        },
      };
      if (query.length > 0) request.url.query = query;
      if (urlVariables.length > 0) request.url.variable = urlVariables;
      if (body !== undefined) request.body = body;
      const opSecurity = own(op, "security");
      if (plan.auth !== undefined && Array.isArray(opSecurity) && opSecurity.length === 0) {
        request.auth = { type: "noauth" };
      }
      const desc = description(op);
      if (desc !== undefined) request.description = desc;

      const item: PostmanItem = { name, request, response: [] };
      if (operationId !== undefined) item.id = operationId;
      if (options.tests ?? true) item.event = [testScript(operationId ?? name)];

      const tag =
        (options.grouping ?? "tags") === "tags"
          ? str((own(op, "tags") as unknown[] | undefined)?.[0])
          : undefined;
      if (tag === undefined) {
        topLevel.push(item);
        continue;
      }
      let folder = folders.get(tag);
      if (folder === undefined) {
        folder = { name: tag, item: [] };
        const tagDesc = tagDescriptions.get(tag);
        if (tagDesc !== undefined) folder.description = tagDesc;
        folders.set(tag, folder);
      }
      folder.item.push(item);
    }
  }

  const collection: PostmanCollection = {
    info: {
      name: options.name ?? str(own(info, "title")) ?? "Connector",
      schema: POSTMAN_COLLECTION_SCHEMA,
    },
    item: [...folders.values(), ...topLevel],
    variable: variables,
  };
  const infoDesc = str(own(info, "description"));
  if (infoDesc !== undefined) collection.info.description = infoDesc;
  const version = str(own(info, "version"));
  if (version !== undefined) collection.info.version = version;
  if (plan.auth !== undefined) collection.auth = plan.auth;
  return collection;
}
