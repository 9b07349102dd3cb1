import { createSimulator } from "./create-simulator";
import { ContractViolationError, SimulatorError } from "./errors";
import { loadSwaggerFile } from "./swagger-document";
import { formatTrace } from "./trace";
import type { OperationInputs, SimulatorConnection, SimulatorLimits, TraceEntry } from "./types";

/**
 * Where the CLI writes.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
 * ```
 */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

const USAGE = `Usage: connectorkit simulate <apiDefinition.swagger.json> <operationId> [options]

Runs one operation against a running API the way Power Automate does: actions (with the 202 loop),
polling triggers (recurrence + splitOn), webhook triggers (local callback receiver) and dynamic values.

Options:
  --base-url <url>          API base URL (replaces the swagger's scheme/host/basePath)
  --input <name>=<text>     a parameter or body property as text (repeatable)
  --input <name>:=<json>    a parameter or body property as JSON, e.g. count:=3 or tags:='["a"]'
  --api-key <key>           connection API key (sent per securityDefinitions)
  --username <u> --password <p>   connection Basic credentials
  --token <token>           connection OAuth bearer token
  --header "<Name>: <value>"  fixed header on every call, like a setheader policy (repeatable)
  --dynamic-values <param>  print the dropdown of <param> instead of running the operation
  --max-polls <n>           polling triggers: number of polls (default 3)
  --recurrence-ms <n>       polling triggers: wait when there is no Retry-After (default 60000)
  --runs <n>                webhook triggers: notifications to wait for (default 1)
  --wait-ms <n>             webhook triggers: how long to wait for them (default 60000)
  --timeout-ms <n>          synchronous timeout per request (default 120000)
  --json                    print one JSON object instead of text
  -h, --help                show this help

Exit codes: 0 success, 1 the operation failed (non-2xx), 2 usage or input error,
            3 contract violation, 4 network or other error.`;

interface Parsed {
  swaggerPath: string;
  operationId: string;
  baseUrl?: string;
  inputs: OperationInputs;
  connection?: SimulatorConnection;
  headers: Record<string, string>;
  dynamicValues?: string;
  maxPolls: number;
  recurrenceMs: number;
  runs: number;
  waitMs: number;
  limits: SimulatorLimits;
  json: boolean;
}

class UsageError extends Error {}

/**
 * The `connectorkit simulate` command: runs one operation of a swagger against a running API and prints the
 * result and the call trace.
 *
 * @param argv - Arguments after `simulate` (a leading `simulate` is ignored).
 * @param io - Output sinks.
 * @returns The exit code: 0 success, 1 operation failed, 2 usage/input error, 3 contract violation, 4 other.
 *
 * @example
 * ```ts
 * const code = await runSimulateCli(
 *   ["apiDefinition.swagger.json", "GetForms", "--base-url", "http://127.0.0.1:3000", "--api-key", "k"],
 *   { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
 * );
 * process.exitCode = code;
 * ```
 */
