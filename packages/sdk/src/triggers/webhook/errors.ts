import type { z } from "zod";
import { ConnectorError, type ErrorDetail } from "../../errors/connector-error";
import { issuesToDetails } from "../../http/input";

/**
 * `fire` was given an event that does not match the trigger's event schema. Nothing was sent. If it escapes
 * a handler it renders as a 500 (the connector produced a bad event, not the caller).
 *
 * @example
 * ```ts
 * try { await onTicketCreated.fire(event, { dispatcher }); }
 * catch (e) { if (e instanceof WebhookEventValidationError) console.error(e.issues); }
 * ```
 */
export class WebhookEventValidationError extends ConnectorError {
  override readonly name = "WebhookEventValidationError";
  /** The operationId of the trigger. */
  readonly operationId: string;
  /** The failing fields of the event. */
  readonly issues: ErrorDetail[];
  constructor(operationId: string, issues: readonly z.core.$ZodIssue[]) {
    const details = issuesToDetails("body", issues);
    super("InternalServerError", {
      message: `Event for webhook trigger ${operationId} does not match its event schema (nothing was sent): ${details
        .map((d) => `${d.path.length > 0 ? d.path.join(".") : "(event)"}: ${d.message}`)
        .join("; ")}`,
    });
    this.operationId = operationId;
    this.issues = details;
  }
}
