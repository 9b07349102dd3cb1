import { FormData } from "undici";
import { SimulatorError } from "./errors";
import {
  isInternal,
  isObject,
  type JsonObject,
  type OperationInfo,
  own,
  type ParameterInfo,
  readPath,
  type SwaggerIndex,
} from "./swagger-document";
import type { OperationInputs } from "./types";

/**
 * Inputs sorted by parameter: non-body values by parameter name, and the body value.
 * @internal
 */
export interface NormalizedInputs {
  values: Map<string, unknown>;
  body: unknown;
}

/**
 * A request ready to send.
 * @internal
 */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | FormData | undefined;
}

/**
 * Sorts user inputs into parameters (see `OperationInputs` for the accepted shapes). Unknown keys throw.
 * @internal
 * @example
 * ```ts
 * normalizeInputs(index, info, { form_id: "3" });
 * ```
 */
export function normalizeInputs(
  index: SwaggerIndex,
  info: OperationInfo,
  inputs: OperationInputs,
): NormalizedInputs {
  if (!isObject(inputs)) {
    throw new SimulatorError(
      "invalidInput",
      `Inputs of '${info.operationId}' must be an object keyed by parameter name.`,
      {
        operationId: info.operationId,
      },
    );
  }
  const values = new Map<string, unknown>();
  const bodyParam = info.parameters.find((p) => p.in === "body");
  const bodySchema = bodyParam === undefined ? undefined : index.deref(bodyParam.schema);
  const bodyProps = own(bodySchema, "properties");
  let whole: unknown;
  let props: JsonObject | undefined;
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined) continue;
    if (info.parameters.some((p) => p.in !== "body" && p.name === key)) {
      values.set(key, value);
    } else if (bodyParam !== undefined && key === bodyParam.name) {
      whole = value;
    } else if (bodyParam !== undefined && isObject(bodyProps) && Object.hasOwn(bodyProps, key)) {
      props ??= {};
      Object.defineProperty(props, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      const accepted = [
        ...info.parameters.filter((p) => p.in !== "body").map((p) => p.name),
        ...(bodyParam === undefined ? [] : [bodyParam.name]),
        ...(isObject(bodyProps) ? Object.keys(bodyProps) : []),
      ];
      throw new SimulatorError(
        "unknownInput",
        `Operation '${info.operationId}' has no parameter or body property '${key}'. Accepted: ${accepted.join(", ") || "(none)"}.`,
        { operationId: info.operationId },
      );
    }
  }
  if (whole !== undefined && props !== undefined && bodyParam !== undefined && isObject(bodyProps)) {
    // `{ notebook, parameters }` for a body parameter named `parameters` with a `parameters` property:
    // next to other body properties, the name means the property.
    if (Object.hasOwn(bodyProps, bodyParam.name) && !Object.hasOwn(props, bodyParam.name)) {
      Object.defineProperty(props, bodyParam.name, {
        value: whole,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      whole = undefined;
    }
  }
  if (whole !== undefined && props !== undefined) {
    throw new SimulatorError(
      "invalidInput",
      `Operation '${info.operationId}': give the body either whole (as '${bodyParam?.name}') or as its properties, not both.`,
      { operationId: info.operationId },
    );
  }
  return { values, body: whole ?? props };
}

/**
 * Builds the HTTP request the platform would send: parameters in their locations, path parameters encoded per
 * `x-ms-url-encoding` (single/double), defaults of required parameters and required body properties filled in
 * (internal parameters cannot be set by the user anyway), and required checks.
 *
 * @internal
 * @example
 * ```ts
 * buildRequest(index, info, normalizeInputs(index, info, { id: "a/b" }), "http://127.0.0.1:3000");
 * ```
 */
export function buildRequest(
  index: SwaggerIndex,
  info: OperationInfo,
  normalized: NormalizedInputs,
  baseUrl: string,
): BuiltRequest {
  const missing: string[] = [];
  const headers: Record<string, string> = {};
  const query: [string, string][] = [];
  const form: [string, unknown][] = [];
  let path = info.path;
  let body: BuiltRequest["body"];

  for (const param of info.parameters) {
    if (param.in === "body") continue;
    let value = normalized.values.get(param.name);
    const fallback = own(param.raw, "default");
    if (value === undefined && param.required && fallback !== undefined) value = fallback;
    if (value === undefined || value === null) {
      if (param.required) missing.push(`${param.name} (${param.in})`);
      continue;
    }
    switch (param.in) {
      case "path": {
        const text = scalar(value);
        const double = String(own(param.raw, "x-ms-url-encoding") ?? "single").toLowerCase() === "double";
        const encoded = double ? encodeURIComponent(encodeURIComponent(text)) : encodeURIComponent(text);
        path = path.split(`{${param.name}}`).join(encoded);
        break;
      }
      case "query":
        for (const v of serializeCollection(param, value)) query.push([param.name, v]);
        break;
      case "header":
        headers[param.name.toLowerCase()] = serializeCollection(param, value).join(",");
        break;
      case "formData":
        form.push([param.name, value]);
        break;
    }
  }

  const bodyParam = info.parameters.find((p) => p.in === "body");
  if (bodyParam !== undefined) {
    let value = normalized.body;
    const schema = index.deref(bodyParam.schema);
    if (value === undefined && bodyParam.required && own(schema, "type") === "object") value = {};
    if (value === undefined) {
      if (bodyParam.required) missing.push(`${bodyParam.name} (body)`);
    } else {
      value = applyDefaults(index, schema, value, 0);
      checkRequired(index, schema, value, bodyParam.name, missing, 0);
      headers["content-type"] = "application/json";
      body = JSON.stringify(value);
    }
  }
  if (form.length > 0) {
    const consumes = own(info.op, "consumes") ?? own(index.doc, "consumes");
    const multipart =
      Array.isArray(consumes) && consumes.some((c) => String(c).includes("multipart/form-data"));
    if (multipart) {
      const data = new FormData();
      for (const [k, v] of form) data.append(k, v instanceof Blob ? v : scalar(v));
      body = data;
    } else {
      body = new URLSearchParams(form.map(([k, v]): [string, string] => [k, scalar(v)])).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
  }
  if (missing.length > 0) {
    throw new SimulatorError(
      "missingInput",
      `Operation '${info.operationId}' is missing required input: ${missing.join(", ")}.`,
      { operationId: info.operationId },
    );
  }
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  const url = `${baseUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}${qs ? `?${qs}` : ""}`;
  return { method: info.method.toUpperCase(), url, headers, body };
}

/**
 * Looks up a reference as used by dynamic extensions: a non-body parameter name, a body property name, or a
 * path starting with the body parameter's name (`webhook/form_id`).
 * @internal
 * @example
 * ```ts
 * lookupReference(info, normalized, "webhook/form_id");
 * ```
 */
export function lookupReference(info: OperationInfo, normalized: NormalizedInputs, ref: string): unknown {
  const [head = "", ...rest] = ref.split("/");
  if (rest.length === 0) {
    if (normalized.values.has(head)) return normalized.values.get(head);
    const param = info.parameters.find((p) => p.in !== "body" && p.name === head);
    if (param !== undefined) return own(param.raw, "default");
  }
  const bodyParam = info.parameters.find((p) => p.in === "body");
  if (bodyParam !== undefined && head === bodyParam.name && rest.length > 0) {
    return readPath(normalized.body, rest.join("/"));
  }
  return readPath(normalized.body, ref);
}

function scalar(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}

function serializeCollection(param: ParameterInfo, value: unknown): string[] {
  if (!Array.isArray(value)) return [scalar(value)];
  const parts = value.map(scalar);
  switch (own(param.raw, "collectionFormat")) {
    case "multi":
      return parts;
    case "ssv":
      return [parts.join(" ")];
    case "tsv":
      return [parts.join("\t")];
    case "pipes":
      return [parts.join("|")];
    default:
      return [parts.join(",")];
  }
}

function applyDefaults(index: SwaggerIndex, rawSchema: unknown, value: unknown, depth: number): unknown {
  const schema = index.deref(rawSchema);
  if (depth > 32 || !isObject(value) || !isObject(schema)) return value;
  const props = own(schema, "properties");
  const required = own(schema, "required");
  if (!isObject(props)) return value;
  const out: JsonObject = { ...value };
  for (const [name, propRaw] of Object.entries(props)) {
    const prop = index.deref(propRaw);
    const isRequired = Array.isArray(required) && required.includes(name);
    const fallback = own(prop, "default");
    if (!Object.hasOwn(out, name) && isRequired && fallback !== undefined) out[name] = fallback;
    if (Object.hasOwn(out, name)) out[name] = applyDefaults(index, prop, out[name], depth + 1);
    else if (isRequired && isInternal(prop) && own(prop, "type") === "object") {
      out[name] = applyDefaults(index, prop, {}, depth + 1);
    }
  }
  return out;
}

function checkRequired(
  index: SwaggerIndex,
  rawSchema: unknown,
  value: unknown,
  path: string,
  missing: string[],
  depth: number,
): void {
  const schema = index.deref(rawSchema);
  if (depth > 32 || !isObject(value) || !isObject(schema)) return;
  const required = own(schema, "required");
  const props = own(schema, "properties");
  if (Array.isArray(required)) {
    for (const name of required) {
      if (typeof name === "string" && (!Object.hasOwn(value, name) || value[name] === undefined)) {
        missing.push(`${path}/${name} (body)`);
      }
    }
  }
  if (isObject(props)) {
    for (const [name, child] of Object.entries(value)) {
      const prop = own(props, name);
      if (prop !== undefined) checkRequired(index, prop, child, `${path}/${name}`, missing, depth + 1);
    }
  }
}
