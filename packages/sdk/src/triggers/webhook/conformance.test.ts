import { createHandler } from "../../http/create-handler";
import { runConformance } from "../../testing/conformance/run-conformance";
import { webhookConformanceCases } from "./conformance";
import { startBridge } from "./test-support";

// The webhook table against a plain node:http host (the Express and Azure adapters run it too).
runConformance(
  "node:http bridge",
  {
    async start(connector, options) {
      const bridge = await startBridge(createHandler(connector, options), "/api");
      return {
        baseUrl: bridge.baseUrl,
        async request(r) {
          const res = await fetch(`${bridge.baseUrl}${r.path}`, {
            method: r.method,
            headers: r.headers ?? {},
            ...(r.body !== undefined ? { body: r.body } : {}),
          });
          const headers: Record<string, string> = {};
          res.headers.forEach((v, k) => {
            headers[k] = v;
          });
          return { status: res.status, headers, body: await res.text() };
        },
        close: () => bridge.close(),
      };
    },
  },
  webhookConformanceCases,
);
