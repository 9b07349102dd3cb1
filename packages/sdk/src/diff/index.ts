/** @module Breaking-change detection between two versions of a connector's Swagger 2.0 definition. */

// Errors
export { ConnectorDiffError } from "./connector-diff-error";
// Comparing documents
export { diffConnectors } from "./diff-connectors";
export type { FormatChangesOptions } from "./format-changes";
export { formatChanges } from "./format-changes";
export type { DiffRuleId } from "./rules";
// Rules and results
export { DIFF_RULES } from "./rules";
export type { ChangeSeverity, ConnectorChange, DiffOptions, DiffResult } from "./types";
