/**
 * `connectorkit postman`: export a Postman v2.1 collection from a connector's swagger.
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PostmanExportOptions } from "@connectorkit/sdk/postman";
import { PostmanExportError, toPostmanCollection } from "@connectorkit/sdk/postman";
import type { ResolvedCliContext } from "./cli-context";
import { CliError } from "./cli-error";
import { jsonFile } from "./connector-package";
import { EXIT_CODES } from "./exit-codes";
import { readJsonFile, resolveSwaggerPath } from "./files";
import { parseCommandArgs, stringFlag } from "./parse-command-args";

/** Usage text of `connectorkit postman`. @internal */
export const POSTMAN_USAGE = `Usage: connectorkit postman <dir|apiDefinition.swagger.json> --out <file.json> [options]

Writes a Postman Collection v2.1 with one request per operation, sample bodies and auth from
securityDefinitions (run it with newman).

Options:
  --out <file.json>     collection file to write                                      [required]
  --base-url <url>      default {{baseUrl}} (default: the swagger's scheme://host/basePath)
  --flat                no folders per tag
  --include-optional    send optional query/header parameters (otherwise exported disabled)
  --no-tests            do not add a 2xx status test per request
  --json                print one JSON object instead of text
  -h, --help            show this help

Exit codes: 0 written, 2 usage or input error, 3 internal error.`;

/**
 * Runs `connectorkit postman`.
 * @internal
 */
export async function runPostman(args: readonly string[], ctx: ResolvedCliContext): Promise<number> {
  const { flags, positionals } = parseCommandArgs("postman", args, {
    out: { type: "string", short: "o" },
    "base-url": { type: "string" },
    flat: { type: "boolean" },
    "include-optional": { type: "boolean" },
    "no-tests": { type: "boolean" },
  });
  if (flags["help"] === true) {
    ctx.stdout(`${POSTMAN_USAGE}\n`);
    return EXIT_CODES.ok;
  }
  const [target, ...extra] = positionals;
  if (target === undefined)
    throw new CliError("connectorkit postman: missing <dir|apiDefinition.swagger.json>.", {
      showUsage: true,
    });
  if (extra.length > 0)
    throw new CliError(`connectorkit postman: unexpected argument ${JSON.stringify(extra[0])}.`, {
      showUsage: true,
    });
  const outArg = stringFlag(flags, "out");
  if (outArg === undefined || outArg === "")
    throw new CliError("connectorkit postman: --out <file.json> is required.", { showUsage: true });
  const out = path.resolve(ctx.cwd, outArg);
  const { swaggerFile } = await resolveSwaggerPath(target, ctx.cwd);
  const swagger = await readJsonFile(swaggerFile, "Swagger file");
  const baseUrl = stringFlag(flags, "base-url");
  const options: PostmanExportOptions = {
    grouping: flags["flat"] === true ? "flat" : "tags",
    includeOptionalParameters: flags["include-optional"] === true,
    tests: flags["no-tests"] !== true,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
  let collection: ReturnType<typeof toPostmanCollection>;
  try {
    collection = toPostmanCollection(swagger, options);
  } catch (error) {
    if (error instanceof PostmanExportError)
      throw new CliError(`Cannot export ${swaggerFile}: ${error.message}`, { kind: "postman-export" });
    throw error;
  }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, jsonFile(collection));
  if (flags["json"] === true) {
    ctx.stdout(
      `${JSON.stringify({ ok: true, command: "postman", swagger: swaggerFile, out, requests: countRequests(collection.item) }, null, 2)}\n`,
    );
  } else {
    ctx.stdout(`Wrote ${countRequests(collection.item)} requests to ${out}.\n`);
  }
  return EXIT_CODES.ok;
}

function countRequests(items: readonly unknown[]): number {
  let n = 0;
  for (const item of items) {
    if (item !== null && typeof item === "object" && Array.isArray((item as { item?: unknown }).item))
      n += countRequests((item as { item: unknown[] }).item);
    else n += 1;
  }
  return n;
}
