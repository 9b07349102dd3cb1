import { CONNECTOR_CATEGORIES } from "../metadata/types";
/**
 * Document-level checks: version, info, host/basePath/schemes, MIME lists, tags, security, connector metadata.
 * @internal
 * @module
 */
import type { ValidationContext } from "./context";
import { ALLOWED_KEYS, checkKeys } from "./keys";
import { entriesOf, isHttpUrl, isObject, type JsonObject, jsonTypeOf, ptr, show, stableKey } from "./util";

/** Categories Microsoft publishes for `x-ms-connector-metadata` (DOCS/certification-submission Step 3b). @internal */
export const VALIDATOR_CONNECTOR_CATEGORIES: readonly string[] = CONNECTOR_CATEGORIES;

const MIME = /^[A-Za-z0-9][\w.+!#$&^-]*\/(\*|[A-Za-z0-9*][\w.+!#$&^*-]*)(\s*;\s*[^;=\s]+=[^;]+)*$/;
const SUPPORTED_CONSUMES =
  /^(application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|octet-stream|xml|[\w.+-]+\+xml)|multipart\/form-data|text\/[\w.+-]+)(\s*;.*)?$/i;

/** Reports `JsonTypeIncorrect` when `value` is present with the wrong JSON type; returns whether it matched. @internal */
export function expectType(
  ctx: ValidationContext,
  value: unknown,
  expected: "string" | "object" | "array" | "boolean" | "number" | "integer",
  pointer: string,
  operationId?: string,
): boolean {
  if (value === undefined) return false;
  const actual = jsonTypeOf(value);
  const ok = actual === expected || (expected === "number" && actual === "integer");
  if (!ok) {
    ctx.report(
      "JsonTypeIncorrect",
      pointer,
      `The type of the property is incorrect. Expected type '${expected}', but value is of type '${actual}'.`,
      operationId,
    );
  }
  return ok;
}

/** Reports `JsonValueNotInEnum` when a present value is not one of `allowed`. @internal */
export function expectEnum(
  ctx: ValidationContext,
  value: unknown,
  allowed: readonly unknown[],
  pointer: string,
  operationId?: string,
): void {
  if (value === undefined || allowed.includes(value)) return;
  ctx.report(
    "JsonValueNotInEnum",
    pointer,
    `The property value must be one of the following: ${allowed.map((a) => JSON.stringify(a)).join(", ")} (found ${show(value)}).`,
    operationId,
  );
}

/** Reports `ArrayDuplicateValue` for repeated items. @internal */
export function checkUnique(
  ctx: ValidationContext,
  arr: unknown,
  pointer: string,
  operationId?: string,
): void {
  if (!Array.isArray(arr)) return;
  const seen = new Set<string>();
  arr.forEach((v, i) => {
    const k = stableKey(v);
    if (seen.has(k)) {
      ctx.report(
        "ArrayDuplicateValue",
        ptr(pointer, i),
        `The array contains duplicate values, values must be unique (${show(v)}).`,
        operationId,
      );
    }
    seen.add(k);
  });
}

/** Checks a `consumes` / `produces` list. @internal */
export function checkMimeList(
  ctx: ValidationContext,
  list: unknown,
  pointer: string,
  kind: "consumes" | "produces",
  operationId?: string,
): void {
  if (list === undefined) return;
  if (!expectType(ctx, list, "array", pointer, operationId)) return;
  checkUnique(ctx, list, pointer, operationId);
  (list as unknown[]).forEach((m, i) => {
    const p = ptr(pointer, i);
    if (typeof m !== "string" || !MIME.test(m.trim())) {
      ctx.report("MimeTypeNotValid", p, `The MIME type '${show(m)}' is not valid.`, operationId);
    } else if (kind === "consumes" && !SUPPORTED_CONSUMES.test(m.trim())) {
      ctx.report(
        "MimeTypeNotSupported",
        p,
        `The MIME type '${m}' is not supported. The supported mime types are: 'application/json', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/xml'.`,
        operationId,
      );
    }
  });
}

