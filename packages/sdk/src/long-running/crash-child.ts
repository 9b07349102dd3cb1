/**
 * Child process of the long-running crash test: serves a connector with a non-resumable (`Plain`) and a
 * resumable (`Again`) long-running operation on a {@link fileStore}, and prints `ready <baseUrl>` once it
 * listens. The parent starts jobs, kills this process with SIGKILL at random points, starts it again on the same
 * store and checks that every interrupted job fails clearly or finishes.
 *
 * Usage: `node --import tsx crash-child.ts <dir>`
 * @module
 */
import { z } from "zod";
import { createHandler } from "../http/create-handler";
import { defineConnector } from "../operation/define-connector";
import { fileStore } from "../store/file-store";
import { serve } from "./engine-harness";
import { inProcessJobRunner } from "./job-runner";
import { longRunning } from "./long-running";

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write("usage: crash-child.ts <dir>\n");
  process.exit(2);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const op = (operationId: string, resumable: boolean) =>
  longRunning({
    operationId,
    summary: operationId,
    description: `${operationId}.`,
    method: "post",
    path: `/${operationId.toLowerCase()}`,
    request: { body: z.object({ n: z.number().int(), steps: z.number().int().min(1).max(50) }) },
    responses: { 200: z.object({ n: z.number() }) },
    retryAfter: 1,
    resumable,
    maxAttempts: 10,
    handler: async ({ body }, ctx) => {
      for (let i = 0; i < body.steps; i++) {
        await sleep(25);
        await ctx.progress(Math.round((i / body.steps) * 100));
      }
      return { status: 200, body: { n: body.n } };
    },
  });
const store = await fileStore({ path: dir, fsync: false, logger: false });
const connector = defineConnector({
  title: "Crash Jobs",
  description: "Jobs killed at random points.",
  operations: [op("Plain", false), op("Again", true)],
});
const server = await serve(
  createHandler(connector, { store, jobRunner: inProcessJobRunner({ leaseMs: 3000 }) }),
);
process.stdout.write(`ready ${server.baseUrl}\n`);
