/**
 * The adapter-facing API. If you are writing an adapter for a new host,
 * translate the host request to a {@link ConnectorRequest}, call `handle`, and write the {@link ConnectorResponse}.
 * @module @connectorkit/sdk/http
 */

export type { ConnectorHandler, HandlerOptions } from "./http/create-handler";
export { createHandler, PLATFORM_MAX_BODY_BYTES } from "./http/create-handler";
export { JSON_CONTENT_TYPE } from "./http/respond";
export type { ConnectorRequest, ConnectorResponse, HttpMethod } from "./http/types";
export { requireJobRunner } from "./http/require-job-runner";
export type { JobRunnerGuardOptions } from "./http/require-job-runner";
export { toQueryRecord } from "./http/query";
