/**
 * The fuzz loop shared by the core and adapter suites: sends generated requests through a driver, checks every
 * answer (no 5xx, JSON error bodies, nothing reaching a handler with a body type it does not accept,
 * `Object.prototype` untouched, no unhandled rejection or uncaught exception) and counts how many requests of
 * each body kind reached a handler.
 * @internal
 */
import fc from "fast-check";
import type { Connector } from "../../operation/define-connector";
import { acceptedMediaTypes, FUZZ_ID_HEADER } from "./fuzz-connector";
import { BODY_KIND_MEDIA_TYPE, BODY_KINDS, type BodyKind, type FuzzRequest, fuzzRequests } from "./requests";

/**
 * What a driver got back: status, lower-case headers, body text.
 *
 * @example
 * ```ts
 * const res: FuzzResponse = { status: 404, headers: { "content-type": "application/json" }, body: "{}" };
 * ```
 * @internal
 */
export interface FuzzResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request to the connector under test (through the core, or a host adapter). A rejection counts as a
 * crash of the host.
 *
 * @example
 * ```ts
 * const send: FuzzSend = async (req, signal) => ({ status: 200, headers: {}, body: "" });
 * ```
 * @internal
 */
export type FuzzSend = (req: FuzzRequest, signal: AbortSignal) => Promise<FuzzResponse>;

/** The fixed default seed; override with `FUZZ_SEED` to explore, and to replay a failure. @internal */
export const DEFAULT_FUZZ_SEED = 20_261_203;

/**
 * The seed of this run: `FUZZ_SEED` from the environment, else {@link DEFAULT_FUZZ_SEED}.
 *
 * @example
 * ```ts
 * fc.assert(property, { seed: fuzzSeed() });
 * ```
 * @internal
 */
export function fuzzSeed(): number {
  const raw = process.env["FUZZ_SEED"];
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(n) ? n : DEFAULT_FUZZ_SEED;
}

/** Per body kind: requests sent to an operation that accepts that kind, and how many reached its handler. @internal */
export type ReachCounts = Record<BodyKind, { accepted: boolean; sent: number; reached: number }>;

/** What one fuzz run saw. @internal */
export interface FuzzReport {
  seed: number;
  runs: number;
  ms: number;
  counts: ReachCounts;
  statuses: Record<number, number>;
}

/** Options of {@link runFuzz}. @internal */
export interface RunFuzzOptions {
  /** Printed with the counts. */
  name: string;
  connector: Connector;
  /** Ids that reached a handler (from `fuzzConnector()`). */
  reached: Set<string>;
  send: FuzzSend;
  numRuns: number;
  /** Stop generating after this long (the run still passes if nothing failed). @default 20000 */
  timeLimitMs?: number;
  seed?: number;
  /** Requests to skip (a host's own limits), e.g. methods a client cannot send. */
  filter?: (req: FuzzRequest) => boolean;
}

const PROTOTYPE_SNAPSHOT = (): string =>
  JSON.stringify(
    Object.getOwnPropertyNames(Object.prototype)
      .sort()
      .map((name) => {
        const d = Object.getOwnPropertyDescriptor(Object.prototype, name)!;
        return [name, typeof d.value, typeof d.get, typeof d.set, d.enumerable, d.writable];
      }),
  );

const PROTOTYPE_AT_LOAD = PROTOTYPE_SNAPSHOT();

/**
 * Checks one answer: below 500; a non-2xx answer is `{ error: { code, message } }` as application/json (HEAD
 * answers carry no body, so only their content type is checked). Throws an Error describing the problem.
 *
 * @example
 * ```ts
 * checkResponse("GET", { status: 404, headers: { "content-type": "application/json" }, body: '{"error":{"code":"NotFound","message":"x"}}' });
 * ```
 * @internal
 */
