/** @module @connectorkit/express — serve a connectorkit connector from an Express 5 app. */

export type { ConnectorRouter, ConnectorRouterOptions } from "./connector-router";
export { connectorRouter } from "./connector-router";
export { sendConnectorResponse } from "./send-connector-response";
export type { BodyParts } from "./to-connector-request";
export { toConnectorRequest } from "./to-connector-request";
