/** Cold start (c): import express-zod-api (+ its zod 4.3.6), define one endpoint, serve the first request. */
// performance.now() counts from the start of the process, so Node bootstrap and module parsing are included.
const [{ createConfig, createServer, defaultEndpointsFactory }, { z }] = await Promise.all([
  import("express-zod-api"),
  import("zod"),
]);
const tImported = performance.now();
const ping = defaultEndpointsFactory.build({
  method: "post",
  input: z.object({ n: z.number() }),
  output: z.object({ pong: z.number() }),
  handler: async ({ input }) => ({ pong: input.n }),
});
const { servers } = await createServer(
  createConfig({
    http: { listen: { port: 0, host: "127.0.0.1" } },
    cors: false,
    startupLogo: false,
    logger: { level: "warn" },
  }),
  { api: { ping } },
);
const server = servers[0]!;
if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
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