export async function runSimulateCli(argv: string[], io: CliIo): Promise<number> {
  const args = argv[0] === "simulate" ? argv.slice(1) : argv;
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { json } = parsed;
  let trace: TraceEntry[] = [];
  try {
    const swagger = await loadSwaggerFile(parsed.swaggerPath);
    const connection: SimulatorConnection | undefined =
      parsed.connection === undefined
        ? Object.keys(parsed.headers).length > 0
          ? { headers: parsed.headers }
          : undefined
        : { ...parsed.connection, headers: parsed.headers };
    const sim = createSimulator({
      swagger,
      limits: parsed.limits,
      ...(parsed.baseUrl === undefined ? {} : { baseUrl: parsed.baseUrl }),
      ...(connection === undefined ? {} : { connection }),
    });
    if (parsed.dynamicValues !== undefined) {
      const values = await sim.resolveDynamicValues(parsed.operationId, parsed.dynamicValues, parsed.inputs);
      if (json) io.stdout(`${JSON.stringify({ ok: true, kind: "dynamicValues", values }, null, 2)}\n`);
      else io.stdout(`${values.map((v) => `${JSON.stringify(v.value)}\t${v.title}`).join("\n")}\n`);
      return 0;
    }
    const raw = swaggerOperation(swagger, parsed.operationId);
    if (raw.trigger !== undefined && !raw.webhook) {
      const result = await sim.pollTrigger(parsed.operationId, parsed.inputs, {
        maxPolls: parsed.maxPolls,
        recurrenceMs: parsed.recurrenceMs,
      });
      trace = result.trace;
      if (json) {
        io.stdout(
          `${JSON.stringify({ ok: true, kind: "pollingTrigger", splitOn: result.splitOn, runs: result.runs, polls: result.polls, nextUrl: result.nextUrl, trace }, null, 2)}\n`,
        );
      } else {
        io.stdout(
          `${parsed.operationId}: ${result.polls.length} polls, ${result.runs.length} runs (splitOn ${result.splitOn ?? "none"})\n`,
        );
        result.runs.forEach((run, i) => {
          io.stdout(`run ${i + 1}: ${JSON.stringify(run.body)}\n`);
        });
        io.stdout(`\nTrace:\n${formatTrace(trace)}\n`);
      }
      return 0;
    }
    if (raw.webhook) {
      const sub = await sim.subscribeWebhook(parsed.operationId, parsed.inputs, {
        notificationTimeoutMs: parsed.waitMs,
      });
      io.stderr(
        `Subscribed. Callback URL: ${sub.callbackUrl}\nWaiting for ${parsed.runs} notification(s)...\n`,
      );
      const runs = [];
      try {
        for (let i = 0; i < parsed.runs; i++) runs.push(await sub.next());
      } finally {
        await sub.stop();
        trace = sub.trace;
      }
      if (json)
        io.stdout(
          `${JSON.stringify({ ok: true, kind: "webhookTrigger", location: sub.location, runs, trace }, null, 2)}\n`,
        );
      else {
        runs.forEach((run, i) => {
          io.stdout(`run ${i + 1}: ${JSON.stringify(run.body)}\n`);
        });
        io.stdout(`\nTrace:\n${formatTrace(trace)}\n`);
      }
      return 0;
    }
    const result = await sim.runAction(parsed.operationId, parsed.inputs);
    trace = result.trace;
    if (json) {
      io.stdout(
        `${JSON.stringify({ ok: result.succeeded, kind: "action", status: result.status, headers: result.headers, body: result.body, trace }, null, 2)}\n`,
      );
    } else {
      io.stdout(`${parsed.operationId} -> ${result.status} (${result.succeeded ? "succeeded" : "failed"})\n`);
      if (result.body !== undefined)
        io.stdout(
          `${typeof result.body === "string" ? result.body : JSON.stringify(result.body, null, 2)}\n`,
        );
      io.stdout(`\nTrace:\n${formatTrace(trace)}\n`);
    }
    return result.succeeded ? 0 : 1;
  } catch (error) {
    const e = error as Error;
    const errTrace = error instanceof SimulatorError && error.trace.length > 0 ? error.trace : trace;
    const code =
      error instanceof ContractViolationError
        ? 3
        : error instanceof SimulatorError &&
            [
              "invalidSwagger",
              "unknownOperation",
              "wrongOperationKind",
              "missingInput",
              "unknownInput",
              "invalidInput",
              "invalidConnection",
            ].includes(error.code)
          ? 2
          : error instanceof SimulatorError && error.code === "operationFailed"
            ? 1
            : 4;
    if (json) {
      const detail: Record<string, unknown> = { name: e.name, message: e.message };
      if (error instanceof SimulatorError) detail["code"] = error.code;
      if (error instanceof ContractViolationError) detail["rule"] = error.rule;
      io.stdout(`${JSON.stringify({ ok: false, error: detail, trace: errTrace }, null, 2)}\n`);
    } else {
      io.stderr(`${e.name}: ${e.message}\n`);
      if (errTrace.length > 0) io.stderr(`\nTrace:\n${formatTrace(errTrace)}\n`);
    }
    return code;
  }
}

