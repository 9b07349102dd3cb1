import { ConnectorDiffError } from "./connector-diff-error";
import { isJsonObject, type JsonObject, own, resolveLocalRefs, toPointer } from "./json-pointer";
import { DIFF_RULES, type DiffRuleId } from "./rules";
import type { ChangeSeverity, ConnectorChange, DiffOptions, DiffResult } from "./types";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;

type DocName = "old" | "new";
type Direction = "input" | "output";

/** A node together with its location (reference tokens) in its document. */
interface Located {
  node: unknown;
  tokens: string[];
}

interface OperationInfo {
  id: string | undefined;
  method: string;
  path: string;
  /** `GET /items/{}`: method + path with parameter names erased, so `{id}` → `{itemId}` is the same route. */
  routeKey: string;
  tokens: string[];
  op: JsonObject;
  pathItem: JsonObject;
  pathTokens: string[];
}

interface NormalizedSchema {
  type: string | undefined;
  format: string | undefined;
  enum: unknown[] | undefined;
  properties: Map<string, Located>;
  required: Set<string>;
  items: Located | undefined;
  additionalProperties: Located | undefined;
  visibility: string | undefined;
  hasDefault: boolean;
  readOnly: boolean;
}

interface SchemaPair {
  old: Located;
  new: Located;
  dir: Direction;
  /** Human-readable root, e.g. `body`, `response 200`. */
  root: string;
  /** Dotted path below the root, e.g. `customer.address[].city`. */
  path: string;
  opId: string | undefined;
  depth: number;
  visited: Set<string>;
}

interface ParamEntry {
  param: JsonObject;
  tokens: string[];
  name: string;
  location: string;
}

const INPUT_TYPE_WIDENINGS = new Set(["integer>number"]);
const INPUT_FORMAT_WIDENINGS = new Set([
  "int32>int64",
  "float>double",
  "int32>",
  "int64>",
  "float>",
  "double>",
]);

function describe(root: string, path: string): string {
  return path === "" ? root : `${root} "${path}"`;
}

