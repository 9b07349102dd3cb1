/**
 * @module Offline connector validator: Microsoft's Swagger Validator rules, platform limits, certification rules.
 */

export type { ValidatorLimits } from "./context";
export { DEFAULT_VALIDATOR_LIMITS } from "./context";
// Reporting
export type { FormatProblemsOptions } from "./format-problems";
export { formatProblems } from "./format-problems";

// Parsing
export type { ParseConnectorFileOptions, ParsedConnectorFile } from "./parse-connector-file";
export { parseConnectorFile } from "./parse-connector-file";
export { renderValidatorRulesMarkdown } from "./render-rules-doc";
// Rule catalogue
export type { RuleId } from "./rules";
export { VALIDATOR_RULES } from "./rules";
// Types
export type {
  ConnectorInput,
  RuleCategory,
  RuleSource,
  ValidateConnectorOptions,
  ValidationProblem,
  ValidationResult,
  ValidationSeverity,
  ValidatorRule,
} from "./types";
// Validation
export type { ValidateConnectorRunOptions } from "./validate-connector";
export { validateConnector } from "./validate-connector";