/** Checks an `externalDocs` object. @internal */
export function checkExternalDocs(
  ctx: ValidationContext,
  docs: unknown,
  pointer: string,
  operationId?: string,
): void {
  if (docs === undefined) return;
  if (!expectType(ctx, docs, "object", pointer, operationId)) return;
  const url = (docs as JsonObject)["url"];
  if (url === undefined)
    ctx.report("RequiredPropertyMissing", pointer, "The 'url' property is required.", operationId);
  else if (!isHttpUrl(url))
    ctx.report(
      "UrlNotValid",
      ptr(pointer, "url"),
      "The 'url' property must be a valid absolute URL.",
      operationId,
    );
}

/** Checks a security requirement list (`security`). @internal */
export function checkSecurityRequirements(
  ctx: ValidationContext,
  list: unknown,
  pointer: string,
  operationId?: string,
): void {
  if (list === undefined) return;
  if (!expectType(ctx, list, "array", pointer, operationId)) return;
  const defs = ctx.doc["securityDefinitions"];
  (list as unknown[]).forEach((req, i) => {
    const rp = ptr(pointer, i);
    if (!expectType(ctx, req, "object", rp, operationId)) return;
    for (const [name, scopes] of entriesOf(req)) {
      const sp = ptr(rp, name);
      const def = isObject(defs) ? defs[name] : undefined;
      if (!isObject(def)) {
        ctx.report(
          "SecurityRequirementMustBeDefined",
          sp,
          `The security requirement '${name}' is not defined in the 'securityDefinitions' object.`,
          operationId,
        );
        continue;
      }
      if (!Array.isArray(scopes)) {
        ctx.report(
          "SecurityRequirementMustHaveValue",
          sp,
          `The security requirement '${name}' must have have a value. Provide an empty array if no OAuth scopes are required.`,
          operationId,
        );
        continue;
      }
      if (def["type"] !== "oauth2") {
        if (scopes.length > 0) {
          ctx.report(
            "SecurityRequirementMustHaveEmptyValue",
            sp,
            `The security requirement '${name}' cannot specify any scopes, an empty array should be provided.`,
            operationId,
          );
        }
        continue;
      }
      const defined = isObject(def["scopes"]) ? def["scopes"] : {};
      scopes.forEach((scope, j) => {
        if (typeof scope !== "string" || !Object.hasOwn(defined, scope)) {
          ctx.report(
            "OAuthSecurityRequirementValueMustBeScopeName",
            ptr(sp, j),
            `The OAuth security requirement '${name}' refers to scope name '${show(scope)}', but this is not defined in the 'securityDefinitions' object.`,
            operationId,
          );
        }
      });
    }
  });
}

const SECURITY_SHAPES: Record<string, { required: string[]; allowed: string[] }> = {
  basic: { required: ["type"], allowed: ["type", "description"] },
  apiKey: { required: ["type", "name", "in"], allowed: ["type", "name", "in", "description"] },
  "oauth2:implicit": {
    required: ["type", "flow", "authorizationUrl"],
    allowed: ["type", "flow", "scopes", "authorizationUrl", "description"],
  },
  "oauth2:password": {
    required: ["type", "flow", "tokenUrl"],
    allowed: ["type", "flow", "scopes", "tokenUrl", "description"],
  },
  "oauth2:application": {
    required: ["type", "flow", "tokenUrl"],
    allowed: ["type", "flow", "scopes", "tokenUrl", "description"],
  },
  "oauth2:accessCode": {
    required: ["type", "flow", "authorizationUrl", "tokenUrl"],
    allowed: ["type", "flow", "scopes", "authorizationUrl", "tokenUrl", "description"],
  },
};

