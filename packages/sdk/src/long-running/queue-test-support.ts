/**
 * Test support for the adapters' job-queue tests (packages that do not depend on `@azure/storage-queue` or
 * zod themselves): a QueueClient opener and a small connector with a long-running operation. Test-only (not
 * exported from the package).
 * @internal
 * @module
 */
import type { QueueClient } from "@azure/storage-queue";
import { z } from "zod";
import { action } from "../operation/action";
import { defineConnector } from "../operation/define-connector";
import { longRunning } from "./long-running";

/**
 * A `QueueClient` for `queueName` (created if missing).
 * @internal
 */
export async function openQueue(connectionString: string, queueName: string): Promise<QueueClient> {
  const { QueueClient: Client } = await import("@azure/storage-queue");
  const client = new Client(connectionString, queueName);
  await client.createIfNotExists();
  return client;
}

/**
 * A connector with one long-running operation (`POST /reports/export` `{ month }` -> `{ url }`, with a progress
 * report) and one plain action (`GET /ping`); `runs()` counts handler executions.
 * @internal
 */
export function reportsConnector(): { connector: ReturnType<typeof defineConnector>; runs: () => number } {
  let runs = 0;
  const exportReport = longRunning({
    operationId: "ExportReport",
    summary: "Export a report",
    description: "Exports the monthly report.",
    method: "post",
    path: "/reports/export",
    request: { body: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }) },
    responses: { 200: z.object({ url: z.string() }) },
    retryAfter: 5,
    maxDuration: 60_000,
    handler: async ({ body }, ctx) => {
      runs += 1;
      await ctx.progress(50, "Halfway");
      return { status: 200, body: { url: `https://files.contoso.com/${body.month}.csv` } };
    },
  });
  const ping = action({
    operationId: "Ping",
    summary: "Ping",
    description: "Answers 204.",
    method: "get",
    path: "/ping",
    responses: { 204: undefined },
    handler: async () => ({ status: 204 }),
  });
  const connector = defineConnector({
    title: "Reports",
    description: "Exports reports in the background.",
    operations: [exportReport, ping],
  });
  return { connector, runs: () => runs };
}
