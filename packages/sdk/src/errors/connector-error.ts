import { ERROR_CODES, type ErrorCode, type RequestLocation } from "./codes";

/**
 * One entry of `error.details` in an error body: a single failing field.
 *
 * @example
 * ```ts
 * const detail: ErrorDetail = { code: "invalid_type", target: "query.top", location: "query", path: ["top"], message: "Expected number" };
 * ```
 */
export interface ErrorDetail {
  /** Machine-readable reason, e.g. zod's issue code (`invalid_type`, `too_small`). */
  code: string;
  /** `location.path` in dotted form, e.g. `body.items.0.title`. */
  target: string;
  /** Where the value was: `path`, `query`, `header` or `body`. */
  location: RequestLocation;
  /** Path inside that location. */
  path: (string | number)[];
  /** Human-readable message. */
  message: string;
}

/**
 * The one JSON error body the runtime renders, for every error on every host.
 * Shaped like the Microsoft REST API guidelines' error envelope, so flows show `error.message`.
 *
 * @example
 * ```json
 * { "error": { "code": "BadRequest", "message": "Invalid request: query.top: expected number", "details": [] } }
 * ```
 */
export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    details?: ErrorDetail[];
  };
}

/**
 * Options of {@link ConnectorError}.
 *
 * @example
 * ```ts
 * const options: ConnectorErrorOptions = { message: "Slow down.", headers: { "Retry-After": "30" } };
 * ```
 */
export interface ConnectorErrorOptions {
  /** Message shown to the caller. It must not contain secrets or internals. */
  message?: string;
  /** Per-field details (rendered as `error.details`). */
  details?: ErrorDetail[];
  /** Extra response headers, e.g. `Retry-After` for `TooManyRequests`. */
  headers?: Record<string, string>;
  /** The underlying error; never rendered to the caller. */
  cause?: unknown;
}

/**
 * The SDK's error type. Throw it from a handler to answer with a given status and the standard error body.
 *
 * @example
 * ```ts
 * import { ConnectorError } from "@connectorkit/sdk";
 * throw new ConnectorError("NotFound", { message: "Ticket T-1 does not exist." });
 * ```
 */
export class ConnectorError extends Error {
  override readonly name: string = "ConnectorError";
  /** The error code, a key of {@link ERROR_CODES}. */
  readonly code: ErrorCode;
  /** The HTTP status for {@link ConnectorError.code}. */
  readonly status: number;
  /** Per-field details. */
  readonly details: ErrorDetail[] | undefined;
  /** Extra response headers. */
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: ConnectorErrorOptions = {}) {
    super(
      options.message ?? defaultMessage(code),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The JSON error body for this error. */
  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.details && this.details.length > 0) body.error.details = this.details;
    return body;
  }
}

/**
 * A request failed validation. Carries one {@link ErrorDetail} per failing field, with its location.
 *
 * @example
 * ```ts
 * new RequestValidationError([{ code: "invalid_type", target: "query.top", location: "query", path: ["top"], message: "Expected number" }]);
 * ```
 */
export class RequestValidationError extends ConnectorError {
  override readonly name = "RequestValidationError";
  constructor(details: ErrorDetail[]) {
    super("BadRequest", {
      message: `Invalid request: ${details.map((d) => `${d.target}: ${d.message}`).join("; ")}`,
      details,
    });
  }
}

/**
 * A handler's response did not match the declared response schema. Rendered as 500 without the details;
 * the details go to `onError`.
 *
 * @example
 * ```ts
 * new ResponseValidationError("GetTicket", 200, []);
 * ```
 */
export class ResponseValidationError extends ConnectorError {
  override readonly name = "ResponseValidationError";
  /** The failing fields of the response body (never sent to the caller). */
  readonly issues: ErrorDetail[];
  constructor(operationId: string, status: number, issues: ErrorDetail[]) {
    super("InternalServerError", {
      message: `Operation ${operationId} returned a ${status} response that does not match its declared schema: ${issues
        .map((d) => `${d.target}: ${d.message}`)
        .join("; ")}`,
    });
    this.issues = issues;
  }
}

function defaultMessage(code: ErrorCode): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2");
}

/**
 * Turns anything thrown into a {@link ConnectorError}. Unknown errors become `InternalServerError`
 * with a generic message: no stack, no internals.
 *
 * @example
 * ```ts
 * toConnectorError(new Error("db down")).status; // 500, message "Internal Server Error"
 * ```
 */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  return new ConnectorError("InternalServerError", { message: "Internal Server Error", cause: error });
}
