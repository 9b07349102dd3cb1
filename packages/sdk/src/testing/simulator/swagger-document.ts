import { readFile } from "node:fs/promises";
import { type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { SimulatorError } from "./errors";
import type { SwaggerDocument } from "./types";

/** A JSON object. @internal */
export type JsonObject = Record<string, unknown>;

/** Where a Swagger 2.0 parameter lives. @internal */
export type ParameterLocation = "path" | "query" | "header" | "body" | "formData";

/**
 * A parameter after `$ref` resolution and path-item/operation merging.
 * @internal
 */
export interface ParameterInfo {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** The raw parameter object (non-body: carries type/format/default/items/x-ms-*). */
  raw: JsonObject;
  /** Body parameter schema (resolved one level), if any. */
  schema: JsonObject | undefined;
}

/**
 * One operation of the document.
 * @internal
 */
export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  op: JsonObject;
  pathItem: JsonObject;
  parameters: ParameterInfo[];
  trigger: "single" | "batch" | undefined;
  /** Path-level `x-ms-notification-content` (webhook triggers). */
  notificationContent: JsonObject | undefined;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;
const MAX_REF_HOPS = 64;

/**
 * `true` for a plain JSON object (not an array, not null).
 * @internal
 * @example
 * ```ts
 * isObject({}); // true
 * ```
 */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Own-property read that never walks the prototype chain (hostile keys such as `__proto__` stay data).
 * @internal
 * @example
 * ```ts
 * own({ a: 1 }, "a"); // 1
 * ```
 */
export function own(obj: unknown, key: string): unknown {
  return isObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Parses the text of an `apiDefinition.swagger.json` the way the platform tolerates it: a UTF-8 BOM and
 * trailing commas (both found in certified connectors) are accepted. Keys such as `__proto__` stay plain data.
 *
 * @param text - The file's text.
 * @returns The document, checked to be Swagger 2.0 with a `paths` object.
 * @throws SimulatorError `invalidSwagger` with the position of the first syntax error.
 *
 * @example
 * ```ts
 * const swagger = parseSwagger('{ "swagger": "2.0", "info": {}, "paths": {}, }');
 * ```
 */
export function parseSwagger(text: string): SwaggerDocument {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(clean);
  } catch {
    const errors: ParseError[] = [];
    const tree = parseTree(clean, errors, { allowTrailingComma: true, disallowComments: false });
    const first = errors[0];
    if (first !== undefined || tree === undefined) {
      const where =
        first === undefined ? "" : ` at offset ${first.offset} (${printParseErrorCode(first.error)})`;
      throw new SimulatorError("invalidSwagger", `The swagger is not valid JSON${where}.`);
    }
    value = fromTree(tree);
  }
  return checkSwagger(value);
}

/**
 * Reads and parses a swagger file (see {@link parseSwagger}).
 *
 * @param path - Path of `apiDefinition.swagger.json`.
 * @returns The document.
 *
 * @example
 * ```ts
 * const swagger = await loadSwaggerFile("connector/apiDefinition.swagger.json");
 * ```
 */
export async function loadSwaggerFile(path: string): Promise<SwaggerDocument> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new SimulatorError(
      "invalidSwagger",
      `Cannot read swagger file '${path}': ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return parseSwagger(text);
}

/**
 * Checks that a value looks like a Swagger 2.0 document.
 * @internal
 * @example
 * ```ts
 * checkSwagger({ swagger: "2.0", paths: {} });
 * ```
 */
export function checkSwagger(value: unknown): SwaggerDocument {
  if (!isObject(value)) throw new SimulatorError("invalidSwagger", "The swagger must be a JSON object.");
  if (own(value, "swagger") !== "2.0") {
    throw new SimulatorError(
      "invalidSwagger",
      `The swagger must be a Swagger 2.0 document ("swagger": "2.0"), got ${JSON.stringify(own(value, "swagger") ?? null)}.`,
    );
  }
  if (!isObject(own(value, "paths")))
    throw new SimulatorError("invalidSwagger", "The swagger has no 'paths' object.");
  return value as SwaggerDocument;
}

function fromTree(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const out: JsonObject = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k === undefined || v === undefined) continue;
        Object.defineProperty(out, String(k.value), {
          value: fromTree(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map(fromTree);
    default:
      return node.value;
  }
}

/**
 * Index of a swagger document: operations by id, `$ref` resolution.
 * @internal
 */
export class SwaggerIndex {
  readonly doc: SwaggerDocument;
  readonly operations = new Map<string, OperationInfo>();

  constructor(doc: SwaggerDocument) {
    this.doc = doc;
    for (const [path, rawItem] of Object.entries(doc.paths)) {
      const pathItem = this.deref(rawItem);
      if (!isObject(pathItem)) continue;
      const shared = Array.isArray(own(pathItem, "parameters"))
        ? (own(pathItem, "parameters") as unknown[])
        : [];
      const notification = this.deref(own(pathItem, "x-ms-notification-content"));
      for (const method of METHODS) {
        const op = own(pathItem, method);
        if (!isObject(op)) continue;
        const operationId = own(op, "operationId");
        if (typeof operationId !== "string" || operationId === "") continue;
        if (this.operations.has(operationId)) {
          throw new SimulatorError(
            "invalidSwagger",
            `The swagger defines operationId '${operationId}' twice (${method.toUpperCase()} ${path}).`,
          );
        }
        const own_ = Array.isArray(own(op, "parameters")) ? (own(op, "parameters") as unknown[]) : [];
        const trigger = own(op, "x-ms-trigger");
        this.operations.set(operationId, {
          operationId,
          method,
          path,
          op,
          pathItem,
          parameters: this.mergeParameters(shared, own_, operationId),
          trigger: trigger === "single" || trigger === "batch" ? trigger : undefined,
          notificationContent: isObject(notification) ? notification : undefined,
        });
      }
    }
  }

  /** Looks an operation up, or throws `unknownOperation` listing the known ids. */
  operation(operationId: string): OperationInfo {
    const info = this.operations.get(operationId);
    if (info === undefined) {
      const known = [...this.operations.keys()].sort().slice(0, 30).join(", ");
      throw new SimulatorError(
        "unknownOperation",
        `The swagger has no operation '${operationId}'. Known: ${known}.`,
        {
          operationId,
        },
      );
    }
    return info;
  }

  /** Follows `$ref` chains (local `#/...` pointers only). */
  deref(node: unknown): unknown {
    let current = node;
    for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
      const ref = own(current, "$ref");
      if (typeof ref !== "string") return current;
      current = this.pointer(ref);
    }
    throw new SimulatorError("invalidSwagger", `A $ref chain is longer than ${MAX_REF_HOPS} hops (cycle?).`);
  }

  private pointer(ref: string): unknown {
    if (!ref.startsWith("#/")) {
      throw new SimulatorError("invalidSwagger", `Only local $refs ('#/...') are supported, got '${ref}'.`);
    }
    let node: unknown = this.doc;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
      else node = own(node, key);
      if (node === undefined)
        throw new SimulatorError("invalidSwagger", `The $ref '${ref}' points at nothing.`);
    }
    return node;
  }

  private mergeParameters(shared: unknown[], opParams: unknown[], operationId: string): ParameterInfo[] {
    const byKey = new Map<string, ParameterInfo>();
    for (const raw of [...shared, ...opParams]) {
      const p = this.deref(raw);
      const name = own(p, "name");
      const where = own(p, "in");
      if (!isObject(p) || typeof name !== "string" || !isLocation(where)) {
        throw new SimulatorError(
          "invalidSwagger",
          `Operation '${operationId}' has a parameter without a valid 'name' and 'in': ${JSON.stringify(p)?.slice(0, 200)}.`,
        );
      }
      const schema = this.deref(own(p, "schema"));
      byKey.set(`${where}:${name}`, {
        name,
        in: where,
        required: own(p, "required") === true || where === "path",
        raw: p,
        schema: isObject(schema) ? schema : undefined,
      });
    }
    return [...byKey.values()];
  }
}

function isLocation(v: unknown): v is ParameterLocation {
  return v === "path" || v === "query" || v === "header" || v === "body" || v === "formData";
}

/**
 * `true` when a parameter or schema property is `x-ms-visibility: internal` (case-insensitive, as seen in
 * real connectors).
 * @internal
 * @example
 * ```ts
 * isInternal({ "x-ms-visibility": "internal" }); // true
 * ```
 */
export function isInternal(node: unknown): boolean {
  const v = own(node, "x-ms-visibility");
  return typeof v === "string" && v.toLowerCase() === "internal";
}

/**
 * Reads a value at a designer "path string" (`a/b/0/c`, no leading slash). Empty path = the value itself.
 * @internal
 * @example
 * ```ts
 * readPath({ a: { b: 1 } }, "a/b"); // 1
 * ```
 */
export function readPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === "") return value;
  let node = value;
  for (const key of path.split("/")) {
    if (key === "") continue;
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else node = own(node, key);
    if (node === undefined) return undefined;
  }
  return node;
}
