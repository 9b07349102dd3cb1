/**
 * `connectorkit build`: emit the connector package from the user's connector module, or check it is up to date.
 * @module
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ResolvedCliContext } from "./cli-context";
import { CliError } from "./cli-error";
import { buildConnectorPackage, type ConnectorPackageFile, PACKAGE_FILES } from "./connector-package";
import { EXIT_CODES } from "./exit-codes";
import { findFileInsensitive, pathKind } from "./files";
import { loadConnector } from "./load-connector";
import { parseCommandArgs, stringFlag } from "./parse-command-args";

/** Usage text of `connectorkit build`. @internal */
export const BUILD_USAGE = `Usage: connectorkit build <entry.ts|.js> --out <dir> [options]

Loads the module that exports your connector (TypeScript directly, no compile step) and writes the
connector package: apiDefinition.swagger.json, apiProperties.json, settings.json (paconn / pac connector)
and a readme.md skeleton for certification.

Options:
  --out <dir>            output directory (created if missing)                         [required]
  --export <name>        the export holding the connector (default: "connector", then default export,
                         then the only export that is a connector)
  --host <host>          host written into the swagger instead of the connector's      [env CONNECTORKIT_HOST]
  --env <guid>           Power Platform environment id for settings.json               [env CONNECTORKIT_ENVIRONMENT]
  --connector-id <id>    existing connector id for settings.json (paconn update)       [env CONNECTORKIT_CONNECTOR_ID]
  --icon <file.png>      copy this icon to <out>/icon.png and reference it in settings.json
  --openapi3             also write openapi3.json (OpenAPI 3.0)
  --postman              also write postman_collection.json (Postman v2.1)
  --overwrite-readme     regenerate readme.md even if one exists (it is yours once written)
  --check                write nothing; exit 1 when the files in --out differ from what the code emits
  --json                 print one JSON object instead of text
  -h, --help             show this help

Exit codes: 0 written / up to date, 1 --check found differences, 2 usage, input or emitter error, 3 internal error.`;

type FileStatus = "written" | "unchanged" | "kept" | "missing" | "different" | "up-to-date";

interface FileReport {
  name: string;
  status: FileStatus;
  /** First differing line (1-based) for `different`. */
  line?: number;
  expected?: string;
  actual?: string;
}

function firstDifference(
  expected: string,
  actual: string,
): { line: number; expected: string; actual: string } {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      return {
        line: i + 1,
        expected: (e[i] ?? "(end of file)").slice(0, 160),
        actual: (a[i] ?? "(end of file)").slice(0, 160),
      };
    }
  }
  return { line: 1, expected: "", actual: "" };
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs `connectorkit build`.
 *
 * @param args - Arguments after `build`.
 * @param ctx - Output sinks, cwd and environment.
 * @returns The exit code.
 * @internal
 */
