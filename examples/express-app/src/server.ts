/**
 * Starts the example app: `pnpm --filter @connectorkit-examples/express-app start` (or `npm start` at the root).
 * Environment: PORT (default 3000; 0 picks a free port), HOST (default 127.0.0.1, this machine only; set 0.0.0.0
 * in a container or on App Service), TRUST_PROXY (e.g. 1 on App Service), TICKETS_API_KEYS and
 * CONNECTORKIT_STATE_SECRET (required when NODE_ENV=production; generated for the run otherwise). Missing
 * (production) or unusable secrets (a key under 8 characters, a state secret under 32 bytes) print the reason
 * and exit 1.
 */
import type { AddressInfo } from "node:net";
import { MissingSecretsError, secrets } from "@connectorkit-examples/tickets";
import type express from "express";
import { createApp } from "./app";

const port = Number(process.env["PORT"] ?? 3000);
const host = process.env["HOST"] ?? "127.0.0.1";
const trust = process.env["TRUST_PROXY"];

let app: express.Express;
try {
  app = createApp(trust === undefined ? {} : { trustProxy: /^\d+$/.test(trust) ? Number(trust) : trust });
} catch (error) {
  if (!(error instanceof MissingSecretsError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const server = app.listen(port, host, () => {
  const { address, port: actual } = server.address() as AddressInfo;
  const origin = `http://${address.includes(":") ? `[${address}]` : address}:${actual}`;
  console.log(`Contoso Tickets connector listening on ${origin}/api (health: /health)`);
  if (secrets.generated.includes("TICKETS_API_KEYS")) {
    const key = secrets.apiKeys[0]!;
    console.log(`API key for this run (generated; set TICKETS_API_KEYS to choose your own): ${key}`);
    console.log(`Try: curl -H "X-API-Key: ${key}" ${origin}/api/me`);
  }
  if (secrets.generated.includes("CONNECTORKIT_STATE_SECRET")) {
    console.log(
      "Polling-trigger state is signed with a key generated for this run (set CONNECTORKIT_STATE_SECRET to keep it across restarts).",
    );
  }
});
server.on("error", (error) => {
  console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
