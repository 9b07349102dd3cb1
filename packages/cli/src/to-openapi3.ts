/**
 * Swagger 2.0 -> OpenAPI 3.0 conversion of an emitted connector definition (for `build --openapi3`).
 * @module
 */

import { SWAGGER_PARAMETER_TYPE_KEYS } from "@connectorkit/sdk/swagger";

type Json = Record<string, unknown>;

const PARAM_SCHEMA_KEYS: readonly string[] = SWAGGER_PARAMETER_TYPE_KEYS;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Rewrites `#/definitions/X` refs, `x-nullable` and `type: file` in a schema (a deep copy). */
function convertSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convertSchema);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string") {
      out[key] = v
        .replace(/^#\/definitions\//, "#/components/schemas/")
        .replace(/^#\/parameters\//, "#/components/parameters/")
        .replace(/^#\/responses\//, "#/components/responses/");
    } else if (key === "x-nullable") {
      out["nullable"] = v;
    } else if (key === "type" && v === "file") {
      out["type"] = "string";
      out["format"] = "binary";
    } else {
      out[key] = convertSchema(v);
    }
  }
  return out;
}

function convertItems(items: unknown): unknown {
  if (!isObject(items)) return items;
  const schema: Json = {};
  for (const [key, v] of Object.entries(items)) {
    if (key === "collectionFormat") continue;
    schema[key] = key === "items" ? convertItems(v) : convertSchema(v);
  }
  return schema;
}

/** A non-body Swagger 2.0 parameter -> OpenAPI 3.0 parameter (type fields move into `schema`). */
function convertParameter(p: Json): Json {
  if (typeof p["$ref"] === "string") return convertSchema(p) as Json;
  const schema: Json = {};
  const out: Json = {};
  for (const [key, v] of Object.entries(p)) {
    if (key === "x-nullable") schema["nullable"] = v;
    else if (key === "type" && v === "file") {
      schema["type"] = "string";
      schema["format"] = "binary";
    } else if (PARAM_SCHEMA_KEYS.includes(key)) {
      if (key === "collectionFormat") continue;
      schema[key] = key === "items" ? convertItems(v) : convertSchema(v);
    } else out[key] = v;
  }
  const collectionFormat = p["collectionFormat"];
  if (collectionFormat === "multi") {
    out["style"] = "form";
    out["explode"] = true;
  } else if (collectionFormat === "csv" || (p["type"] === "array" && collectionFormat === undefined)) {
    out["style"] = p["in"] === "query" ? "form" : "simple";
    out["explode"] = false;
  }
  out["schema"] = schema;
  return out;
}

function mediaTypes(op: Json, doc: Json, key: "consumes" | "produces"): string[] {
  const own = op[key] ?? doc[key];
  return Array.isArray(own) && own.length > 0 ? own.map(String) : ["application/json"];
}

