/**
 * Thrown by `diffConnectors` when a document cannot be compared: not a Swagger 2.0 object,
 * or a `$ref` that is external, dangling or circular on its own.
 *
 * @example
 * ```ts
 * import { ConnectorDiffError, diffConnectors } from "@connectorkit/sdk/diff";
 * try {
 *   diffConnectors({ openapi: "3.0.0" }, { swagger: "2.0", paths: {} });
 * } catch (error) {
 *   if (error instanceof ConnectorDiffError) console.error(error.document, error.message);
 * }
 * ```
 */
export class ConnectorDiffError extends Error {
  override name = "ConnectorDiffError";
  /** Which input was at fault. */
  readonly document: "old" | "new";
  /** JSON pointer of the offending node, when there is one. */
  readonly pointer: string | undefined;

  constructor(document: "old" | "new", message: string, pointer?: string) {
    super(`${document} document: ${message}${pointer === undefined ? "" : ` (at ${pointer})`}`);
    this.document = document;
    this.pointer = pointer;
  }
}
