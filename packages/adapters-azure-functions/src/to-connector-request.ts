/** Azure Functions v4 HttpRequest -> ConnectorRequest. Contract: `ConnectorRequest` in `@connectorkit/sdk/http`;
 * this file only translates, the core decides every status, header and error body. */
import type { HttpRequest, InvocationContext } from "@azure/functions";
import { type ConnectorRequest, toQueryRecord } from "@connectorkit/sdk/http";

/** How requests map onto the connector: mount path (`/api`, `""`) and X-Forwarded-* trust. `maxBodyBytes` is no
 * longer read: the core reads the body with each operation's limit. @example
 * ``` const t: RequestTranslation = { mountPath: "/api", trustProxy: false }; ``` */
export type RequestTranslation = { mountPath: string; maxBodyBytes?: number; trustProxy: boolean };

/**
 * Translates a v4 `HttpRequest` into a {@link ConnectorRequest}: the path below the mount path, still
 * percent-encoded (`%2F` stays inside a parameter); repeated query keys become arrays (a record without
 * prototype); the body stays an unread stream that the core reads with the operation's limit.
 * @param request - the v4 `HttpRequest`.
 * @param context - the invocation context; handlers get `ctx.platform = { request, context }`.
 * @param t - mount path and proxy trust.
 * @returns the connector request.
 * @example
 * ```ts
 * const req = await toConnectorRequest(request, context, { mountPath: "/api", trustProxy: false });
 * ```
 */
export async function toConnectorRequest(
  request: HttpRequest,
  context: InvocationContext,
  t: RequestTranslation,
): Promise<ConnectorRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of request.headers) headers[name] = value;
  const query = toQueryRecord(url.searchParams);
  const mounted = url.pathname.toLowerCase().startsWith(t.mountPath.toLowerCase());
  const path = mounted ? url.pathname.slice(t.mountPath.length) : url.pathname;
  const proto = t.trustProxy ? headers["x-forwarded-proto"]?.split(",")[0]?.trim() : undefined;
  const host = t.trustProxy ? headers["x-forwarded-host"]?.split(",")[0]?.trim() : undefined;
  return {
    method: request.method,
    path: path === "" ? "/" : path,
    query,
    headers,
    bodyStream: request.body,
    baseUrl: `${proto || url.protocol.slice(0, -1)}://${host || url.host}${t.mountPath}`,
    platform: { request, context },
  };
}
