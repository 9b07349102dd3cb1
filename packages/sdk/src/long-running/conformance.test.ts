import { createHandler } from "../http/create-handler";
import { runConformance, toReferenceRequest } from "../testing/conformance/run-conformance";
import type { ConformanceDriver } from "../testing/conformance/types";
import { pollingConformanceCases } from "../triggers/polling/conformance";
import { longRunningConformanceCases } from "./conformance";

// The groups run against the core itself: every expectation in them is what the core answers.
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

runConformance("core: long-running and polling", coreDriver, [
  longRunningConformanceCases,
  pollingConformanceCases,
]);
