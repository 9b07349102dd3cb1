/**
 * Schema checks: keywords, types, constraints, references, loops, sizes, and context-dependent rules.
 * @internal
 * @module
 */
import { checkUnique, expectEnum, expectType } from "./check-document";
import type { OperationInfo, ValidationContext } from "./context";
import { ALLOWED_KEYS, checkKeys, UNSUPPORTED_SCHEMA_KEYWORDS } from "./keys";
import {
  entriesOf,
  isObject,
  type JsonObject,
  jsonTypeOf,
  matchesType,
  parsePointer,
  ptr,
  show,
  stableKey,
} from "./util";

const TYPES = ["string", "number", "integer", "boolean", "array", "object", "file"];
const FORMATS: Record<string, readonly string[]> = {
  integer: ["int32", "int64"],
  number: ["float", "double", "int32", "int64", "decimal"],
  string: ["byte", "binary", "date", "date-time", "password", "date-no-tz", "email", "html", "uri", "uuid"],
};
const FILTER_FUNCTIONS = new Set([
  "eq",
  "ne",
  "gt",
  "ge",
  "lt",
  "le",
  "and",
  "or",
  "not",
  "contains",
  "startswith",
  "endswith",
  "length",
  "indexof",
  "replace",
  "substring",
  "substringof",
  "tolower",
  "toupper",
  "trim",
  "concat",
  "year",
  "month",
  "day",
  "hour",
  "minute",
  "second",
  "date",
  "time",
  "now",
  "totaloffsetminutes",
  "fractionalseconds",
  "floor",
  "ceiling",
  "round",
  "sum",
  "min",
  "max",
  "average",
  "countdistinct",
  "null",
  "in",
  "has",
  "any",
  "all",
]);
const INLINE_DEPTH_LIMIT = 200;

type Kind = "schema" | "parameter" | "items" | "header";
type RefKind = "definitions" | "parameters" | "responses";

const REF_RULES = {
  definitions: { notValid: "SchemaReferenceNotValid", notFound: "SchemaReferenceNotFound", label: "schema" },
  parameters: {
    notValid: "ParameterReferenceNotValid",
    notFound: "ParameterReferenceNotFound",
    label: "parameter",
  },
  responses: {
    notValid: "ResponseReferenceNotValid",
    notFound: "ResponseReferenceNotFound",
    label: "response",
  },
} as const;

/** Checks a `$ref` string of the given kind. @internal */
export function checkRefString(
  ctx: ValidationContext,
  ref: unknown,
  pointer: string,
  kind: RefKind,
  operationId?: string,
): void {
  if (!expectType(ctx, ref, "string", pointer, operationId)) return;
  const r = ref as string;
  const rules = REF_RULES[kind];
  let tokens: string[] | undefined;
  if (r.startsWith("#")) {
    try {
      tokens = parsePointer(decodeURIComponent(r.slice(1)));
    } catch {
      tokens = undefined;
    }
  }
  if (tokens === undefined) {
    ctx.report(
      "JsonPointerNotValid",
      pointer,
      `The JSON Pointer path is not valid: '${show(r)}'.`,
      operationId,
    );
    return;
  }
  if (tokens.length !== 2 || tokens[0] !== kind || tokens[1] === "") {
    ctx.report(
      rules.notValid,
      pointer,
      `The ${rules.label} reference '${r}' is not valid. ${rules.label[0]?.toUpperCase()}${rules.label.slice(1)} references must start with '#/${kind}/' and be valid JSON Pointers.`,
      operationId,
    );
    return;
  }
  if (ctx.resolve(r) === undefined)
    ctx.report(
      rules.notFound,
      pointer,
      `The ${rules.label} reference '${r}' could not be found in the swagger document.`,
      operationId,
    );
}

