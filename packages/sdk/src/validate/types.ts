/**
 * Public types of the offline connector validator.
 * @module
 */

/**
 * How serious a problem is. `error` blocks a submission; `warning` is advice.
 *
 * @example
 * ```ts
 * const s: ValidationSeverity = "warning";
 * ```
 */
export type ValidationSeverity = "error" | "warning";

/**
 * Where a rule comes from: `microsoft` rules carry the id of Microsoft's published Swagger Validator rule
 * (learn.microsoft.com/connectors/custom-connectors/certification-swagger-validator-rules); `connectorkit` rules
 * cover checks the catalogue has no id for (JSON syntax, the 1 MB limit, apiProperties.json).
 *
 * @example
 * ```ts
 * const source: RuleSource = "microsoft";
 * ```
 */
export type RuleSource = "microsoft" | "connectorkit";

/**
 * The section of the catalogue a rule belongs to.
 *
 * @example
 * ```ts
 * const c: RuleCategory = "webhooks";
 * ```
 */
export type RuleCategory =
  | "operations"
  | "arrays"
  | "not-supported"
  | "parameters"
  | "properties"
  | "response"
  | "security"
  | "webhooks"
  | "metadata"
  | "input"
  | "api-properties";

/**
 * One rule the validator implements.
 *
 * @example
 * ```ts
 * import { VALIDATOR_RULES } from "@connectorkit/sdk";
 * const rule: ValidatorRule | undefined = VALIDATOR_RULES.find((r) => r.id === "SchemesArrayEmpty");
 * ```
 */
export interface ValidatorRule {
  /** Rule id; for `source: "microsoft"` exactly as Microsoft publishes it. */
  readonly id: string;
  /** Severity the validator reports. */
  readonly severity: ValidationSeverity;
  /** Catalogue section. */
  readonly category: RuleCategory;
  /** One line about what the rule checks. */
  readonly description: string;
  /** Where the rule id comes from. */
  readonly source: RuleSource;
  /** `true` when the rule only runs with `certification: true`. */
  readonly certificationOnly: boolean;
}

/**
 * One problem found in a connector.
 *
 * @example
 * ```ts
 * const p: ValidationProblem = {
 *   ruleId: "OperationIdRequired",
 *   severity: "error",
 *   message: "The operation 'operationId' property is required.",
 *   pointer: "/paths/~1items/get",
 *   file: "apiDefinition",
 * };
 * ```
 */
export interface ValidationProblem {
  /** Rule id (see {@link ValidatorRule}). */
  ruleId: string;
  /** Severity of the rule. */
  severity: ValidationSeverity;
  /** Human-readable message. */
  message: string;
  /** RFC 6901 JSON pointer to the offending node in `file` (`""` = the whole document). */
  pointer: string;
  /** Which input file the pointer refers to. */
  file: "apiDefinition" | "apiProperties";
  /** The operationId of the operation the problem is inside, when there is one. */
  operationId?: string;
  /** 1-based line of the node, when the input was text. */
  line?: number;
  /** 1-based column of the node, when the input was text. */
  column?: number;
}

/**
 * What to validate. Each file may be given as text (JSON, tolerating BOM, comments and trailing commas) or as an
 * already-parsed value.
 *
 * @example
 * ```ts
 * const input: ConnectorInput = { swagger: '{"swagger":"2.0"}', apiProperties: { properties: {} } };
 * ```
 */
export interface ConnectorInput {
  /** `apiDefinition.swagger.json`: text or parsed value. */
  swagger: unknown;
  /** `apiProperties.json`: text or parsed value (optional). */
  apiProperties?: unknown;
}

/**
 * Options of {@link validateConnector}.
 *
 * @example
 * ```ts
 * const options: ValidateConnectorOptions = { certification: true, independentPublisher: true };
 * ```
 */
export interface ValidateConnectorOptions {
  /**
   * Also run the certification rules (title, description and summary wording, `x-ms-connector-metadata`,
   * publisher/stackOwner, brand colour), as `paconn validate` does with `enableConnectorCertificationRules=true`.
   * @default false
   */
  certification?: boolean;
  /**
   * The connector is submitted as an independent publisher: `iconBrandColor` must be `#da3b01`.
   * @default false
   */
  independentPublisher?: boolean;
  /**
   * Stop collecting problems after this many (the result then carries `truncated: true`).
   * @default 10000
   */
  maxProblems?: number;
}

/**
 * Result of {@link validateConnector}.
 *
 * @example
 * ```ts
 * const r: ValidationResult = { problems: [], errorCount: 0, warningCount: 0, truncated: false };
 * ```
 */
export interface ValidationResult {
  /** Problems, sorted by file, then pointer, then rule id. */
  problems: ValidationProblem[];
  /** Number of problems with severity `error`. */
  errorCount: number;
  /** Number of problems with severity `warning`. */
  warningCount: number;
  /** `true` when `maxProblems` was reached and further problems were dropped. */
  truncated: boolean;
}
