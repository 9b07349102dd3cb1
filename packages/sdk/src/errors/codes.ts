/**
 * Error codes rendered by the runtime, with the HTTP status each maps to.
 * The `code` string is what appears in `error.code` of every error body.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from "@connectorkit/sdk";
 * ERROR_CODES.NotFound; // 404
 * ```
 */
export const ERROR_CODES = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  Conflict: 409,
  Gone: 410,
  PreconditionFailed: 412,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  UnprocessableEntity: 422,
  TooManyRequests: 429,
  InternalServerError: 500,
  NotImplemented: 501,
  BadGateway: 502,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
} as const;

/**
 * One of the keys of {@link ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: ErrorCode = "NotFound";
 * ```
 */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Where a failing request value was found.
 *
 * @example
 * ```ts
 * const where: RequestLocation = "query";
 * ```
 */
export type RequestLocation = "path" | "query" | "header" | "body";
