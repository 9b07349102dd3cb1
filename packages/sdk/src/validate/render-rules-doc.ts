/**
 * Renders docs/validator-rules.md from {@link VALIDATOR_RULES}.
 * @module
 */
import { VALIDATOR_RULES } from "./rules";

/**
 * Renders the Markdown page listing every rule the validator implements (docs/validator-rules.md).
 *
 * @returns The Markdown text.
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { renderValidatorRulesMarkdown } from "@connectorkit/sdk";
 * writeFileSync("docs/validator-rules.md", renderValidatorRulesMarkdown());
 * ```
 */
export function renderValidatorRulesMarkdown(): string {
  const microsoft = VALIDATOR_RULES.filter((r) => r.source === "microsoft");
  const own = VALIDATOR_RULES.filter((r) => r.source === "connectorkit");
  const row = (r: (typeof VALIDATOR_RULES)[number]) =>
    `| \`${r.id}\` | ${r.severity} | ${r.category}${r.certificationOnly ? " (certification)" : ""} | ${r.description.replace(/\|/g, "\\|")} |`;
  return [
    "# Validator rules",
    "",
    "<!-- Generated from VALIDATOR_RULES (packages/sdk/src/validate/rules.ts). Do not edit by hand: run",
    "     `cd packages/sdk && npx tsx src/validate/write-rules-doc.ts` (a test fails when this file is out of date). -->",
    "",
    "`validateConnector` implements Microsoft's published Swagger Validator rules offline, with the same rule ids",
    "([catalogue](https://learn.microsoft.com/connectors/custom-connectors/certification-swagger-validator-rules)),",
    "plus a few connectorkit rules for things the catalogue has no id for.",
    "",
    'Microsoft does not publish severities: a rule whose message says "should" is reported as a warning, every',
    "other rule as an error. Rules marked *(certification)* only run with `{ certification: true }`.",
    "Limits Microsoft does not publish (operationId length 128, schema depth 64) are assumptions and can be",
    "changed with the `limits` option.",
    "",
    `## Microsoft rule ids (${microsoft.length})`,
    "",
    "| Rule id | Severity | Category | Checks |",
    "|---|---|---|---|",
    ...microsoft.map(row),
    "",
    `## connectorkit rules (${own.length})`,
    "",
    "| Rule id | Severity | Category | Checks |",
    "|---|---|---|---|",
    ...own.map(row),
    "",
  ].join("\n");
}