/** Checks the `x-ms-dynamic-*` shapes that do not need the target operation. @internal */
export function checkDynamicShapes(
  ctx: ValidationContext,
  node: JsonObject,
  pointer: string,
  operationId?: string,
): void {
  const dv = node["x-ms-dynamic-values"];
  if (dv !== undefined && expectType(ctx, dv, "object", ptr(pointer, "x-ms-dynamic-values"), operationId)) {
    const d = dv as JsonObject;
    const p = ptr(pointer, "x-ms-dynamic-values");
    if (
      d["operationId"] === undefined &&
      d["builtInOperation"] === undefined &&
      d["capability"] === undefined
    ) {
      ctx.report(
        "OneOfPropertiesRequired",
        p,
        "At least one of the properties is required: [operationId, builtInOperation, capability].",
        operationId,
      );
    }
    if (d["capability"] === "file-picker" && node["x-ms-dynamic-tree"] === undefined) {
      ctx.report(
        "DynamicTreeExtensionMissing",
        p,
        "The 'x-ms-dynamic-tree' extension must be defined to enable file picker support.",
        operationId,
      );
    }
    reportSelectedItemValuePath(ctx, d["parameters"], ptr(p, "parameters"), operationId);
  }
  const dl = node["x-ms-dynamic-list"];
  if (dl !== undefined && expectType(ctx, dl, "object", ptr(pointer, "x-ms-dynamic-list"), operationId)) {
    reportSelectedItemValuePath(
      ctx,
      (dl as JsonObject)["parameters"],
      ptr(pointer, "x-ms-dynamic-list", "parameters"),
      operationId,
    );
  }
  const tree = node["x-ms-dynamic-tree"];
  if (tree !== undefined && expectType(ctx, tree, "object", ptr(pointer, "x-ms-dynamic-tree"), operationId)) {
    const open = (tree as JsonObject)["open"];
    if (isObject(open))
      reportSelectedItemValuePath(
        ctx,
        open["parameters"],
        ptr(pointer, "x-ms-dynamic-tree", "open", "parameters"),
        operationId,
      );
  }
  const ds = node["x-ms-dynamic-schema"];
  const dp = node["x-ms-dynamic-properties"];
  if (ds !== undefined && expectType(ctx, ds, "object", ptr(pointer, "x-ms-dynamic-schema"), operationId)) {
    const valuePath = (ds as JsonObject)["value-path"];
    if (typeof valuePath === "string" && (valuePath === "properties" || valuePath.endsWith("/properties"))) {
      const expected = valuePath === "properties" ? "" : valuePath.slice(0, -"/properties".length);
      if (dp === undefined) {
        ctx.report(
          "DynamicPropertiesExtensionRequiredForPropertiesValuePath",
          ptr(pointer, "x-ms-dynamic-schema", "value-path"),
          "The 'x-ms-dynamic-schema' extension property 'value-path' points to schema properties. You need to define the 'x-ms-dynamic-properties' extension, which points to schema object.",
          operationId,
        );
      } else if (isObject(dp) && (dp["itemValuePath"] ?? "") !== expected) {
        ctx.report(
          "DynamicPropertiesItemValuePathMismatch",
          ptr(pointer, "x-ms-dynamic-properties"),
          `The 'x-ms-dynamic-properties' extension should have the same item value path as 'x-ms-dynamic-schema' extension without 'properties' ending. The expected path is '${expected}'.`,
          operationId,
        );
      }
    }
  }
  if (dp !== undefined) expectType(ctx, dp, "object", ptr(pointer, "x-ms-dynamic-properties"), operationId);
}

function reportSelectedItemValuePath(
  ctx: ValidationContext,
  params: unknown,
  pointer: string,
  operationId?: string,
): void {
  for (const [name, value] of entriesOf(params)) {
    if (isObject(value) && value["selectedItemValuePath"] !== undefined) {
      ctx.report(
        "SelectedItemValuePathNotAllowedInThisPosition",
        ptr(pointer, name, "selectedItemValuePath"),
        "The 'selectedItemValuePath' property is not allowed in this position. It is allowed only in 'browse' operation of 'x-ms-dynamic-tree' extension.",
        operationId,
      );
    }
  }
}

