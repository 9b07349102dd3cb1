/**
 * `connectorkit diff`: breaking changes between two versions of a connector.
 * @module
 */

import type { ChangeSeverity } from "@connectorkit/sdk/diff";
import { ConnectorDiffError, diffConnectors, formatChanges } from "@connectorkit/sdk/diff";
import type { ResolvedCliContext } from "./cli-context";
import { CliError } from "./cli-error";
import { EXIT_CODES } from "./exit-codes";
import { readJsonFile, resolveSwaggerPath } from "./files";
import { parseCommandArgs, stringFlag } from "./parse-command-args";

/** Usage text of `connectorkit diff`. @internal */
export const DIFF_USAGE = `Usage: connectorkit diff <old> <new> [options]

Compares two versions of a connector (swagger files or connector directories) and lists breaking
changes (what breaks existing flows and apps), warnings and other changes.

Options:
  --min-severity <s>   hide changes below breaking|warning|info (default info)
  --ignore <ruleId>    drop a rule's changes (repeatable)
  --json               print one JSON object instead of text
  -h, --help           show this help

Exit codes: 0 no breaking changes, 1 breaking changes found, 2 usage or input error, 3 internal error.`;

const SEVERITIES: readonly ChangeSeverity[] = ["breaking", "warning", "info"];

/**
 * Runs `connectorkit diff`.
 * @internal
 */
export async function runDiff(args: readonly string[], ctx: ResolvedCliContext): Promise<number> {
  const { flags, positionals } = parseCommandArgs("diff", args, {
    "min-severity": { type: "string" },
    ignore: { type: "string", multiple: true },
  });
  if (flags["help"] === true) {
    ctx.stdout(`${DIFF_USAGE}\n`);
    return EXIT_CODES.ok;
  }
  if (positionals.length !== 2) {
    throw new CliError(
      `connectorkit diff: expected <old> and <new>, got ${positionals.length} argument(s).`,
      {
        showUsage: true,
      },
    );
  }
  const minSeverity = stringFlag(flags, "min-severity") ?? "info";
  if (!SEVERITIES.includes(minSeverity as ChangeSeverity)) {
    throw new CliError(`connectorkit diff: --min-severity must be one of ${SEVERITIES.join(", ")}.`, {
      showUsage: true,
    });
  }
  const ignore = Array.isArray(flags["ignore"]) ? flags["ignore"] : [];
  const [oldArg, newArg] = positionals as [string, string];
  const oldFile = (await resolveSwaggerPath(oldArg, ctx.cwd)).swaggerFile;
  const newFile = (await resolveSwaggerPath(newArg, ctx.cwd)).swaggerFile;
  const oldDoc = await readJsonFile(oldFile, "Old swagger");
  const newDoc = await readJsonFile(newFile, "New swagger");
  let result: ReturnType<typeof diffConnectors>;
  try {
    result = diffConnectors(oldDoc, newDoc, { ignoreRules: ignore });
  } catch (error) {
    if (error instanceof ConnectorDiffError) {
      throw new CliError(
        `Cannot compare: ${error.message} (${error.document === "old" ? oldFile : newFile})`,
        {
          kind: "invalid-swagger",
        },
      );
    }
    throw error;
  }
  const failed = result.breaking > 0;
  if (flags["json"] === true) {
    ctx.stdout(
      `${JSON.stringify({ ok: !failed, command: "diff", old: oldFile, new: newFile, breaking: result.breaking, changes: result.changes }, null, 2)}\n`,
    );
  } else {
    const text =
      result.changes.length === 0
        ? "No changes."
        : `${formatChanges(result.changes, { minSeverity: minSeverity as ChangeSeverity })}\n\n${result.breaking} breaking change${result.breaking === 1 ? "" : "s"}, ${result.changes.length} change${result.changes.length === 1 ? "" : "s"} in total.`;
    (failed ? ctx.stderr : ctx.stdout)(`${text}\n`);
  }
  return failed ? EXIT_CODES.problems : EXIT_CODES.ok;
}
