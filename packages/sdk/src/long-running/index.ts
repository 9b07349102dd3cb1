/**
 * @module Long-running actions: the platform's asynchronous pattern (202 + Location + Retry-After), the
 * `accepted()` helper for hand-written status URLs, and the job runner seam.
 */

export type { AcceptedOptions, AcceptedResult } from "./accepted";
export { ACCEPTED_RESPONSE, accepted } from "./accepted";
export type { InProcessJobRunner, InProcessJobRunnerOptions } from "./job-runner";
export { DEFAULT_RUNNER_LEASE_MS, inProcessJobRunner, RUNNER_LEASE_PREFIX } from "./job-runner";
export type { LongRunningConfig, LongRunningConfigBase } from "./long-running";
export {
  DEFAULT_JOB_RETENTION_MS,
  JOB_STATUS_PREFIX,
  longRunning,
  MAX_JOB_DURATION_MS,
} from "./long-running";
export { JOB_INTERRUPTED } from "./recovery";
export { JOB_KEY_PREFIX, runJob } from "./run-job";
export type {
  JobMessage,
  StorageQueueJobRunner,
  StorageQueueJobRunnerOptions,
  StorageQueueJobWorker,
  StorageQueueJobWorkerOptions,
  StorageQueueTarget,
} from "./storage-queue-job-runner";
export {
  decodeJobMessage,
  encodeJobMessage,
  storageQueueJobRunner,
  storageQueueJobWorker,
} from "./storage-queue-job-runner";
export { DEFAULT_MAX_JOB_INPUT_BYTES } from "./stored-input";
export type {
  JobContext,
  JobOutcome,
  JobRecord,
  JobRunner,
  JobState,
  LongRunningHandler,
  LongRunningOperation,
  LongRunningTiming,
  RunJobOptions,
  ScheduledJob,
} from "./types";
