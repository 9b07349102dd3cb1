/**
 * Path, operation, parameter and response checks.
 * @internal
 * @module
 */
import {
  checkExternalDocs,
  checkMimeList,
  checkSchemes,
  checkSecurityRequirements,
  checkUnique,
  expectEnum,
  expectType,
} from "./check-document";
import { checkRefString, checkSchemaNode } from "./check-schemas";
import type { OperationInfo, ParamInfo, ValidationContext } from "./context";
import { METHODS } from "./context";
import { ALLOWED_KEYS, checkKeys } from "./keys";
import { entriesOf, isObject, type JsonObject, ptr, show } from "./util";

const DYNAMIC_KEYS = [
  "x-ms-dynamic-values",
  "x-ms-dynamic-list",
  "x-ms-dynamic-schema",
  "x-ms-dynamic-properties",
  "x-ms-dynamic-tree",
];
const FORM_TYPES = ["multipart/form-data", "application/x-www-form-urlencoded"];
const PATH_ITEM_KEYS = new Set([...ALLOWED_KEYS.pathItem, "x-ms-notification-content"]);

function templateVars(path: string): string[] {
  return [...path.matchAll(/\{([^{}]*)\}/g)].map((m) => (m[1] ?? "").split("=")[0] ?? "");
}

function normalise(path: string): string {
  return path
    .toLowerCase()
    .replace(/\{[^{}]*\}/g, "{}")
    .replace(/\/+$/, "");
}

