import { lookupReference, normalizeInputs } from "./build-request";
import type { SimulatorCore } from "./core";
import { ContractViolationError, SimulatorError } from "./errors";
import { outputSchema } from "./responses";
import { runActionWith } from "./run-action";
import { isObject, type JsonObject, type OperationInfo, own, readPath } from "./swagger-document";
import type { DynamicValue, OperationInputs } from "./types";

/**
 * Options of {@link Simulator.resolveDynamicValues}.
 *
 * @example
 * ```ts
 * const options: DynamicValuesOptions = { extension: "x-ms-dynamic-list" };
 * ```
 */
export interface DynamicValuesOptions {
  /**
   * Which extension to resolve when both are present.
   * @default "x-ms-dynamic-values" when present, else "x-ms-dynamic-list"
   */
  extension?: "x-ms-dynamic-values" | "x-ms-dynamic-list";
}

/**
 * Options of {@link Simulator.resolveDynamicSchema}.
 *
 * @example
 * ```ts
 * const options: DynamicSchemaOptions = { extension: "x-ms-dynamic-properties" };
 * ```
 */
export interface DynamicSchemaOptions {
  /**
   * Which extension to resolve when both are present.
   * @default "x-ms-dynamic-schema" when present, else "x-ms-dynamic-properties"
   */
  extension?: "x-ms-dynamic-schema" | "x-ms-dynamic-properties";
}

/**
 * Resolves the dropdown of a parameter or body property like the designer.
 * @internal
 * @example
 * ```ts
 * await resolveDynamicValuesWith(core, "OnNewIssue", "projectKey", {});
 * ```
 */
export async function resolveDynamicValuesWith(
  core: SimulatorCore,
  operationId: string,
  parameterPath: string,
  inputs: OperationInputs,
  options: DynamicValuesOptions = {},
): Promise<DynamicValue[]> {
  const info = core.index.operation(operationId);
  const node = findInputNode(core, info, parameterPath);
  const values = own(node, "x-ms-dynamic-values");
  const list = own(node, "x-ms-dynamic-list");
  const which = options.extension ?? (values !== undefined ? "x-ms-dynamic-values" : "x-ms-dynamic-list");
  const ext = which === "x-ms-dynamic-values" ? values : list;
  if (!isObject(ext)) {
    throw new SimulatorError(
      "wrongOperationKind",
      `'${parameterPath}' of operation '${operationId}' has no ${options.extension ?? "x-ms-dynamic-values or x-ms-dynamic-list"}.`,
      { operationId },
    );
  }
  const target = targetOperation(ext, which, operationId);
  const normalized = normalizeInputs(core.index, info, inputs);
  const targetInputs =
    which === "x-ms-dynamic-values"
      ? legacyParameters(ext, info, normalized, which)
      : modernParameters(ext, info, normalized, which);
  const result = await runActionWith(core, target, targetInputs);
  if (!result.succeeded) {
    throw new SimulatorError(
      "operationFailed",
      `The ${which} operation '${target}' of '${operationId}/${parameterPath}' failed with ${result.status}: ${JSON.stringify(result.body)?.slice(0, 200)}`,
      { operationId: target, trace: result.trace },
    );
  }
  const legacy = which === "x-ms-dynamic-values";
  const collectionPath = str(own(ext, legacy ? "value-collection" : "itemsPath"));
  const valuePath = str(own(ext, legacy ? "value-path" : "itemValuePath"));
  const titlePath = str(own(ext, legacy ? "value-title" : "itemTitlePath"));
  const items = readPath(result.body, collectionPath);
  if (!Array.isArray(items)) {
    throw new ContractViolationError(
      "dynamicValues.invalid",
      `operation '${target}' returned ${collectionPath === undefined ? "a body" : `'${collectionPath}'`} that is not an array (${JSON.stringify(items)?.slice(0, 80)})`,
      { operationId: target, trace: result.trace },
    );
  }
  return items.map((item) => {
    const value = readPath(item, valuePath);
    const title = titlePath === undefined ? value : readPath(item, titlePath);
    return { value, title: typeof title === "string" ? title : (JSON.stringify(title) ?? "") };
  });
}

/**
 * Resolves a dynamic schema like the designer.
 * @internal
 * @example
 * ```ts
 * await resolveDynamicSchemaWith(core, "CreateWebhook", "notification", { form_id: "3" });
 * ```
 */
