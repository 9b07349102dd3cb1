// Loopback callback receiver for bench/webhooks/run.ts, run in its own process so it does not share the
// dispatcher's event loop. Answers 200 to every POST; prints its port, then the delivery count on "count".
import { createServer } from "node:http";

let count = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    count += 1;
    res.writeHead(200, { "content-length": "0" });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: server.address().port });
});
process.on("message", (msg) => {
  if (msg === "count") process.send?.({ count });
  if (msg === "reset") count = 0;
  if (msg === "exit") server.close(() => process.exit(0));
});
setTimeout(() => process.exit(2), 600_000).unref();
