import type { z } from "zod";
import type { OperationMeta, OperationMethod, RequestSchemas, ResponsesDecl } from "../operation/types";

/**
 * One swagger operation an SDK operation contributes. Actions contribute one; webhook triggers contribute
 * their registration, deletion and listing operations.
 * @internal
 */
export interface EmitOperation {
  method: Uppercase<OperationMethod>;
  path: string;
  meta: OperationMeta;
  request: RequestSchemas;
  responses: ResponsesDecl;
  /** Operation-level extensions written by the SDK (keys come from the X table). */
  extensions?: Record<string, unknown>;
  /** Path-level `x-ms-notification-content`. */
  notificationContent?: { description?: string; schema: z.ZodType };
  /** A top-level body property to mark `x-ms-notification-url` (string, internal, required). */
  notificationUrlProperty?: string;
}

/** Operations may contribute their own swagger operations. @internal */
export interface OperationWithEmit {
  "~emit"?: () => EmitOperation[];
}

/**
 * A Swagger 2.0 document as emitted (plain JSON).
 *
 * @example
 * ```ts
 * const doc: SwaggerDocument = toSwagger(connector);
 * doc.swagger; // "2.0"
 * Object.keys(doc.paths); // e.g. ["/tickets/{id}"]
 * ```
 */
export type SwaggerDocument = Record<string, unknown> & {
  swagger: "2.0";
  paths: Record<string, Record<string, unknown>>;
};

/**
 * Options of `toSwagger`.
 *
 * @example
 * ```ts
 * toSwagger(connector, { host: "staging.contoso.com" });
 * ```
 */
export interface ToSwaggerOptions {
  /** Overrides the connector's host (e.g. per environment). */
  host?: string;
  /** Overrides the connector's base path. */
  basePath?: string;
  /** Overrides the connector's schemes. */
  schemes?: ("https" | "http")[];
}