function checkSecurityDefinitions(ctx: ValidationContext): void {
  const defs = ctx.doc["securityDefinitions"];
  if (defs === undefined || !expectType(ctx, defs, "object", "/securityDefinitions")) return;
  for (const [name, def] of entriesOf(defs)) {
    const p = ptr("/securityDefinitions", name);
    if (!expectType(ctx, def, "object", p)) continue;
    const d = def as JsonObject;
    const type = d["type"];
    if (type === undefined) {
      ctx.report(
        "SecuritySchemePropertyRequired",
        p,
        "The security definition property 'type' is required for definitions of type 'unknown'.",
      );
      continue;
    }
    expectEnum(ctx, type, ["basic", "apiKey", "oauth2"], ptr(p, "type"));
    if (type === "oauth2")
      expectEnum(ctx, d["flow"], ["implicit", "password", "application", "accessCode"], ptr(p, "flow"));
    if (type === "apiKey") expectEnum(ctx, d["in"], ["header", "query"], ptr(p, "in"));
    const shape = SECURITY_SHAPES[type === "oauth2" ? `oauth2:${String(d["flow"])}` : String(type)];
    if (shape === undefined) continue;
    const label = type === "oauth2" ? `oauth2 (${String(d["flow"])})` : String(type);
    for (const req of shape.required) {
      if (d[req] === undefined)
        ctx.report(
          "SecuritySchemePropertyRequired",
          p,
          `The security definition property '${req}' is required for definitions of type '${label}'.`,
        );
    }
    for (const key of Object.keys(d)) {
      if (!key.startsWith("x-") && !shape.allowed.includes(key)) {
        ctx.report(
          "SecuritySchemePropertyNotValid",
          ptr(p, key),
          `The security definition property '${key}' is not valid for definitions of type '${label}'.`,
        );
      }
    }
    for (const urlKey of ["authorizationUrl", "tokenUrl"]) {
      const u = d[urlKey];
      if (u !== undefined && shape.allowed.includes(urlKey) && !isHttpUrl(u)) {
        ctx.report("UrlNotValid", ptr(p, urlKey), "The 'url' property must be a valid absolute URL.");
      }
    }
    if (d["scopes"] !== undefined) expectType(ctx, d["scopes"], "object", ptr(p, "scopes"));
  }
}

