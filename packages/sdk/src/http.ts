/**
 * The adapter-facing API. If you are writing an adapter for a new host,
 * translate the host request to a {@link ConnectorRequest}, call `handle`, and write the {@link ConnectorResponse}.
 * @module @connectorkit/sdk/http
 */

export type { ConnectorHandler, HandlerOptions } from "./http/create-handler";
export { createHandler, PLATFORM_MAX_BODY_BYTES } from "./http/create-handler";
export { encodeUrlHeader, JSON_CONTENT_TYPE, ResponseHeaderError, toErrorResponse } from "./http/respond";
export type { BodyParser } from "./http/body";
export {
  BODY_PARSERS,
  MAX_JSON_DEPTH,
  readRequestBody,
  requestBodyBytes,
  UNSUPPORTED_CHARSET,
  UNSUPPORTED_ENCODING,
} from "./http/body";
export type { BodyStream, ConnectorRequest, ConnectorResponse, HttpMethod } from "./http/types";
export { requireJobRunner } from "./http/require-job-runner";
export type { JobRunnerGuardOptions } from "./http/require-job-runner";
export { toQueryRecord } from "./http/query";
