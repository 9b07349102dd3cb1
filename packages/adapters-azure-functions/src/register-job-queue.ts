/**
 * Runs a connector's long-running jobs on Azure Functions from a storage queue: the HTTP function answers 202
 * and `storageQueueJobRunner` enqueues the job; this queue-triggered function runs it. Contract: `runJob(store,
 * jobId, { connector })` from `@connectorkit/sdk` — this file only turns the queue entry into a job id.
 */
import type { InvocationContext, StorageQueueFunctionOptions } from "@azure/functions";
import type { Connector, ConnectorStore, RunJobOptions } from "@connectorkit/sdk";
import { runJob } from "@connectorkit/sdk";

/**
 * Options of {@link registerJobQueue}.
 *
 * @example
 * ```ts
 * const options: RegisterJobQueueOptions = { store, queueName: "connector-jobs", connection: "JobsStorage" };
 * registerJobQueue(app, connector, options); // registers the queue-triggered function "connector-jobs"
 * ```
 */
export interface RegisterJobQueueOptions {
  /** The store the HTTP function's handler uses (a shared, durable one: Azure Table, Redis). */
  store: ConnectorStore;
  /** The queue `storageQueueJobRunner` sends to. */
  queueName: string;
  /** The app setting holding the storage connection string. @default "AzureWebJobsStorage" */
  connection?: string;
  /** The function's name. @default "connector-jobs" */
  name?: string;
  /** Passed to `runJob`: called when a job fails with a 5xx. */
  onError?: RunJobOptions["onError"];
  /** Clock in epoch milliseconds, passed to `runJob`. @default Date.now */
  now?: () => number;
}

const JOB_ID = /^[A-Za-z0-9_-]{32}$/;

/**
 * The job id in a queue entry: the object the trigger makes of the runner's JSON message (`{ jobId }`), or a bare
 * job id string (a message sent by hand).
 */
function jobIdOf(entry: unknown): string | undefined {
  const id =
    typeof entry === "string"
      ? entry.trim()
      : entry && typeof entry === "object"
        ? (entry as { jobId?: unknown }).jobId
        : undefined;
  return typeof id === "string" && JOB_ID.test(id) ? id : undefined;
}

/**
 * Registers a storage-queue-triggered function that runs the long-running jobs `storageQueueJobRunner` enqueues.
 * Each message runs `runJob(store, jobId, { connector })`, which claims the job with a conditional write: a
 * message delivered twice, or a job another instance already claimed, ends as `"skipped"`, so handling is
 * idempotent. A finished job (succeeded or failed) completes the message; its outcome is in the store, where the
 * status URL reads it.
 *
 * Failures: when `runJob` throws (the store is unreachable) the function throws and the host retries the message;
 * after `host.json` `extensions.queues.maxDequeueCount` deliveries (default 5) the host moves it to
 * `<queueName>-poison`. A message that carries no job id is logged and completed, not retried. A job whose
 * instance died while running stays `running` until its `maxDuration`, then answers 504: keep `maxDuration`
 * within the function timeout (`host.json` `functionTimeout`). Messages must be base64 (`host.json`
 * `extensions.queues.messageEncoding`, default `base64`), which is what the runner sends.
 *
 * @param app - `app` from `@azure/functions` (anything with its `storageQueue(name, options)`).
 * @param connector - the connector from `defineConnector` (the same one the HTTP function serves).
 * @param options - store, queue name, connection setting, function name.
 * @returns the registered function's name and queue.
 * @example
 * ```ts
 * // src/functions/connector.ts
 * import { app } from "@azure/functions";
 * import { azureTableStore, storageQueueJobRunner } from "@connectorkit/sdk";
 * import { registerConnector, registerJobQueue } from "@connectorkit/azure-functions";
 * import { connector } from "../connector";
 *
 * const conn = process.env.AzureWebJobsStorage!;
 * const store = await azureTableStore({ connectionString: conn, table: "connectorstate" });
 * const jobRunner = storageQueueJobRunner({ connectionString: conn, queueName: "connector-jobs" });
 * registerConnector(app, connector, { store, jobRunner });
 * registerJobQueue(app, connector, { store, queueName: "connector-jobs" });
 * ```
 */
export function registerJobQueue(
  app: { storageQueue(name: string, options: StorageQueueFunctionOptions): void },
  connector: Connector,
  options: RegisterJobQueueOptions,
): { name: string; queueName: string } {
  if (typeof options?.store?.get !== "function") {
    throw new TypeError("registerJobQueue: options.store must be the ConnectorStore the HTTP function uses.");
  }
  if (typeof options.queueName !== "string" || options.queueName === "") {
    throw new TypeError(
      "registerJobQueue: options.queueName must be the queue storageQueueJobRunner sends to.",
    );
  }
  const { store, queueName } = options;
  const name = options.name ?? "connector-jobs";
  const runOptions: RunJobOptions = { connector };
  if (options.onError) runOptions.onError = options.onError;
  if (options.now) runOptions.now = options.now;
  const handler = async (entry: unknown, context: InvocationContext): Promise<void> => {
    const jobId = jobIdOf(entry);
    if (jobId === undefined) {
      context.error(`${name}: the message is not a job message; dropped.`);
      return;
    }
    const outcome = await runJob(store, jobId, runOptions); // throws -> host retry, then poison queue
    if (outcome === "missing") context.warn(`${name}: job ${jobId} does not exist (expired?).`);
    else context.log(`${name}: job ${jobId} ${outcome}.`);
  };
  app.storageQueue(name, { queueName, connection: options.connection ?? "AzureWebJobsStorage", handler });
  return { name, queueName };
}