function convertOperation(op: Json, doc: Json, pathParams: readonly Json[]): Json {
  const out: Json = {};
  const params = [...pathParams];
  for (const p of Array.isArray(op["parameters"]) ? op["parameters"] : []) {
    if (!isObject(p)) continue;
    const same = params.findIndex((q) => q["name"] === p["name"] && q["in"] === p["in"]);
    if (same >= 0) params.splice(same, 1);
    params.push(p);
  }
  const body = params.find((p) => p["in"] === "body");
  const form = params.filter((p) => p["in"] === "formData");
  const rest = params.filter((p) => p["in"] !== "body" && p["in"] !== "formData");
  for (const [key, v] of Object.entries(op)) {
    if (key === "parameters") {
      if (rest.length > 0) out["parameters"] = rest.map(convertParameter);
      if (body) {
        const requestBody: Json = {
          content: Object.fromEntries(
            mediaTypes(op, doc, "consumes").map((type) => [
              type,
              { schema: convertSchema(body["schema"] ?? {}) },
            ]),
          ),
          required: body["required"] === true,
        };
        if (typeof body["description"] === "string") requestBody["description"] = body["description"];
        for (const [k, ext] of Object.entries(body)) if (k.startsWith("x-")) requestBody[k] = ext;
        out["requestBody"] = requestBody;
      } else if (form.length > 0) {
        const properties: Json = {};
        const required: string[] = [];
        for (const f of form) {
          const converted = convertParameter(f);
          properties[String(f["name"])] = {
            ...(converted["schema"] as Json),
            ...(typeof f["description"] === "string" ? { description: f["description"] } : {}),
          };
          if (f["required"] === true) required.push(String(f["name"]));
        }
        const consumes = mediaTypes(op, doc, "consumes");
        const type = consumes.find(
          (c) => c.startsWith("multipart/") || c === "application/x-www-form-urlencoded",
        );
        out["requestBody"] = {
          content: {
            [type ?? "multipart/form-data"]: {
              schema: { type: "object", properties, ...(required.length > 0 ? { required } : {}) },
            },
          },
          required: required.length > 0,
        };
      }
    } else if (key === "responses" && isObject(v)) {
      const responses: Json = {};
      for (const [status, response] of Object.entries(v)) {
        if (!isObject(response)) continue;
        const r: Json = {};
        for (const [rk, rv] of Object.entries(response)) {
          if (rk === "schema") {
            r["content"] = Object.fromEntries(
              mediaTypes(op, doc, "produces").map((type) => [type, { schema: convertSchema(rv) }]),
            );
          } else if (rk === "headers" && isObject(rv)) {
            r["headers"] = Object.fromEntries(
              Object.entries(rv).map(([name, h]) => {
                if (!isObject(h)) return [name, h];
                const { description, ...schema } = h;
                const header: Json = { schema: convertSchema(schema) };
                if (typeof description === "string") header["description"] = description;
                return [name, header];
              }),
            );
          } else if (rk === "$ref" && typeof rv === "string") {
            r[rk] = rv.replace(/^#\/responses\//, "#/components/responses/");
          } else r[rk] = convertSchema(rv);
        }
        responses[status] = r;
      }
      out["responses"] = responses;
    } else if (key !== "consumes" && key !== "produces") {
      out[key] = convertSchema(v);
    }
  }
  if (out["parameters"] === undefined && rest.length > 0) out["parameters"] = rest.map(convertParameter);
  return out;
}

function convertSecurityScheme(s: Json): Json {
  const { type, flow, authorizationUrl, tokenUrl, scopes, ...rest } = s;
  const extras = convertSchema(rest) as Json;
  if (type === "basic") return { type: "http", scheme: "basic", ...extras };
  if (type !== "oauth2") return { type, ...extras };
  const flowName =
    flow === "accessCode"
      ? "authorizationCode"
      : flow === "application"
        ? "clientCredentials"
        : String(flow ?? "authorizationCode");
  const f: Json = {};
  if (flowName === "authorizationCode" || flowName === "implicit")
    f["authorizationUrl"] = authorizationUrl ?? "";
  if (flowName !== "implicit") f["tokenUrl"] = tokenUrl ?? "";
  f["scopes"] = isObject(scopes) ? scopes : {};
  return { type: "oauth2", flows: { [flowName]: f }, ...extras };
}

/**
 * Converts a Swagger 2.0 connector definition (as `toSwagger` emits it) to an OpenAPI 3.0.3 document: servers
 * from schemes/host/basePath, `#/definitions` -> `#/components/schemas`, body and form parameters ->
 * `requestBody`, parameter type fields -> `schema`, response schemas -> `content`, `x-nullable` -> `nullable`,
 * security schemes to their 3.0 shapes. Vendor extensions (`x-ms-*`) are kept where they were. Deterministic.
 *
 * @param swagger - The Swagger 2.0 document.
 * @returns The OpenAPI 3.0 document.
 * @example
 * ```ts
 * import { toSwagger } from "@connectorkit/sdk/swagger";
 * const oas3 = toOpenApi3(toSwagger(connector));
 * ```
 */
export function toOpenApi3(swagger: Record<string, unknown>): Record<string, unknown> {
  const doc = swagger;
  const schemes = Array.isArray(doc["schemes"]) && doc["schemes"].length > 0 ? doc["schemes"] : ["https"];
  const host = typeof doc["host"] === "string" ? doc["host"] : undefined;
  const basePath = typeof doc["basePath"] === "string" && doc["basePath"] !== "/" ? doc["basePath"] : "";
  const out: Json = { openapi: "3.0.3", info: convertSchema(doc["info"] ?? {}) };
  out["servers"] =
    host === undefined
      ? [{ url: basePath || "/" }]
      : schemes.map((scheme) => ({ url: `${String(scheme)}://${host}${basePath}` }));
  if (doc["tags"] !== undefined) out["tags"] = doc["tags"];
  if (Array.isArray(doc["security"]) && doc["security"].length > 0) out["security"] = doc["security"];
  const paths: Json = {};
  for (const [p, item] of Object.entries(isObject(doc["paths"]) ? doc["paths"] : {})) {
    if (!isObject(item)) continue;
    const pathParams = (Array.isArray(item["parameters"]) ? item["parameters"] : []).filter(isObject);
    const converted: Json = {};
    for (const [key, v] of Object.entries(item)) {
      if (key === "parameters") continue;
      converted[key] =
        METHODS.includes(key) && isObject(v) ? convertOperation(v, doc, pathParams) : convertSchema(v);
    }
    paths[p] = converted;
  }
  out["paths"] = paths;
  const components: Json = {};
  if (isObject(doc["definitions"]) && Object.keys(doc["definitions"]).length > 0)
    components["schemas"] = convertSchema(doc["definitions"]);
  if (isObject(doc["parameters"]) && Object.keys(doc["parameters"]).length > 0) {
    components["parameters"] = Object.fromEntries(
      Object.entries(doc["parameters"]).map(([k, v]) => [k, isObject(v) ? convertParameter(v) : v]),
    );
  }
  if (isObject(doc["responses"]) && Object.keys(doc["responses"]).length > 0)
    components["responses"] = convertSchema(doc["responses"]);
  if (isObject(doc["securityDefinitions"]) && Object.keys(doc["securityDefinitions"]).length > 0) {
    components["securitySchemes"] = Object.fromEntries(
      Object.entries(doc["securityDefinitions"]).map(([k, v]) => [
        k,
        isObject(v) ? convertSecurityScheme(v) : v,
      ]),
    );
  }
  if (Object.keys(components).length > 0) out["components"] = components;
  for (const [key, v] of Object.entries(doc)) if (key.startsWith("x-")) out[key] = v;
  return out;
}
