import az from "@azure/functions";
import type { ConformanceDriver } from "../../sdk/src/testing/conformance/index";
import { allConformanceCases, runConformance } from "../../sdk/src/testing/conformance/index";
import { createAzureHandler } from "./create-azure-handler";

/** Calls the v4 handler with real HttpRequest / InvocationContext objects, as the Functions host would. */
const azureDriver: ConformanceDriver = {
  async start(connector, options) {
    const handle = createAzureHandler(connector, { ...options, routePrefix: "api" });
    const origin = "http://localhost:7071";
    let invocation = 0;
    return {
      baseUrl: `${origin}/api`,
      async request(req) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers ?? {})) headers[name] = value;
        // The v4 worker asks the host for raw body bytes (RawHttpBodyBytes), so bodies arrive as bytes. (A string
        // body would make the fetch Request add "content-type: text/plain" when the client sent none.)
        const body = req.body === undefined ? undefined : { bytes: Buffer.from(req.body) };
        const request = new az.HttpRequest({
          method: req.method,
          url: `${origin}/api${req.path}`,
          headers,
          ...(body ? { body } : {}),
          params: { path: req.path.split("?")[0]!.slice(1) },
        });
        const context = new az.InvocationContext({
          invocationId: String(++invocation),
          functionName: "connector",
        });
        // Run the init through HttpResponse, as the host does before sending.
        const res = new az.HttpResponse(await handle(request, context));
        const out: Record<string, string> = {};
        for (const [name, value] of res.headers) out[name] = value;
        return { status: res.status, headers: out, body: await res.text() };
      },
      close: async () => {},
    };
  },
};

runConformance("azure-functions", azureDriver, allConformanceCases);
