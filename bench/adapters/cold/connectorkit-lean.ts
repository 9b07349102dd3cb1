/**
 * Cold start (b, diagnostic): as `connectorkit.ts`, but `action`/`defineConnector` come from their own SDK modules
 * instead of the `@connectorkit/sdk` entry, so only what the runtime needs is loaded (the entry also loads undici
 * and jose for webhook delivery and JWT auth). The gap to `connectorkit.ts` is what a leaner entry would save.
 */
// performance.now() counts from the start of the process, so Node bootstrap and module parsing are included.
const [{ action, defineConnector }, { connectorRouter }, { default: express }, { z }] = await Promise.all([
  import("../../../packages/sdk/src/operation/action").then(async (m) => ({
    ...m,
    ...(await import("../../../packages/sdk/src/operation/define-connector")),
  })),
  import("@connectorkit/express"),
  import("express"),
  import("zod"),
]);
const tImported = performance.now();
const op = action({
  operationId: "Ping",
  summary: "Ping",
  description: "Answers pong.",
  method: "post",
  path: "/ping",
  request: { body: z.object({ n: z.number() }) },
  responses: { 200: z.object({ pong: z.number() }) },
  handler: async ({ body }) => ({ status: 200, body: { pong: body.n } }),
});
const app = express();
app.use(
  "/api",
  connectorRouter(defineConnector({ title: "Cold", description: "Cold start probe.", operations: [op] })),
);
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const { port } = server.address() as { port: number };
const res = await fetch(`http://127.0.0.1:${port}/api/ping`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: '{"n":1}',
});
if (res.status !== 200) throw new Error(`first request answered ${res.status}`);
await res.text();
const t1 = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: tImported, firstResponseMs: t1 })}\n`);
server.close();
