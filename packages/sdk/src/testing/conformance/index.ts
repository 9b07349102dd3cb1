/**
 * @module Adapter conformance suite (unpublished test helper). Each adapter's test file calls
 * {@link runConformance} with a driver that serves a connector on its host.
 * @internal
 */
export { allConformanceCases } from "./all-cases";
export { CONFORMANCE_MAX_BODY_BYTES, conformanceCases } from "./cases";
export { CONFORMANCE_HEADERS, runConformance, toReferenceRequest } from "./run-conformance";
export {
  CONFORMANCE_API_KEY,
  CONFORMANCE_CHALLENGE,
  CONFORMANCE_SECRET,
  conformanceAuth,
  conformanceConnector,
} from "./suite-connector";
export type {
  ConformanceCase,
  ConformanceDriver,
  ConformanceExpectation,
  ConformanceGroup,
  ConformanceRequest,
  ConformanceResponse,
  ConformanceServer,
  ConformanceSetup,
  HeaderExpectation,
} from "./types";
