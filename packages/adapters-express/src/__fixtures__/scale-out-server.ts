/**
 * One server process of the scale-out test: Express + connectorRouter on 127.0.0.1:0, the shared store named by
 * the environment, a storage-queue job runner, and (CK_WORKER=1) a queue worker that runs jobs any process
 * scheduled. Reports `{ port }` over IPC; exits cleanly on the "stop" message. Test fixture.
 *
 * Env: CK_NODE (name), CK_STORE (redis | azureTable), CK_REDIS_URL, CK_PREFIX, CK_TABLE_CONN, CK_TABLE,
 * CK_QUEUE_CONN, CK_QUEUE, CK_WORKER.
 * @internal
 * @module
 */
import type { AddressInfo } from "node:net";
import { azureTableStore, type ConnectorStore, redisStore } from "@connectorkit/sdk";
import express from "express";
import {
  type StorageQueueJobWorker,
  storageQueueJobRunner,
  storageQueueJobWorker,
} from "../../../sdk/src/long-running/storage-queue-job-runner";
import { connectorRouter } from "../connector-router";
import { scaleOutConnector } from "./scale-out-connector";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`scale-out-server: ${name} is not set`);
  return value;
};

async function openStore(): Promise<ConnectorStore> {
  return env("CK_STORE") === "redis"
    ? redisStore({ client: env("CK_REDIS_URL"), keyPrefix: env("CK_PREFIX") })
    : azureTableStore({ connectionString: env("CK_TABLE_CONN"), table: env("CK_TABLE") });
}

const store = await openStore();
const queue = { connectionString: env("CK_QUEUE_CONN"), queueName: env("CK_QUEUE") };
const app = express();
app.use(
  "/api",
  connectorRouter(scaleOutConnector, {
    store,
    jobRunner: storageQueueJobRunner(queue),
    onError: (error) => console.error(`[${process.env["CK_NODE"]}] ${error.message}`),
  }),
);
const server = app.listen(0, "127.0.0.1");
await new Promise<void>((resolve) => server.once("listening", () => resolve()));
let worker: StorageQueueJobWorker | undefined;
if (process.env["CK_WORKER"] === "1") {
  worker = storageQueueJobWorker({
    ...queue,
    store,
    connector: scaleOutConnector,
    pollIntervalMs: 50,
    onError: (error) => console.error(`[${process.env["CK_NODE"]} worker]`, error),
  });
}
process.send?.({ port: (server.address() as AddressInfo).port });

process.on("message", async (message) => {
  if (message !== "stop") return;
  await worker?.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  process.exit(0);
});
process.on("disconnect", () => process.exit(0));
