/**
 * Shared state of one validation run: the problem sink, limits and the operation index.
 * @internal
 * @module
 */
import { RULE_TABLE, type RuleId } from "./rules";
import type { ValidationProblem } from "./types";
import { entriesOf, getAt, isObject, type JsonObject, parsePointer, ptr } from "./util";

/**
 * Platform limits the validator checks. Defaults are Microsoft's published values; where Microsoft does not publish
 * one (operationId length, schema depth) the default is an assumption.
 *
 * @example
 * ```ts
 * const limits: ValidatorLimits = { ...DEFAULT_VALIDATOR_LIMITS, maxOperations: 100 };
 * ```
 */
export interface ValidatorLimits {
  /** Operations per connector. @default 256 */
  maxOperations: number;
  /** Schemas in one request or response body, `$ref`s expanded. @default 512 */
  maxBodySchemas: number;
  /** Schemas in one operation, `$ref`s expanded. @default 16384 */
  maxOperationSchemas: number;
  /** Schemas in the whole document. @default 4194304 */
  maxTotalSchemas: number;
  /** Nesting levels of a schema, `$ref`s included (assumed). @default 64 */
  maxSchemaDepth: number;
  /** operationId length (must be less than this; assumed). @default 128 */
  maxOperationIdLength: number;
  /** Size of the swagger file in bytes. @default 1048576 */
  maxDefinitionBytes: number;
  /** Operation summary length for OperationSummaryTooLong. @default 120 */
  maxSummaryLength: number;
}

/**
 * The default {@link ValidatorLimits}.
 *
 * @example
 * ```ts
 * import { DEFAULT_VALIDATOR_LIMITS } from "@connectorkit/sdk";
 * DEFAULT_VALIDATOR_LIMITS.maxOperations; // 256
 * ```
 */
export const DEFAULT_VALIDATOR_LIMITS: Readonly<ValidatorLimits> = Object.freeze({
  maxOperations: 256,
  maxBodySchemas: 512,
  maxOperationSchemas: 16384,
  maxTotalSchemas: 256 * 16384,
  maxSchemaDepth: 64,
  maxOperationIdLength: 128,
  maxDefinitionBytes: 1024 * 1024,
  maxSummaryLength: 120,
});

/** Collects problems; drops certification-only rules unless enabled; de-duplicates. @internal */
export class Reporter {
  readonly problems: ValidationProblem[] = [];
  truncated = false;
  private readonly seen = new Set<string>();

  constructor(
    readonly file: "apiDefinition" | "apiProperties",
    readonly certification: boolean,
    private readonly maxProblems: number,
  ) {}

  report(ruleId: RuleId, pointer: string, message: string, operationId?: string): void {
    const rule = RULE_TABLE[ruleId];
    if ("certificationOnly" in rule && rule.certificationOnly && !this.certification) return;
    const key = `${ruleId}\u0000${pointer}\u0000${message}`;
    if (this.seen.has(key)) return;
    if (this.problems.length >= this.maxProblems) {
      this.truncated = true;
      return;
    }
    this.seen.add(key);
    const problem: ValidationProblem = { ruleId, severity: rule.severity, message, pointer, file: this.file };
    if (operationId !== undefined) problem.operationId = operationId;
    this.problems.push(problem);
  }
}

/** HTTP methods Swagger 2.0 allows on a path item. @internal */
export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;

/** One operation of the document. @internal */
export interface OperationInfo {
  path: string;
  method: string;
  pointer: string;
  pathPointer: string;
  op: JsonObject;
  pathItem: JsonObject;
  /** The operationId when it is a non-empty string. */
  id: string | undefined;
}

/** A parameter as an operation sees it, `$ref` resolved. @internal */
export interface ParamInfo {
  /** Where it is listed (the array entry). */
  pointer: string;
  /** Where its definition lives (the entry itself, or `#/parameters/x`). */
  defPointer: string;
  param: JsonObject;
  name: string | undefined;
  in: string | undefined;
}

/** Everything a check needs. @internal */
export class ValidationContext {
  readonly operations: OperationInfo[] = [];
  readonly byId = new Map<string, OperationInfo>();