function num(node: JsonObject, key: string): number | undefined {
  const v = node[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * Checks one schema-like node (schema, non-body parameter, `items`, response header) without descending.
 * @internal
 */
export function checkSchemaNode(
  ctx: ValidationContext,
  node: JsonObject,
  pointer: string,
  kind: Kind,
  operationId?: string,
): void {
  const at = (key: string) => ptr(pointer, key);
  const report = (
    rule: Parameters<ValidationContext["report"]>[0],
    key: string | undefined,
    message: string,
  ) => ctx.report(rule, key === undefined ? pointer : at(key), message, operationId);
  if (kind === "schema") {
    if (node["$ref"] !== undefined) {
      checkRefString(ctx, node["$ref"], at("$ref"), "definitions", operationId);
      for (const key of Object.keys(node)) {
        if (key !== "$ref")
          report(
            "AdditionalPropertyNotAllowedAdjacentToRef",
            key,
            "When '$ref' is defined, no other properties may be specified.",
          );
      }
      return;
    }
    checkKeys(ctx, node, pointer, ALLOWED_KEYS.schema, operationId, UNSUPPORTED_SCHEMA_KEYWORDS);
  } else if (kind === "items") {
    checkKeys(ctx, node, pointer, ALLOWED_KEYS.items, operationId);
  }
  const type = node["type"];
  if (type !== undefined) {
    if (typeof type !== "string") {
      report(
        Array.isArray(type) ? "SwaggerKeywordNotSupported" : "JsonTypeIncorrect",
        "type",
        Array.isArray(type)
          ? "The 'type' keyword with an array value is not supported."
          : `The type of the property is incorrect. Expected type 'string', but value is of type '${jsonTypeOf(type)}'.`,
      );
    } else if (!TYPES.includes(type)) {
      report("UnrecognizedTypeFormat", "type", `The type/format '${type}' is not recognized.`);
    }
  }
  const format = node["format"];
  if (format !== undefined && expectType(ctx, format, "string", at("format"), operationId)) {
    const allowedFormats =
      typeof type === "string" ? FORMATS[type] : [...(FORMATS["string"] ?? []), ...(FORMATS["number"] ?? [])];
    if (allowedFormats !== undefined && !allowedFormats.includes(format as string)) {
      report(
        "UnrecognizedTypeFormat",
        "format",
        `The type/format '${typeof type === "string" ? type : ""}/${String(format)}' is not recognized.`,
      );
    }
  }
  const typeName = typeof type === "string" ? type : undefined;
  if (typeName === "array" && node["items"] === undefined)
    report("ArrayHasNoItems", undefined, "The array should have items specified.");
  const en = node["enum"];
  if (en !== undefined && expectType(ctx, en, "array", at("enum"), operationId)) {
    const list = en as unknown[];
    if (list.length === 0)
      report("EnumMustContainAtLeastOneElement", "enum", "The 'enum' array requires at least one value.");
    checkUnique(ctx, list, at("enum"), operationId);
    if (typeName !== undefined) {
      list.forEach((v, i) => {
        if (v !== null && !matchesType(v, typeName)) {
          ctx.report(
            "InvalidEnumValue",
            ptr(pointer, "enum", i),
            `The type of the enum value is '${jsonTypeOf(v)}' but it should be '${typeName}' as specified in the schema.`,
            operationId,
          );
        }
      });
    }
  }
  if (
    node["default"] !== undefined &&
    node["default"] !== null &&
    typeName !== undefined &&
    !matchesType(node["default"], typeName)
  ) {
    report(
      "DefaultValueMustMatchType",
      "default",
      `The 'default' value is of type '${jsonTypeOf(node["default"])}', but should match the given type '${typeName}'.`,
    );
  }
  const multipleOf = num(node, "multipleOf");
  if (multipleOf !== undefined && multipleOf <= 0)
    report(
      "MultipleOfMustBeGreaterThanZero",
      "multipleOf",
      "The 'multipleOf' value must be greater than zero.",
    );
  const nonNegative = [
    ["maxItems", "MaxItemsMustBeGreaterThanOrEqualToZero"],
    ["maxLength", "MaxLengthMustBeGreaterThanOrEqualToZero"],
    ["maxProperties", "MaxPropertiesMustBeGreaterThanOrEqualToZero"],
    ["minItems", "MinItemsMustBeGreaterThanOrEqualToZero"],
    ["minLength", "MinLengthMustBeGreaterThanOrEqualToZero"],
    ["minProperties", "MinPropertiesMustBeGreaterThanOrEqualToZero"],
  ] as const;
  for (const [key, rule] of nonNegative) {
    const v = num(node, key);
    if (v !== undefined && v < 0)
      report(rule, key, `The '${key}' value must be greater than or equal to zero.`);
  }
  const pairs = [
    ["minimum", "maximum", "MinimumShouldBeLessThanOrEqualToMaximum"],
    ["minItems", "maxItems", "MinItemsShouldBeLessThanOrEqualToMaxItems"],
    ["minLength", "maxLength", "MinLengthShouldBeLessThanOrEqualToMaxLength"],
  ] as const;
  for (const [min, max, rule] of pairs) {
    const lo = num(node, min);
    const hi = num(node, max);
    if (lo !== undefined && hi !== undefined && lo > hi)
      report(rule, min, `The '${min}' value should be less than or equal to the '${max}' value.`);
  }
  if (node["exclusiveMaximum"] !== undefined && node["maximum"] === undefined)
    report(
      "ExclusiveMaximumRequiresMaximum",
      "exclusiveMaximum",
      "The 'exclusiveMaximum' keyword can only be specified if the 'maximum' keyword is also specified.",
    );
  if (node["exclusiveMinimum"] !== undefined && node["minimum"] === undefined)
    report(
      "ExclusiveMinimumRequiresMinimum",
      "exclusiveMinimum",
      "The 'exclusiveMinimum' keyword can only be specified if the 'minimum' keyword is also specified.",
    );
  const pattern = node["pattern"];
  if (pattern !== undefined && expectType(ctx, pattern, "string", at("pattern"), operationId)) {
    try {
      new RegExp(pattern as string);
    } catch {
      report(
        "PatternShouldBeValidRegularExpression",
        "pattern",
        "The 'pattern' value should be a valid regular expression.",
      );
    }
  }
  if (kind === "parameter" || kind === "items" || kind === "header") {
    const cf = node["collectionFormat"];
    if (cf !== undefined) {
      const multiOk = kind === "parameter" && (node["in"] === "query" || node["in"] === "formData");
      if (!(["csv", "ssv", "tsv", "pipes"].includes(cf as string) || (cf === "multi" && multiOk))) {
        report(
          "CollectionFormatValueNotSupported",
          "collectionFormat",
          `The 'collectionFormat' keyword value '${show(cf)}' is not supported.`,
        );
      }
    }
    const items = node["items"];
    if (items !== undefined && expectType(ctx, items, "object", at("items"), operationId)) {
      checkSchemaNode(ctx, items as JsonObject, at("items"), "items", operationId);
    }
  }
  if (kind === "schema") {
    const required = node["required"];
    if (required !== undefined && expectType(ctx, required, "array", at("required"), operationId)) {
      const list = required as unknown[];
      if (list.length === 0)
        report(
          "RequiredPropertyArrayEmpty",
          "required",
          "The 'required' array requires at least one value. If no properties are required in the schema, remove the 'required' property.",
        );
      if (typeName !== undefined && typeName !== "object")
        report(
          "RequiredPropertyNotOnObject",
          "required",
          "The property 'required' is applicable to schemas with 'object' type only and should be removed.",
        );
      checkUnique(ctx, list, at("required"), operationId);
      const props = node["properties"];
      if (
        node["allOf"] === undefined &&
        node["x-ms-dynamic-schema"] === undefined &&
        node["x-ms-dynamic-properties"] === undefined
      ) {
        list.forEach((name, i) => {
          if (typeof name === "string" && !(isObject(props) && Object.hasOwn(props, name))) {
            ctx.report(
              "RequiredPropertyDefinitionMissing",
              ptr(pointer, "required", i),
              `The required property '${name}' is not defined in the object schema.`,
              operationId,
            );
          }
        });
      }
    }
    const discriminator = node["discriminator"];
    if (discriminator !== undefined) {
      const props = node["properties"];
      const target =
        isObject(props) && typeof discriminator === "string" ? ctx.deref(props[discriminator]) : undefined;
      const isRequired = Array.isArray(required) && required.includes(discriminator);
      if (typeof discriminator !== "string" || !isRequired || target?.["type"] !== "string") {
        report(
          "DiscriminatorMustBeARequiredStringProperty",
          "discriminator",
          "The 'discriminator' value must be the name of a required string property.",
        );
      }
    }
    if (node["x-ms-editor"] === "dictionary") {
      const ap = node["additionalProperties"];
      if (!(typeName === "object" && ap !== undefined && ap !== false)) {
        report(
          "InvalidCustomEditorExtensionDictionaryValue",
          "x-ms-editor",
          "The 'x-ms-editor' extension can be specified as 'dictionary' only for schema with type object and additional properties allowed.",
        );
      }
    }
    const props = node["properties"];
    if (isObject(props)) {
      const req = Array.isArray(required) ? required : [];
      for (const [name, prop] of Object.entries(props)) {
        if (
          isObject(prop) &&
          prop["x-ms-visibility"] === "internal" &&
          prop["default"] !== undefined &&
          !req.includes(name)
        ) {
          ctx.report(
            "InternalPropertyWithDefaultOptional",
            ptr(pointer, "properties", name),
            "The internal property has a default value but is optional. Only required properties are guaranteed to be included in requests.",
            operationId,
          );
        }
      }
    }
    const caps = node["x-ms-capabilities"];
    if (isObject(caps) && caps["filterFunctions"] !== undefined) {
      const fp = ptr(pointer, "x-ms-capabilities", "filterFunctions");
      const ff = caps["filterFunctions"];
      if (expectType(ctx, ff, "array", fp, operationId)) {
        const list = ff as unknown[];
        if (list.length === 0)
          ctx.report(
            "FilterFunctionsPropertyEmpty",
            fp,
            "The 'filterFunctions' property must have at least one element.",
            operationId,
          );
        if (new Set(list.map((v) => stableKey(v))).size !== list.length)
          ctx.report(
            "FilterFunctionsPropertyHasDuplicates",
            fp,
            "The 'filterFunctions' property cannot contain duplicates.",
            operationId,
          );
        const bad = list.filter((v) => typeof v !== "string" || !FILTER_FUNCTIONS.has(v));
        if (bad.length > 0)
          ctx.report(
            "FilterFunctionsPropertyInvalidValue",
            fp,
            `The 'filterFunctions' property supports only these values: ${[...FILTER_FUNCTIONS].join(", ")} (found ${bad.map(show).join(", ")}).`,
            operationId,
          );
      }
    }
  }
  expectEnum(
    ctx,
    node["x-ms-visibility"],
    ["important", "advanced", "internal", ""],
    at("x-ms-visibility"),
    operationId,
  );
  const enumValues = node["x-ms-enum-values"];
  if (enumValues !== undefined && expectType(ctx, enumValues, "array", at("x-ms-enum-values"), operationId)) {
    const seen = new Set<string>();
    (enumValues as unknown[]).forEach((entry, i) => {
      const ep = ptr(pointer, "x-ms-enum-values", i);
      if (!expectType(ctx, entry, "object", ep, operationId)) return;
      const e = entry as JsonObject;
      if (e["displayName"] === undefined)
        ctx.report(
          "MissingEnumValuesDisplayName",
          ep,
          "The 'x-ms-enum-values' extension is invalid. Please specify the property 'displayName'.",
          operationId,
        );
      if (e["value"] === undefined)
        ctx.report("RequiredPropertyMissing", ep, "The 'value' property is required.", operationId);
      const key = stableKey(e["value"]);
      if (seen.has(key))
        ctx.report(
          "DuplicateEnumValuesInExtension",
          ep,
          "The 'x-ms-enum-values' extension has duplicate values. You can only have one display name mapped to a value.",
          operationId,
        );
      seen.add(key);
      if (Array.isArray(en) && e["value"] !== undefined && !en.some((v) => stableKey(v) === key)) {
        ctx.report(
          "InvalidEnumValuesExtensionValue",
          ptr(ep, "value"),
          "The 'value' field must match one of the enums as defined in the 'enum' property of the schema.",
          operationId,
        );
      }
    });
  }
  checkDynamicShapes(ctx, node, pointer, operationId);
  if (ctx.reporter.certification) {
    const s = node["x-ms-summary"];
    if (typeof s === "string" && s.length > 80)
      report(
        "FieldLengthExceeded",
        "x-ms-summary",
        `The 'x-ms-summary' value goes over the character limit '80'.`,
      );
  }
}

/** Walks a schema and its inline sub-schemas (not `$ref` targets), checking each node once. @internal */
export function walkInlineSchema(
  ctx: ValidationContext,
  schema: unknown,
  pointer: string,
  operationId?: string,
): void {
  const stack = new Set<unknown>();
  const visit = (node: unknown, p: string, depth: number): void => {
    if (!expectType(ctx, node, "object", p, operationId)) {
      if (typeof node === "boolean") return;
      return;
    }
    if (stack.has(node)) return;
    if (depth > INLINE_DEPTH_LIMIT) {
      ctx.report(
        "SchemaTooDeep",
        p,
        `The schema exceeds the maximum allowed depth. Schemas must not exceed a depth of '${ctx.limits.maxSchemaDepth}', including referenced ('$ref') schemas.`,
        operationId,
      );
      return;
    }
    stack.add(node);
    const n = node as JsonObject;
    checkSchemaNode(ctx, n, p, "schema", operationId);
    if (n["$ref"] === undefined) {
      for (const [name, prop] of entriesOf(n["properties"]))
        visit(prop, ptr(p, "properties", name), depth + 1);
      if (n["properties"] !== undefined)
        expectType(ctx, n["properties"], "object", ptr(p, "properties"), operationId);
      const items = n["items"];
      if (Array.isArray(items))
        items.forEach((it, i) => {
          visit(it, ptr(p, "items", i), depth + 1);
        });
      else if (items !== undefined) visit(items, ptr(p, "items"), depth + 1);
      if (isObject(n["additionalProperties"]))
        visit(n["additionalProperties"], ptr(p, "additionalProperties"), depth + 1);
      for (const key of ["allOf", "oneOf", "anyOf"]) {
        const list = n[key];
        if (Array.isArray(list))
          list.forEach((s, i) => {
            visit(s, ptr(p, key, i), depth + 1);
          });
        else if (key === "allOf" && list !== undefined)
          expectType(ctx, list, "array", ptr(p, key), operationId);
      }
    }
    stack.delete(node);
  };
  visit(schema, pointer, 0);
}

/** Information about one node met while walking an operation's schemas with `$ref`s followed. @internal */
export interface ResolvedNode {
  node: JsonObject;
  pointer: string;
  depth: number;
  role: "input" | "output" | "notification";
  /** Every ancestor (and the node) is required, the body parameter included. */
  requiredChain: boolean;
  /** The node or an ancestor (body parameter included) is internal. */
  internalChain: boolean;
  /** The node is listed in its parent's `required`. */
  requiredByParent: boolean;
}

/** Walk state shared by all roots of one operation. @internal */
export interface WalkBudget {
  count: number;
  stopped: boolean;
}

/**
 * Walks a schema following `$ref`s (each definition at most once per path), bounded by depth and by the
 * operation's schema budget. Returns the number of schemas visited.
 * @internal
 */
export function walkResolved(
  ctx: ValidationContext,
  root: unknown,
  pointer: string,
  start: Omit<ResolvedNode, "node" | "pointer" | "depth" | "requiredByParent">,
  budget: WalkBudget,
  onNode: (info: ResolvedNode) => void,
  operationId?: string,
): { count: number; tooDeep: boolean } {
  let count = 0;
  let tooDeep = false;
  const active = new Set<unknown>();
  const visit = (
    raw: unknown,
    p: string,
    depth: number,
    requiredChain: boolean,
    internalChain: boolean,
    requiredByParent: boolean,
  ): void => {
    if (budget.stopped) return;
    let node = raw;
    let at = p;
    const refsHere: unknown[] = [];
    for (let i = 0; i < 16 && isObject(node) && typeof node["$ref"] === "string"; i++) {
      const target = ctx.resolve(node["$ref"]);
      if (active.has(target)) return;
      at = decodePointer(node["$ref"]);
      node = target;
      if (isObject(node)) {
        active.add(node);
        refsHere.push(node);
      }
    }
    if (!isObject(node) || (active.has(node) && !refsHere.includes(node))) {
      for (const r of refsHere) active.delete(r);
      return;
    }
    if (depth > ctx.limits.maxSchemaDepth) {
      if (!tooDeep) {
        tooDeep = true;
        ctx.report(
          "SchemaTooDeep",
          at,
          `The schema exceeds the maximum allowed depth. Schemas must not exceed a depth of '${ctx.limits.maxSchemaDepth}', including referenced ('$ref') schemas.`,
          operationId,
        );
      }
      for (const r of refsHere) active.delete(r);
      return;
    }
    active.add(node);
    count++;
    budget.count++;
    if (budget.count > ctx.limits.maxOperationSchemas) budget.stopped = true;
    const n = node;
    const internal = internalChain || n["x-ms-visibility"] === "internal";
    onNode({
      node: n,
      pointer: at,
      depth,
      role: start.role,
      requiredChain,
      internalChain: internal,
      requiredByParent,
    });
    const required = Array.isArray(n["required"]) ? n["required"] : [];
    for (const [name, prop] of entriesOf(n["properties"])) {
      const req = required.includes(name);
      visit(prop, ptr(at, "properties", name), depth + 1, requiredChain && req, internal, req);
    }
    const items = n["items"];
    if (Array.isArray(items))
      items.forEach((it, i) => {
        visit(it, ptr(at, "items", i), depth + 1, requiredChain, internal, false);
      });
    else if (items !== undefined) visit(items, ptr(at, "items"), depth + 1, requiredChain, internal, false);
    if (isObject(n["additionalProperties"]))
      visit(n["additionalProperties"], ptr(at, "additionalProperties"), depth + 1, false, internal, false);
    const allOf = n["allOf"];
    if (Array.isArray(allOf))
      allOf.forEach((s, i) => {
        visit(s, ptr(at, "allOf", i), depth, requiredChain, internal, requiredByParent);
      });
    active.delete(node);
    for (const r of refsHere) active.delete(r);
  };
  visit(root, pointer, 0, start.requiredChain, start.internalChain, true);
  return { count, tooDeep };
}

function decodePointer(ref: string): string {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

/** Checks the reusable sections (`definitions`, `parameters`, `responses`) and loops between definitions. @internal */
export function checkReusableSections(
  ctx: ValidationContext,
  checkParam: (param: unknown, pointer: string) => void,
  checkResponse: (response: unknown, pointer: string) => void,
): void {
  const { doc } = ctx;
  for (const [name, schema] of entriesOf(doc["definitions"])) {
    const p = ptr("/definitions", name);
    if (isObject(schema) && schema["$ref"] !== undefined && Object.keys(schema).length === 1) {
      ctx.report(
        "SchemaRefLoopNotAllowed",
        p,
        "The schema definition may not use a '$ref' to point to another definition.",
      );
    }
    walkInlineSchema(ctx, schema, p);
  }
  for (const [name, param] of entriesOf(doc["parameters"])) {
    const p = ptr("/parameters", name);
    if (isObject(param) && param["$ref"] !== undefined) {
      ctx.report(
        "ParameterRefLoopNotAllowed",
        p,
        "The parameter definition may not use a '$ref' to point to another definition.",
      );
      continue;
    }
    checkParam(param, p);
    if (isObject(param) && param["in"] === "body" && param["schema"] !== undefined)
      walkInlineSchema(ctx, param["schema"], ptr(p, "schema"));
  }
  for (const [name, response] of entriesOf(doc["responses"])) {
    const p = ptr("/responses", name);
    if (isObject(response) && response["$ref"] !== undefined) {
      ctx.report(
        "ResponseRefLoopNotAllowed",
        p,
        "The response definition may not use a '$ref' to point to another definition.",
      );
      continue;
    }
    checkResponse(response, p);
    if (isObject(response) && response["schema"] !== undefined)
      walkInlineSchema(ctx, response["schema"], ptr(p, "schema"));
  }
  checkRequiredLoops(ctx);
}

function checkRequiredLoops(ctx: ValidationContext): void {
  const defs = ctx.doc["definitions"];
  if (!isObject(defs)) return;
  const edges = new Map<string, string[]>();
  const target = (s: unknown): string | undefined => {
    if (!isObject(s) || typeof s["$ref"] !== "string") return undefined;
    const m = /^#\/definitions\/(.+)$/.exec(s["$ref"]);
    return m?.[1] === undefined
      ? undefined
      : decodePointer(`#${m[1]}`).replace(/~1/g, "/").replace(/~0/g, "~");
  };
  for (const [name, schema] of Object.entries(defs)) {
    const out: string[] = [];
    if (isObject(schema)) {
      const props = schema["properties"];
      const required = Array.isArray(schema["required"]) ? schema["required"] : [];
      for (const r of required) {
        if (typeof r === "string" && isObject(props)) {
          const t = target(props[r]);
          if (t !== undefined) out.push(t);
        }
      }
      if (Array.isArray(schema["allOf"]))
        for (const s of schema["allOf"]) {
          const t = target(s);
          if (t !== undefined) out.push(t);
        }
    }
    edges.set(name, out);
  }
  const state = new Map<string, 1 | 2>();
  const onLoop = new Set<string>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // iterative DFS
    const stack: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
    const path: string[] = [start];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { name: string; next: number };
      const targets = edges.get(top.name) ?? [];
      if (top.next >= targets.length) {
        state.set(top.name, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const t = targets[top.next++] as string;
      const s = state.get(t);
      if (s === 1) {
        for (let i = path.indexOf(t); i >= 0 && i < path.length; i++) onLoop.add(path[i] as string);
      } else if (s === undefined && edges.has(t)) {
        state.set(t, 1);
        stack.push({ name: t, next: 0 });
        path.push(t);
      }
    }
  }
  for (const name of onLoop)
    ctx.report(
      "RequiredLoopInSchemaNotAllowed",
      ptr("/definitions", name),
      "Loops of required schema properties are not allowed.",
    );
}

/** Per-operation schema checks that depend on where a schema is used. @internal */
export function checkOperationSchemas(
  ctx: ValidationContext,
  info: OperationInfo,
  onNode: (n: ResolvedNode) => void,
): number {
  const opId = info.id;
  const budget: WalkBudget = { count: 0, stopped: false };
  const notificationUrls: ResolvedNode[] = [];
  // inline schemas of this operation (parameters and responses defined in place)
  const bodyParam = ctx.parameters(info).find((p) => p.in === "body");
  for (const p of ctx.parameters(info)) {
    if (p.in === "body" && p.param["schema"] !== undefined && p.defPointer === p.pointer)
      walkInlineSchema(ctx, p.param["schema"], ptr(p.pointer, "schema"), opId);
  }
  for (const [code, response] of entriesOf(info.op["responses"])) {
    if (isObject(response) && response["schema"] !== undefined && response["$ref"] === undefined) {
      walkInlineSchema(ctx, response["schema"], ptr(info.pointer, "responses", code, "schema"), opId);
    }
  }
  const content = info.pathItem["x-ms-notification-content"];
  if (isObject(content) && content["schema"] !== undefined && info.method === "post") {
    walkInlineSchema(
      ctx,
      content["schema"],
      ptr(info.pathPointer, "x-ms-notification-content", "schema"),
      opId,
    );
  }
  const bodyLimit = (count: number, p: string) => {
    if (count > ctx.limits.maxBodySchemas) {
      ctx.report(
        "BodySchemaCountExceedsMaxAllowed",
        p,
        `The total number of schemas in the object exceeds the max schema count allowed value of '${ctx.limits.maxBodySchemas}'. Please remove any unnecessary property or item definitions.`,
        opId,
      );
    }
  };
  if (bodyParam !== undefined && bodyParam.param["schema"] !== undefined) {
    const start = {
      role: "input" as const,
      requiredChain: bodyParam.param["required"] === true,
      internalChain: bodyParam.param["x-ms-visibility"] === "internal",
    };
    const p = ptr(bodyParam.defPointer, "schema");
    const { count } = walkResolved(
      ctx,
      bodyParam.param["schema"],
      p,
      start,
      budget,
      (n) => {
        if (n.node["x-ms-notification-url"] !== undefined) notificationUrls.push(n);
        onNode(n);
      },
      opId,
    );
    bodyLimit(count, p);
  }
  for (const [code, value] of entriesOf(info.op["responses"])) {
    let response = value;
    let rp = ptr(info.pointer, "responses", code);
    if (isObject(value) && typeof value["$ref"] === "string") {
      response = ctx.resolve(value["$ref"]);
      rp = decodePointer(value["$ref"]);
    }
    if (!isObject(response) || response["schema"] === undefined) continue;
    const { count } = walkResolved(
      ctx,
      response["schema"],
      ptr(rp, "schema"),
      { role: "output", requiredChain: false, internalChain: false },
      budget,
      onNode,
      opId,
    );
    bodyLimit(count, ptr(rp, "schema"));
  }
  if (isObject(content) && content["schema"] !== undefined) {
    walkResolved(
      ctx,
      content["schema"],
      ptr(info.pathPointer, "x-ms-notification-content", "schema"),
      { role: "notification", requiredChain: false, internalChain: false },
      budget,
      onNode,
      opId,
    );
  }
  if (budget.count > ctx.limits.maxOperationSchemas) {
    ctx.report(
      "OperationSchemaCountExceedsMaxAllowed",
      info.pointer,
      `The total number of schemas in the operation has exceeded the maximum allowed value of '${ctx.limits.maxOperationSchemas}'. Please remove any unnecessary property or item definitions.`,
      opId,
    );
  }
  // webhook rules
  const label = opId ?? `${info.method.toUpperCase()} ${info.path}`;
  for (const n of notificationUrls) {
    const p = ptr(n.pointer, "x-ms-notification-url");
    if (n.node["type"] !== "string")
      ctx.report(
        "NotificationUrlNotString",
        p,
        "The notification URL property must be of type string.",
        opId,
      );
    if (!n.requiredChain)
      ctx.report(
        "NotificationUrlNotRequired",
        p,
        "The notification URL property must be required all the way through the schema chain.",
        opId,
      );
    if (!n.internalChain)
      ctx.report(
        "NotificationUrlNotInternal",
        p,
        "The notification URL property itself or at least one of its parents must be internal.",
        opId,
      );
  }
  if (notificationUrls.length > 0 && content === undefined) {
    ctx.report(
      "OperationMustHaveNotificationContentExtension",
      info.pointer,
      `The operation '${label}' is missing notification content extension as it has '${notificationUrls.length}' properties marked as notification URL.`,
      opId,
    );
  }
  if (content !== undefined && info.op["x-ms-trigger"] !== undefined && notificationUrls.length === 0) {
    ctx.report(
      "WebhookOperationsMissingNotificationUrlProperty",
      info.pointer,
      `The webhook operation '${label}' is missing notification URL property.`,
      opId,
    );
  }
  return budget.count;
}

/** Context-dependent checks on one resolved schema node. @internal */
export function checkResolvedNode(ctx: ValidationContext, n: ResolvedNode, operationId?: string): void {
  const { node, pointer, depth, role } = n;
  if (node["type"] === "file" && (role !== "output" || depth > 0)) {
    ctx.report(
      "SchemaTypeFileNotValid",
      ptr(pointer, "type"),
      "The schema type 'file' is not valid. Only parameters in 'formData' and the root response schema may be of type 'file'.",
      operationId,
    );
  }
  if (node["type"] === "string" && node["format"] === "binary" && depth > 0) {
    ctx.report(
      "InvalidStringBinaryProperty",
      pointer,
      "A schema with type/format 'string/binary' can only be at the top level of a body or formData parameter.",
      operationId,
    );
  }
  if (role === "input" && node["readOnly"] === true && n.requiredByParent && depth > 0) {
    ctx.report(
      "RequiredReadOnlyPropertyNotAllowedAsInput",
      pointer,
      "An input property cannot be 'readonly' and required.",
      operationId,
    );
  }
  if (
    role === "input" &&
    isObject(node["x-ms-capabilities"]) &&
    node["x-ms-capabilities"]["filterFunctions"] !== undefined
  ) {
    ctx.report(
      "FilterFunctionsPropertyInInputSchema",
      ptr(pointer, "x-ms-capabilities", "filterFunctions"),
      "The 'filterFunctions' property has to be in the response schema.",
      operationId,
    );
  }
  if (role !== "input" && node["x-ms-notification-url"] !== undefined) {
    ctx.report(
      "NotificationUrlNotAllowedInThisPosition",
      ptr(pointer, "x-ms-notification-url"),
      "The notification URL property is not allowed in this position. It is allowed only in input body.",
      operationId,
    );
  }
}