export function checkResponse(method: string, res: FuzzResponse): void {
  if (!Number.isInteger(res.status) || res.status < 200 || res.status >= 500) {
    throw new Error(`answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  if (res.status < 300) return;
  const type = res.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new Error(`answered ${res.status} with content-type "${type}": ${res.body.slice(0, 300)}`);
  }
  if (method.toUpperCase() === "HEAD") return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    throw new Error(`answered ${res.status} with a body that is not JSON: ${res.body.slice(0, 300)}`);
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== "string" || error.code === "" || typeof error.message !== "string") {
    throw new Error(`answered ${res.status} without { error: { code, message } }: ${res.body.slice(0, 300)}`);
  }
}

/**
 * The crash listeners of a run (see {@link watchCrashes}).
 *
 * @example
 * ```ts
 * const crashes: CrashWatch = watchCrashes();
 * ```
 * @internal
 */
export interface CrashWatch {
  /** What the listeners caught so far (take them with `splice`). */
  readonly errors: unknown[];
  /** Called with each caught error (e.g. to abort a request the crash left hanging). */
  onCrash: ((error: unknown) => void) | undefined;
  stop(): void;
}

/**
 * Installs `unhandledRejection` / `uncaughtException` listeners for the duration of a run and returns what
 * they caught.
 *
 * @example
 * ```ts
 * const crashes = watchCrashes();
 * // ... run ...
 * crashes.stop();
 * expect(crashes.errors).toEqual([]);
 * ```
 * @internal
 */
export function watchCrashes(): CrashWatch {
  const errors: unknown[] = [];
  const watch: CrashWatch = {
    errors,
    onCrash: undefined,
    stop() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
  const onRejection = (reason: unknown): void => {
    errors.push(reason);
    watch.onCrash?.(reason);
  };
  const onException = (error: unknown): void => {
    errors.push(error);
    watch.onCrash?.(error);
  };
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return watch;
}

/**
 * Sends one request and checks it: the host must answer (a rejection, or a crash caught by `crashes` while
 * the request is in flight, fails), below 500, with our error body, and leave `Object.prototype` unchanged.
 * Throws an Error naming the request.
 *
 * @param send - the driver.
 * @param req - the request.
 * @param crashes - the run's crash listeners.
 * @param check - how the answer is judged (default {@link checkResponse}).
 * @returns the response.
 * @example
 * ```ts
 * const crashes = watchCrashes();
 * await exchange(send, FINDINGS[0]!.requests[0]!, crashes);
 * crashes.stop();
 * ```
 * @internal
 */
export async function exchange(
  send: FuzzSend,
  req: FuzzRequest,
  crashes: CrashWatch,
  check: (method: string, res: FuzzResponse) => void = checkResponse,
): Promise<FuzzResponse> {
  const abort = new AbortController();
  crashes.onCrash = (error) => abort.abort(error);
  let res: FuzzResponse;
  try {
    res = await send(req, abort.signal);
  } catch (error) {
    const crash = crashes.errors.splice(0)[0];
    if (crash !== undefined) {
      throw new Error(
        `unhandled rejection / uncaught exception: ${(crash as Error)?.stack ?? String(crash)}\n  request: ${describeRequest(req)}`,
      );
    }
    throw new Error(
      `the host failed: ${(error as Error)?.stack ?? String(error)}\n  request: ${describeRequest(req)}`,
    );
  } finally {
    crashes.onCrash = undefined;
  }
  // Let a rejection that escaped the host surface before judging the request.
  await new Promise((resolve) => setImmediate(resolve));
  if (crashes.errors.length > 0) {
    const error = crashes.errors.splice(0)[0];
    throw new Error(
      `unhandled rejection / uncaught exception: ${(error as Error)?.stack ?? String(error)}\n  request: ${describeRequest(req)}`,
    );
  }
  const polluted = ({} as { polluted?: unknown }).polluted;
  if (polluted !== undefined || PROTOTYPE_SNAPSHOT() !== PROTOTYPE_AT_LOAD) {
    throw new Error(
      `Object.prototype changed (polluted=${String(polluted)})\n  request: ${describeRequest(req)}`,
    );
  }
  try {
    check(req.method, res);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n  request: ${describeRequest(req)}`);
  }
  return res;
}

