/**
 * Postman Collection v2.1 export of a connector. Build-time only.
 * @module @connectorkit/sdk/postman
 */
export { PostmanExportError } from "./postman/postman-export-error";
// Export
export { toPostmanCollection } from "./postman/to-postman-collection";
export type {
  PostmanAuth,
  PostmanAuthAttribute,
  PostmanBody,
  PostmanCollection,
  PostmanEvent,
  PostmanExportOptions,
  PostmanFolder,
  PostmanFormField,
  PostmanItem,
  PostmanKeyValue,
  PostmanRequest,
  PostmanUrl,
  PostmanVariable,
} from "./postman/types";
// Collection types
export { POSTMAN_COLLECTION_SCHEMA } from "./postman/types";
