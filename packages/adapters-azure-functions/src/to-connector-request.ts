/** Azure Functions v4 HttpRequest -> ConnectorRequest. Contract: `ConnectorRequest` in `@connectorkit/sdk/http`;
 * this file only translates, the core decides every status, header and error body. */
import type { HttpRequest, InvocationContext } from "@azure/functions";
import { type ConnectorRequest, toQueryRecord } from "@connectorkit/sdk/http";

/** How requests map onto the connector: mount path (`/api`, `""`), body limit, X-Forwarded-* trust. @example
 * ``` const t: RequestTranslation = { mountPath: "/api", maxBodyBytes: 3_182_218, trustProxy: false }; ``` */
export type RequestTranslation = { mountPath: string; maxBodyBytes: number; trustProxy: boolean };
type BodyParts = Pick<ConnectorRequest, "rawBody" | "bodyTooLarge">;

/**
 * Translates a v4 `HttpRequest` into a {@link ConnectorRequest}: the path below the mount path, still
 * percent-encoded (`%2F` stays inside a parameter); repeated query keys become arrays.
 * @param request - the v4 `HttpRequest`.
 * @param context - the invocation context; handlers get `ctx.platform = { request, context }`.
 * @param t - mount path, body limit and proxy trust.
 * @returns the connector request.
 * @example
 * ```ts
 * const req = await toConnectorRequest(request, context, { mountPath: "/api", maxBodyBytes: 3_182_218, trustProxy: false });
 * ```
 */
export async function toConnectorRequest(
  request: HttpRequest,
  context: InvocationContext,
  t: RequestTranslation,
): Promise<ConnectorRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = Object.fromEntries(request.headers);
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
    ...(await readBody(request, t.maxBodyBytes)),
    baseUrl: `${proto || url.protocol.slice(0, -1)}://${host || url.host}${t.mountPath}`,
    platform: { request, context },
  };
}

// Reads at most `limit` bytes; above it (declared or actual) the body is dropped and marked too large (413).
async function readBody({ body, headers }: HttpRequest, limit: number): Promise<BodyParts> {
  if (!body) return {};
  if (Number(headers.get("content-length")) > limit)
    return body.cancel().then(() => ({ bodyTooLarge: true }));
  const chunks: Uint8Array[] = [];
  let size = 0; // leaving the loop early cancels the stream
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) return { bodyTooLarge: true };
    chunks.push(chunk);
  }
  return { rawBody: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) };
}
