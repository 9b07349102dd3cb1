import type { ConnectorAuth } from "./types";

/**
 * No connection auth: anyone who can reach the connector may call it. `connectionParameters` is `{}` and the
 * swagger has no security (like the independent-publisher connector ChuckNorris.io).
 *
 * @returns A scheme whose principal is `undefined`.
 * @example
 * ```ts
 * const open = auth.none();
 * await open.authenticate({ method: "GET", path: "/", headers: {}, query: {} }); // undefined
 * ```
 */
export function none(): ConnectorAuth<undefined> {
  return {
    type: "none",
    authenticate: async () => undefined,
    toSwagger: () => undefined,
    toApiProperties: () => ({ connectionParameters: {} }),
    hasCredentials: () => true,
  };
}
