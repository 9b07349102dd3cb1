/**
 * Cross-operation checks: dynamic extensions against their target operations, `x-ms-notification`,
 * operation families (`x-ms-api-annotation`).
 * @internal
 * @module
 */

import type { ResolvedNode } from "./check-schemas";
import type { OperationInfo, ParamInfo, ValidationContext } from "./context";
import { entriesOf, isObject, type JsonObject, jsonTypeOf, matchesType, ptr, show } from "./util";

/** A node carrying dynamic extensions, within an operation. @internal */
export interface DynamicSite {
  node: JsonObject;
  pointer: string;
  op: OperationInfo;
}

function paramType(p: JsonObject): string | undefined {
  if (p["in"] === "body") return "object";
  return typeof p["type"] === "string" ? p["type"] : undefined;
}

/** Resolves a slash-separated path through a schema's properties (following `$ref`s, bounded). */
function schemaAtPath(
  ctx: ValidationContext,
  schema: JsonObject,
  path: string,
): JsonObject | undefined | "unknown" {
  let cur: JsonObject | undefined = schema;
  for (const seg of path.split("/").filter((s) => s !== "")) {
    if (cur === undefined) return undefined;
    if (cur["x-ms-dynamic-schema"] !== undefined || cur["x-ms-dynamic-properties"] !== undefined)
      return "unknown";
    if (cur["type"] === "array" && isObject(cur["items"])) cur = ctx.deref(cur["items"]);
    if (cur === undefined) return undefined;
    const props: unknown = cur["properties"];
    if (!isObject(props))
      return cur["additionalProperties"] !== undefined ||
        cur["allOf"] !== undefined ||
        cur["type"] === undefined
        ? "unknown"
        : undefined;
    cur = ctx.deref(props[seg]);
    if (cur === undefined) return Object.hasOwn(props, seg) ? "unknown" : undefined;
  }
  return cur;
}

function checkProduces(
  ctx: ValidationContext,
  target: OperationInfo,
  collection: unknown,
  itemPaths: unknown[],
  pointer: string,
  operationId: string | undefined,
): void {
  const schema = ctx.successSchema(target);
  if (schema === undefined || schema["x-ms-dynamic-schema"] !== undefined) return;
  const targetId = target.id ?? "";
  let items: JsonObject | undefined | "unknown";
  if (typeof collection === "string" && collection !== "") {
    const at = schemaAtPath(ctx, schema, collection);
    if (at === undefined) {
      ctx.report(
        "InvokedOperationShouldProduceProperty",
        pointer,
        `The dynamic operation expects a property on the specified path '${collection}' which should be defined in the successful response of the invoked operation '${targetId}'.`,
        operationId,
      );
      return;
    }
    if (at === "unknown") return;
    if (at["type"] !== undefined && at["type"] !== "array") {
      ctx.report(
        "InvokedOperationShouldProduceArray",
        pointer,
        `The dynamic operation expects an array on the specified path '${collection}' which should be defined in the successful response of the invoked operation '${targetId}'.`,
        operationId,
      );
      return;
    }
    items = isObject(at["items"]) ? ctx.deref(at["items"]) : "unknown";
  } else {
    if (schema["type"] !== undefined && schema["type"] !== "array") {
      ctx.report(
        "InvokedOperationShouldProduceArray",
        pointer,
        `The dynamic operation expects an array on the specified path '' which should be defined in the successful response of the invoked operation '${targetId}'.`,
        operationId,
      );
      return;
    }
    items = isObject(schema["items"]) ? ctx.deref(schema["items"]) : "unknown";
  }
  if (items === undefined || items === "unknown") return;
  for (const path of itemPaths) {
    if (typeof path !== "string" || path === "") continue;
    if (schemaAtPath(ctx, items, path) === undefined) {
      ctx.report(
        "InvokedOperationShouldProduceProperty",
        pointer,
        `The dynamic operation expects a property on the specified path '${path}' which should be defined in the successful response of the invoked operation '${targetId}'.`,
        operationId,
      );
    }
  }
}

type Flavour = "values" | "schema";

