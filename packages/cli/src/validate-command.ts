/**
 * `connectorkit validate`: Microsoft's Swagger Validator rules, offline.
 * @module
 */
import path from "node:path";
import { formatProblems, validateConnector } from "@connectorkit/sdk/validate";
import type { ResolvedCliContext } from "./cli-context";
import { CliError } from "./cli-error";
import { EXIT_CODES } from "./exit-codes";
import { findFileInsensitive, readTextFile, resolveSwaggerPath } from "./files";
import { parseCommandArgs, stringFlag } from "./parse-command-args";

/** Usage text of `connectorkit validate`. @internal */
export const VALIDATE_USAGE = `Usage: connectorkit validate <dir|apiDefinition.swagger.json> [options]

Checks a connector offline with Microsoft's Swagger Validator rules (same rule ids), the platform limits
and apiProperties.json. A directory is read for apiDefinition.swagger.json and apiProperties.json
(any letter case).

Options:
  --api-properties <file>   apiProperties.json to check with a swagger file argument
  --certification           also run the certification rules (paconn validate's certification mode)
  --independent-publisher   the connector is submitted by an independent publisher (brand colour #da3b01)
  --strict                  exit 1 on warnings too
  --json                    print one JSON object instead of text
  -h, --help                show this help

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or input error, 3 internal error.`;

/**
 * Runs `connectorkit validate`.
 * @internal
 */
export async function runValidate(args: readonly string[], ctx: ResolvedCliContext): Promise<number> {
  const { flags, positionals } = parseCommandArgs("validate", args, {
    "api-properties": { type: "string" },
    certification: { type: "boolean" },
    "independent-publisher": { type: "boolean" },
    strict: { type: "boolean" },
  });
  if (flags["help"] === true) {
    ctx.stdout(`${VALIDATE_USAGE}\n`);
    return EXIT_CODES.ok;
  }
  const [target, ...extra] = positionals;
  if (target === undefined)
    throw new CliError("connectorkit validate: missing <dir|apiDefinition.swagger.json>.", {
      showUsage: true,
    });
  if (extra.length > 0)
    throw new CliError(`connectorkit validate: unexpected argument ${JSON.stringify(extra[0])}.`, {
      showUsage: true,
    });
  const { swaggerFile, dir } = await resolveSwaggerPath(target, ctx.cwd);
  const propsArg = stringFlag(flags, "api-properties");
  const propsFile =
    propsArg !== undefined
      ? path.resolve(ctx.cwd, propsArg)
      : dir === undefined
        ? undefined
        : await findFileInsensitive(dir, "apiProperties.json");
  const swagger = await readTextFile(swaggerFile, "Swagger file");
  const apiProperties =
    propsFile === undefined ? undefined : await readTextFile(propsFile, "apiProperties file");
  const result = validateConnector(
    { swagger, ...(apiProperties === undefined ? {} : { apiProperties }) },
    {
      certification: flags["certification"] === true,
      independentPublisher: flags["independent-publisher"] === true,
    },
  );
  const failed = result.errorCount > 0 || (flags["strict"] === true && result.warningCount > 0);
  if (flags["json"] === true) {
    ctx.stdout(
      `${JSON.stringify(
        {
          ok: !failed,
          command: "validate",
          files: {
            apiDefinition: swaggerFile,
            ...(propsFile === undefined ? {} : { apiProperties: propsFile }),
          },
          errorCount: result.errorCount,
          warningCount: result.warningCount,
          truncated: result.truncated,
          problems: result.problems,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const rel = (f: string) => {
      const r = path.relative(ctx.cwd, f);
      return r === "" || r.startsWith("..") || path.isAbsolute(r) ? f : r;
    };
    const report = formatProblems(result.problems, {
      fileNames: {
        apiDefinition: rel(swaggerFile),
        ...(propsFile === undefined ? {} : { apiProperties: rel(propsFile) }),
      },
    });
    (failed ? ctx.stderr : ctx.stdout)(
      `${report}${propsFile === undefined ? "\n(no apiProperties.json checked)" : ""}${result.truncated ? "\n(problem list truncated)" : ""}\n`,
    );
  }
  return failed ? EXIT_CODES.problems : EXIT_CODES.ok;
}
