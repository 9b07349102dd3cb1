import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { ConnectorStore } from "../store/types";
import type { JobOutcome, JobRunner, ScheduledJob } from "./types";

/**
 * Store key prefix of in-process runner leases: `jobrunner:<instanceId>` holds `{ host, pid, startedAt }` with a
 * TTL of `leaseMs`, renewed while the runner has jobs.
 *
 * @example
 * ```ts
 * const lease = await store.get(`${RUNNER_LEASE_PREFIX}${runner.instanceId}`);
 * ```
 */
export const RUNNER_LEASE_PREFIX = "jobrunner:";
/**
 * Default lease of an in-process runner: 30 seconds (renewed every 10 s while it has jobs).
 *
 * @example
 * ```ts
 * const runner = inProcessJobRunner({ leaseMs: 2 * DEFAULT_RUNNER_LEASE_MS });
 * ```
 */
export const DEFAULT_RUNNER_LEASE_MS = 30_000;

/** What a runner lease record holds. @internal */
export interface RunnerLease {
  host: string;
  pid: number;
  startedAt: number;
}

const LIVE = Symbol.for("connectorkit.inProcessRunners");
/** Instance ids of the in-process runners alive in this process (shared across copies of the module). */
function liveInstances(): Set<string> {
  const g = globalThis as { [LIVE]?: Set<string> };
  g[LIVE] ??= new Set<string>();
  return g[LIVE];
}

/** The internal side of an in-process runner, used by `longRunning()`. @internal */
export const RUNNER_INTERNALS = Symbol.for("connectorkit.inProcessRunner");

/** @internal */
export interface RunnerInternals {
  /** Ensures this runner's lease in `store` is fresh, so a job stored next is known to be owned by a live runner. */
  register(store: ConnectorStore): Promise<void>;
}

/**
 * Options of {@link inProcessJobRunner}.
 *
 * @example
 * ```ts
 * const options: InProcessJobRunnerOptions = { leaseMs: 60_000 };
 * ```
 */
export interface InProcessJobRunnerOptions {
  /**
   * Milliseconds the runner's lease in the store lasts; it is renewed every third of that while the runner has
   * jobs. After a crash, another process treats this runner's jobs as interrupted once the lease has expired
   * (at once on the same host, where it can see that the process is gone). 1000 to 3600000. @default 30000
   */
  leaseMs?: number | undefined;
}

/**
 * A {@link JobRunner} that runs jobs in this process, on the next turn of the event loop after the 202 is
 * sent. Fine for long-lived servers (Express); on serverless hosts work after the response may be frozen or
 * killed, so use a durable queue runner there.
 *
 * @example
 * ```ts
 * const runner: InProcessJobRunner = inProcessJobRunner();
 * const handler = createHandler(connector, { jobRunner: runner });
 * // in a test, after the start request answered 202:
 * await runner.idle();
 * expect(runner.active).toBe(0);
 * ```
 */
export interface InProcessJobRunner extends JobRunner {
  /** Jobs currently running in this process. */
  readonly active: number;
  /** This runner's id, stored in the jobs it owns (`JobRecord.runner`) and in its lease key. */
  readonly instanceId: string;
  /** Resolves when every job scheduled so far has ended (for tests and graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * Creates the default, in-process {@link JobRunner}. Jobs it runs are marked with its instance id, and it keeps
 * a lease (`jobrunner:<instanceId>`, see {@link RUNNER_LEASE_PREFIX}) in the handler's store while it has jobs,
 * so that after a crash the next process can tell this runner's jobs were interrupted.
 *
 * @param options - the lease duration.
 * @returns the runner.
 * @throws TypeError for a `leaseMs` out of range.
 * @example
 * ```ts
 * import { createHandler } from "@connectorkit/sdk/http";
 * const runner = inProcessJobRunner();
 * const handler = createHandler(connector, { jobRunner: runner });
 * process.on("SIGTERM", async () => { await runner.idle(); process.exit(0); });
 * ```
 */
export function inProcessJobRunner(options: InProcessJobRunnerOptions = {}): InProcessJobRunner {
  const leaseMs = options?.leaseMs ?? DEFAULT_RUNNER_LEASE_MS;
  if (typeof leaseMs !== "number" || !Number.isInteger(leaseMs) || leaseMs < 1000 || leaseMs > 3_600_000) {
    throw new TypeError(
      `inProcessJobRunner: leaseMs must be an integer from 1000 to 3600000 milliseconds (got ${String(leaseMs)}).`,
    );
  }
  const instanceId = randomBytes(12).toString("base64url");
  liveInstances().add(instanceId);
  const lease: RunnerLease = { host: hostname(), pid: process.pid, startedAt: Date.now() };
  const key = `${RUNNER_LEASE_PREFIX}${instanceId}`;
  const running = new Set<Promise<JobOutcome | undefined>>();
  /** Stores this runner holds a lease in, with when it was last renewed (wall clock). */
  const stores = new Map<ConnectorStore, number>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const renew = async (store: ConnectorStore): Promise<void> => {
    await store.put(key, lease, { ttlMs: leaseMs });
    stores.set(store, Date.now());
  };
  const heartbeat = (): void => {
    if (running.size === 0) {
      clearInterval(timer);
      timer = undefined;
      return;
    }
    for (const store of stores.keys()) {
      // A failed renewal is retried on the next beat; if it keeps failing the lease expires and other
      // processes treat the jobs as interrupted, which is what an unreachable store should lead to.
      renew(store).catch(() => undefined);
    }
  };
  const internals: RunnerInternals = {
    async register(store) {
      const last = stores.get(store);
      if (last === undefined || Date.now() - last > leaseMs / 3) await renew(store);
    },
  };
  const runner: InProcessJobRunner & { [RUNNER_INTERNALS]: RunnerInternals } = {
    [RUNNER_INTERNALS]: internals,
    get active() {
      return running.size;
    },
    instanceId,
    schedule(job: ScheduledJob) {
      const done: Promise<JobOutcome | undefined> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => job.run())
        .catch(() => undefined) // runJob stores failures itself; a store outage leaves the job to time out
        .finally(() => running.delete(done));
      running.add(done);
      if (!timer) {
        timer = setInterval(heartbeat, Math.floor(leaseMs / 3));
        timer.unref?.();
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
  return runner;
}

/** The internals of an in-process runner, or undefined for other runners. @internal */
export function runnerInternals(runner: JobRunner): (RunnerInternals & { instanceId: string }) | undefined {
  const internals = (runner as { [RUNNER_INTERNALS]?: RunnerInternals })[RUNNER_INTERNALS];
  if (!internals) return undefined;
  return { ...internals, instanceId: (runner as InProcessJobRunner).instanceId };
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Tells whether the in-process runner `instanceId` is gone, by its lease in `store`: gone when the lease has
 * expired, or when it names this host and a process that no longer exists (or this very process, where the
 * runner is not alive: a previous incarnation with the same pid, as in containers). Host name + pid identify a
 * process, as for the file store's lock.
 * @internal
 */
export async function runnerGone(store: ConnectorStore, instanceId: string): Promise<boolean> {
  if (liveInstances().has(instanceId)) return false;
  const entry = await store.get<RunnerLease>(`${RUNNER_LEASE_PREFIX}${instanceId}`);
  if (!entry) return true;
  const { host, pid } = entry.value ?? ({} as Partial<RunnerLease>);
  if (host !== hostname() || typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return false;
  return pid === process.pid || processGone(pid);
}