function checkPathTemplate(ctx: ValidationContext, path: string, pointer: string): void {
  if (!path.startsWith("/"))
    ctx.report(
      "OperationPathMustStartWithSlash",
      pointer,
      `The path '${path}' is not valid, it must start with a '/' character.`,
    );
  if (/[?#]/.test(path)) {
    ctx.report(
      "OperationPathMayNotContainQueryOrFragment",
      pointer,
      "The path is not valid, it must not contain a query part or fragment identifier. To include '?' or '#' characters in the path, they must be URL encoded.",
    );
  }
  if (path.includes("*"))
    ctx.report(
      "OperationPathContainsUnsupportedCharacters",
      pointer,
      "The operation path cannot contain wildcard character '*'.",
    );
  for (const segment of path.split("/")) {
    if (!/^([^{}]|\{[^{}]+\})*$/.test(segment)) {
      ctx.report(
        "OperationPathTemplateNotValid",
        pointer,
        "The path is not valid, each path template variable enclosed by '{' and '}' characters must be contained within a single URL segment. Individual '{' or '}' characters which are not enclosing a path template variable must be URL encoded.",
      );
      break;
    }
  }
  if (/\{[^{}]*=[^{}]*\}/.test(path))
    ctx.report(
      "OperationPathVariablesContainDefaults",
      pointer,
      "The operation path template variables cannot set default values with character '='.",
    );
}

/** Checks one parameter definition on its own (not in the context of an operation). @internal */
export function checkParameterDefinition(
  ctx: ValidationContext,
  param: unknown,
  pointer: string,
  operationId?: string,
): void {
  if (!expectType(ctx, param, "object", pointer, operationId)) return;
  const p = param as JsonObject;
  if (typeof p["$ref"] === "string") return;
  for (const key of ["name", "in"]) {
    if (p[key] === undefined)
      ctx.report("RequiredPropertyMissing", pointer, `The '${key}' property is required.`, operationId);
    else if (expectType(ctx, p[key], "string", ptr(pointer, key), operationId) && p[key] === "") {
      ctx.report(
        "RequiredValueEmpty",
        ptr(pointer, key),
        `The '${key}' property must have not empty value.`,
        operationId,
      );
    }
  }
  expectEnum(ctx, p["in"], ["query", "header", "path", "formData", "body"], ptr(pointer, "in"), operationId);
  expectType(ctx, p["required"], "boolean", ptr(pointer, "required"), operationId);
  expectEnum(
    ctx,
    p["x-ms-visibility"],
    ["important", "advanced", "internal", ""],
    ptr(pointer, "x-ms-visibility"),
    operationId,
  );
  const name = typeof p["name"] === "string" ? p["name"] : undefined;
  if (name !== undefined && name.toLowerCase() === "connectionid") {
    ctx.report(
      "ConnectionIdParameterNotAllowed",
      ptr(pointer, "name"),
      "A parameter cannot be named as 'connectionId'.",
      operationId,
    );
  }
  if (p["x-ms-visibility"] === "internal" && p["default"] !== undefined && p["required"] !== true) {
    ctx.report(
      "PropertyMustBeRequired",
      pointer,
      "The property is internal and has a default value, it must be required. Optional internal fields are ignored.",
      operationId,
    );
  }
  if (p["x-ms-notification-url"] !== undefined) {
    ctx.report(
      "NotificationUrlNotAllowedInThisPosition",
      ptr(pointer, "x-ms-notification-url"),
      "The notification URL property is not allowed in this position. It is allowed only in input body.",
      operationId,
    );
  }
  if (p["in"] === "body") {
    checkKeys(ctx, p, pointer, ALLOWED_KEYS.bodyParameter, operationId);
    if (p["schema"] === undefined)
      ctx.report(
        "BodyParameterSchemaRequired",
        pointer,
        "The 'body' parameter must define a 'schema' property.",
        operationId,
      );
    for (const key of Object.keys(p)) {
      if (ALLOWED_KEYS.nonBodyParameter.has(key) && !ALLOWED_KEYS.bodyParameter.has(key)) {
        ctx.report(
          "BodyParameterPropertyNotValid",
          ptr(pointer, key),
          `The 'body' parameter cannot use property '${key}', instead, the 'schema' property should be used to define the type used by the parameter.`,
          operationId,
        );
      }
    }
    for (const key of DYNAMIC_KEYS) {
      if (p[key] !== undefined) {
        ctx.report(
          "DynamicExtensionDefinitionNotAllowedInParameter",
          ptr(pointer, key),
          "Dynamic extensions are not allowed to be defined on the body parameter. It should be in the schema.",
          operationId,
        );
      }
    }
    return;
  }
  const allowed = new Set([...ALLOWED_KEYS.nonBodyParameter]);
  checkKeys(ctx, p, pointer, allowed, operationId, new Set(["schema"]));
  if (p["schema"] !== undefined)
    ctx.report(
      "NonBodyParameterSchemaNotValid",
      ptr(pointer, "schema"),
      "The parameter cannot define a schema as it is not in the 'body'.",
      operationId,
    );
  if (p["type"] === undefined && p["in"] !== undefined)
    ctx.report("RequiredPropertyMissing", pointer, "The 'type' property is required.", operationId);
  if (p["type"] === "file" && p["in"] !== "formData") {
    ctx.report(
      "FileParameterMustBeInFormData",
      ptr(pointer, "type"),
      "Parameters of type 'file' are not valid in locations other than 'formData'.",
      operationId,
    );
  }
  if (p["allowEmptyValue"] !== undefined && p["in"] !== "query" && p["in"] !== "formData") {
    ctx.report(
      "AllowEmptyValueOnlyValidForQueryFormData",
      ptr(pointer, "allowEmptyValue"),
      "The parameter cannot use the 'allowEmptyValue' keyword as it is not in the 'query' or 'formData' location.",
      operationId,
    );
  }
  if (p["in"] === "formData" && name !== undefined && !/^[\x20-\x7e]*$/.test(name)) {
    ctx.report(
      "InvalidFormDataParameterName",
      ptr(pointer, "name"),
      `The form data parameter name '${name}' is invalid. All characters must be part of the US-ASCII character set.`,
      operationId,
    );
  }
  if (p["in"] === "path" && p["required"] !== true) {
    ctx.report(
      "PathParameterMustBeRequired",
      pointer,
      "The parameter must be marked as required as it is used in the operation path. Include the 'required' property, with the value 'true'.",
      operationId,
    );
  }
  if (p["in"] === "path" && p["x-ms-url-encoding"] === undefined) {
    ctx.report(
      "PathParameterMissingEncoding",
      pointer,
      `Encoding for path parameter '${name ?? ""}' is missing, which might lead to invalid requests. Use "x-ms-url-encoding": "single" to ensure the value is URL encoded.`,
      operationId,
    );
  }
  expectEnum(
    ctx,
    p["x-ms-url-encoding"],
    ["single", "double"],
    ptr(pointer, "x-ms-url-encoding"),
    operationId,
  );
  if (p["in"] === "query" && p["x-ms-url-encoding"] !== undefined && p["x-ms-url-encoding"] !== "single") {
    ctx.report(
      "QueryParameterEncodingNotSupported",
      ptr(pointer, "x-ms-url-encoding"),
      `Encoding for query parameter '${name ?? ""}' is not supported. All query parameters are single encoded by default.`,
      operationId,
    );
  }
  checkSchemaNode(ctx, p, pointer, "parameter", operationId);
}

function checkParameterList(
  ctx: ValidationContext,
  list: unknown,
  pointer: string,
  scope: "path" | "operation",
  label: string,
  operationId?: string,
): void {
  if (list === undefined || !expectType(ctx, list, "array", pointer, operationId)) return;
  const refs = new Set<string>();
  const keys = new Set<string>();
  let bodies = 0;
  (list as unknown[]).forEach((entry, i) => {
    const p = ptr(pointer, i);
    if (isObject(entry) && entry["$ref"] !== undefined) {
      const ref = entry["$ref"];
      checkKeys(ctx, entry, p, new Set(["$ref"]), operationId);
      for (const key of Object.keys(entry)) {
        if (key !== "$ref")
          ctx.report(
            "AdditionalPropertyNotAllowedAdjacentToRef",
            ptr(p, key),
            "When '$ref' is defined, no other properties may be specified.",
            operationId,
          );
      }
      checkRefString(ctx, ref, ptr(p, "$ref"), "parameters", operationId);
      if (typeof ref === "string") {
        if (refs.has(ref))
          ctx.report(
            "OperationParametersAreNotUnique",
            p,
            `The parameters in the operation '${label}' are not unique.`,
            operationId,
          );
        refs.add(ref);
      }
    } else {
      checkParameterDefinition(ctx, entry, p, operationId);
    }
    const info = ctx.resolveParam(entry, p);
    if (info === undefined) return;
    const key = `${info.name}\u0000${info.in}`;
    if (
      keys.has(key) &&
      !(isObject(entry) && typeof entry["$ref"] === "string" && refs.has(entry["$ref"]) && keys.has(key))
    ) {
      ctx.report(
        scope === "path"
          ? "PathParametersContainDuplicateParameter"
          : "OperationParametersContainDuplicateParameter",
        p,
        scope === "path"
          ? `The path '${label}' contains duplicate parameters with name '${info.name}', location '${info.in}'.`
          : `The operation '${label}' contains duplicate parameters with name '${info.name}', location '${info.in}'.`,
        operationId,
      );
    }
    keys.add(key);
    if (info.in === "body" && ++bodies === 2) {
      ctx.report(
        scope === "path"
          ? "PathParametersContainMultipleBodyParameters"
          : "OperationParametersContainMultipleBodyParameters",
        p,
        `The ${scope === "path" ? "path" : "operation"} '${label}' contains multiple parameters in the location 'body', at most one is allowed.`,
        operationId,
      );
    }
  });
}

function checkOperationParameters(
  ctx: ValidationContext,
  info: OperationInfo,
  label: string,
  opId?: string,
): void {
  const params = ctx.parameters(info);
  const body = params.filter((p) => p.in === "body");
  const form = params.filter((p) => p.in === "formData");
  if (body.length > 0 && form.length > 0) {
    ctx.report(
      "ParameterListContainsFormDataAndBody",
      (form[0] as ParamInfo).pointer,
      "The 'parameters' list defines both a 'body' parameter, and a 'formData' parameter. Only one of these location types can be used in an operation.",
      opId,
    );
  }
  if (info.method === "get") {
    for (const p of [...body, ...form]) {
      ctx.report(
        "BodyOrFormDataParameterInFetchOperationNotAllowed",
        p.pointer,
        "Body or form data parameters are not supported in a fetch operation.",
        opId,
      );
    }
  }
  const vars = templateVars(info.path);
  const pathParams = params.filter((p) => p.in === "path");
  for (const v of vars) {
    if (v !== "" && !pathParams.some((p) => p.name === v)) {
      ctx.report(
        "OperationMissingPathParameter",
        info.pointer,
        `The operation '${label}' does not define the '${v}' parameter which is required by the path.`,
        opId,
      );
    }
  }
  for (const p of pathParams) {
    if (p.name !== undefined && !vars.includes(p.name)) {
      ctx.report(
        "PathParameterNotDefinedInTemplate",
        p.pointer,
        `The 'path' parameter '${p.name}' is not defined in the URI path template. To include the parameter as a variable in the path, use '{' and '}' characters to enclose the name of the parameter in the path.`,
        opId,
      );
    }
  }
  const consumesRaw = info.op["consumes"] ?? ctx.doc["consumes"];
  const consumes = Array.isArray(consumesRaw)
    ? consumesRaw
        .filter((c): c is string => typeof c === "string")
        .map((c) => c.split(";")[0]?.trim().toLowerCase() ?? "")
    : [];
  if ((body.length > 0 || form.length > 0) && consumes.length === 0) {
    ctx.report(
      "ConsumesMissing",
      info.pointer,
      `At least one supported MIME type must be provided in 'consumes' for operation '${label}'.`,
      opId,
    );
  }
  if (consumes.length > 0) {
    if (form.length > 0 && !consumes.some((c) => FORM_TYPES.includes(c))) {
      ctx.report(
        "MimeTypeNotCompatibleWithRequestContentSchemaType",
        info.pointer,
        `The MIME type(s) are not compatible with the request content type 'formData' for operation '${label}'.`,
        opId,
      );
    }
    if (body.length > 0 && consumes.every((c) => FORM_TYPES.includes(c))) {
      ctx.report(
        "MimeTypeNotCompatibleWithRequestContentSchemaType",
        info.pointer,
        `The MIME type(s) are not compatible with the request content type 'body' for operation '${label}'.`,
        opId,
      );
    }
    if (consumes.every((c) => c === "application/x-www-form-urlencoded")) {
      for (const p of form) {
        if (p.param["type"] === "file" || (p.param["type"] === "string" && p.param["format"] === "binary")) {
          ctx.report(
            "StringBinaryNotSupportedForFormUrlEncoded",
            p.pointer,
            `String/binary parameters are not supported for operation '${label}' with 'application/x-www-form-urlencoded' consumes type.`,
            opId,
          );
        }
      }
    }
  }
  const bodySchema = ctx.bodySchema(info);
  const props =
    bodySchema !== undefined && isObject(bodySchema.schema["properties"])
      ? bodySchema.schema["properties"]
      : {};
  for (const p of params) {
    if (p.in !== "body" && p.name !== undefined && Object.hasOwn(props, p.name)) {
      ctx.report(
        "OperationParameterNameIsAmbiguous",
        p.pointer,
        `The parameter name '${p.name}' is ambiguous as it matches both a parameter name and a path to a body property.`,
        opId,
      );
    }
  }
}

function checkResponses(ctx: ValidationContext, info: OperationInfo, label: string, opId?: string): void {
  const pointer = ptr(info.pointer, "responses");
  const responses = info.op["responses"];
  if (
    responses === undefined ||
    (isObject(responses) && Object.keys(responses).filter((k) => !k.startsWith("x-")).length === 0)
  ) {
    ctx.report(
      "OperationMustHaveResponse",
      info.pointer,
      "The operation is not valid, it must contain at least one response definition.",
      opId,
    );
    return;
  }
  if (!expectType(ctx, responses, "object", pointer, opId)) return;
  let withSchema = 0;
  let success = false;
  const producesRaw = info.op["produces"] ?? ctx.doc["produces"];
  const produces = Array.isArray(producesRaw)
    ? producesRaw.filter((c): c is string => typeof c === "string")
    : [];
  for (const [code, value] of entriesOf(responses)) {
    if (code.startsWith("x-")) continue;
    const rp = ptr(pointer, code);
    if (code !== "default" && !/^[1-5]\d\d$/.test(code)) {
      ctx.report(
        "ResponseMustBeDefaultOrHttpStatusCode",
        rp,
        "The response is not valid, the response must be a valid HTTP status code, or the string 'default'.",
        opId,
      );
    }
    if (/^2\d\d$/.test(code)) success = true;
    let response = value;
    if (isObject(value) && value["$ref"] !== undefined) {
      for (const key of Object.keys(value)) {
        if (key !== "$ref")
          ctx.report(
            "AdditionalPropertyNotAllowedAdjacentToRef",
            ptr(rp, key),
            "When '$ref' is defined, no other properties may be specified.",
            opId,
          );
      }
      checkRefString(ctx, value["$ref"], ptr(rp, "$ref"), "responses", opId);
      response = ctx.resolve(value["$ref"]);
    } else {
      checkResponseDefinition(ctx, value, rp, opId);
    }
    if (!isObject(response)) continue;
    if (response["schema"] !== undefined) {
      withSchema++;
      if (code === "default")
        ctx.report(
          "DefaultResponseHasSchema",
          ptr(rp, "schema"),
          "The 'default' response should not have schema definition. Schemas should be defined on expected responses only.",
          opId,
        );
      else if (withSchema === 2)
        ctx.report(
          "OperationHasManyResponsesWithSchema",
          rp,
          `The operation '${label}' has more than one response with specified schema, only one schema will be used in the designer.`,
          opId,
        );
    }
    if (isObject(response["examples"])) {
      for (const mime of Object.keys(response["examples"])) {
        if (!produces.some((p) => p.split(";")[0]?.trim().toLowerCase() === mime.toLowerCase())) {
          ctx.report(
            "ResponseExampleMustBeProducedByOperation",
            ptr(rp, "examples", mime),
            `The response example '${mime}' is not produced by the operation '${label}'.`,
            opId,
          );
        }
      }
    }
  }
  if (!success)
    ctx.report(
      "OperationShouldHaveSuccessfulResponse",
      pointer,
      `The operation '${label}' should have at least one successful response definition.`,
      opId,
    );
  if (info.op["x-ms-trigger"] !== undefined && info.op["x-ms-visibility"] !== "internal") {
    const content = info.pathItem["x-ms-notification-content"];
    const hasOutput = isObject(content)
      ? content["schema"] !== undefined
      : ctx.successSchema(info) !== undefined || hasSchemaOn(ctx, responses as JsonObject);
    if (!hasOutput) {
      ctx.report(
        "SchemaDefinitionSetIncorrectly",
        pointer,
        `The operation '${label}' should define an output schema on the 200 or 201 response code or in 'x-ms-notification-content' extension for a webhook to be visible in the designer.`,
        opId,
      );
    }
  }
}

function hasSchemaOn(ctx: ValidationContext, responses: JsonObject): boolean {
  for (const code of ["200", "201"]) {
    let r = responses[code];
    if (isObject(r) && typeof r["$ref"] === "string") r = ctx.resolve(r["$ref"]);
    if (isObject(r) && r["schema"] !== undefined) return true;
  }
  return false;
}

/** Checks one response object on its own. @internal */
export function checkResponseDefinition(
  ctx: ValidationContext,
  response: unknown,
  pointer: string,
  operationId?: string,
): void {
  if (!expectType(ctx, response, "object", pointer, operationId)) return;
  const r = response as JsonObject;
  checkKeys(ctx, r, pointer, ALLOWED_KEYS.response, operationId);
  if (r["description"] === undefined)
    ctx.report("RequiredPropertyMissing", pointer, "The 'description' property is required.", operationId);
  else expectType(ctx, r["description"], "string", ptr(pointer, "description"), operationId);
  const headers = r["headers"];
  if (headers !== undefined && expectType(ctx, headers, "object", ptr(pointer, "headers"), operationId)) {
    const seen = new Set<string>();
    for (const [name, header] of entriesOf(headers)) {
      const hp = ptr(pointer, "headers", name);
      if (seen.has(name.toLowerCase()))
        ctx.report("ResponseHeadersAreNotUnique", hp, "The response headers are not unique.", operationId);
      seen.add(name.toLowerCase());
      if (!expectType(ctx, header, "object", hp, operationId)) continue;
      checkKeys(ctx, header, hp, ALLOWED_KEYS.header, operationId);
      if ((header as JsonObject)["type"] === undefined)
        ctx.report("RequiredPropertyMissing", hp, "The 'type' property is required.", operationId);
      checkSchemaNode(ctx, header as JsonObject, hp, "header", operationId);
    }
  }
}

function checkOperation(ctx: ValidationContext, info: OperationInfo, ids: Map<string, number>): void {
  const { op, pointer } = info;
  const opId = info.id;
  const label = opId ?? `${info.method.toUpperCase()} ${info.path}`;
  checkKeys(ctx, op, pointer, ALLOWED_KEYS.operation, opId);
  const rawId = op["operationId"];
  if (rawId === undefined || rawId === "") {
    ctx.report("OperationIdRequired", pointer, "The operation 'operationId' property is required.");
  } else if (expectType(ctx, rawId, "string", ptr(pointer, "operationId"))) {
    const id = rawId as string;
    if ((ids.get(id) ?? 0) > 1)
      ctx.report(
        "OperationIdNotUnique",
        ptr(pointer, "operationId"),
        `The operationId '${id}' is used multiple times. Operation identifiers must be unique.`,
        id,
      );
    const sanitized = id.replace(/[^A-Za-z0-9_]/g, "");
    if (sanitized !== id)
      ctx.report(
        "OperationIdSanitized",
        ptr(pointer, "operationId"),
        `The 'operationId' property value is different from its sanitized value '${sanitized}'. Please avoid the useage of non-alphanumeric characters to have matching values.`,
        id,
      );
    if (id.length >= ctx.limits.maxOperationIdLength)
      ctx.report(
        "OperationIdTooLong",
        ptr(pointer, "operationId"),
        `The operationId length must be less than '${ctx.limits.maxOperationIdLength}'.`,
        id,
      );
  }
  const summary = op["summary"];
  if (
    expectType(ctx, summary, "string", ptr(pointer, "summary"), opId) &&
    (summary as string).length >= ctx.limits.maxSummaryLength
  ) {
    ctx.report(
      "OperationSummaryTooLong",
      ptr(pointer, "summary"),
      `The operation 'summary' should be fewer than ${ctx.limits.maxSummaryLength} characters for improved readablity.`,
      opId,
    );
  }
  expectType(ctx, op["description"], "string", ptr(pointer, "description"), opId);
  expectType(ctx, op["deprecated"], "boolean", ptr(pointer, "deprecated"), opId);
  if (expectType(ctx, op["tags"], "array", ptr(pointer, "tags"), opId))
    checkUnique(ctx, op["tags"], ptr(pointer, "tags"), opId);
  checkMimeList(ctx, op["consumes"], ptr(pointer, "consumes"), "consumes", opId);
  checkMimeList(ctx, op["produces"], ptr(pointer, "produces"), "produces", opId);
  checkSchemes(ctx, op["schemes"], ptr(pointer, "schemes"), opId);
  checkSecurityRequirements(ctx, op["security"], ptr(pointer, "security"), opId);
  checkExternalDocs(ctx, op["externalDocs"], ptr(pointer, "externalDocs"), opId);
  expectEnum(
    ctx,
    op["x-ms-visibility"],
    ["important", "advanced", "internal", ""],
    ptr(pointer, "x-ms-visibility"),
    opId,
  );
  expectEnum(ctx, op["x-ms-trigger"], ["single", "batch"], ptr(pointer, "x-ms-trigger"), opId);
  const pageable = op["x-ms-pageable"];
  if (pageable !== undefined && expectType(ctx, pageable, "object", ptr(pointer, "x-ms-pageable"), opId)) {
    const next = (pageable as JsonObject)["nextLinkName"];
    if (next === undefined)
      ctx.report(
        "RequiredPropertyMissing",
        ptr(pointer, "x-ms-pageable"),
        "The 'nextLinkName' property is required.",
        opId,
      );
    else if (next !== "nextLink" && next !== "@odata.nextLink") {
      ctx.report(
        "InvalidNextLinkNameValue",
        ptr(pointer, "x-ms-pageable", "nextLinkName"),
        `The nextLinkName value for operation '${label}' is invalid. Supported values are 'nextLink' or '@odata.nextLink'.`,
        opId,
      );
    }
  }
  const annotation = op["x-ms-api-annotation"];
  if (
    annotation !== undefined &&
    expectType(ctx, annotation, "object", ptr(pointer, "x-ms-api-annotation"), opId)
  ) {
    const a = annotation as JsonObject;
    const ap = ptr(pointer, "x-ms-api-annotation");
    expectEnum(ctx, a["status"], ["Production", "Preview"], ptr(ap, "status"), opId);
    expectType(ctx, a["family"], "string", ptr(ap, "family"), opId);
    if (
      a["revision"] !== undefined &&
      (typeof a["revision"] !== "number" || !Number.isInteger(a["revision"]) || a["revision"] < 1)
    ) {
      ctx.report(
        "JsonTypeIncorrect",
        ptr(ap, "revision"),
        `The type of the property is incorrect. Expected type 'integer >= 1', but value is ${show(a["revision"])}.`,
        opId,
      );
    }
    const replacement = a["replacement"];
    if (replacement !== undefined && expectType(ctx, replacement, "object", ptr(ap, "replacement"), opId)) {
      if (op["deprecated"] !== true)
        ctx.report(
          "ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations",
          ptr(ap, "replacement"),
          `The 'x-ms-api-annotation' extension for operation '${label}' is invalid. The replacement property should be specified for deprecated operations only.`,
          opId,
        );
      const r = replacement as JsonObject;
      if (r["api"] === undefined || r["api"] === "")
        ctx.report(
          "ApiAnnotationExtensionReplacementInfoMissingApiProperty",
          ptr(ap, "replacement"),
          `The 'x-ms-api-annotation' extension for operation '${label}' is invalid. The replacement property must specify 'api' property.`,
          opId,
        );
      if (r["operationId"] === undefined || r["operationId"] === "")
        ctx.report(
          "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty",
          ptr(ap, "replacement"),
          `The 'x-ms-api-annotation' extension for operation '${label}' is invalid. The replacement property must specify 'operationId' property.`,
          opId,
        );
    }
  }
  checkParameterList(ctx, op["parameters"], ptr(pointer, "parameters"), "operation", label, opId);
  checkOperationParameters(ctx, info, label, opId);
  checkResponses(ctx, info, label, opId);
}

/** Runs the path, operation, parameter and response checks. @internal */
export function checkPathsAndOperations(ctx: ValidationContext): void {
  const paths = ctx.doc["paths"];
  const lower = new Map<string, string>();
  for (const [path, item] of entriesOf(paths)) {
    const pp = ptr("/paths", path);
    if (path.startsWith("x-")) continue;
    checkPathTemplate(ctx, path, pp);
    const key = path.toLowerCase();
    const prior = lower.get(key);
    if (prior !== undefined)
      ctx.report(
        "PathRedefined",
        pp,
        `The path '${path}' is defined multiple times with different capitalization. Paths must be unique when compared case-insensitively.`,
      );
    else lower.set(key, path);
    if (!expectType(ctx, item, "object", pp)) continue;
    const it = item as JsonObject;
    checkKeys(ctx, it, pp, PATH_ITEM_KEYS);
    if (it["$ref"] !== undefined)
      ctx.report(
        "PathItemRefNotSuppored",
        ptr(pp, "$ref"),
        "The '$ref' property in a path is not supported.",
      );
    checkParameterList(ctx, it["parameters"], ptr(pp, "parameters"), "path", path);
    const content = it["x-ms-notification-content"];
    if (
      content !== undefined &&
      expectType(ctx, content, "object", ptr(pp, "x-ms-notification-content")) &&
      (content as JsonObject)["schema"] === undefined
    ) {
      ctx.report(
        "RequiredPropertyMissing",
        ptr(pp, "x-ms-notification-content"),
        "The 'schema' property is required.",
      );
    }
    for (const method of METHODS) {
      if (it[method] !== undefined) expectType(ctx, it[method], "object", ptr(pp, method));
    }
  }
  const ids = new Map<string, number>();
  for (const info of ctx.operations) if (info.id !== undefined) ids.set(info.id, (ids.get(info.id) ?? 0) + 1);
  for (const info of ctx.operations) checkOperation(ctx, info, ids);
  checkDuplicatePaths(ctx);
}

function checkDuplicatePaths(ctx: ValidationContext): void {
  const ops = ctx.operations.filter((o) => o.path.startsWith("/"));
  if (ops.length > 2000) return;
  const seen = new Map<string, OperationInfo>();
  for (const o of ops) {
    const key = `${o.method} ${normalise(o.path)}`;
    const prior = seen.get(key);
    if (prior !== undefined && prior.path.toLowerCase() !== o.path.toLowerCase()) {
      ctx.report(
        "DuplicateOperationPath",
        o.pointer,
        `The operations '${prior.id ?? prior.pointer}' and '${o.id ?? o.pointer}' have the path templates '${prior.path}' and '${o.path}' which are duplicate and indistinguishable. They need to have a difference in static path segments for a deterministic routing.`,
        o.id,
      );
    } else if (prior === undefined) seen.set(key, o);
  }
  for (const o of ops) {
    const segs = normalise(o.path).split("/");
    const similar: string[] = [];
    for (const other of ops) {
      if (other === o || other.method !== o.method) continue;
      const os = normalise(other.path).split("/");
      if (os.length !== segs.length) continue;
      let partial = false;
      let match = true;
      for (let i = 0; i < segs.length && match; i++) {
        const a = segs[i];
        const b = os[i];
        if (a === b) continue;
        if ((a === "{}" && !b?.includes("{")) || (b === "{}" && !a?.includes("{"))) partial = true;
        else match = false;
      }
      if (match && partial) similar.push(other.path);
    }
    if (similar.length > 0) {
      ctx.report(
        "PartialDuplicateOperationPath",
        o.pointer,
        `The operation '${o.id ?? o.pointer}' has the path template '${o.path}' which is similar to other operation path templates, this can lead to an unexpected routing to a different operation in case an input path parameter value matches to a static value segment. It is better to have unconditional routing in all cases. Partially duplicated paths are: ${similar.join(", ")}`,
        o.id,
      );
    }
  }
}