export async function resolveDynamicSchemaWith(
  core: SimulatorCore,
  operationId: string,
  where: string,
  inputs: OperationInputs,
  options: DynamicSchemaOptions = {},
): Promise<JsonObject | null> {
  const info = core.index.operation(operationId);
  let node: unknown;
  if (where === "response") node = core.index.deref(outputSchema(core.index, info));
  else if (where === "notification") node = core.index.deref(own(info.notificationContent, "schema"));
  else node = findInputNode(core, info, where);
  const schemaExt = own(node, "x-ms-dynamic-schema");
  const propsExt = own(node, "x-ms-dynamic-properties");
  const which =
    options.extension ?? (schemaExt !== undefined ? "x-ms-dynamic-schema" : "x-ms-dynamic-properties");
  const ext = which === "x-ms-dynamic-schema" ? schemaExt : propsExt;
  if (!isObject(ext)) {
    throw new SimulatorError(
      "wrongOperationKind",
      `'${where}' of operation '${operationId}' has no ${options.extension ?? "x-ms-dynamic-schema or x-ms-dynamic-properties"}.`,
      { operationId },
    );
  }
  const target = targetOperation(ext, which, operationId);
  const normalized = normalizeInputs(core.index, info, inputs);
  const targetInputs =
    which === "x-ms-dynamic-schema"
      ? legacyParameters(ext, info, normalized, which)
      : modernParameters(ext, info, normalized, which);
  const result = await runActionWith(core, target, targetInputs);
  if (!result.succeeded) {
    throw new SimulatorError(
      "operationFailed",
      `The ${which} operation '${target}' failed with ${result.status}: ${JSON.stringify(result.body)?.slice(0, 200)}`,
      { operationId: target, trace: result.trace },
    );
  }
  const valuePath = str(own(ext, which === "x-ms-dynamic-schema" ? "value-path" : "itemValuePath"));
  const invalid = (why: string): never => {
    throw new ContractViolationError(
      "dynamicSchema.invalid",
      `The response from operation '${target}' with status code '${result.status}' does not contain a valid OpenAPI schema object: ${why}`,
      { operationId: target, trace: result.trace },
    );
  };
  if (valuePath !== undefined) {
    const found = readPath(result.body, valuePath);
    if (found === undefined) return invalid(`the property '${valuePath}' is missing`);
    if (found === null) return null;
    if (!isObject(found))
      return invalid(`'${valuePath}' is ${JSON.stringify(found).slice(0, 80)}, not an object`);
    return found;
  }
  if (!isObject(result.body)) return invalid("the body is not a JSON object");
  return result.body;
}

function findInputNode(core: SimulatorCore, info: OperationInfo, parameterPath: string): unknown {
  const [head = "", ...rest] = parameterPath.split("/");
  const param = info.parameters.find((p) => p.in !== "body" && p.name === head);
  if (param !== undefined && rest.length === 0) return param.raw;
  const bodyParam = info.parameters.find((p) => p.in === "body");
  if (bodyParam !== undefined) {
    const segments = head === bodyParam.name ? rest : [head, ...rest];
    let node: unknown = core.index.deref(bodyParam.schema);
    for (const segment of segments) {
      node = core.index.deref(own(own(node, "properties"), segment));
      if (node === undefined) break;
    }
    if (node !== undefined) return node;
  }
  throw new SimulatorError(
    "invalidInput",
    `Operation '${info.operationId}' has no parameter or body property '${parameterPath}'.`,
    { operationId: info.operationId },
  );
}

function targetOperation(ext: JsonObject, which: string, operationId: string): string {
  const target = own(ext, "operationId");
  if (typeof target !== "string") {
    const kind = own(ext, "builtInOperation") ?? own(ext, "capability");
    throw new SimulatorError(
      "wrongOperationKind",
      `${which} of '${operationId}' ${kind === undefined ? "has no operationId" : `uses '${String(kind)}', which only the platform provides`}.`,
      { operationId },
    );
  }
  return target;
}

/** `x-ms-dynamic-values` / `x-ms-dynamic-schema` form: name -> literal | { parameter: name }. */
function legacyParameters(
  ext: JsonObject,
  info: OperationInfo,
  normalized: ReturnType<typeof normalizeInputs>,
  which: string,
): OperationInputs {
  const out: OperationInputs = {};
  const params = own(ext, "parameters");
  if (!isObject(params)) return out;
  for (const [name, spec] of Object.entries(params)) {
    let value: unknown = spec;
    if (isObject(spec) && typeof own(spec, "parameter") === "string") {
      const ref = own(spec, "parameter") as string;
      value = lookupReference(info, normalized, ref);
      if (value === undefined) throw missing(info, ref, which);
    } else if (isObject(spec) && Object.hasOwn(spec, "value")) {
      value = spec["value"];
    }
    setPath(out, [name], value);
  }
  return out;
}

/** `x-ms-dynamic-list` / `x-ms-dynamic-properties` form: path -> { value } | { parameterReference }. */
function modernParameters(
  ext: JsonObject,
  info: OperationInfo,
  normalized: ReturnType<typeof normalizeInputs>,
  which: string,
): OperationInputs {
  const out: OperationInputs = {};
  const params = own(ext, "parameters");
  if (!isObject(params)) return out;
  for (const [path, spec] of Object.entries(params)) {
    let value: unknown;
    const ref = own(spec, "parameterReference");
    if (typeof ref === "string") {
      value = lookupReference(info, normalized, ref);
      if (value === undefined) throw missing(info, ref, which);
    } else if (isObject(spec) && Object.hasOwn(spec, "value")) {
      value = spec["value"];
    } else {
      throw new SimulatorError(
        "invalidSwagger",
        `${which} of '${info.operationId}': parameter '${path}' needs exactly one of 'value' or 'parameterReference'.`,
        { operationId: info.operationId },
      );
    }
    setPath(out, path.split("/"), value);
  }
  return out;
}

function missing(info: OperationInfo, ref: string, which: string): SimulatorError {
  return new SimulatorError(
    "missingInput",
    `The ${which} of '${info.operationId}' needs the input '${ref}' (the designer waits for it before calling).`,
    { operationId: info.operationId },
  );
}

function setPath(target: JsonObject, path: string[], value: unknown): void {
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    let child = own(node, key);
    if (!isObject(child)) {
      child = {};
      Object.defineProperty(node, key, {
        value: child,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    node = child as JsonObject;
  });
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
