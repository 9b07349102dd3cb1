import type { AddressInfo } from "node:net";
import express from "express";
import { Client } from "undici";
import type { ConformanceDriver, ConformanceGroup } from "../../sdk/src/testing/conformance/index";
import { allConformanceCases, runConformance } from "../../sdk/src/testing/conformance/index";
import { connectorRouter } from "./connector-router";

/** A real Express 5 server on a loopback port, spoken to over real HTTP. */
function expressDriver(setup: (app: express.Express) => void = () => {}): ConformanceDriver {
  return {
    async start(connector, options) {
      const app = express();
      setup(app);
      app.use("/api", connectorRouter(connector, options));
      const server = app.listen(0, "127.0.0.1");
      await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = new Client(origin); // sends the path exactly as written (no URL normalisation)
      return {
        baseUrl: `${origin}/api`,
        async request(req) {
          const res = await client.request({
            method: req.method as "GET",
            path: `/api${req.path}`,
            headers: req.headers ?? {},
            body: req.body ?? null,
          });
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          return { status: res.statusCode, headers, body: await res.body.text() };
        },
        async close() {
          await client.close();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    },
  };
}

runConformance("express", expressDriver(), allConformanceCases);

// The same table with express.json() installed app-wide before the connector. The one case it cannot pass:
// body-parser decodes invalid UTF-8 into U+FFFD before the core sees the bytes.
const withJsonParser: ConformanceGroup[] = allConformanceCases.map((group) => ({
  ...group,
  cases: group.cases.filter((c) => c.name !== "invalid UTF-8 -> 400"),
}));
runConformance(
  "express + express.json()",
  expressDriver((app) => app.use(express.json())),
  withJsonParser,
);
