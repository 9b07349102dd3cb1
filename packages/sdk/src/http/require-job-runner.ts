/**
 * The safe default for long-running operations on Azure Functions: work after the HTTP response is not
 * reliable there (the instance may be frozen, scaled in or recycled), so a connector with long-running
 * operations must say where its jobs run and where its state lives. Serverless adapters call this at registration.
 */
import type { Connector } from "../operation/define-connector";
import type { HandlerOptions } from "./create-handler";

/**
 * The opt-out of {@link requireJobRunner}, part of the adapter's options.
 *
 * @example
 * ```ts
 * const local: JobRunnerGuardOptions = { allowInProcessJobs: process.env.AZURE_FUNCTIONS_ENVIRONMENT === "Development" };
 * ```
 */
export interface JobRunnerGuardOptions {
  /**
   * Run long-running jobs inside the HTTP invocation's process after the 202, as on a long-lived server. Only
   * for local development (`func start`): on Azure a job may be cut off and then answers 504 at its deadline.
   * @default false
   */
  allowInProcessJobs?: boolean | undefined;
}

/**
 * Throws when a connector has long-running operations but neither a `jobRunner` nor `allowInProcessJobs: true`
 * was given, or keeps state (long-running jobs, webhook subscriptions) without an explicit shared `store`; the
 * message names the operations and the fix. Called by `createAzureHandler` and
 * `registerConnector` at registration time, so a misconfigured app fails on start-up, not on the first job.
 *
 * @param connector - the connector being served.
 * @param options - the adapter options (`jobRunner`, `allowInProcessJobs`).
 * @throws TypeError describing how to configure a durable job runner.
 * @example
 * ```ts
 * requireJobRunner(connector, { jobRunner }); // fine
 * requireJobRunner(connector, {}); // throws if connector has long-running operations
 * ```
 */
export function requireJobRunner(
  connector: Connector,
  options: Pick<HandlerOptions, "jobRunner" | "store"> & JobRunnerGuardOptions,
): void {
  if (options.allowInProcessJobs === true) return;
  // Jobs and webhook subscriptions must outlive one instance: the default file store lives on the instance's
  // disk (read-only under Run From Package, and not shared between instances).
  const stateful = connector.operations
    .filter(
      (op) =>
        op.kind === "webhookTrigger" || typeof (op as { longRunning?: unknown }).longRunning === "object",
    )
    .map((op) => op.operationId);
  if (stateful.length > 0 && options.store === undefined) {
    throw new TypeError(
      `Connector "${connector.title}" keeps state for ${stateful.join(", ")}; on Azure Functions pass a shared store, e.g. ` +
        '`store: await azureTableStore({ connectionString: process.env.AzureWebJobsStorage, table: "connectorstate" })`. ' +
        "For local development only, pass `allowInProcessJobs: true` to use the default store.",
    );
  }
  if (options.jobRunner !== undefined) return;
  // longRunning() operations carry their timing in the public `longRunning` property
  const ids = connector.operations
    .filter((op) => typeof (op as { longRunning?: unknown }).longRunning === "object")
    .map((op) => op.operationId);
  if (ids.length === 0) return;
  throw new TypeError(
    `Connector "${connector.title}" has long-running operations (${ids.join(", ")}), and on Azure Functions work ` +
      "after the HTTP response is not reliable, so they need a durable job runner. Pass " +
      '`jobRunner: storageQueueJobRunner({ connectionString: process.env.AzureWebJobsStorage, queueName: "connector-jobs" })` ' +
      "(with a shared `store`) and register the worker with " +
      '`registerJobQueue(app, connector, { store, queueName: "connector-jobs", connection: "AzureWebJobsStorage" })`. ' +
      "For local development only, pass `allowInProcessJobs: true` to run jobs in-process.",
  );
}
