/** @module @connectorkit/azure-functions — serve a connectorkit connector from an Azure Functions v4 app. */

export type { AzureHandlerOptions, AzureHttpHandler } from "./create-azure-handler";
export { createAzureHandler } from "./create-azure-handler";
export type { RegisterConnectorOptions } from "./register-connector";
export { registerConnector } from "./register-connector";
export type { RegisterJobQueueOptions } from "./register-job-queue";
export { registerJobQueue } from "./register-job-queue";
export type { JobRunnerGuardOptions } from "@connectorkit/sdk/http";
export { requireJobRunner } from "@connectorkit/sdk/http";
export type { RequestTranslation } from "./to-connector-request";
export { toConnectorRequest } from "./to-connector-request";
export { toHttpResponseInit } from "./to-http-response-init";
