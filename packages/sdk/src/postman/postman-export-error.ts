/**
 * Thrown by `toPostmanCollection` for input it cannot export: not a Swagger 2.0 object, a malformed
 * operation or parameter, a `$ref` that cannot be followed, or invalid options.
 *
 * @example
 * ```ts
 * import { PostmanExportError, toPostmanCollection } from "@connectorkit/sdk/postman";
 * try {
 *   toPostmanCollection({ swagger: "2.0", paths: {} }, { baseUrl: "not a url" });
 * } catch (error) {
 *   if (error instanceof PostmanExportError) console.error(error.message, error.pointer);
 * }
 * ```
 */
export class PostmanExportError extends Error {
  override name = "PostmanExportError";
  /** JSON pointer of the offending node in the Swagger document, when there is one. */
  readonly pointer: string | undefined;

  constructor(message: string, pointer?: string) {
    super(pointer === undefined ? message : `${message} (at ${pointer})`);
    this.pointer = pointer;
  }
}
