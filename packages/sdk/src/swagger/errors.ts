/**
 * A connector cannot be expressed as a Swagger 2.0 document the platform accepts. Build-time only.
 * The message names the operation and the field, and says what to do instead.
 *
 * @example
 * ```ts
 * try { toSwagger(connector); } catch (e) { if (e instanceof SwaggerConversionError) console.error(e.operationId, e.field); }
 * ```
 */
export class SwaggerConversionError extends Error {
  override readonly name = "SwaggerConversionError";
  /** The operation whose schemas failed, if any. */
  readonly operationId: string | undefined;
  /** Where: e.g. `body.items[].title`, `query.top`, `response 200.value`, `definitions.Ticket.tags`. */
  readonly field: string | undefined;

  constructor(message: string, where: { operationId?: string | undefined; field?: string | undefined } = {}) {
    const prefix = [
      where.operationId ? `operation "${where.operationId}"` : undefined,
      where.field ? `field "${where.field}"` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    super(prefix ? `${prefix}: ${message}` : message);
    this.operationId = where.operationId;
    this.field = where.field;
  }
}
