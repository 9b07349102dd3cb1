/**
 * Fuzz support shared by the core and adapter fuzz suites (`src/http/fuzz.test.ts`, the adapters'
 * `src/fuzz.test.ts`): the fuzz connector, request generators, the checking loop and the core driver.
 * Test-only: not part of any package entry point.
 * @internal
 */
export { coreSend, sendThroughCore } from "./core-driver";
export { FINDINGS, type Finding, findingFailures, GROWTH_CASES, growthProbe } from "./findings";
export {
  acceptedMediaTypes,
  FUZZ_API_KEY,
  FUZZ_BASE_PATH,
  FUZZ_ID_HEADER,
  type FuzzConnector,
  fuzzConnector,
} from "./fuzz-connector";
export {
  BODY_KIND_MEDIA_TYPE,
  BODY_KINDS,
  type BodyKind,
  type FuzzRequest,
  fuzzRequests,
  PROTOTYPE_NAMES,
  TARGETED_OPERATIONS,
} from "./requests";
export {
  type CrashWatch,
  checkResponse,
  DEFAULT_FUZZ_SEED,
  exchange,
  type FuzzReport,
  type FuzzResponse,
  type FuzzSend,
  formatReport,
  fuzzSeed,
  lowReach,
  type ReachCounts,
  type RunFuzzOptions,
  runFuzz,
  watchCrashes,
} from "./run-fuzz";
