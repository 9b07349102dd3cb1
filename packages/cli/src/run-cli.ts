/**
 * The `connectorkit` command: dispatch, help and error reporting. Build-time only; never imported by the runtime.
 * @module
 */
import { runSimulateCli } from "@connectorkit/sdk/testing";
import { BUILD_USAGE, runBuild } from "./build-command";
import { type CliContext, type ResolvedCliContext, resolveContext } from "./cli-context";
import { CliError } from "./cli-error";
import { DIFF_USAGE, runDiff } from "./diff-command";
import { EXIT_CODES } from "./exit-codes";
import { closest } from "./parse-command-args";
import { POSTMAN_USAGE, runPostman } from "./postman-command";
import { runValidate, VALIDATE_USAGE } from "./validate-command";

/** Usage text of `connectorkit`. @internal */
export const MAIN_USAGE = `Usage: connectorkit <command> [options]

Commands:
  build <entry.ts> --out <dir>        emit apiDefinition.swagger.json, apiProperties.json, settings.json, readme.md
                                      (--check: fail when the committed files are out of date)
  validate <dir|swagger.json>         offline validation with Microsoft's Swagger Validator rule ids
  diff <old> <new>                    breaking changes between two versions
  postman <dir|swagger.json> --out f  Postman v2.1 collection
  simulate <swagger.json> <opId>      run an operation against a running API the way Power Automate does

Run \`connectorkit <command> --help\` for a command's options.
Exit codes: 0 ok, 1 problems found / check failed, 2 usage or input error, 3 internal error.`;

type Command = (args: readonly string[], ctx: ResolvedCliContext) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  build: { run: runBuild, usage: BUILD_USAGE },
  validate: { run: runValidate, usage: VALIDATE_USAGE },
  diff: { run: runDiff, usage: DIFF_USAGE },
  postman: { run: runPostman, usage: POSTMAN_USAGE },
  simulate: { run: (args, ctx) => runSimulateCli([...args], ctx), usage: "" },
};

/** Emitter errors are recognised by name too: the user's connector may carry its own copy of the SDK. */
function emitterError(error: unknown): (Error & { operationId?: unknown; field?: unknown }) | undefined {
  if (!(error instanceof Error)) return undefined;
  return ["SwaggerConversionError", "ApiPropertiesError", "PostmanExportError"].includes(error.name)
    ? error
    : undefined;
}

interface ErrorReport {
  exitCode: number;
  kind: string;
  message: string;
  hint?: string;
  operationId?: string;
  field?: string;
  usage?: string;
  stack?: string;
}

function toReport(error: unknown, command: string | undefined, debug: boolean): ErrorReport {
  if (error instanceof CliError) {
    const cause = error.cause instanceof Error && debug ? error.cause.stack : undefined;
    return {
      exitCode: error.exitCode,
      kind: error.kind,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.showUsage && command !== undefined
        ? { usage: COMMANDS[command]?.usage ?? MAIN_USAGE }
        : error.showUsage
          ? { usage: MAIN_USAGE }
          : {}),
      ...(cause === undefined ? {} : { stack: cause }),
    };
  }
  const emitter = emitterError(error);
  if (emitter !== undefined) {
    const operationId = typeof emitter.operationId === "string" ? emitter.operationId : undefined;
    const field = typeof emitter.field === "string" ? emitter.field : undefined;
    const what =
      emitter.name === "SwaggerConversionError"
        ? "The connector cannot be expressed as a Swagger 2.0 connector definition"
        : emitter.name === "ApiPropertiesError"
          ? "apiProperties.json cannot be emitted"
          : "The Postman collection cannot be emitted";
    return {
      exitCode: EXIT_CODES.usage,
      kind: emitter.name,
      message: `${what}: ${emitter.message}`,
      ...(operationId === undefined ? {} : { operationId }),
      ...(field === undefined ? {} : { field }),
      hint: "Fix the connector definition (the emitter runs at build time so the platform never sees this).",
      ...(debug && emitter.stack !== undefined ? { stack: emitter.stack } : {}),
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    exitCode: EXIT_CODES.internal,
    kind: "internal",
    message: `Internal error in connectorkit${command === undefined ? "" : ` ${command}`}: ${e.name}: ${e.message}`,
    hint: debug
      ? "This is a bug; please report it with the stack below."
      : "This is a bug; please report it. Run again with CONNECTORKIT_DEBUG=1 for the stack.",
    ...(debug && e.stack !== undefined ? { stack: e.stack } : {}),
  };
}

function printReport(report: ErrorReport, ctx: ResolvedCliContext, json: boolean): void {
  if (json) {
    const { exitCode, usage: _usage, ...error } = report;
    ctx.stdout(`${JSON.stringify({ ok: false, exitCode, error }, null, 2)}\n`);
    return;
  }
  const lines = [`error: ${report.message}`];
  if (report.operationId !== undefined) lines.push(`  operation: ${report.operationId}`);
  if (report.field !== undefined) lines.push(`  field:     ${report.field}`);
  if (report.hint !== undefined) lines.push(report.hint);
  if (report.stack !== undefined) lines.push("", report.stack);
  if (report.usage !== undefined) lines.push("", report.usage);
  ctx.stderr(`${lines.join("\n")}\n`);
}

/**
 * Runs the `connectorkit` command line in-process: `build`, `validate`, `diff`, `postman`, `simulate`. Never
 * throws and never calls `process.exit`; returns the exit code instead (0 ok, 1 problems found or check failed,
 * 2 usage or input error, 3 internal error).
 *
 * @param argv - Arguments after the program name, e.g. `["build", "src/connector.ts", "--out", "connector"]`.
 * @param context - Output sinks, working directory and environment (see {@link CliContext}).
 * @returns The exit code.
 * @see {@link https://github.com/connectorkit/connectorkit/blob/main/docs/cli.md}
 * @example
 * ```ts
 * import { runCli } from "@connectorkit/cli";
 * let out = "";
 * const code = await runCli(["validate", "connector"], { stdout: (s) => { out += s; }, stderr: (s) => { out += s; } });
 * ```
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const ctx = resolveContext(context);
  const debug = (ctx.env["CONNECTORKIT_DEBUG"] ?? "") !== "" && ctx.env["CONNECTORKIT_DEBUG"] !== "0";
  const [command, ...rest] = argv;
  const json = rest.includes("--json");
  try {
    if (command === undefined) {
      ctx.stderr(`${MAIN_USAGE}\n`);
      return EXIT_CODES.usage;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      const topic = rest[0];
      const usage = topic === undefined ? MAIN_USAGE : COMMANDS[topic]?.usage;
      if (topic === "simulate") return await runSimulateCli(["--help"], ctx);
      if (usage === undefined) throw new CliError(`Unknown command "${topic}".`, { showUsage: true });
      ctx.stdout(`${usage}\n`);
      return EXIT_CODES.ok;
    }
    const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (entry === undefined) {
      const suggestion = closest(command, Object.keys(COMMANDS));
      throw new CliError(
        command.startsWith("-")
          ? `Expected a command before ${command}.`
          : `Unknown command "${command}".${suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`}`,
        { showUsage: true, kind: "unknown-command" },
      );
    }
    return await entry.run(rest, ctx);
  } catch (error) {
    const report = toReport(
      error,
      command !== undefined && Object.hasOwn(COMMANDS, command) ? command : undefined,
      debug,
    );
    printReport(report, ctx, json);
    return report.exitCode;
  }
}
