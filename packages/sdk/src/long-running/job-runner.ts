import type { JobOutcome, JobRunner, ScheduledJob } from "./types";

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
  /** Resolves when every job scheduled so far has ended (for tests and graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * Creates the default, in-process {@link JobRunner}.
 *
 * @returns the runner.
 * @example
 * ```ts
 * import { createHandler } from "@connectorkit/sdk/http";
 * const runner = inProcessJobRunner();
 * const handler = createHandler(connector, { jobRunner: runner });
 * process.on("SIGTERM", async () => { await runner.idle(); process.exit(0); });
 * ```
 */
export function inProcessJobRunner(): InProcessJobRunner {
  const running = new Set<Promise<JobOutcome | undefined>>();
  return {
    get active() {
      return running.size;
    },
    schedule(job: ScheduledJob) {
      const done: Promise<JobOutcome | undefined> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => job.run())
        .catch(() => undefined) // runJob stores failures itself; a store outage leaves the job to time out
        .finally(() => running.delete(done));
      running.add(done);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
