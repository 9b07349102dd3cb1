/**
 * @module @connectorkit/sdk/swagger — build-time emission of the connector package. Kept off the runtime import path.
 */

export { SwaggerConversionError } from "./swagger/errors";
export { MAX_DEFINITION_BYTES, MAX_OPERATIONS, toSwagger } from "./swagger/to-swagger";
export type { SwaggerDocument, ToSwaggerOptions } from "./swagger/types";
