import { createHandler } from "../../http/create-handler";
import { allConformanceCases } from "./all-cases";
import { runConformance, toReferenceRequest } from "./run-conformance";
import type { ConformanceDriver } from "./types";

// The table run against the core itself (no host): proves every expectation in the table is what the core
// answers, so an adapter failure always means a translation bug in that adapter.
const coreDriver: ConformanceDriver = {
  async start(connector, options) {
    const handler = createHandler(connector, options);
    const baseUrl = "https://conformance.example.com/api";
    return {
      baseUrl,
      async request(request) {
        const res = await handler.handle(toReferenceRequest(request, baseUrl));
        return { status: res.status, headers: res.headers, body: res.body ?? "" };
      },
      close: async () => {},
    };
  },
};

runConformance("core (no host)", coreDriver, allConformanceCases);
