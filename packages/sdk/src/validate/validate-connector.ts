/**
 * `validateConnector`: the offline implementation of Microsoft's Swagger Validator rules.
 * @module
 */
import { checkApiProperties } from "./check-api-properties";
import { checkCertification } from "./check-certification";
import { checkDocument } from "./check-document";
import {
  checkDynamicSite,
  checkFamilies,
  checkNotifications,
  type DynamicSite,
  parameterSites,
  schemaSite,
} from "./check-dynamic";
import {
  checkParameterDefinition,
  checkPathsAndOperations,
  checkResponseDefinition,
} from "./check-operations";
import { checkOperationSchemas, checkResolvedNode, checkReusableSections } from "./check-schemas";
import { DEFAULT_VALIDATOR_LIMITS, Reporter, ValidationContext, type ValidatorLimits } from "./context";
import { type ParsedConnectorFile, parseConnectorFile } from "./parse-connector-file";
import type { ConnectorInput, ValidateConnectorOptions, ValidationProblem, ValidationResult } from "./types";
import { isObject } from "./util";

/**
 * Options of {@link validateConnector}, including limit overrides.
 *
 * @example
 * ```ts
 * const options: ValidateConnectorRunOptions = { certification: true, limits: { maxOperations: 50 } };
 * ```
 */
export interface ValidateConnectorRunOptions extends ValidateConnectorOptions {
  /** Override platform limits (defaults: {@link DEFAULT_VALIDATOR_LIMITS}). */
  limits?: Partial<ValidatorLimits>;
}

interface LoadedFile {
  value: unknown;
  parsed: ParsedConnectorFile | undefined;
  bytes: number | undefined;
}

function load(
  raw: unknown,
  file: "apiDefinition" | "apiProperties",
  problems: ValidationProblem[],
): LoadedFile {
  let text: string | undefined;
  if (typeof raw === "string") text = raw;
  else if (raw instanceof Uint8Array) text = new TextDecoder("utf-8", { fatal: false }).decode(raw);
  if (text !== undefined) {
    const parsed = parseConnectorFile(text, { file });
    problems.push(...parsed.problems);
    return {
      value: parsed.ok ? parsed.value : undefined,
      parsed,
      bytes: new TextEncoder().encode(text).byteLength,
    };
  }
  let bytes: number | undefined;
  try {
    const json = JSON.stringify(raw);
    bytes = json === undefined ? undefined : new TextEncoder().encode(json).byteLength;
  } catch {
    bytes = undefined; // cyclic or too deep to serialise: the size rule cannot apply
  }
  return { value: raw, parsed: undefined, bytes };
}

function guarded(reporter: Reporter, label: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    reporter.report(
      "ValidatorInternalError",
      "",
      `The '${label}' checks failed on this input (${detail.slice(0, 200)}); other checks still ran.`,
    );
  }
}

function validateSwagger(
  doc: Record<string, unknown>,
  reporter: Reporter,
  limits: ValidatorLimits,
): ValidationContext | undefined {
  let ctx: ValidationContext | undefined;
  guarded(reporter, "index", () => {
    ctx = new ValidationContext(doc, reporter, limits);
  });
  const c = ctx;
  if (c === undefined) return undefined;
  guarded(reporter, "document", () => checkDocument(c));
  guarded(reporter, "operations", () => checkPathsAndOperations(c));
  guarded(reporter, "reusable sections", () =>
    checkReusableSections(
      c,
      (param, pointer) => checkParameterDefinition(c, param, pointer),
      (response, pointer) => checkResponseDefinition(c, response, pointer),
    ),
  );
  const sites: DynamicSite[] = [];
  let total = 0;
  for (const op of c.operations) {
    guarded(reporter, `schemas of ${op.id ?? op.pointer}`, () => {
      total += checkOperationSchemas(c, op, (n) => {
        checkResolvedNode(c, n, op.id);
        const site = schemaSite(n, op);
        if (site !== undefined) sites.push(site);
      });
      sites.push(...parameterSites(c, op));
    });
  }
  if (total > limits.maxTotalSchemas) {
    reporter.report(
      "TotalSchemaCountExceedsMaxAllowed",
      "/paths",
      `The maximum allowed number of schemas in the swagger is '${limits.maxTotalSchemas}'. Please remove any unnecessary property or item definitions.`,
    );
  }
  for (const site of sites)
    guarded(reporter, `dynamic extensions of ${site.op.id ?? site.op.pointer}`, () =>
      checkDynamicSite(c, site),
    );
  guarded(reporter, "notifications", () => checkNotifications(c));
  guarded(reporter, "operation families", () => checkFamilies(c));
  guarded(reporter, "certification", () => checkCertification(c));
  return c;
}

function looksLikeSwagger(input: Record<string, unknown>): boolean {
  return typeof input["swagger"] === "string" && (isObject(input["paths"]) || isObject(input["info"]));
}

