/**
 * The example Azure Functions v4 app: one call registers the Contoso Tickets connector as a single catch-all
 * HTTP function, served at `http://localhost:7071/api/...` by `func start` (host.json `routePrefix: "api"`, which
 * registerConnector reads and checks against the connector's basePath).
 *
 * Long-running actions (ExportReport) must not run in the background of an HTTP invocation on Functions: with a
 * storage connection configured (AzureWebJobsStorage), jobs go through a storage queue and a queue-triggered
 * function runs them. Without one, jobs run in-process, which is allowed outside production only.
 */

import { app } from "@azure/functions";
import { registerConnector, registerJobQueue } from "@connectorkit/azure-functions";
import { storageQueueJobRunner } from "@connectorkit/sdk";
import { connector, runtimeOptions } from "@connectorkit-examples/tickets";

const JOB_QUEUE = "connector-jobs";
const storage = process.env["AzureWebJobsStorage"];
const { store, ...polling } = runtimeOptions();

/** The registered HTTP functions (name and route), for logs and tests. */
export const functions = registerConnector(app, connector, {
  // the route prefix comes from this app's host.json (extensions.http.routePrefix); registration fails if
  // /{routePrefix}/ does not serve the connector's basePath ("/api"), i.e. the URLs its swagger describes
  hostJson: import.meta.url,
  store,
  ...polling,
  ...(storage
    ? { jobRunner: storageQueueJobRunner({ connectionString: storage, queueName: JOB_QUEUE }) }
    : { allowInProcessJobs: process.env["NODE_ENV"] !== "production" }),
  onError: (error, info) =>
    console.error(`[${info.operationId ?? "router"}] ${error.name}: ${error.message}`),
});

/** The queue-triggered worker that runs long-running jobs, when a storage connection is configured. */
export const jobQueue = storage
  ? registerJobQueue(app, connector, { store, queueName: JOB_QUEUE })
  : undefined;
