/** Cold start baseline (a): import Express + zod, serve the first request of a hand-written route. */
// performance.now() counts from the start of the process, so Node bootstrap and module parsing are included.
const [{ default: express }, { z }] = await Promise.all([import("express"), import("zod")]);
const tImported = performance.now();
const Body = z.object({ n: z.number() });
const app = express();
app.post("/api/ping", express.json(), (req, res) => {
  const body = Body.safeParse(req.body);
  if (!body.success) res.status(400).json({ error: body.error.issues });
  else res.json({ pong: body.data.n });
});
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
