/**
 * Breaking-change detection between two connector versions. Build-time only.
 * @module @connectorkit/sdk/diff
 */
export { ConnectorDiffError } from "./diff/connector-diff-error";
// Comparing documents
export { diffConnectors } from "./diff/diff-connectors";
export type { FormatChangesOptions } from "./diff/format-changes";
export { formatChanges } from "./diff/format-changes";
export type { DiffRuleId } from "./diff/rules";
// Rules and results
export { DIFF_RULES } from "./diff/rules";
export type { ChangeSeverity, ConnectorChange, DiffOptions, DiffResult } from "./diff/types";
