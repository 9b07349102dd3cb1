/**
 * Human-readable rendering of validation problems.
 * @module
 */
import type { ValidationProblem } from "./types";

/**
 * Options of {@link formatProblems}.
 *
 * @example
 * ```ts
 * const options: FormatProblemsOptions = { fileNames: { apiDefinition: "connector/apiDefinition.swagger.json" } };
 * ```
 */
export interface FormatProblemsOptions {
  /** Display names of the two files. @default { apiDefinition: "apiDefinition.swagger.json", apiProperties: "apiProperties.json" } */
  fileNames?: { apiDefinition?: string; apiProperties?: string };
}

/**
 * Renders problems as a plain-text report: one line per problem (`file:line:column severity ruleId message`)
 * followed by the JSON pointer and operationId, then a summary line.
 *
 * @param problems - Problems from {@link validateConnector}.
 * @param options - File display names.
 * @returns The report text (ends without a newline).
 * @example
 * ```ts
 * import { formatProblems, validateConnector } from "@connectorkit/sdk";
 * const { problems } = validateConnector({ swagger: '{"swagger":"1.2","info":{},"paths":{}}' });
 * console.log(formatProblems(problems));
 * // apiDefinition.swagger.json:1:12 error SpecificationVersionIncorrect The 'swagger' property must have ...
 * ```
 */
export function formatProblems(
  problems: readonly ValidationProblem[],
  options: FormatProblemsOptions = {},
): string {
  const names = {
    apiDefinition: options.fileNames?.apiDefinition ?? "apiDefinition.swagger.json",
    apiProperties: options.fileNames?.apiProperties ?? "apiProperties.json",
  };
  const lines: string[] = [];
  let errors = 0;
  for (const p of problems) {
    if (p.severity === "error") errors++;
    const where = p.line === undefined ? names[p.file] : `${names[p.file]}:${p.line}:${p.column ?? 1}`;
    lines.push(`${where} ${p.severity} ${p.ruleId} ${p.message}`);
    const details = [`at ${p.pointer === "" ? "(document)" : p.pointer}`];
    if (p.operationId !== undefined) details.push(`operation ${p.operationId}`);
    lines.push(`    ${details.join(", ")}`);
  }
  const warnings = problems.length - errors;
  lines.push(
    problems.length === 0
      ? "No problems found."
      : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}.`,
  );
  return lines.join("\n");
}