function checkLegacyParameters(
  ctx: ValidationContext,
  site: DynamicSite,
  ext: JsonObject,
  pointer: string,
  target: OperationInfo,
  flavour: Flavour,
): void {
  const opId = site.op.id;
  const sourceParams = ctx.parameters(site.op);
  const body = ctx.bodySchema(site.op);
  const bodyProps =
    body !== undefined && isObject(body.schema["properties"]) ? body.schema["properties"] : {};
  const targetParams = ctx.parameters(target);
  const successor = flavour === "values" ? "x-ms-dynamic-list" : "x-ms-dynamic-properties";
  const hasSuccessor = site.node[successor] !== undefined;
  const supplied = new Set<string>();
  for (const [name, value] of entriesOf(ext["parameters"])) {
    const pp = ptr(pointer, "parameters", name);
    supplied.add(name);
    const tp = targetParams.find((p) => p.name === name);
    if (tp === undefined) {
      ctx.report(
        "OperationParameterNameNotFound",
        pp,
        `The parameter '${name}' could not be found in operation '${target.id ?? ""}' in the swagger document.`,
        opId,
      );
      continue;
    }
    const tType = paramType(tp.param);
    if (isObject(value) && value["parameter"] !== undefined) {
      const ref = value["parameter"];
      const src = sourceParams.find((p) => p.name === ref);
      const inBody = typeof ref === "string" && Object.hasOwn(bodyProps, ref);
      if (src !== undefined && inBody && !hasSuccessor) {
        ctx.report(
          flavour === "values"
            ? "DynamicListExtensionRequiredForAmbiguousReferences"
            : "DynamicPropertiesExtensionRequiredForAmbiguousReferences",
          pp,
          flavour === "values"
            ? "The 'x-ms-dynamic-values' extension references ambiguous parameter references. You need to define the 'x-ms-dynamic-list' extension."
            : "The 'x-ms-dynamic-schema' extension references ambiguous parameter references. You need to define the 'x-ms-dynamic-properties' extension.",
          opId,
        );
      }
      if (src === undefined) {
        if (inBody) {
          if (!hasSuccessor) {
            ctx.report(
              flavour === "values"
                ? "DynamicListExtensionRequiredForNonParameterReferences"
                : "DynamicPropertiesExtensionRequiredForNonParameterReferences",
              pp,
              flavour === "values"
                ? "The 'x-ms-dynamic-values' extension references properties within parameters. You need to define the 'x-ms-dynamic-list' extension."
                : "The 'x-ms-dynamic-schema' extension references properties within parameters. You need to define the 'x-ms-dynamic-properties' extension.",
              opId,
            );
          }
        } else {
          ctx.report(
            "OperationParameterNameNotFound",
            ptr(pp, "parameter"),
            `The parameter '${show(ref)}' could not be found in operation '${site.op.id ?? ""}' in the swagger document.`,
            opId,
          );
        }
        continue;
      }
      compareParams(ctx, src, tp, pp, site.op, target);
    } else if (tType !== undefined && value !== null && !isObject(value) && !matchesType(value, tType)) {
      ctx.report(
        "OperationParameterStaticTypeMismatch",
        pp,
        `The parameter has type '${tType}', but a static value is provided of type '${jsonTypeOf(value)}'.`,
        opId,
      );
    }
  }
  reportMissingRequired(ctx, targetParams, supplied, pointer, opId);
}

function compareParams(
  ctx: ValidationContext,
  src: ParamInfo,
  tp: ParamInfo,
  pointer: string,
  source: OperationInfo,
  target: OperationInfo,
): void {
  const opId = source.id;
  const sType = paramType(src.param);
  const tType = paramType(tp.param);
  if (
    sType !== undefined &&
    tType !== undefined &&
    sType !== tType &&
    !(sType === "integer" && tType === "number")
  ) {
    ctx.report(
      "OperationParameterTypeMismatch",
      pointer,
      `The parameter has type '${tType}', but operation '${source.id ?? ""}' is providing a parameter of type '${sType}'.`,
      opId,
    );
  }
  if (tp.param["required"] === true && src.param["required"] !== true) {
    ctx.report(
      "OperationParameterRequiredMismatch",
      pointer,
      `The parameter is required, but an optional value is provided by operation '${source.id ?? ""}'. The request cannot be made until a value for this parameter is provided.`,
      opId,
    );
  }
  if (src.param["x-ms-visibility"] === "internal" && source.op["x-ms-visibility"] !== "internal") {
    ctx.report(
      "SourcePropertyInternal",
      pointer,
      `The parameter reference '${src.name ?? ""}' in the source operation '${source.id ?? ""}' is internal or one of its parent(s) are internal. Either make the property visible or update the parameter reference to a static value.`,
      opId,
    );
  }
  void target;
}

