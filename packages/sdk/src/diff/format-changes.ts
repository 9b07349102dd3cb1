import type { ChangeSeverity, ConnectorChange } from "./types";

/**
 * Options of {@link formatChanges}.
 *
 * @example
 * ```ts
 * const options: FormatChangesOptions = { minSeverity: "warning" };
 * ```
 */
export interface FormatChangesOptions {
  /** Hide changes less severe than this. @default "info" */
  minSeverity?: ChangeSeverity;
  /** Append the JSON pointer of each change. @default true */
  pointers?: boolean;
}

const ORDER: readonly ChangeSeverity[] = ["breaking", "warning", "info"];
const HEADINGS: Record<ChangeSeverity, string> = {
  breaking: "Breaking changes",
  warning: "Warnings",
  info: "Other changes",
};

/**
 * Renders changes as plain text for a terminal or a pull-request comment: grouped by severity (breaking first),
 * one line per change with its rule id, then a summary line.
 *
 * @param changes - The `changes` array returned by `diffConnectors`.
 * @param options - Filtering and layout; see {@link FormatChangesOptions}.
 * @returns Multi-line text; `"No changes."` when there is nothing to show.
 * @example
 * ```ts
 * import { formatChanges } from "@connectorkit/sdk/diff";
 * const text = formatChanges([
 *   { ruleId: "operation-removed", severity: "breaking", message: 'Operation "GetItems" (GET /items) was removed.', pointer: "/paths/~1items/get", operationId: "GetItems" },
 * ]);
 * // Breaking changes (1):
 * //   ✗ [operation-removed] Operation "GetItems" (GET /items) was removed.  (/paths/~1items/get)
 * //
 * // 1 breaking, 0 warnings, 0 info
 * ```
 */
export function formatChanges(
  changes: readonly ConnectorChange[],
  options: FormatChangesOptions = {},
): string {
  const minIndex = ORDER.indexOf(options.minSeverity ?? "info");
  const withPointers = options.pointers ?? true;
  const marks: Record<ChangeSeverity, string> = { breaking: "✗", warning: "!", info: "+" };
  const lines: string[] = [];
  for (const severity of ORDER.slice(0, minIndex + 1)) {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push("");
    lines.push(`${HEADINGS[severity]} (${group.length}):`);
    for (const change of group) {
      const where = withPointers && change.pointer !== "" ? `  (${change.pointer})` : "";
      lines.push(`  ${marks[severity]} [${change.ruleId}] ${oneLine(change.message)}${where}`);
    }
  }
  const count = (s: ChangeSeverity): number => changes.filter((c) => c.severity === s).length;
  const warnings = count("warning");
  const summary = `${count("breaking")} breaking, ${warnings} warning${warnings === 1 ? "" : "s"}, ${count("info")} info`;
  if (lines.length === 0)
    return changes.length === 0 ? "No changes." : `No changes at this severity.\n\n${summary}`;
  return `${lines.join("\n")}\n\n${summary}`;
}

/** Keeps one change on one line even if a message carries newlines from document text. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