  constructor(
    readonly doc: JsonObject,
    readonly reporter: Reporter,
    readonly limits: ValidatorLimits,
  ) {
    const paths = doc["paths"];
    for (const [path, item] of entriesOf(paths)) {
      if (!isObject(item)) continue;
      const pathPointer = ptr("/paths", path);
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const rawId = op["operationId"];
        const id = typeof rawId === "string" && rawId !== "" ? rawId : undefined;
        const info: OperationInfo = {
          path,
          method,
          pointer: ptr(pathPointer, method),
          pathPointer,
          op,
          pathItem: item,
          id,
        };
        this.operations.push(info);
        if (id !== undefined && !this.byId.has(id)) this.byId.set(id, info);
      }
    }
  }

  report(ruleId: RuleId, pointer: string, message: string, operationId?: string): void {
    this.reporter.report(ruleId, pointer, message, operationId);
  }

  /** Resolves a local `$ref` (`#/…`) to its target, or `undefined`. */
  resolve(ref: unknown): unknown {
    if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
    let tokens: string[] | undefined;
    try {
      tokens = parsePointer(decodeURIComponent(ref.slice(1)));
    } catch {
      return undefined;
    }
    return tokens === undefined ? undefined : getAt(this.doc, tokens);
  }

  /** Follows a schema `$ref` chain (bounded) and returns the first non-`$ref` schema. */
  deref(schema: unknown): JsonObject | undefined {
    let cur = schema;
    for (let i = 0; i < 32 && isObject(cur) && typeof cur["$ref"] === "string"; i++)
      cur = this.resolve(cur["$ref"]);
    return isObject(cur) && typeof cur["$ref"] !== "string" ? cur : undefined;
  }

  /** A parameter list entry, resolved through `#/parameters`. */
  resolveParam(entry: unknown, pointer: string): ParamInfo | undefined {
    let param = entry;
    let defPointer = pointer;
    if (isObject(entry) && typeof entry["$ref"] === "string") {
      const ref = entry["$ref"];
      param = this.resolve(ref);
      if (ref.startsWith("#/")) defPointer = decodeSafe(ref.slice(1));
    }
    if (!isObject(param) || typeof param["$ref"] === "string") return undefined;
    const name = param["name"];
    const where = param["in"];
    return {
      pointer,
      defPointer,
      param,
      name: typeof name === "string" ? name : undefined,
      in: typeof where === "string" ? where : undefined,
    };
  }

  /** Path-level parameters merged with operation parameters (the operation's win on name + location). */
  parameters(info: OperationInfo): ParamInfo[] {
    const out: ParamInfo[] = [];
    const own = this.list(info.op["parameters"], ptr(info.pointer, "parameters"));
    const shared = this.list(info.pathItem["parameters"], ptr(info.pathPointer, "parameters"));
    const key = (p: ParamInfo) => `${p.in}\u0000${p.name}`;
    const ownKeys = new Set(own.map(key));
    for (const p of shared) if (!ownKeys.has(key(p))) out.push(p);
    out.push(...own);
    return out;
  }

  private list(params: unknown, pointer: string): ParamInfo[] {
    if (!Array.isArray(params)) return [];
    const out: ParamInfo[] = [];
    params.forEach((entry, i) => {
      const p = this.resolveParam(entry, ptr(pointer, i));
      if (p !== undefined) out.push(p);
    });
    return out;
  }

  /** The body parameter's schema (dereferenced), if any. */
  bodySchema(info: OperationInfo): { schema: JsonObject; pointer: string } | undefined {
    const body = this.parameters(info).find((p) => p.in === "body");
    if (body === undefined) return undefined;
    const schema = this.deref(body.param["schema"]);
    return schema === undefined ? undefined : { schema, pointer: ptr(body.defPointer, "schema") };
  }

  /** The operation's success response schema: 200, else 201, else the first 2xx with a schema. */
  successSchema(info: OperationInfo): JsonObject | undefined {
    const responses = info.op["responses"];
    if (!isObject(responses)) return undefined;
    const codes = ["200", "201", ...Object.keys(responses).filter((c) => /^2\d\d$/.test(c))];
    for (const code of codes) {
      let response = responses[code];
      if (isObject(response) && typeof response["$ref"] === "string")
        response = this.resolve(response["$ref"]);
      if (isObject(response) && response["schema"] !== undefined) return this.deref(response["schema"]);
    }
    return undefined;
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