function reportMissingRequired(
  ctx: ValidationContext,
  targetParams: ParamInfo[],
  supplied: Set<string>,
  pointer: string,
  opId?: string,
): void {
  for (const tp of targetParams) {
    if (tp.param["required"] !== true || tp.in === "body" || tp.name === undefined) continue;
    if (tp.param["default"] !== undefined) continue;
    if (![...supplied].some((s) => s === tp.name || s.split("/")[0] === tp.name)) {
      ctx.report(
        "OperationMissingRequiredProperty",
        pointer,
        `The target operation requires parameter '${tp.name}'.`,
        opId,
      );
    }
  }
}

function checkModernParameters(
  ctx: ValidationContext,
  site: DynamicSite,
  ext: JsonObject,
  pointer: string,
  target: OperationInfo,
): void {
  const opId = site.op.id;
  const targetParams = ctx.parameters(target);
  const sourceParams = ctx.parameters(site.op);
  const supplied = new Set<string>();
  for (const [key, value] of entriesOf(ext["parameters"])) {
    const pp = ptr(pointer, "parameters", key);
    supplied.add(key);
    const head = key.split("/")[0] ?? key;
    const tp = targetParams.find((p) => p.name === head);
    if (tp === undefined) {
      ctx.report(
        "OperationParameterNameNotFound",
        pp,
        `The parameter '${key}' could not be found in operation '${target.id ?? ""}' in the swagger document.`,
        opId,
      );
      continue;
    }
    if (!isObject(value) || (value["value"] === undefined && value["parameterReference"] === undefined)) {
      if (!(isObject(value) && value["selectedItemValuePath"] !== undefined)) {
        ctx.report(
          "OneOfPropertiesRequired",
          pp,
          "At least one of the properties is required: [value, parameterReference].",
          opId,
        );
      }
      continue;
    }
    const ref = value["parameterReference"];
    if (typeof ref === "string") {
      const srcName = ref.split("/")[0] ?? ref;
      const src = sourceParams.find((p) => p.name === srcName);
      if (src === undefined)
        ctx.report(
          "OperationParameterNameNotFound",
          ptr(pp, "parameterReference"),
          `The parameter '${ref}' could not be found in operation '${site.op.id ?? ""}' in the swagger document.`,
          opId,
        );
      else if (!ref.includes("/") && !key.includes("/")) compareParams(ctx, src, tp, pp, site.op, target);
    } else if (!key.includes("/")) {
      const tType = paramType(tp.param);
      const v = value["value"];
      if (tType !== undefined && v !== null && !isObject(v) && !matchesType(v, tType)) {
        ctx.report(
          "OperationParameterStaticTypeMismatch",
          pp,
          `The parameter has type '${tType}', but a static value is provided of type '${jsonTypeOf(v)}'.`,
          opId,
        );
      }
    }
  }
  reportMissingRequired(ctx, targetParams, supplied, pointer, opId);
}

function targetOf(
  ctx: ValidationContext,
  ext: JsonObject,
  pointer: string,
  site: DynamicSite,
): OperationInfo | undefined {
  const id = ext["operationId"];
  if (id === undefined) return undefined;
  if (id === "") {
    ctx.report(
      "RequiredValueEmpty",
      ptr(pointer, "operationId"),
      "The 'operationId' property must have not empty value.",
      site.op.id,
    );
    return undefined;
  }
  const target = typeof id === "string" ? ctx.byId.get(id) : undefined;
  if (target === undefined)
    ctx.report(
      "OperationIdNotFound",
      ptr(pointer, "operationId"),
      `The 'operationId' could not be found in this swagger document (${show(id)}).`,
      site.op.id,
    );
  return target;
}

