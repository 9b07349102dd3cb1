/**
 * Fuzzes the Azure Functions v4 handler with real `HttpRequest` / `InvocationContext` objects, and runs each
 * answer through `HttpResponse` as the Functions host does before sending. Fixed seed; `FUZZ_SEED` to replay.
 */
import az from "@azure/functions";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../sdk/src/store/memory-store";
import {
  FINDINGS,
  type FuzzResponse,
  type FuzzSend,
  findingFailures,
  fuzzConnector,
  GROWTH_CASES,
  growthProbe,
  lowReach,
  runFuzz,
} from "../../sdk/src/testing/fuzz/index";
import { createAzureHandler } from "./create-azure-handler";

const MAX_BODY_BYTES = 64 * 1024;
const GROWTH_N = 10_000;
const ORIGIN = "http://localhost:7071";

function setup() {
  const fuzz = fuzzConnector();
  const handle = createAzureHandler(fuzz.connector, {
    routePrefix: "api",
    maxBodyBytes: MAX_BODY_BYTES,
    validateResponses: true,
    store: memoryStore(),
    allowInProcessJobs: true,
  });
  let invocation = 0;
  const send: FuzzSend = async (req): Promise<FuzzResponse> => {
    // The v4 worker hands bodies over as raw bytes; a fetch Request cannot carry a body on GET/HEAD.
    const method = req.method.toUpperCase();
    const body =
      req.body && method !== "GET" && method !== "HEAD" ? { bytes: Buffer.from(req.body) } : undefined;
    const request = new az.HttpRequest({
      method: req.method,
      url: `${ORIGIN}/api${req.path}${req.query ? `?${req.query}` : ""}`,
      headers: req.headers,
      ...(body ? { body } : {}),
      params: { path: req.path.slice(1) },
    });
    const context = new az.InvocationContext({
      invocationId: String(++invocation),
      functionName: "connector",
    });
    // What the host does with the init before sending: header values must be ByteStrings.
    const res = new az.HttpResponse(await handle(request, context));
    const headers: Record<string, string> = {};
    for (const [name, value] of res.headers) headers[name] = value;
    return { status: res.status, headers, body: method === "HEAD" ? "" : await res.text() };
  };
  return { ...fuzz, send };
}

describe("fuzz: azure-functions", () => {
  it("answers every generated request below 500 with our JSON error body, and reaches the handlers", async () => {
    const { connector, reached, send } = setup();
    const report = await runFuzz({ name: "azure-functions", connector, reached, send, numRuns: 5_000 });
    expect(lowReach(report.counts, 0.3)).toEqual([]);
  }, 60_000);

  describe("known findings", () => {
    for (const finding of FINDINGS) {
      it(finding.name, async () => {
        const { send } = setup();
        expect(await findingFailures(send, finding)).toEqual([]);
      }, 30_000);
    }

    for (const growth of GROWTH_CASES) {
      it(`${growth.name} costs linear time`, async () => {
        const { send } = setup();
        const { small, large, status } = await growthProbe(send, growth.make, GROWTH_N);
        expect(status).toBeLessThan(500);
        expect(
          large,
          `n=${GROWTH_N}: ${small.toFixed(1)} ms, n=${4 * GROWTH_N}: ${large.toFixed(1)} ms`,
        ).toBeLessThan(250 + 8 * small);
      }, 30_000);
    }
  });
});