export async function runBuild(args: readonly string[], ctx: ResolvedCliContext): Promise<number> {
  const { flags, positionals } = parseCommandArgs("build", args, {
    out: { type: "string", short: "o" },
    export: { type: "string" },
    host: { type: "string" },
    env: { type: "string" },
    "connector-id": { type: "string" },
    icon: { type: "string" },
    openapi3: { type: "boolean" },
    postman: { type: "boolean" },
    "overwrite-readme": { type: "boolean" },
    check: { type: "boolean" },
  });
  if (flags["help"] === true) {
    ctx.stdout(`${BUILD_USAGE}\n`);
    return EXIT_CODES.ok;
  }
  const json = flags["json"] === true;
  const [entryArg, ...extra] = positionals;
  if (entryArg === undefined) {
    throw new CliError("connectorkit build: missing <entry>, the module that exports your connector.", {
      showUsage: true,
    });
  }
  if (extra.length > 0) {
    throw new CliError(
      `connectorkit build: unexpected argument ${JSON.stringify(extra[0])}; pass one entry module.`,
      {
        showUsage: true,
      },
    );
  }
  const outArg = stringFlag(flags, "out");
  if (outArg === undefined || outArg === "") {
    throw new CliError("connectorkit build: --out <dir> is required.", { showUsage: true });
  }
  const check = flags["check"] === true;
  const entry = path.resolve(ctx.cwd, entryArg);
  const out = path.resolve(ctx.cwd, outArg);
  const outKind = await pathKind(out);
  if (outKind === "file")
    throw new CliError(`--out ${out} is a file; pass a directory.`, { kind: "out-not-dir" });

  const host = stringFlag(flags, "host") ?? nonEmpty(ctx.env["CONNECTORKIT_HOST"]);
  const environment = stringFlag(flags, "env") ?? nonEmpty(ctx.env["CONNECTORKIT_ENVIRONMENT"]);
  const connectorId = stringFlag(flags, "connector-id") ?? nonEmpty(ctx.env["CONNECTORKIT_CONNECTOR_ID"]);
  const iconArg = stringFlag(flags, "icon");
  const iconSource = iconArg === undefined ? undefined : path.resolve(ctx.cwd, iconArg);
  let iconBytes: Buffer | undefined;
  if (iconSource !== undefined) {
    iconBytes = await readIfExists(iconSource);
    if (iconBytes === undefined)
      throw new CliError(`Icon not found: ${iconSource}`, { kind: "file-not-found" });
  }
  const existingIcon = outKind === "dir" ? await findFileInsensitive(out, PACKAGE_FILES.icon) : undefined;

  const { connector, exportName } = await loadConnector(entry, stringFlag(flags, "export"));
  const pkg = buildConnectorPackage(connector, {
    ...(host === undefined ? {} : { host }),
    ...(environment === undefined ? {} : { environment }),
    ...(connectorId === undefined ? {} : { connectorId }),
    icon: iconBytes !== undefined || existingIcon !== undefined,
    openapi3: flags["openapi3"] === true,
    postman: flags["postman"] === true,
  });
  const existingReadme = outKind === "dir" ? await findFileInsensitive(out, PACKAGE_FILES.readme) : undefined;
  const keepReadme = existingReadme !== undefined && flags["overwrite-readme"] !== true;

  const reports: FileReport[] = [];
  const targets: Array<{ file: ConnectorPackageFile | { name: string; bytes: Buffer }; kept: boolean }> = [];
  for (const file of pkg.files)
    targets.push({ file, kept: file.name === PACKAGE_FILES.readme && keepReadme });
  if (iconBytes !== undefined)
    targets.push({ file: { name: PACKAGE_FILES.icon, bytes: iconBytes }, kept: false });

  if (check) {
    for (const { file, kept } of targets) {
      if (kept) {
        reports.push({ name: file.name, status: "kept" });
        continue;
      }
      const expected = "content" in file ? Buffer.from(file.content, "utf8") : file.bytes;
      const actual = await readIfExists(path.join(out, file.name));
      if (actual === undefined) reports.push({ name: file.name, status: "missing" });
      else if (actual.equals(expected)) reports.push({ name: file.name, status: "up-to-date" });
      else if ("content" in file)
        reports.push({
          name: file.name,
          status: "different",
          ...firstDifference(file.content, actual.toString("utf8")),
        });
      else reports.push({ name: file.name, status: "different" });
    }
    const drift = reports.filter((r) => r.status === "missing" || r.status === "different");
    const rebuild = `connectorkit build ${entryArg} --out ${outArg}`;
    if (json) {
      ctx.stdout(
        `${JSON.stringify({ ok: drift.length === 0, command: "build", check: true, entry, export: exportName, out, files: reports }, null, 2)}\n`,
      );
    } else if (drift.length === 0) {
      ctx.stdout(
        `${out} is up to date with ${path.relative(ctx.cwd, entry) || entry} (${reports.length} files checked).\n`,
      );
    } else {
      const lines = [`${out} is out of date with ${entryArg} (export ${exportName}):`];
      for (const r of drift) {
        if (r.status === "missing") lines.push(`  missing    ${r.name}`);
        else {
          lines.push(
            `  different  ${r.name}${r.line === undefined ? "" : ` (first difference at line ${r.line})`}`,
          );
          if (r.line !== undefined) lines.push(`    - emitted: ${r.expected}`, `    + on disk: ${r.actual}`);
        }
      }
      lines.push(`Run \`${rebuild}\` and commit the result.`);
      ctx.stderr(`${lines.join("\n")}\n`);
    }
    return drift.length === 0 ? EXIT_CODES.ok : EXIT_CODES.problems;
  }

  await mkdir(out, { recursive: true });
  for (const { file, kept } of targets) {
    if (kept) {
      reports.push({ name: file.name, status: "kept" });
      continue;
    }
    const target = path.join(out, file.name);
    const bytes = "content" in file ? Buffer.from(file.content, "utf8") : file.bytes;
    const current = await readIfExists(target);
    if (current?.equals(bytes)) {
      reports.push({ name: file.name, status: "unchanged" });
      continue;
    }
    if ("content" in file) await writeFile(target, bytes);
    else if (iconSource !== undefined) await copyFile(iconSource, target);
    reports.push({ name: file.name, status: "written" });
  }
  if (json) {
    ctx.stdout(
      `${JSON.stringify({ ok: true, command: "build", check: false, entry, export: exportName, out, files: reports }, null, 2)}\n`,
    );
  } else {
    const lines = [`Built "${connector.title}" (export ${exportName}) into ${out}:`];
    for (const r of reports) {
      lines.push(
        `  ${r.status.padEnd(10)} ${r.name}${r.status === "kept" ? " (existing readme kept; --overwrite-readme regenerates it)" : ""}`,
      );
    }
    ctx.stdout(`${lines.join("\n")}\n`);
  }
  return EXIT_CODES.ok;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