function describeRequest(req: FuzzRequest): string {
  const clip = (s: string, n = 160): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const body = req.body ? clip(Buffer.from(req.body).toString("latin1")) : "(none)";
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${clip(v, 80)}`)
    .join("; ");
  return `${req.method} ${clip(req.path)}${req.query ? `?${clip(req.query)}` : ""} [${headers}] body(${req.kind})=${body}`;
}

/** Which body kinds each targeted request could legitimately carry: decided by the operation's accepted types. */
function acceptedKinds(connector: Connector): Map<string, Set<BodyKind>> {
  const out = new Map<string, Set<BodyKind>>();
  for (const op of connector.operations) {
    const types = acceptedMediaTypes(op);
    const kinds = new Set<BodyKind>();
    if (types.length === 0) kinds.add("none");
    for (const kind of BODY_KINDS) {
      const media = BODY_KIND_MEDIA_TYPE[kind];
      if (media !== undefined && kind !== "invalid-utf8" && types.includes(media)) kinds.add(kind);
    }
    out.set(op.operationId, kinds);
  }
  return out;
}

/**
 * Runs the fuzz property: `numRuns` generated requests with a fixed seed, each checked by
 * {@link checkResponse}, plus crash, prototype and content-type checks. Throws (with the seed and the
 * shrunk counterexample) on the first failure; returns counts otherwise.
 *
 * @param options - driver, connector, run count, seed.
 * @returns what the run saw, for the reach-share assertion.
 * @example
 * ```ts
 * const { connector, reached } = fuzzConnector();
 * const report = await runFuzz({ name: "core", connector, reached, send, numRuns: 500 });
 * ```
 * @internal
 */
export async function runFuzz(options: RunFuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? fuzzSeed();
  const kindsOf = acceptedKinds(options.connector);
  const bodyOps = new Set(
    options.connector.operations
      .filter((op) => acceptedMediaTypes(op).length > 0)
      .map((op) => op.operationId),
  );
  const counts = Object.fromEntries(
    BODY_KINDS.map((k) => [
      k,
      { accepted: [...kindsOf.values()].some((kinds) => kinds.has(k)), sent: 0, reached: 0 },
    ]),
  ) as ReachCounts;
  const statuses: Record<number, number> = {};
  // A body whose media type the operation does not take must never reach its handler (415). Invalid UTF-8 in a
  // JSON body is not judged here: behind express.json() it arrives decoded with U+FFFD (a known limitation).
  const mediaOf = new Map(options.connector.operations.map((op) => [op.operationId, acceptedMediaTypes(op)]));
  const acceptsMediaOf = (operationId: string, kind: BodyKind): boolean => {
    const media = BODY_KIND_MEDIA_TYPE[kind];
    return media !== undefined && (mediaOf.get(operationId) ?? []).includes(media);
  };
  const crashes = watchCrashes();
  let counter = 0;
  let runs = 0;
  const started = performance.now();
  const arbitrary = options.filter ? fuzzRequests.filter(options.filter) : fuzzRequests;
  const property = fc.asyncProperty(arbitrary, async (generated) => {
    const id = `f${++counter}`;
    const req: FuzzRequest = { ...generated, headers: { ...generated.headers, [FUZZ_ID_HEADER]: id } };
    const res = await exchange(options.send, req, crashes);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const reached = options.reached.has(id) || res.status === 202;
    if (req.target !== undefined) {
      const kinds = kindsOf.get(req.target);
      const accepted = kinds?.has(req.kind) === true;
      if (accepted) {
        counts[req.kind].sent++;
        if (reached) counts[req.kind].reached++;
      } else if (
        bodyOps.has(req.target) &&
        req.body &&
        req.body.byteLength > 0 &&
        !acceptsMediaOf(req.target, req.kind) &&
        reached
      ) {
        throw new Error(
          `a ${req.kind} body reached ${req.target}, which accepts only ${[...(kinds ?? [])].join(", ")}\n  request: ${describeRequest(req)}`,
        );
      }
    }
    return true;
  });
  try {
    await fc.assert(
      property.beforeEach(() => {
        runs++;
      }),
      {
        seed,
        numRuns: options.numRuns,
        interruptAfterTimeLimit: options.timeLimitMs ?? 20_000,
        markInterruptAsFailure: false,
        endOnFailure: false,
        includeErrorInReport: true,
      },
    );
  } catch (error) {
    throw new Error(
      `[fuzz ${options.name}] failed with seed ${seed} (replay: FUZZ_SEED=${seed}):\n${(error as Error).message}`,
    );
  } finally {
    crashes.stop();
  }
  const ms = Math.round(performance.now() - started);
  const report: FuzzReport = { seed, runs, ms, counts, statuses };
  console.log(formatReport(options.name, report));
  return report;
}

/**
 * One line per body kind: how many requests aimed at an operation accepting it reached the handler.
 *
 * @example
 * ```ts
 * console.log(formatReport("core", report));
 * ```
 * @internal
 */
export function formatReport(name: string, report: FuzzReport): string {
  const statuses = Object.entries(report.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(" ");
  const lines = [
    `[fuzz ${name}] seed ${report.seed}, ${report.runs} runs in ${report.ms} ms; statuses ${statuses}`,
  ];
  for (const kind of BODY_KINDS) {
    const c = report.counts[kind];
    if (!c.accepted) continue;
    const share = c.sent === 0 ? 0 : (100 * c.reached) / c.sent;
    lines.push(`  ${kind.padEnd(12)} reached a handler: ${c.reached}/${c.sent} (${share.toFixed(1)}%)`);
  }
  return lines.join("\n");
}

/**
 * The body kinds whose share of requests reaching a handler is below `min` (0..1): every kind some
 * operation accepts must be reached often enough, or the generators only test rejection paths.
 *
 * @example
 * ```ts
 * expect(lowReach(report.counts, 0.3)).toEqual([]);
 * ```
 * @internal
 */
export function lowReach(counts: ReachCounts, min: number): string[] {
  return BODY_KINDS.filter((kind) => {
    const c = counts[kind];
    return c.accepted && (c.sent === 0 || c.reached / c.sent < min);
  }).map((kind) => `${kind}: ${counts[kind].reached}/${counts[kind].sent}`);
}
