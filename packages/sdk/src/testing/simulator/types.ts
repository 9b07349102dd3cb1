/**
 * Public types of the flow simulator.
 *
 * @module Types of the flow simulator (`@connectorkit/sdk/testing`).
 */

/**
 * A Swagger 2.0 document as the simulator reads it: a loose JSON object.
 * Any connector's `apiDefinition.swagger.json` fits, not only those emitted by this SDK.
 *
 * @example
 * ```ts
 * const swagger: SwaggerDocument = { swagger: "2.0", info: { title: "T", version: "1" }, paths: {} };
 * ```
 */
export interface SwaggerDocument {
  swagger: string;
  paths: Record<string, unknown>;
  host?: string;
  basePath?: string;
  schemes?: string[];
  [key: string]: unknown;
}

/**
 * The time source the simulator waits with (Retry-After, recurrence). Inject {@link virtualClock} in tests so
 * long waits take no time.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
 * ```
 */
export interface Clock {
  /** Current time in milliseconds. */
  now(): number;
  /** Waits `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/**
 * The user's connection: what the platform sends with every backend call (POWER-PLATFORM.md §5.6).
 * `apiKey` goes to the header/query named by the swagger's `apiKey` security definition; `username`/`password`
 * become `Authorization: Basic …`; `token` becomes `Authorization: Bearer …` (OAuth 2.0).
 * `headers` adds fixed headers the way a `setheader` policy would.
 *
 * @example
 * ```ts
 * const connection: SimulatorConnection = { apiKey: "secret" };
 * ```
 */
export type SimulatorConnection =
  | { apiKey: string; headers?: Record<string, string> }
  | { username: string; password: string; headers?: Record<string, string> }
  | { token: string; headers?: Record<string, string> }
  | { headers: Record<string, string> };

/**
 * Platform limits the simulator enforces. All values are milliseconds or bytes.
 *
 * @example
 * ```ts
 * const limits: SimulatorLimits = { syncTimeoutMs: 500, asyncTimeoutMs: 60_000 };
 * ```
 */
export interface SimulatorLimits {
  /**
   * Wall-clock limit of one HTTP request (the platform's synchronous timeout). Real time, not the injected
   * clock, because the server under test runs in real time.
   * @default 120000
   */
  syncTimeoutMs?: number;
  /**
   * Longest a long-running action may stay in the 202 loop, measured on the injected clock.
   * @default 2592000000 (30 days, the platform's configurable maximum)
   */
  asyncTimeoutMs?: number;
  /**
   * Wait before the next status poll when a 202 carries no Retry-After.
   * @default 1000
   */
  defaultRetryAfterMs?: number;
  /**
   * Largest response body accepted (the platform's message size limit).
   * @default 104857600 (100 MB)
   */
  maxResponseBytes?: number;
  /**
   * Safety bound on status polls of one long-running action, so a broken server cannot loop forever.
   * @default 10000
   */
  maxStatusPolls?: number;
}

/**
 * One HTTP call made (or received) by the simulator.
 *
 * @example
 * ```ts
 * const entry: TraceEntry = { method: "GET", url: "http://127.0.0.1:1/x", status: 200, durationMs: 3, at: 0 };
 * ```
 */
export interface TraceEntry {
  /** HTTP method. */
  method: string;
  /** Full URL. */
  url: string;
  /** Response status; `0` when no response arrived (network error or timeout). */
  status: number;
  /** Real elapsed time of the call. */
  durationMs: number;
  /** Time on the injected clock when the call started, relative to the simulator's creation. */
  at: number;
  /** What the simulator made of it, e.g. `waited 10 s (Retry-After)` or `notification received`. */
  note?: string;
}

/**
 * Inputs of one operation, keyed by parameter name, as a flow would fill them in.
 *
 * - Path, query, header and formData parameters: by their `name`.
 * - The body parameter: either the whole body under the body parameter's `name` (e.g. `{ body: {...} }`), or
 *   its top-level properties directly (e.g. `{ title: "x" }` for a body schema with a `title` property).
 *   When a body property has the same name as another parameter, use the whole-body form. When the body
 *   parameter's name is also one of its properties (Jupyrest: body `parameters` with a `parameters` property),
 *   the key means the whole body when given alone and the property when given next to other body properties.
 *
 * Unknown keys are rejected, so a typo fails the test instead of silently being dropped.
 *
 * @example
 * ```ts
 * const inputs: OperationInputs = { form_id: "3", webhook: { form_id: "3" } };
 * ```
 */
export type OperationInputs = Record<string, unknown>;

/**
 * Outcome of {@link Simulator.runAction}: the final response after the 202 loop, as the flow sees it.
 *
 * @example
 * ```ts
 * const r: ActionResult = { status: 200, headers: {}, body: { ok: true }, succeeded: true, trace: [] };
 * ```
 */
export interface ActionResult {
  /** Final status (never 202 unless `disableAsyncPattern` was set). */
  status: number;
  /** Final response headers, names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON body, the text for non-JSON bodies, or `undefined` when empty. */
  body: unknown;
  /** `true` for a 2xx final status (the platform fails the action otherwise). */
  succeeded: boolean;
  /** Every call made for this action. */
  trace: TraceEntry[];
}

/**
 * One flow run started by a trigger.
 *
 * @example
 * ```ts
 * const run: TriggerRun = { body: { id: "1" }, headers: {}, poll: 2 };
 * ```
 */
export interface TriggerRun {
  /** The trigger body of this run (for a split batch: one item). */
  body: unknown;
  /** Headers of the response (polling) or notification (webhook) that started the run. */
  headers: Record<string, string>;
  /** Index of the poll that produced this run (polling triggers only). */
  poll?: number;
}

/**
 * One poll of a polling trigger.
 *
 * @example
 * ```ts
 * const poll: PollRecord = { url: "http://127.0.0.1:1/t", status: 202, runs: 0, waitMs: 15000 };
 * ```
 */
export interface PollRecord {
  /** URL called. */
  url: string;
  /** Response status. */
  status: number;
  /** Runs started by this poll. */
  runs: number;
  /** Wait chosen before the next poll (Retry-After or recurrence). */
  waitMs: number;
}

/**
 * Outcome of {@link Simulator.pollTrigger}.
 *
 * @example
 * ```ts
 * const r: PollResult = { runs: [], polls: [], nextUrl: "http://127.0.0.1:1/t?state=1", splitOn: "@triggerBody()", trace: [] };
 * ```
 */
export interface PollResult {
  /** Runs started, in order (a batch response is split into one run per item). */
  runs: TriggerRun[];
  /** Each poll made. */
  polls: PollRecord[];
  /** URL the next poll would call (carries the trigger state). */
  nextUrl: string;
  /** The `splitOn` expression the designer would set, or `undefined` for `single` triggers. */
  splitOn: string | undefined;
  /** Every call made. */
  trace: TraceEntry[];
}

/**
 * A live webhook subscription made by {@link Simulator.subscribeWebhook}.
 *
 * @example
 * ```ts
 * declare const sub: WebhookSubscription;
 * const run = await sub.next();
 * await sub.stop();
 * ```
 */
export interface WebhookSubscription {
  /** The callback URL that was sent in the `x-ms-notification-url` property. */
  readonly callbackUrl: string;
  /** The `Location` returned by the registration (the URL that `stop()` deletes). */
  readonly location: string;
  /**
   * Resolves with the next run (one per notification). Rejects with a `ContractViolationError`
   * (`notification.schemaMismatch`) for a notification that does not match `x-ms-notification-content`, or
   * with a `SimulatorError` (`notificationTimeout`) after `timeoutMs` of real time.
   */
  next(options?: { timeoutMs?: number }): Promise<TriggerRun>;
  /** All valid runs received so far. */
  runs(): TriggerRun[];
  /** Deletes the subscription (DELETE on `location`) and closes the callback receiver. Idempotent. */
  stop(): Promise<{ status: number }>;
  /** Every call made or received for this subscription. */
  readonly trace: TraceEntry[];
}

/**
 * One entry of a dynamic dropdown, as the designer shows it.
 *
 * @example
 * ```ts
 * const v: DynamicValue = { value: "3", title: "Contact form" };
 * ```
 */
export interface DynamicValue {
  /** The value stored in the flow. */
  value: unknown;
  /** The text shown to the user. */
  title: string;
}
