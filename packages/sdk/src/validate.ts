/**
 * Offline connector validator with Microsoft's rule ids. Build-time only.
 * @module @connectorkit/sdk/validate
 */
export type { ValidatorLimits } from "./validate/context";
export { DEFAULT_VALIDATOR_LIMITS } from "./validate/context";
// Reporting
export type { FormatProblemsOptions } from "./validate/format-problems";
export { formatProblems } from "./validate/format-problems";

// Parsing
export type { ParseConnectorFileOptions, ParsedConnectorFile } from "./validate/parse-connector-file";
export { parseConnectorFile } from "./validate/parse-connector-file";
export { renderValidatorRulesMarkdown } from "./validate/render-rules-doc";
// Rule catalogue
export type { RuleId } from "./validate/rules";
export { VALIDATOR_RULES } from "./validate/rules";
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
} from "./validate/types";
// Validation
export type { ValidateConnectorRunOptions } from "./validate/validate-connector";
export { validateConnector } from "./validate/validate-connector";