function checkInfo(ctx: ValidationContext): void {
  const info = ctx.doc["info"];
  if (info === undefined) {
    ctx.report("RequiredPropertyMissing", "", "The 'info' property is required.");
    return;
  }
  if (!expectType(ctx, info, "object", "/info")) return;
  const i = info as JsonObject;
  checkKeys(ctx, i, "/info", ALLOWED_KEYS.info);
  for (const key of ["title", "version"] as const) {
    const v = i[key];
    if (v === undefined) ctx.report("RequiredPropertyMissing", "/info", `The '${key}' property is required.`);
    else if (expectType(ctx, v, "string", ptr("/info", key)) && (v as string).trim() === "") {
      ctx.report("RequiredValueEmpty", ptr("/info", key), `The '${key}' property must have not empty value.`);
    }
  }
  expectType(ctx, i["description"], "string", "/info/description");
  const contact = i["contact"];
  if (contact !== undefined && expectType(ctx, contact, "object", "/info/contact")) {
    const c = contact as JsonObject;
    const email = c["email"];
    if (
      email !== undefined &&
      (typeof email !== "string" ||
        !/^[\x21-\x7e]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(email) ||
        /[()<>,;:\\"[\]]/.test(email))
    ) {
      ctx.report(
        "ContactEmailNotValid",
        "/info/contact/email",
        "The contact 'email' property, if present, must be a valid email address.",
      );
    }
    if (c["url"] !== undefined && !isHttpUrl(c["url"]))
      ctx.report("UrlNotValid", "/info/contact/url", "The 'url' property must be a valid absolute URL.");
  }
  const license = i["license"];
  if (license !== undefined && expectType(ctx, license, "object", "/info/license")) {
    const l = license as JsonObject;
    if (l["name"] === undefined)
      ctx.report("RequiredPropertyMissing", "/info/license", "The 'name' property is required.");
    if (l["url"] !== undefined && !isHttpUrl(l["url"]))
      ctx.report("UrlNotValid", "/info/license/url", "The 'url' property must be a valid absolute URL.");
  }
  const annotation = i["x-ms-api-annotation"];
  if (annotation !== undefined && expectType(ctx, annotation, "object", "/info/x-ms-api-annotation")) {
    const status = (annotation as JsonObject)["status"];
    expectEnum(ctx, status, ["Production", "Preview"], "/info/x-ms-api-annotation/status");
    const beta = /(^|[./-])beta([./-]|$)/i;
    if (
      status === "Production" &&
      (beta.test(String(ctx.doc["host"] ?? "")) || beta.test(String(ctx.doc["basePath"] ?? "")))
    ) {
      ctx.report(
        "ProductionStatusOnBetaService",
        "/info/x-ms-api-annotation/status",
        "The connector cannot be in Production status on a beta service.",
      );
    }
  }
}

function checkHostAndSchemes(ctx: ValidationContext): void {
  const { doc } = ctx;
  const host = doc["host"];
  if (
    host !== undefined &&
    expectType(ctx, host, "string", "/host") &&
    !/^[^{}/ :\\?#@]+(:\d{1,5})?$/.test(host as string)
  ) {
    ctx.report(
      "HostNameNotValid",
      "/host",
      "The 'host' property, if present, must be a valid URI host without a scheme or path.",
    );
  }
  const basePath = doc["basePath"];
  if (
    basePath !== undefined &&
    expectType(ctx, basePath, "string", "/basePath") &&
    !(basePath as string).startsWith("/")
  ) {
    ctx.report(
      "BasePathNotValid",
      "/basePath",
      "The 'basePath' property, if present, must start with a '/' character.",
    );
  }
  checkSchemes(ctx, doc["schemes"], "/schemes");
}

/** Checks a `schemes` list (root or operation). @internal */
export function checkSchemes(
  ctx: ValidationContext,
  schemes: unknown,
  pointer: string,
  operationId?: string,
): void {
  if (schemes === undefined || !expectType(ctx, schemes, "array", pointer, operationId)) return;
  const list = schemes as unknown[];
  if (list.length === 0)
    ctx.report("SchemesArrayEmpty", pointer, "The 'schemes' array requires at least one value.", operationId);
  checkUnique(ctx, list, pointer, operationId);
  list.forEach((s, i) => {
    const lower = typeof s === "string" ? s.toLowerCase() : s;
    if (lower === "ws" || lower === "wss") {
      ctx.report(
        "SchemeNotSupported",
        ptr(pointer, i),
        "The WebSocket transfer protocol schemes are not supported.",
        operationId,
      );
    } else if (s !== "http" && s !== "https") {
      ctx.report(
        "SchemeNotValid",
        ptr(pointer, i),
        "The 'schemes' property must only contain transfer protocols from the list: http, https.",
        operationId,
      );
    }
  });
}

function checkTags(ctx: ValidationContext): void {
  const tags = ctx.doc["tags"];
  if (tags === undefined || !expectType(ctx, tags, "array", "/tags")) return;
  const seen = new Set<string>();
  (tags as unknown[]).forEach((t, i) => {
    const p = ptr("/tags", i);
    if (!expectType(ctx, t, "object", p)) return;
    const tag = t as JsonObject;
    checkKeys(ctx, tag, p, ALLOWED_KEYS.tag);
    const name = tag["name"];
    if (name === undefined) ctx.report("RequiredPropertyMissing", p, "The 'name' property is required.");
    else if (typeof name === "string") {
      if (seen.has(name))
        ctx.report(
          "TagRedefined",
          ptr(p, "name"),
          `The 'tags' property defines tag '${name}' multiple times.`,
        );
      seen.add(name);
    }
    checkExternalDocs(ctx, tag["externalDocs"], ptr(p, "externalDocs"));
  });
}

function checkConnectorMetadata(ctx: ValidationContext): void {
  const meta = ctx.doc["x-ms-connector-metadata"];
  const base = "/x-ms-connector-metadata";
  const found = new Map<string, { value: unknown; pointer: string }>();
  if (meta !== undefined && expectType(ctx, meta, "array", base)) {
    (meta as unknown[]).forEach((entry, i) => {
      const p = ptr(base, i);
      if (!expectType(ctx, entry, "object", p)) return;
      const e = entry as JsonObject;
      for (const key of ["propertyName", "propertyValue"]) {
        if (e[key] === undefined)
          ctx.report("RequiredPropertyMissing", p, `The '${key}' property is required.`);
        else expectType(ctx, e[key], "string", ptr(p, key));
      }
      if (typeof e["propertyName"] === "string")
        found.set(e["propertyName"].toLowerCase(), {
          value: e["propertyValue"],
          pointer: ptr(p, "propertyValue"),
        });
    });
  }
  for (const name of ["Website", "Privacy policy", "Categories"]) {
    if (!found.has(name.toLowerCase())) {
      ctx.report(
        "ConnectorMetadataPropertiesMissing",
        meta === undefined ? "" : base,
        `The connector metadata property '${name}' is required.`,
      );
    }
  }
  for (const name of ["website", "privacy policy"]) {
    const entry = found.get(name);
    if (entry !== undefined && typeof entry.value === "string" && !isHttpUrl(entry.value)) {
      ctx.report("UrlNotValid", entry.pointer, "The 'url' property must be a valid absolute URL.");
    }
  }
  const categories = found.get("categories");
  if (categories !== undefined && typeof categories.value === "string") {
    const list = categories.value
      .split(/[;,]/)
      .map((c) => c.trim())
      .filter((c) => c !== "");
    for (const c of list) {
      if (!VALIDATOR_CONNECTOR_CATEGORIES.includes(c)) {
        ctx.report(
          "InvalidConnectorCategory",
          categories.pointer,
          `The connector category '${c}' is invalid. Available categories are: [${VALIDATOR_CONNECTOR_CATEGORIES.join(", ")}].`,
        );
      }
    }
    if (list.length > 2)
      ctx.report(
        "TooManyConnectorCategories",
        categories.pointer,
        "The maximum allowed number of categories for the connector is '2'.",
      );
    if (list.length === 0)
      ctx.report(
        "RequiredValueEmpty",
        categories.pointer,
        "The 'Categories' property must have not empty value.",
      );
  }
}

function checkRootCapabilities(ctx: ValidationContext): void {
  const caps = ctx.doc["x-ms-capabilities"];
  if (caps === undefined || !expectType(ctx, caps, "object", "/x-ms-capabilities")) return;
  const targets: Array<[unknown, string]> = [];
  const c = caps as JsonObject;
  if (isObject(c["testConnection"]))
    targets.push([c["testConnection"]["operationId"], "/x-ms-capabilities/testConnection/operationId"]);
  const picker = c["file-picker"];
  if (isObject(picker)) {
    for (const k of ["open", "browse"]) {
      const v = picker[k];
      if (isObject(v))
        targets.push([v["operationId"], ptr("/x-ms-capabilities/file-picker", k, "operationId")]);
    }
  }
  for (const [id, p] of targets) {
    if (id === undefined)
      ctx.report(
        "RequiredPropertyMissing",
        p.replace(/\/operationId$/, ""),
        "The 'operationId' property is required.",
      );
    else if (typeof id !== "string" || !ctx.byId.has(id))
      ctx.report(
        "OperationIdNotFound",
        p,
        `The 'operationId' could not be found in this swagger document (${show(id)}).`,
      );
  }
}

/** Runs the document-level checks. @internal */
export function checkDocument(ctx: ValidationContext): void {
  const { doc } = ctx;
  if (doc["swagger"] !== "2.0") {
    ctx.report(
      "SpecificationVersionIncorrect",
      doc["swagger"] === undefined ? "" : "/swagger",
      `The 'swagger' property must have the string value "2.0"${doc["openapi"] !== undefined ? " (OpenAPI 3 documents are not supported)" : ""}.`,
    );
  }
  checkKeys(ctx, doc, "", ALLOWED_KEYS.root);
  checkInfo(ctx);
  checkHostAndSchemes(ctx);
  checkMimeList(ctx, doc["consumes"], "/consumes", "consumes");
  checkMimeList(ctx, doc["produces"], "/produces", "produces");
  checkTags(ctx);
  checkExternalDocs(ctx, doc["externalDocs"], "/externalDocs");
  checkSecurityDefinitions(ctx);
  checkSecurityRequirements(ctx, doc["security"], "/security");
  checkConnectorMetadata(ctx);
  checkRootCapabilities(ctx);
  if (doc["paths"] === undefined)
    ctx.report("RequiredPropertyMissing", "", "The 'paths' property is required.");
  else expectType(ctx, doc["paths"], "object", "/paths");
  for (const key of ["definitions", "parameters", "responses"])
    expectType(ctx, doc[key], "object", ptr("", key));
  if (ctx.operations.length > ctx.limits.maxOperations) {
    ctx.report(
      "TotalOperationsCountExceedsMaxAllowed",
      "/paths",
      `The total number of operations in the swagger exceeds the maximum allowed value of '${ctx.limits.maxOperations}' (found ${ctx.operations.length}).`,
    );
  }
}
