/**
 * Fuzzes the host-agnostic core (`createHandler`) with generated requests (fixed seed; `FUZZ_SEED` to replay)
 * and pins each known finding with a deterministic case.
 */
import { describe, expect, it } from "vitest";
import { memoryStore } from "../store/memory-store";
import {
  coreSend,
  FINDINGS,
  findingFailures,
  fuzzConnector,
  GROWTH_CASES,
  growthProbe,
  lowReach,
  runFuzz,
} from "../testing/fuzz/index";
import { createHandler } from "./create-handler";

const MAX_BODY_BYTES = 64 * 1024;
const GROWTH_N = 10_000;

function setup() {
  const fuzz = fuzzConnector();
  const handler = createHandler(fuzz.connector, {
    maxBodyBytes: MAX_BODY_BYTES,
    validateResponses: true,
    store: memoryStore(),
  });
  return { ...fuzz, send: coreSend(handler) };
}

describe("fuzz: core", () => {
  it("answers every generated request below 500 with our JSON error body, and reaches the handlers", async () => {
    const { connector, reached, send } = setup();
    const report = await runFuzz({ name: "core", connector, reached, send, numRuns: 10_000 });
    expect(lowReach(report.counts, 0.3)).toEqual([]);
  }, 60_000);

  describe("known findings", () => {
    for (const finding of FINDINGS) {
      it(finding.name, async () => {
        const { send } = setup();
        expect(await findingFailures(send, finding)).toEqual([]);
      });
    }

    for (const growth of GROWTH_CASES) {
      it(`${growth.name} costs linear time`, async () => {
        const { send } = setup();
        const { small, large, status } = await growthProbe(send, growth.make, GROWTH_N);
        expect(status).toBeLessThan(500);
        // linear: ~4x (milliseconds); a quadratic regex: ~16x and seconds
        expect(large, `n=10000: ${small.toFixed(1)} ms, n=40000: ${large.toFixed(1)} ms`).toBeLessThan(
          250 + 8 * small,
        );
      }, 30_000);
    }
  });
});