/** Checks one node's dynamic extensions against the operations they call. @internal */
export function checkDynamicSite(ctx: ValidationContext, site: DynamicSite): void {
  const { node, pointer } = site;
  const dv = node["x-ms-dynamic-values"];
  if (isObject(dv)) {
    const p = ptr(pointer, "x-ms-dynamic-values");
    const target = targetOf(ctx, dv, p, site);
    if (target !== undefined) {
      checkLegacyParameters(ctx, site, dv, p, target, "values");
      checkProduces(
        ctx,
        target,
        dv["value-collection"],
        [dv["value-path"], dv["value-title"]],
        p,
        site.op.id,
      );
    }
  }
  const dl = node["x-ms-dynamic-list"];
  if (isObject(dl)) {
    const p = ptr(pointer, "x-ms-dynamic-list");
    if (dl["operationId"] === undefined)
      ctx.report("RequiredPropertyMissing", p, "The 'operationId' property is required.", site.op.id);
    const target = targetOf(ctx, dl, p, site);
    if (target !== undefined) {
      checkModernParameters(ctx, site, dl, p, target);
      checkProduces(ctx, target, dl["itemsPath"], [dl["itemValuePath"], dl["itemTitlePath"]], p, site.op.id);
    }
  }
  const ds = node["x-ms-dynamic-schema"];
  if (isObject(ds)) {
    const p = ptr(pointer, "x-ms-dynamic-schema");
    if (ds["operationId"] === undefined)
      ctx.report("RequiredPropertyMissing", p, "The 'operationId' property is required.", site.op.id);
    const target = targetOf(ctx, ds, p, site);
    if (target !== undefined) {
      checkLegacyParameters(ctx, site, ds, p, target, "schema");
      const vp = ds["value-path"];
      const schema = ctx.successSchema(target);
      if (typeof vp === "string" && vp !== "" && schema !== undefined) {
        const head = vp.split("/")[0] ?? vp;
        if (schemaAtPath(ctx, schema, head) === undefined) {
          ctx.report(
            "InvokedOperationShouldProduceProperty",
            ptr(p, "value-path"),
            `The dynamic operation expects a property on the specified path '${vp}' which should be defined in the successful response of the invoked operation '${target.id ?? ""}'.`,
            site.op.id,
          );
        }
      }
    }
  }
  const dp = node["x-ms-dynamic-properties"];
  if (isObject(dp)) {
    const p = ptr(pointer, "x-ms-dynamic-properties");
    if (dp["operationId"] === undefined)
      ctx.report("RequiredPropertyMissing", p, "The 'operationId' property is required.", site.op.id);
    const target = targetOf(ctx, dp, p, site);
    if (target !== undefined) checkModernParameters(ctx, site, dp, p, target);
  }
  const tree = node["x-ms-dynamic-tree"];
  if (isObject(tree)) {
    for (const key of ["open", "browse"]) {
      const part = tree[key];
      if (isObject(part)) targetOf(ctx, part, ptr(pointer, "x-ms-dynamic-tree", key), site);
    }
  }
}

/** Collects the dynamic sites of an operation's non-body parameters. @internal */
export function parameterSites(ctx: ValidationContext, info: OperationInfo): DynamicSite[] {
  return ctx
    .parameters(info)
    .filter((p) => p.in !== "body")
    .map((p) => ({ node: p.param, pointer: p.defPointer, op: info }));
}

/** Turns a resolved schema node into a dynamic site when it carries a dynamic extension. @internal */
export function schemaSite(n: ResolvedNode, op: OperationInfo): DynamicSite | undefined {
  const keys = [
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
  ];
  return keys.some((k) => n.node[k] !== undefined) ? { node: n.node, pointer: n.pointer, op } : undefined;
}

function isWebhook(info: OperationInfo): boolean {
  return info.pathItem["x-ms-notification-content"] !== undefined;
}

/** `x-ms-notification` checks. @internal */
export function checkNotifications(ctx: ValidationContext): void {
  for (const info of ctx.operations) {
    const n = info.op["x-ms-notification"];
    if (n === undefined) continue;
    const p = ptr(info.pointer, "x-ms-notification");
    const opId = info.id;
    if (info.op["x-ms-trigger"] === undefined)
      ctx.report(
        "NotificationExtensionSupportedForTriggerOnly",
        p,
        "The 'x-ms-notification' is supported for trigger operations only.",
        opId,
      );
    if (isWebhook(info))
      ctx.report(
        "NotificationExtensionNotSupportedInWebhookOperation",
        p,
        "The 'x-ms-notification' extension must not be defined in a webhook operation.",
        opId,
      );
    if (!isObject(n)) continue;
    if (n["operationId"] === undefined) {
      ctx.report("RequiredPropertyMissing", p, "The 'operationId' property is required.", opId);
      continue;
    }
    const target = typeof n["operationId"] === "string" ? ctx.byId.get(n["operationId"]) : undefined;
    if (target === undefined) {
      ctx.report(
        "OperationIdNotFound",
        ptr(p, "operationId"),
        `The 'operationId' could not be found in this swagger document (${show(n["operationId"])}).`,
        opId,
      );
      continue;
    }
    if (!isWebhook(target))
      ctx.report(
        "NotificationOperationMustBeWebhook",
        ptr(p, "operationId"),
        "The 'operationId' property in 'x-ms-notification' extension must be for a webhook operation.",
        opId,
      );
    const subscribe = ctx.parameters(target);
    for (const fp of ctx.parameters(info)) {
      const sp = subscribe.find((s) => s.name === fp.name && s.name !== undefined);
      if (sp === undefined) continue;
      if (
        paramType(sp.param) !== paramType(fp.param) ||
        (sp.param["x-ms-visibility"] ?? "") !== (fp.param["x-ms-visibility"] ?? "")
      ) {
        ctx.report(
          "ParamtersWithSameNameMustHaveSameTypeAndVisibility",
          fp.pointer,
          "Parameters of the same name in fetch and subscribe operations must be of the same type and visibility.",
          opId,
        );
      }
    }
  }
}

