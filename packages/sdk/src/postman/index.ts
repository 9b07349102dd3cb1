/** @module Export a connector's Swagger 2.0 definition as a Postman Collection v2.1 (runnable with newman). */

// Errors
export { PostmanExportError } from "./postman-export-error";
// Export
export { toPostmanCollection } from "./to-postman-collection";
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
} from "./types";
// Collection types
export { POSTMAN_COLLECTION_SCHEMA } from "./types";