/**
 * Validates a Power Platform connector offline with Microsoft's published Swagger Validator rules (same rule ids),
 * the platform limits, optional certification wording rules, and apiProperties.json checks. Works on any connector,
 * not only connectorkit's. Never throws: unreadable input comes back as problems.
 *
 * @param input - `{ swagger, apiProperties? }`, each as text (BOM, comments, trailing commas tolerated) or parsed JSON.
 * @param options - `certification`, `independentPublisher`, `maxProblems`, `limits`.
 * @returns Problems (rule id, severity, message, JSON pointer, operationId, line/column for text input) and counts.
 * @see {@link https://learn.microsoft.com/connectors/custom-connectors/certification-swagger-validator-rules}
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { formatProblems, validateConnector } from "@connectorkit/sdk";
 *
 * const result = validateConnector(
 *   { swagger: readFileSync("apiDefinition.swagger.json", "utf8"), apiProperties: readFileSync("apiProperties.json", "utf8") },
 *   { certification: true },
 * );
 * console.log(formatProblems(result.problems));
 * process.exitCode = result.errorCount > 0 ? 1 : 0;
 * ```
 */
export function validateConnector(
  input: ConnectorInput,
  options: ValidateConnectorRunOptions = {},
): ValidationResult {
  const maxProblems =
    typeof options.maxProblems === "number" && options.maxProblems > 0 ? options.maxProblems : 10000;
  const certification = options.certification === true;
  const limits: ValidatorLimits = {
    ...DEFAULT_VALIDATOR_LIMITS,
    ...(isObject(options.limits) ? options.limits : {}),
  };
  const problems: ValidationProblem[] = [];
  let truncated = false;
  try {
    let swaggerRaw: unknown;
    let propsRaw: unknown;
    if (isObject(input) && !looksLikeSwagger(input)) {
      swaggerRaw = input["swagger"];
      propsRaw = input["apiProperties"];
    } else {
      swaggerRaw = input;
    }
    const swaggerReporter = new Reporter("apiDefinition", certification, maxProblems);
    const swagger = load(swaggerRaw, "apiDefinition", problems);
    let ctx: ValidationContext | undefined;
    if (swagger.parsed === undefined || swagger.parsed.ok) {
      if (!isObject(swagger.value)) {
        swaggerReporter.report(
          "DocumentNotObject",
          "",
          `The swagger document must be a JSON object (found ${swagger.value === null ? "null" : Array.isArray(swagger.value) ? "array" : typeof swagger.value}).`,
        );
      } else {
        if (swagger.bytes !== undefined && swagger.bytes > limits.maxDefinitionBytes) {
          swaggerReporter.report(
            "DefinitionSizeExceedsMaxAllowed",
            "",
            `The swagger file is ${swagger.bytes} bytes; the maximum is ${limits.maxDefinitionBytes} bytes (1 MB). Split the API into several connectors.`,
          );
        }
        ctx = validateSwagger(swagger.value, swaggerReporter, limits);
      }
    }
    locate(swaggerReporter.problems, swagger.parsed);
    problems.push(...swaggerReporter.problems);
    truncated ||= swaggerReporter.truncated;
    if (propsRaw !== undefined) {
      const propsReporter = new Reporter("apiProperties", certification, maxProblems);
      const props = load(propsRaw, "apiProperties", problems);
      if (props.parsed === undefined || props.parsed.ok) {
        guarded(propsReporter, "apiProperties", () =>
          checkApiProperties(propsReporter, props.value, {
            independentPublisher: options.independentPublisher === true,
            operationIds: ctx === undefined ? undefined : new Set(ctx.byId.keys()),
          }),
        );
      }
      locate(propsReporter.problems, props.parsed);
      problems.push(...propsReporter.problems);
      truncated ||= propsReporter.truncated;
    }
  } catch (error) {
    problems.push({
      ruleId: "ValidatorInternalError",
      severity: "error",
      message: `Validation stopped unexpectedly (${error instanceof Error ? error.message : String(error)}).`,
      pointer: "",
      file: "apiDefinition",
    });
  }
  const sorted = problems.slice(0, maxProblems);
  if (problems.length > maxProblems) truncated = true;
  sorted.sort(compareProblems);
  let errorCount = 0;
  for (const p of sorted) if (p.severity === "error") errorCount++;
  return { problems: sorted, errorCount, warningCount: sorted.length - errorCount, truncated };
}

function locate(problems: ValidationProblem[], parsed: ParsedConnectorFile | undefined): void {
  if (parsed === undefined || !parsed.ok) return;
  for (const p of problems) {
    if (p.line !== undefined) continue;
    const where = parsed.locate(p.pointer);
    if (where !== undefined) {
      p.line = where.line;
      p.column = where.column;
    }
  }
}

function compareProblems(a: ValidationProblem, b: ValidationProblem): number {
  if (a.file !== b.file) return a.file === "apiDefinition" ? -1 : 1;
  if (a.line !== undefined && b.line !== undefined && a.line !== b.line) return a.line - b.line;
  if (a.pointer !== b.pointer) return a.pointer < b.pointer ? -1 : 1;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
