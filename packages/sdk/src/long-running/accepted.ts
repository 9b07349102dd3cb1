import type { ResponseObject } from "../operation/types";

/**
 * The `202` response declaration of an asynchronous operation: no body, `Location` and `Retry-After` headers.
 * Put it in `responses` of an action that returns {@link accepted}.
 *
 * @example
 * ```ts
 * responses: { 200: Report, 202: ACCEPTED_RESPONSE }
 * ```
 */
export const ACCEPTED_RESPONSE: Readonly<ResponseObject<undefined>> = Object.freeze({
  description:
    "Accepted: the operation continues in the background. Poll the Location URL until it stops answering 202.",
  headers: Object.freeze({
    Location: {
      type: "string" as const,
      description: "Absolute URL to poll for the operation's status and result.",
    },
    "Retry-After": {
      type: "integer" as const,
      description: "Seconds to wait before polling the Location URL.",
    },
  }),
});

/**
 * Options of {@link accepted}.
 *
 * @example
 * ```ts
 * const options: AcceptedOptions = { location: "/reports/7/status", retryAfter: 30 };
 * return accepted(options, ctx);
 * ```
 */
export interface AcceptedOptions {
  /**
   * Where the engine polls for the result. An absolute `http(s)` URL is kept as is; a relative one is resolved
   * below the connector's public base URL (`ctx.baseUrl`, origin + mount path): `"/reports/7/status"` and
   * `"reports/7/status"` both become `<baseUrl>/reports/7/status`, so it is on the connector's own host and base
   * path (the platform only sends the connection's credentials there).
   */
  location: string;
  /** Seconds the engine waits before polling (an integer from 0 to 86400). */
  retryAfter: number;
}

/**
 * The result {@link accepted} returns: a 202 without body.
 *
 * @example
 * ```ts
 * const result: AcceptedResult = accepted({ location: "https://api.contoso.com/jobs/7", retryAfter: 10 });
 * // { status: 202, headers: { location: "https://api.contoso.com/jobs/7", "retry-after": "10" } }
 * ```
 */
export interface AcceptedResult {
  status: 202;
  body?: undefined;
  headers: { location: string; "retry-after": string };
}

/**
 * Builds the `202 Accepted` result of an ordinary action that starts work elsewhere and lets the platform
 * poll a status URL of your own (the manual form of the asynchronous pattern). Declare
 * `202: ACCEPTED_RESPONSE` in the action's responses.
 *
 * @param options - the status URL and the polling interval.
 * @param ctx - the handler context (its `baseUrl` resolves relative locations); optional for absolute ones.
 * @returns `{ status: 202, headers: { location, "retry-after" } }`.
 * @throws TypeError for a relative location without `ctx`, a non-http(s) URL or a bad `retryAfter`.
 * @example
 * ```ts
 * handler: async ({ body }, ctx) => {
 *   const id = await reports.start(body);
 *   return accepted({ location: `/reports/${id}/status`, retryAfter: 30 }, ctx);
 * }
 * ```
 */
export function accepted(options: AcceptedOptions, ctx?: { baseUrl: string }): AcceptedResult {
  const { location, retryAfter } = options;
  if (
    typeof retryAfter !== "number" ||
    !Number.isInteger(retryAfter) ||
    retryAfter < 0 ||
    retryAfter > 86_400
  ) {
    throw new TypeError(
      `accepted(): retryAfter must be an integer number of seconds from 0 to 86400 (got ${String(retryAfter)}).`,
    );
  }
  if (typeof location !== "string" || location.trim() === "" || /[\s]/.test(location)) {
    throw new TypeError("accepted(): location must be a non-empty URL without whitespace.");
  }
  let absolute: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw new TypeError(`accepted(): location "${location}" is not a valid URL.`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new TypeError(`accepted(): location must be an http(s) URL (got ${url.protocol}).`);
    }
    absolute = url.href;
  } else {
    if (location.startsWith("//"))
      throw new TypeError("accepted(): protocol-relative locations are not allowed.");
    if (!ctx || typeof ctx.baseUrl !== "string" || ctx.baseUrl === "") {
      throw new TypeError(
        "accepted(): a relative location needs the handler context: accepted({ location, retryAfter }, ctx).",
      );
    }
    absolute = `${ctx.baseUrl.replace(/\/+$/, "")}/${location.replace(/^\/+/, "")}`;
  }
  return { status: 202, headers: { location: absolute, "retry-after": String(retryAfter) } };
}