function joinPath(path: string, segment: string): string {
  return path === "" ? segment : `${path}.${segment}`;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function lowerVisibility(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.toLowerCase() : undefined;
}

function jsonKey(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

function normalizeBasePath(value: unknown): string {
  const path = typeof value === "string" && value !== "" ? value : "/";
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

function typeName(type: string | undefined): string {
  return type ?? "any";
}

class Differ {
  readonly changes: ConnectorChange[] = [];
  private readonly seen = new Set<string>();
  private truncated = false;
  private readonly docs: Record<DocName, JsonObject>;
  private readonly ignore: ReadonlySet<string>;
  private readonly overrides: Readonly<Record<string, ChangeSeverity>>;
  private readonly maxDepth: number;
  private readonly maxChanges: number;

  constructor(oldDoc: JsonObject, newDoc: JsonObject, options: DiffOptions) {
    this.docs = { old: oldDoc, new: newDoc };
    this.ignore = new Set(options.ignoreRules ?? []);
    this.overrides = options.severityOverrides ?? {};
    this.maxDepth = options.maxSchemaDepth ?? 32;
    this.maxChanges = options.maxChanges ?? 10_000;
  }

  emit(
    ruleId: DiffRuleId,
    message: string,
    tokens: readonly string[],
    operationId: string | undefined,
    severity?: ChangeSeverity,
  ): void {
    if (this.truncated || this.ignore.has(ruleId)) return;
    const pointer = toPointer(tokens);
    const key = `${ruleId}\u0000${pointer}\u0000${operationId ?? ""}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.changes.length >= this.maxChanges) {
      this.truncated = true;
      if (!this.ignore.has("diff-truncated")) {
        this.changes.push({
          ruleId: "diff-truncated",
          severity: this.overrides["diff-truncated"] ?? DIFF_RULES["diff-truncated"].severity,
          message: `Stopped after ${this.maxChanges} changes (maxChanges); later changes are not reported.`,
          pointer: "",
        });
      }
      return;
    }
    const change: ConnectorChange = {
      ruleId,
      severity: this.overrides[ruleId] ?? severity ?? DIFF_RULES[ruleId].severity,
      message,
      pointer,
    };
    if (operationId !== undefined) change.operationId = operationId;
    this.changes.push(change);
  }

  /** Follows `$ref`s; a broken chain is a malformed document, so it throws. */
  resolve(doc: DocName, node: unknown, tokens: string[]): Located {
    const result = resolveLocalRefs(this.docs[doc], node, tokens);
    if (result.error !== undefined) {
      const why = {
        external: "only local references (#/...) are supported",
        missing: "the target does not exist",
        cycle: "the reference chain loops back on itself",
        "too-long": "the reference chain is longer than 64 links",
      }[result.error.reason];
      throw new ConnectorDiffError(
        doc,
        `cannot resolve $ref "${result.error.ref}": ${why}`,
        toPointer(result.tokens),
      );
    }
    return { node: result.node, tokens: result.tokens };
  }

  // ---------------------------------------------------------------- connector level

  compareConnector(): void {
    const { old: oldDoc, new: newDoc } = this.docs;
    const oldTitle = stringOrUndefined(own(own(oldDoc, "info"), "title"));
    const newTitle = stringOrUndefined(own(own(newDoc, "info"), "title"));
    if (oldTitle !== newTitle) {
      this.emit(
        "connector-title-changed",
        `Connector title changed from ${jsonKey(oldTitle)} to ${jsonKey(newTitle)}; connectors cannot be renamed.`,
        ["info", "title"],
        undefined,
      );
    }
    const oldHost = stringOrUndefined(own(oldDoc, "host"));
    const newHost = stringOrUndefined(own(newDoc, "host"));
    if ((oldHost ?? "").toLowerCase() !== (newHost ?? "").toLowerCase()) {
      this.emit(
        "host-changed",
        `host changed from ${jsonKey(oldHost)} to ${jsonKey(newHost)}.`,
        ["host"],
        undefined,
      );
    }
    const oldBase = normalizeBasePath(own(oldDoc, "basePath"));
    const newBase = normalizeBasePath(own(newDoc, "basePath"));
    if (oldBase !== newBase) {
      this.emit(
        "base-path-changed",
        `basePath changed from "${oldBase}" to "${newBase}".`,
        ["basePath"],
        undefined,
      );
    }
    const oldSchemes = own(oldDoc, "schemes");
    const newSchemes = own(newDoc, "schemes");
    if (Array.isArray(oldSchemes) && Array.isArray(newSchemes)) {
      const kept = new Set(newSchemes.map((s) => String(s).toLowerCase()));
      oldSchemes.forEach((scheme, i) => {
        if (!kept.has(String(scheme).toLowerCase())) {
          this.emit(
            "scheme-removed",
            `Scheme "${String(scheme)}" is no longer listed.`,
            ["schemes", String(i)],
            undefined,
          );
        }
      });
    }
    this.compareSecurity();
  }

  private compareSecurity(): void {
    const oldDefs = own(this.docs.old, "securityDefinitions");
    const newDefs = own(this.docs.new, "securityDefinitions");
    const oldEntries = isJsonObject(oldDefs) ? Object.entries(oldDefs) : [];
    const newEntries = isJsonObject(newDefs) ? Object.entries(newDefs) : [];
    const signature = (def: unknown): string =>
      jsonKey([
        own(def, "type"),
        own(def, "in"),
        String(own(def, "name") ?? "").toLowerCase(),
        own(def, "flow"),
        own(def, "authorizationUrl"),
        own(def, "tokenUrl"),
      ]);
    const matchedNew = new Set<string>();
    for (const [name, oldDef] of oldEntries) {
      const tokensOld = ["securityDefinitions", name];
      const tokensNew = ["securityDefinitions", name];
      const newDef = isJsonObject(newDefs) ? own(newDefs, name) : undefined;
      if (newDef === undefined) {
        const sameElsewhere = newEntries.find(
          ([n, d]) => !matchedNew.has(n) && signature(d) === signature(oldDef),
        );
        if (sameElsewhere !== undefined) {
          matchedNew.add(sameElsewhere[0]);
          continue;
        }
        this.emit(
          "security-definition-removed",
          `Authentication scheme "${name}" (${String(own(oldDef, "type"))}) was removed.`,
          tokensOld,
          undefined,
        );
        continue;
      }
      matchedNew.add(name);
      const oldType = own(oldDef, "type");
      const newType = own(newDef, "type");
      if (oldType !== newType) {
        this.emit(
          "security-type-changed",
          `Authentication scheme "${name}" changed type from ${jsonKey(oldType)} to ${jsonKey(newType)}.`,
          [...tokensNew, "type"],
          undefined,
        );
        continue;
      }
      for (const field of ["in", "name", "flow", "authorizationUrl", "tokenUrl"]) {
        const a = own(oldDef, field);
        const b = own(newDef, field);
        const same =
          field === "name" ? String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase() : a === b;
        if (!same) {
          this.emit(
            "security-changed",
            `Authentication scheme "${name}": ${field} changed from ${jsonKey(a)} to ${jsonKey(b)}.`,
            [...tokensNew, field],
            undefined,
          );
        }
      }
      const oldScopes = Object.keys(
        isJsonObject(own(oldDef, "scopes")) ? (own(oldDef, "scopes") as JsonObject) : {},
      );
      const newScopes = Object.keys(
        isJsonObject(own(newDef, "scopes")) ? (own(newDef, "scopes") as JsonObject) : {},
      );
      const added = newScopes.filter((s) => !oldScopes.includes(s));
      const removed = oldScopes.filter((s) => !newScopes.includes(s));
      if (added.length > 0 || removed.length > 0) {
        this.emit(
          "security-scopes-changed",
          `Authentication scheme "${name}": scopes changed (added: ${jsonKey(added)}, removed: ${jsonKey(removed)}).`,
          [...tokensNew, "scopes"],
          undefined,
        );
      }
    }
    for (const [name, newDef] of newEntries) {
      if (matchedNew.has(name)) continue;
      this.emit(
        "security-definition-added",
        `Authentication scheme "${name}" (${String(own(newDef, "type"))}) was added; existing connections lack its credentials.`,
        ["securityDefinitions", name],
        undefined,
      );
    }
  }

  // ---------------------------------------------------------------- operations

  listOperations(doc: DocName): OperationInfo[] {
    const paths = own(this.docs[doc], "paths");
    const out: OperationInfo[] = [];
    if (!isJsonObject(paths)) return out;
    for (const [path, rawItem] of Object.entries(paths)) {
      if (path.startsWith("x-")) continue;
      const { node: pathItem, tokens: pathTokens } = this.resolve(doc, rawItem, ["paths", path]);
      if (!isJsonObject(pathItem)) {
        throw new ConnectorDiffError(doc, `path item "${path}" is not an object`, toPointer(pathTokens));
      }
      for (const method of HTTP_METHODS) {
        const op = own(pathItem, method);
        if (op === undefined) continue;
        const tokens = [...pathTokens, method];
        if (!isJsonObject(op)) {
          throw new ConnectorDiffError(
            doc,
            `operation ${method.toUpperCase()} ${path} is not an object`,
            toPointer(tokens),
          );
        }
        const id = own(op, "operationId");
        out.push({
          id: typeof id === "string" && id !== "" ? id : undefined,
          method,
          path,
          routeKey: `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`,
          tokens,
          op,
          pathItem,
          pathTokens,
        });
      }
    }
    return out;
  }

  compareOperations(): void {
    const oldOps = this.listOperations("old");
    const newOps = this.listOperations("new");
    const newById = new Map<string, OperationInfo>();
    for (const op of newOps) if (op.id !== undefined && !newById.has(op.id)) newById.set(op.id, op);
    const matches = new Map<OperationInfo, OperationInfo>();
    const matchedNew = new Set<OperationInfo>();
    // Pass 1: same operationId (possibly moved). Pass 2: same route, different operationId (renamed).
    for (const oldOp of oldOps) {
      const candidate = oldOp.id === undefined ? undefined : newById.get(oldOp.id);
      if (candidate !== undefined && !matchedNew.has(candidate)) {
        matches.set(oldOp, candidate);
        matchedNew.add(candidate);
      }
    }
    const newByRoute = new Map<string, OperationInfo[]>();
    for (const op of newOps) {
      if (matchedNew.has(op)) continue;
      const list = newByRoute.get(op.routeKey);
      if (list === undefined) newByRoute.set(op.routeKey, [op]);
      else list.push(op);
    }
    for (const oldOp of oldOps) {
      if (matches.has(oldOp)) continue;
      const candidate = newByRoute.get(oldOp.routeKey)?.find((n) => !matchedNew.has(n));
      if (candidate !== undefined) {
        matches.set(oldOp, candidate);
        matchedNew.add(candidate);
      }
    }
    for (const oldOp of oldOps) {
      const newOp = matches.get(oldOp);
      if (newOp === undefined) {
        this.emit("operation-removed", `Operation ${this.label(oldOp)} was removed.`, oldOp.tokens, oldOp.id);
        continue;
      }
      const opId = newOp.id ?? oldOp.id;
      if (oldOp.id !== newOp.id) {
        this.emit(
          "operation-renamed",
          `Operation ${this.label(oldOp)} was renamed to ${jsonKey(newOp.id ?? null)}; flows reference operations by operationId.`,
          [...newOp.tokens, "operationId"],
          opId,
        );
      } else if (oldOp.routeKey !== newOp.routeKey) {
        this.emit(
          "operation-moved",
          `Operation ${this.label(oldOp)} moved to ${newOp.method.toUpperCase()} ${newOp.path}.`,
          newOp.tokens,
          opId,
        );
      }
      this.compareOperation(oldOp, newOp, opId);
    }
    for (const newOp of newOps) {
      if (!matchedNew.has(newOp)) {
        this.emit("operation-added", `Operation ${this.label(newOp)} was added.`, newOp.tokens, newOp.id);
      }
    }
  }

  private label(op: OperationInfo): string {
    return `${op.id === undefined ? "(no operationId)" : `"${op.id}"`} (${op.method.toUpperCase()} ${op.path})`;
  }

  private compareOperation(oldOp: OperationInfo, newOp: OperationInfo, opId: string | undefined): void {
    const name = opId === undefined ? `${newOp.method.toUpperCase()} ${newOp.path}` : opId;
    const oldTrigger = stringOrUndefined(own(oldOp.op, "x-ms-trigger"));
    const newTrigger = stringOrUndefined(own(newOp.op, "x-ms-trigger"));
    if ((oldTrigger ?? "").toLowerCase() !== (newTrigger ?? "").toLowerCase()) {
      const kind = (t: string | undefined): string => (t === undefined ? "an action" : `a ${t} trigger`);
      this.emit(
        "trigger-kind-changed",
        `${name}: changed from ${kind(oldTrigger)} to ${kind(newTrigger)} (x-ms-trigger).`,
        [...newOp.tokens, "x-ms-trigger"],
        opId,
      );
    }
    if (own(oldOp.op, "deprecated") !== true && own(newOp.op, "deprecated") === true) {
      this.emit("operation-deprecated", `${name}: is now deprecated.`, [...newOp.tokens, "deprecated"], opId);
    }
    if (
      lowerVisibility(own(oldOp.op, "x-ms-visibility")) !== "internal" &&
      lowerVisibility(own(newOp.op, "x-ms-visibility")) === "internal"
    ) {
      this.emit(
        "operation-made-internal",
        `${name}: is now internal and hidden from the designer.`,
        [...newOp.tokens, "x-ms-visibility"],
        opId,
      );
    }
    const visited = new Set<string>();
    this.compareParameters(oldOp, newOp, name, opId, visited);
    this.compareResponses(oldOp, newOp, name, opId, visited);
  }

  // ---------------------------------------------------------------- parameters

  private collectParameters(doc: DocName, op: OperationInfo): Map<string, ParamEntry> {
    const out = new Map<string, ParamEntry>();
    const sources: [unknown, string[]][] = [
      [own(op.pathItem, "parameters"), [...op.pathTokens, "parameters"]],
      [own(op.op, "parameters"), [...op.tokens, "parameters"]],
    ];
    for (const [list, baseTokens] of sources) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        throw new ConnectorDiffError(doc, "parameters must be an array", toPointer(baseTokens));
      }
      list.forEach((raw, i) => {
        const { node, tokens } = this.resolve(doc, raw, [...baseTokens, String(i)]);
        const name = own(node, "name");
        const location = own(node, "in");
        if (!isJsonObject(node) || typeof name !== "string" || typeof location !== "string") {
          throw new ConnectorDiffError(doc, 'a parameter needs string "name" and "in"', toPointer(tokens));
        }
        // Only one body parameter exists; its name is cosmetic. Header names are case-insensitive.
        const key =
          location === "body" ? "body" : `${location}:${location === "header" ? name.toLowerCase() : name}`;
        out.set(key, { param: node, tokens, name, location });
      });
    }
    return out;
  }

  private compareParameters(
    oldOp: OperationInfo,
    newOp: OperationInfo,
    name: string,
    opId: string | undefined,
    visited: Set<string>,
  ): void {
    const oldParams = this.collectParameters("old", oldOp);
    const newParams = this.collectParameters("new", newOp);
    const handled = new Set<string>();
    for (const [key, oldP] of oldParams) {
      const newP = newParams.get(key);
      if (newP !== undefined) {
        handled.add(key);
        this.compareParameter(oldP, newP, name, opId, visited);
        continue;
      }
      const moved = [...newParams].find(
        ([k, p]) => !handled.has(k) && !oldParams.has(k) && p.name.toLowerCase() === oldP.name.toLowerCase(),
      );
      if (moved !== undefined && oldP.location !== "body") {
        handled.add(moved[0]);
        this.emit(
          "parameter-location-changed",
          `${name}: parameter "${oldP.name}" moved from ${oldP.location} to ${moved[1].location}.`,
          [...moved[1].tokens, "in"],
          opId,
        );
        continue;
      }
      const internal = lowerVisibility(own(oldP.param, "x-ms-visibility")) === "internal";
      this.emit(
        "parameter-removed",
        `${name}: ${oldP.location} parameter "${oldP.name}" was removed${internal ? " (it was internal)" : ""}.`,
        oldP.tokens,
        opId,
        internal ? "warning" : undefined,
      );
    }
    for (const [key, newP] of newParams) {
      if (handled.has(key)) continue;
      const required = own(newP.param, "required") === true;
      const hasDefault = newP.location !== "body" && own(newP.param, "default") !== undefined;
      if (required) {
        this.emit(
          "required-parameter-added",
          `${name}: new required ${newP.location} parameter "${newP.name}"${hasDefault ? " (has a default)" : ""}.`,
          newP.tokens,
          opId,
          hasDefault ? "warning" : undefined,
        );
      } else {
        this.emit(
          "optional-parameter-added",
          `${name}: new optional ${newP.location} parameter "${newP.name}".`,
          newP.tokens,
          opId,
        );
      }
    }
  }

  private compareParameter(
    oldP: ParamEntry,
    newP: ParamEntry,
    name: string,
    opId: string | undefined,
    visited: Set<string>,
  ): void {
    const oldNorm = this.normalize("old", oldP.param, oldP.tokens);
    const newNorm = this.normalize("new", newP.param, newP.tokens);
    const root = newP.location === "body" ? "body" : `${newP.location} parameter`;
    const display = newP.location === "body" ? "body" : `${newP.location} parameter "${newP.name}"`;
    this.checkInputFlags({
      oldRequired: own(oldP.param, "required") === true,
      newRequired: own(newP.param, "required") === true,
      oldNorm,
      newNorm,
      kind: "parameter",
      display,
      tokens: newP.tokens,
      name,
      opId,
    });
    if (newP.location === "body") {
      this.compareSchema({
        old: { node: own(oldP.param, "schema") ?? {}, tokens: [...oldP.tokens, "schema"] },
        new: { node: own(newP.param, "schema") ?? {}, tokens: [...newP.tokens, "schema"] },
        dir: "input",
        root: "body",
        path: "",
        opId,
        depth: 0,
        visited,
      });
      return;
    }
    this.compareSchema({
      old: { node: oldP.param, tokens: oldP.tokens },
      new: { node: newP.param, tokens: newP.tokens },
      dir: "input",
      root,
      path: newP.name,
      opId,
      depth: 0,
      visited,
    });
  }

  private checkInputFlags(args: {
    oldRequired: boolean;
    newRequired: boolean;
    oldNorm: NormalizedSchema;
    newNorm: NormalizedSchema;
    kind: "parameter" | "property";
    display: string;
    tokens: string[];
    name: string;
    opId: string | undefined;
  }): void {
    const { oldRequired, newRequired, oldNorm, newNorm, kind, display, tokens, name, opId } = args;
    if (!oldRequired && newRequired) {
      this.emit(
        kind === "parameter" ? "parameter-made-required" : "property-made-required",
        `${name}: ${display} is now required${newNorm.hasDefault ? " (has a default)" : ""}.`,
        tokens,
        opId,
        newNorm.hasDefault ? "warning" : undefined,
      );
    } else if (oldRequired && !newRequired) {
      this.emit(
        kind === "parameter" ? "parameter-made-optional" : "property-made-optional",
        `${name}: ${display} is now optional.`,
        tokens,
        opId,
      );
    }
    if (oldNorm.visibility !== "internal" && newNorm.visibility === "internal") {
      if (newRequired && !newNorm.hasDefault) {
        this.emit(
          "required-input-made-internal",
          `${name}: required ${display} is now internal and has no default; nobody can supply it.`,
          [...tokens, "x-ms-visibility"],
          opId,
        );
      } else {
        this.emit(
          "input-made-internal",
          `${name}: ${display} is now internal.`,
          [...tokens, "x-ms-visibility"],
          opId,
        );
      }
    }
  }

  // ---------------------------------------------------------------- responses

  private successCodes(
    doc: DocName,
    op: OperationInfo,
  ): { codes: string[]; responses: JsonObject | undefined } {
    const { node } = this.resolve(doc, own(op.op, "responses"), [...op.tokens, "responses"]);
    if (!isJsonObject(node)) return { codes: [], responses: undefined };
    const codes = Object.keys(node).filter((c) => /^2\d\d$/.test(c));
    if (codes.length === 0 && own(node, "default") !== undefined) codes.push("default");
    return { codes, responses: node };
  }

  private compareResponses(
    oldOp: OperationInfo,
    newOp: OperationInfo,
    name: string,
    opId: string | undefined,
    visited: Set<string>,
  ): void {
    const oldR = this.successCodes("old", oldOp);
    const newR = this.successCodes("new", newOp);
    for (const code of oldR.codes) {
      const oldResp = this.resolve("old", own(oldR.responses, code), [...oldOp.tokens, "responses", code]);
      const oldSchema = own(oldResp.node, "schema");
      if (oldSchema === undefined) continue;
      const rawNew = own(newR.responses, code);
      if (rawNew === undefined) {
        this.emit("response-removed", `${name}: response ${code} was removed.`, oldResp.tokens, opId);
        continue;
      }
      const newResp = this.resolve("new", rawNew, [...newOp.tokens, "responses", code]);
      const newSchema = own(newResp.node, "schema");
      if (newSchema === undefined) {
        this.emit(
          "response-removed",
          `${name}: response ${code} no longer has a schema; flows lose its outputs.`,
          newResp.tokens,
          opId,
        );
        continue;
      }
      this.compareSchema({
        old: { node: oldSchema, tokens: [...oldResp.tokens, "schema"] },
        new: { node: newSchema, tokens: [...newResp.tokens, "schema"] },
        dir: "output",
        root: `response ${code}`,
        path: "",
        opId,
        depth: 0,
        visited,
      });
    }
    // Webhook triggers: outputs come from the path item's x-ms-notification-content.
    const oldNc = own(oldOp.pathItem, "x-ms-notification-content");
    if (own(oldNc, "schema") !== undefined) {
      const newNc = own(newOp.pathItem, "x-ms-notification-content");
      const oldTokens = [...oldOp.pathTokens, "x-ms-notification-content"];
      if (own(newNc, "schema") === undefined) {
        this.emit(
          "response-removed",
          `${name}: x-ms-notification-content schema was removed.`,
          oldTokens,
          opId,
        );
      } else {
        this.compareSchema({
          old: { node: own(oldNc, "schema"), tokens: [...oldTokens, "schema"] },
          new: {
            node: own(newNc, "schema"),
            tokens: [...newOp.pathTokens, "x-ms-notification-content", "schema"],
          },
          dir: "output",
          root: "notification",
          path: "",
          opId,
          depth: 0,
          visited,
        });
      }
    }
  }

  // ---------------------------------------------------------------- schemas

  /** Resolves `$ref` and merges `allOf` into one flat view of a schema (or of a non-body parameter). */
  normalize(doc: DocName, node: unknown, tokens: string[], depth = 0): NormalizedSchema {
    const resolved = this.resolve(doc, node, tokens);
    const schema = resolved.node;
    const out: NormalizedSchema = {
      type: undefined,
      format: stringOrUndefined(own(schema, "format")),
      enum: Array.isArray(own(schema, "enum")) ? (own(schema, "enum") as unknown[]) : undefined,
      properties: new Map(),
      required: new Set(),
      items: undefined,
      additionalProperties: undefined,
      visibility: lowerVisibility(own(schema, "x-ms-visibility")),
      hasDefault: own(schema, "default") !== undefined,
      readOnly: own(schema, "readOnly") === true,
    };
    const rawType = own(schema, "type");
    out.type = rawType === undefined ? undefined : typeof rawType === "string" ? rawType : jsonKey(rawType);
    const merge = (part: unknown, partTokens: string[]): void => {
      const properties = own(part, "properties");
      if (isJsonObject(properties)) {
        for (const key of Object.keys(properties)) {
          out.properties.set(key, { node: properties[key], tokens: [...partTokens, "properties", key] });
        }
      }
      const required = own(part, "required");
      if (Array.isArray(required)) for (const r of required) if (typeof r === "string") out.required.add(r);
    };
    merge(schema, resolved.tokens);
    const allOf = own(schema, "allOf");
    if (Array.isArray(allOf) && depth < 8) {
      allOf.forEach((part, i) => {
        const sub = this.normalize(doc, part, [...resolved.tokens, "allOf", String(i)], depth + 1);
        for (const [k, v] of sub.properties) if (!out.properties.has(k)) out.properties.set(k, v);
        for (const r of sub.required) out.required.add(r);
        out.type ??= sub.type;
      });
    }
    const items = own(schema, "items");
    if (items !== undefined) out.items = { node: items, tokens: [...resolved.tokens, "items"] };
    const additional = own(schema, "additionalProperties");
    if (isJsonObject(additional)) {
      out.additionalProperties = { node: additional, tokens: [...resolved.tokens, "additionalProperties"] };
    }
    if (out.type === undefined) {
      if (out.properties.size > 0) out.type = "object";
      else if (out.items !== undefined) out.type = "array";
    }
    return out;
  }

  compareSchema(pair: SchemaPair): void {
    if (pair.depth > this.maxDepth) return;
    const oldLoc = this.resolve("old", pair.old.node, pair.old.tokens);
    const newLoc = this.resolve("new", pair.new.node, pair.new.tokens);
    const visitKey = `${pair.dir}|${oldLoc.tokens.join("/")}|${newLoc.tokens.join("/")}`;
    if (pair.visited.has(visitKey)) return; // loops through $ref, or a shared definition already compared
    pair.visited.add(visitKey);
    const oldS = this.normalize("old", oldLoc.node, oldLoc.tokens);
    const newS = this.normalize("new", newLoc.node, newLoc.tokens);
    const where = describe(pair.root, pair.path);
    const op = pair.opId ?? "connector";
    const input = pair.dir === "input";

    if (oldS.type !== newS.type) {
      const widening =
        oldS.type !== undefined &&
        (newS.type === undefined || INPUT_TYPE_WIDENINGS.has(`${oldS.type}>${newS.type}`));
      const narrowing =
        newS.type !== undefined &&
        (oldS.type === undefined || INPUT_TYPE_WIDENINGS.has(`${newS.type}>${oldS.type}`));
      const msg = `${op}: ${where} type changed from ${typeName(oldS.type)} to ${typeName(newS.type)}.`;
      if (input) {
        this.emit(widening ? "type-widened" : "type-changed", msg, [...newLoc.tokens, "type"], pair.opId);
      } else {
        this.emit(
          "response-type-changed",
          msg,
          [...newLoc.tokens, "type"],
          pair.opId,
          narrowing ? "info" : undefined,
        );
      }
      return;
    }
    if (oldS.format !== newS.format) {
      const msg = `${op}: ${where} format changed from ${jsonKey(oldS.format ?? null)} to ${jsonKey(newS.format ?? null)}.`;
      const widening = INPUT_FORMAT_WIDENINGS.has(`${oldS.format ?? ""}>${newS.format ?? ""}`);
      const narrowing = INPUT_FORMAT_WIDENINGS.has(`${newS.format ?? ""}>${oldS.format ?? ""}`);
      if (input) {
        this.emit(widening ? "type-widened" : "format-changed", msg, [...newLoc.tokens, "format"], pair.opId);
      } else {
        this.emit(
          "response-format-changed",
          msg,
          [...newLoc.tokens, "format"],
          pair.opId,
          narrowing || oldS.format === undefined ? "info" : undefined,
        );
      }
    }
    this.compareEnums(oldS, newS, pair, newLoc.tokens, where);

    if (oldS.properties.size > 0 || newS.properties.size > 0) {
      this.compareProperties(oldS, newS, pair);
    }
    if (oldS.items !== undefined && newS.items !== undefined) {
      this.compareSchema({
        ...pair,
        old: oldS.items,
        new: newS.items,
        path: pair.path === "" ? "[]" : `${pair.path}[]`,
        depth: pair.depth + 1,
      });
    }
    if (oldS.additionalProperties !== undefined && newS.additionalProperties !== undefined) {
      this.compareSchema({
        ...pair,
        old: oldS.additionalProperties,
        new: newS.additionalProperties,
        path: pair.path === "" ? "{*}" : `${pair.path}{*}`,
        depth: pair.depth + 1,
      });
    }
  }

  private compareEnums(
    oldS: NormalizedSchema,
    newS: NormalizedSchema,
    pair: SchemaPair,
    tokens: string[],
    where: string,
  ): void {
    const op = pair.opId ?? "connector";
    const enumTokens = [...tokens, "enum"];
    if (oldS.enum === undefined && newS.enum === undefined) return;
    if (pair.dir === "input") {
      if (oldS.enum === undefined && newS.enum !== undefined) {
        this.emit(
          "enum-added",
          `${op}: ${where} is now limited to ${jsonKey(newS.enum)}.`,
          enumTokens,
          pair.opId,
        );
        return;
      }
      if (newS.enum === undefined) {
        this.emit(
          "enum-value-added",
          `${op}: ${where} no longer limits values to an enum.`,
          tokens,
          pair.opId,
        );
        return;
      }
    }
    const oldValues = new Set((oldS.enum ?? []).map(jsonKey));
    const newValues = new Set((newS.enum ?? []).map(jsonKey));
    const removed = [...oldValues].filter((v) => !newValues.has(v));
    const added = [...newValues].filter((v) => !oldValues.has(v));
    if (pair.dir === "input") {
      if (removed.length > 0) {
        this.emit(
          "enum-value-removed",
          `${op}: ${where} no longer accepts ${removed.join(", ")}.`,
          enumTokens,
          pair.opId,
        );
      }
      if (added.length > 0) {
        this.emit(
          "enum-value-added",
          `${op}: ${where} also accepts ${added.join(", ")}.`,
          enumTokens,
          pair.opId,
        );
      }
    } else if (added.length > 0 && oldS.enum !== undefined) {
      this.emit(
        "response-enum-value-added",
        `${op}: ${where} can now also be ${added.join(", ")}.`,
        enumTokens,
        pair.opId,
      );
    }
  }

  private compareProperties(oldS: NormalizedSchema, newS: NormalizedSchema, pair: SchemaPair): void {
    const op = pair.opId ?? "connector";
    const input = pair.dir === "input";
    for (const [key, oldProp] of oldS.properties) {
      const path = joinPath(pair.path, key);
      const where = describe(pair.root, path);
      const newProp = newS.properties.get(key);
      if (newProp === undefined) {
        const oldNorm = this.normalize("old", oldProp.node, oldProp.tokens);
        const hidden = oldNorm.visibility === "internal" || (input && oldNorm.readOnly);
        this.emit(
          input ? "property-removed" : "response-property-removed",
          `${op}: ${where} was removed${hidden ? ` (it was ${oldNorm.readOnly ? "read-only" : "internal"})` : ""}.`,
          oldProp.tokens,
          pair.opId,
          hidden ? "warning" : undefined,
        );
        continue;
      }
      if (input) {
        const oldNorm = this.normalize("old", oldProp.node, oldProp.tokens);
        const newNorm = this.normalize("new", newProp.node, newProp.tokens);
        if (!newNorm.readOnly) {
          this.checkInputFlags({
            oldRequired: oldS.required.has(key),
            newRequired: newS.required.has(key),
            oldNorm,
            newNorm,
            kind: "property",
            display: where,
            tokens: newProp.tokens,
            name: op,
            opId: pair.opId,
          });
        }
      }
      this.compareSchema({ ...pair, old: oldProp, new: newProp, path, depth: pair.depth + 1 });
    }
    for (const [key, newProp] of newS.properties) {
      if (oldS.properties.has(key)) continue;
      const where = describe(pair.root, joinPath(pair.path, key));
      if (!input) {
        this.emit("response-property-added", `${op}: new output ${where}.`, newProp.tokens, pair.opId);
        continue;
      }
      const newNorm = this.normalize("new", newProp.node, newProp.tokens);
      if (newS.required.has(key) && !newNorm.readOnly) {
        this.emit(
          "required-property-added",
          `${op}: new required ${where}${newNorm.hasDefault ? " (has a default)" : ""}.`,
          newProp.tokens,
          pair.opId,
          newNorm.hasDefault ? "warning" : undefined,
        );
      } else {
        this.emit("property-added", `${op}: new optional ${where}.`, newProp.tokens, pair.opId);
      }
    }
  }
}

function assertSwagger(doc: DocName, value: unknown): JsonObject {
  if (!isJsonObject(value)) {
    throw new ConnectorDiffError(
      doc,
      `expected a Swagger 2.0 object, got ${value === null ? "null" : typeof value}`,
    );
  }
  if (own(value, "openapi") !== undefined) {
    throw new ConnectorDiffError(doc, "OpenAPI 3 documents are not supported; connectors use Swagger 2.0");
  }
  if (own(value, "swagger") !== "2.0") {
    throw new ConnectorDiffError(
      doc,
      `expected "swagger": "2.0", got ${jsonKey(own(value, "swagger"))}`,
      "/swagger",
    );
  }
  if (!isJsonObject(own(value, "paths"))) {
    throw new ConnectorDiffError(doc, '"paths" must be an object', "/paths");
  }
  return value;
}

/**
 * Compares two versions of a connector's Swagger 2.0 definition and reports what would break existing flows and apps,
 * following the platform's Breaking Change Detector and the "operational versioning" guidance: operations must not be
 * removed or renamed, inputs must not become stricter, outputs must not disappear, the connector must not be renamed.
 * Additive changes are reported as `info`. `$ref`s to `#/definitions`, `#/parameters` and `#/responses` are followed;
 * recursive definitions are compared once.
 *
 * @param oldSwagger - The published `apiDefinition.swagger.json` (parsed JSON).
 * @param newSwagger - The candidate version (parsed JSON).
 * @param options - Rule filtering and limits; see {@link DiffOptions}.
 * @returns Every change plus the number of breaking ones.
 * @throws {ConnectorDiffError} When an input is not a Swagger 2.0 object or contains a `$ref` that cannot be followed.
 * @example
 * ```ts
 * import { diffConnectors, formatChanges } from "@connectorkit/sdk/diff";
 * const before = { swagger: "2.0", info: { title: "Todo", version: "1" }, paths: { "/items": { get: { operationId: "ListItems", responses: {} } } } };
 * const after = { swagger: "2.0", info: { title: "Todo", version: "2" }, paths: { "/items": { get: { operationId: "GetItems", responses: {} } } } };
 * const { changes, breaking } = diffConnectors(before, after);
 * // breaking === 1, changes[0].ruleId === "operation-renamed"
 * if (breaking > 0) console.error(formatChanges(changes));
 * ```
 */
export function diffConnectors(
  oldSwagger: unknown,
  newSwagger: unknown,
  options: DiffOptions = {},
): DiffResult {
  const differ = new Differ(assertSwagger("old", oldSwagger), assertSwagger("new", newSwagger), options);
  differ.compareConnector();
  differ.compareOperations();
  const changes = differ.changes;
  return { changes, breaking: changes.filter((c) => c.severity === "breaking").length };
}
