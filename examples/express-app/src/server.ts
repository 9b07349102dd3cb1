/**
 * Starts the example app: `pnpm --filter @connectorkit-examples/express-app start`.
 * Environment: PORT (default 3000; 0 picks a free port), HOST (default 0.0.0.0), TRUST_PROXY (e.g. 1 on App Service).
 */
import type { AddressInfo } from "node:net";
import { createApp } from "./app";

const port = Number(process.env["PORT"] ?? 3000);
const host = process.env["HOST"] ?? "0.0.0.0";
const trust = process.env["TRUST_PROXY"];
const app = createApp(trust === undefined ? {} : { trustProxy: /^\d+$/.test(trust) ? Number(trust) : trust });

const server = app.listen(port, host, () => {
  const { address, port: actual } = server.address() as AddressInfo;
  console.log(`Contoso Tickets connector listening on http://${address}:${actual}/api (health: /health)`);
});
server.on("error", (error) => {
  console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