function parseArgs(args: string[]): Parsed {
  const positional: string[] = [];
  const out: Omit<Parsed, "swaggerPath" | "operationId"> = {
    inputs: {},
    headers: {},
    maxPolls: 3,
    recurrenceMs: 60_000,
    runs: 1,
    waitMs: 60_000,
    limits: {},
    json: false,
  };
  let username: string | undefined;
  let password: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`Option ${arg} needs a value.`);
      return v;
    };
    switch (arg) {
      case "--base-url":
        out.baseUrl = value();
        break;
      case "--input":
        addInput(out.inputs, value());
        break;
      case "--api-key":
        out.connection = { apiKey: value() };
        break;
      case "--token":
        out.connection = { token: value() };
        break;
      case "--username":
        username = value();
        break;
      case "--password":
        password = value();
        break;
      case "--header": {
        const h = value();
        const colon = h.indexOf(":");
        if (colon <= 0) throw new UsageError(`--header needs "Name: value", got '${h}'.`);
        out.headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
        break;
      }
      case "--dynamic-values":
        out.dynamicValues = value();
        break;
      case "--max-polls":
        out.maxPolls = int(arg, value());
        break;
      case "--recurrence-ms":
        out.recurrenceMs = int(arg, value(), 0);
        break;
      case "--runs":
        out.runs = int(arg, value());
        break;
      case "--wait-ms":
        out.waitMs = int(arg, value());
        break;
      case "--timeout-ms":
        out.limits.syncTimeoutMs = int(arg, value());
        break;
      case "--json":
        out.json = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`Unknown option '${arg}'.`);
        positional.push(arg);
    }
  }
  if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined)
      throw new UsageError("--username and --password go together.");
    out.connection = { username, password };
  }
  if (positional.length !== 2) {
    throw new UsageError(`Expected <swagger.json> <operationId>, got ${positional.length} argument(s).`);
  }
  return { swaggerPath: positional[0] as string, operationId: positional[1] as string, ...out };
}

function addInput(inputs: OperationInputs, spec: string): void {
  const json = /^([^=:]+):=(.*)$/s.exec(spec);
  if (json !== null) {
    try {
      inputs[json[1] as string] = JSON.parse(json[2] as string);
    } catch {
      throw new UsageError(`--input ${json[1]}:= needs valid JSON, got '${json[2]}'.`);
    }
    return;
  }
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new UsageError(`--input needs name=value or name:=json, got '${spec}'.`);
  inputs[spec.slice(0, eq)] = spec.slice(eq + 1);
}

function int(name: string, text: string, min = 1): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 1e12) {
    throw new UsageError(`${name} needs a whole number >= ${min}, got '${text}'.`);
  }
  return Number(text);
}

function swaggerOperation(
  swagger: { paths: Record<string, unknown> },
  operationId: string,
): { trigger: unknown; webhook: boolean } {
  for (const item of Object.values(swagger.paths)) {
    if (typeof item !== "object" || item === null) continue;
    for (const op of Object.values(item as Record<string, unknown>)) {
      if (
        typeof op === "object" &&
        op !== null &&
        (op as Record<string, unknown>)["operationId"] === operationId
      ) {
        const o = op as Record<string, unknown>;
        const webhook =
          Object.hasOwn(item, "x-ms-notification-content") ||
          JSON.stringify(o["parameters"] ?? []).includes('"x-ms-notification-url":true');
        return { trigger: o["x-ms-trigger"], webhook };
      }
    }
  }
  return { trigger: undefined, webhook: false };
}