/** Operation family / revision / status checks (`x-ms-api-annotation`). @internal */
export function checkFamilies(ctx: ValidationContext): void {
  const info = ctx.doc["info"];
  const connectorStatus =
    isObject(info) && isObject(info["x-ms-api-annotation"])
      ? info["x-ms-api-annotation"]["status"]
      : undefined;
  const families = new Map<
    string,
    Array<{ op: OperationInfo; revision: number | undefined; status: unknown }>
  >();
  for (const op of ctx.operations) {
    const a = op.op["x-ms-api-annotation"];
    if (!isObject(a)) continue;
    const family = typeof a["family"] === "string" ? a["family"] : op.id;
    const revision = typeof a["revision"] === "number" ? a["revision"] : undefined;
    if (a["status"] === "Production" && connectorStatus !== "Production") {
      ctx.report(
        "OperationStatusAheadOfConnector",
        ptr(op.pointer, "x-ms-api-annotation", "status"),
        `The operation '${op.id ?? ""}' cannot be in a Production status ahead of the connector.`,
        op.id,
      );
    }
    if (
      revision !== undefined &&
      revision > 1 &&
      op.id !== undefined &&
      !op.id.toLowerCase().endsWith(`_v${revision}`)
    ) {
      ctx.report(
        "OperationIdShouldEndWithRevision",
        ptr(op.pointer, "operationId"),
        `The operation Id '${op.id}' should end with revision suffix '_V${revision}'.`,
        op.id,
      );
    }
    if (family === undefined) continue;
    const list = families.get(family) ?? [];
    list.push({ op, revision, status: a["status"] });
    families.set(family, list);
  }
  for (const [family, list] of families) {
    if (list.length < 2) continue;
    const first = list[0] as (typeof list)[number];
    const revisions = new Set<number>();
    for (const m of list) {
      if (m.revision === undefined) continue;
      if (revisions.has(m.revision))
        ctx.report(
          "OperationFamilyHasDuplicateRevisions",
          ptr(m.op.pointer, "x-ms-api-annotation", "revision"),
          `The operation family '${family}' has operations with duplicate revision.`,
          m.op.id,
        );
      revisions.add(m.revision);
    }
    const empty = list.filter((m) => m.revision === undefined);
    if (empty.length > 1)
      ctx.report(
        "OperationFamilyHasManyEmptyRevisions",
        first.op.pointer,
        `The operation family '${family}' has several operations with empty revision. Only one operation can have empty revision.`,
        first.op.id,
      );
    for (const m of empty)
      ctx.report(
        "OperationRevisionEmpty",
        ptr(m.op.pointer, "x-ms-api-annotation"),
        `The operation '${m.op.id ?? ""}' does not specify a revision in api annotation.`,
        m.op.id,
      );
    const active = list.filter((m) => m.op.op["deprecated"] !== true);
    if (active.length > 2)
      ctx.report(
        "OperationFamilyHasManyActiveOperations",
        first.op.pointer,
        `The operation family '${family}' has more than two active operations. Extra operations must be deprecated.`,
        first.op.id,
      );
    if (active.filter((m) => m.status === "Production").length > 1) {
      ctx.report(
        "OperationFamilyHasManyActiveProductionOperations",
        first.op.pointer,
        `The operation family '${family}' has several active operations in Production status. Previous revisions should be deprecated.`,
        first.op.id,
      );
    }
  }
}
