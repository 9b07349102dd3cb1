import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { buildRequest, normalizeInputs } from "./build-request";
import { contextFor, type SimulatorCore } from "./core";
import { ContractViolationError, SimulatorError } from "./errors";
import { appendNote, isAbsoluteUrl, send } from "./http-client";
import { isObject, type JsonObject, type OperationInfo, own, type SwaggerIndex } from "./swagger-document";
import type { OperationInputs, TraceEntry, TriggerRun, WebhookSubscription } from "./types";
import { validateSchema } from "./validate-schema";

/**
 * Options of {@link Simulator.subscribeWebhook}.
 *
 * @example
 * ```ts
 * const options: SubscribeWebhookOptions = { notificationTimeoutMs: 2000 };
 * ```
 */
export interface SubscribeWebhookOptions {
  /**
   * Default real-time wait of `next()` before it rejects with `notificationTimeout`.
   * @default 10000
   */
  notificationTimeoutMs?: number;
}

type Queued = { run: TriggerRun } | { error: Error };

/**
 * Path (property names from the body root) of the body property marked `x-ms-notification-url: true`.
 * @internal
 * @example
 * ```ts
 * findNotificationUrl(index, info); // ["callback_url"]
 * ```
 */
export function findNotificationUrl(index: SwaggerIndex, info: OperationInfo): string[] | undefined {
  const bodyParam = info.parameters.find((p) => p.in === "body");
  if (bodyParam === undefined) return undefined;
  const seen = new Set<unknown>();
  const visit = (raw: unknown, path: string[]): string[] | undefined => {
    const schema = index.deref(raw);
    if (!isObject(schema) || seen.has(schema) || path.length > 16) return undefined;
    seen.add(schema);
    if (own(schema, "x-ms-notification-url") === true) return path;
    const props = own(schema, "properties");
    if (!isObject(props)) return undefined;
    for (const [name, child] of Object.entries(props)) {
      const found = visit(child, [...path, name]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const found = visit(bodyParam.schema, []);
  return found === undefined || found.length === 0 ? undefined : found;
}

/**
 * Registers a webhook trigger like the engine and returns the live subscription (POWER-PLATFORM.md §5.4).
 * @internal
 * @example
 * ```ts
 * const sub = await subscribeWebhookWith(core, "CreateWebhook", { form_id: "3" });
 * ```
 */
export async function subscribeWebhookWith(
  core: SimulatorCore,
  operationId: string,
  inputs: OperationInputs,
  options: SubscribeWebhookOptions = {},
): Promise<WebhookSubscription> {
  const { index } = core;
  const info = index.operation(operationId);
  const urlPath = findNotificationUrl(index, info);
  if (urlPath === undefined) {
    throw new SimulatorError(
      "wrongOperationKind",
      `Operation '${operationId}' is not a webhook registration: its body has no property marked x-ms-notification-url.`,
      { operationId },
    );
  }
  const normalized = normalizeInputs(index, info, inputs);
  const trace: TraceEntry[] = [];
  const ctx = contextFor(core, operationId, trace);
  const receiver = await startReceiver(core, info, trace, options.notificationTimeoutMs ?? 10_000);
  try {
    normalized.body = withValue(normalized.body, urlPath, receiver.callbackUrl);
    const request = buildRequest(index, info, normalized, core.baseUrl);
    const res = await send(ctx, request, "webhook registration");
    const entry = trace[trace.length - 1];
    if (res.status < 200 || res.status > 299) {
      throw new SimulatorError(
        "operationFailed",
        `Webhook registration '${operationId}' failed with ${res.status}: ${JSON.stringify(res.body)?.slice(0, 300)}`,
        { operationId, trace },
      );
    }
    const location = res.headers["location"];
    if (location === undefined || location.trim() === "") {
      throw new ContractViolationError(
        "webhook.missingLocation",
        `the registration answered ${res.status} without a Location header, so the engine cannot delete the webhook when the flow is turned off`,
        { operationId, trace },
      );
    }
    if (!isAbsoluteUrl(location)) {
      throw new ContractViolationError(
        "webhook.relativeLocation",
        `the registration answered Location '${location}'`,
        {
          operationId,
          trace,
        },
      );
    }
    const base = new URL(core.baseUrl);
    const loc = new URL(location);
    const basePath = base.pathname.replace(/\/+$/, "");
    if (
      loc.origin !== base.origin ||
      !(loc.pathname === basePath || loc.pathname.startsWith(`${basePath}/`))
    ) {
      throw new ContractViolationError(
        "webhook.foreignLocation",
        `the registration answered Location '${location}', which is outside the connector's base URL '${core.baseUrl}'`,
        { operationId, trace },
      );
    }
    const deleteOp = matchDelete(index, loc.pathname.slice(basePath.length));
    if (deleteOp === undefined) {
      throw new ContractViolationError(
        "webhook.missingDelete",
        `no DELETE operation in the swagger matches the registration's Location path '${loc.pathname.slice(basePath.length)}'`,
        { operationId, trace },
      );
    }
    appendNote(entry, `subscribed; unsubscribe = ${deleteOp}`);
    let stopped: Promise<{ status: number }> | undefined;
    return {
      callbackUrl: receiver.callbackUrl,
      location,
      trace,
      next: (opts) => receiver.next(opts?.timeoutMs),
      runs: () => receiver.runs.slice(),
      stop: () => {
        stopped ??= (async () => {
          try {
            const del = await send(
              ctx,
              { method: "DELETE", url: location, headers: {}, body: undefined },
              `unsubscribe (${deleteOp})`,
            );
            return { status: del.status };
          } finally {
            await receiver.close();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    await receiver.close();
    throw error;
  }
}

function withValue(body: unknown, path: string[], value: string): JsonObject {
  const root: JsonObject = isObject(body) ? { ...body } : {};
  let node = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const child = own(node, key);
    const copy: JsonObject = isObject(child) ? { ...child } : {};
    Object.defineProperty(node, key, { value: copy, enumerable: true, writable: true, configurable: true });
    node = copy;
  });
  return root;
}

function matchDelete(index: SwaggerIndex, relativePath: string): string | undefined {
  const path = relativePath === "" ? "/" : relativePath;
  for (const info of index.operations.values()) {
    if (info.method !== "delete") continue;
    const pattern = info.path
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    if (new RegExp(`^${pattern}/?$`).test(path)) return info.operationId;
  }
  return undefined;
}

interface Receiver {
  callbackUrl: string;
  runs: TriggerRun[];
  next(timeoutMs?: number): Promise<TriggerRun>;
  close(): Promise<void>;
}

async function startReceiver(
  core: SimulatorCore,
  info: OperationInfo,
  trace: TraceEntry[],
  defaultTimeoutMs: number,
): Promise<Receiver> {
  const workflow = randomBytes(8).toString("hex");
  const sig = randomBytes(16).toString("base64url");
  const path = `/workflows/${workflow}/triggers/${encodeURIComponent(info.operationId)}/paths/invoke`;
  const queue: Queued[] = [];
  const runs: TriggerRun[] = [];
  const waiters: { resolve(q: Queued): void }[] = [];
  let closed = false;
  const schema = own(info.notificationContent, "schema");

  const push = (q: Queued): void => {
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter.resolve(q);
    else queue.push(q);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const entry: TraceEntry = {
      method: req.method ?? "?",
      url: `(callback) ${req.url ?? ""}`,
      status: 0,
      durationMs: 0,
      at: core.clock.now() - core.epoch,
    };
    trace.push(entry);
    const reply = (status: number, note: string): void => {
      entry.status = status;
      entry.durationMs = performance.now() - started;
      entry.note = note;
      res.writeHead(status, { "content-length": "0" }).end();
    };
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== path) return reply(404, "unknown callback path");
    if (url.searchParams.get("sig") !== sig) return reply(401, "callback signature missing or wrong");
    if (req.method !== "POST") return reply(405, "callbacks accept POST only");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > core.limits.maxResponseBytes) {
        req.destroy();
        return reply(413, "notification too large");
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      push({
        error: new ContractViolationError(
          "notification.notJson",
          `the notification body is not JSON: ${text.slice(0, 120)}`,
          {
            operationId: info.operationId,
            trace,
          },
        ),
      });
      return reply(400, "notification is not JSON");
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    const issues =
      schema === undefined || body === undefined
        ? []
        : validateSchema(core.index, schema, body, { operationId: info.operationId, root: "body" });
    if (issues.length > 0) {
      push({
        error: new ContractViolationError(
          "notification.schemaMismatch",
          `a notification does not match x-ms-notification-content. Error details: ${issues.join(" ")}`,
          { operationId: info.operationId, trace },
        ),
      });
      return reply(202, "notification received; run fails: schema mismatch");
    }
    const run: TriggerRun = { body, headers };
    runs.push(run);
    push({ run });
    return reply(202, `notification received, run ${runs.length}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const callbackUrl = `http://127.0.0.1:${port}${path}?api-version=2016-06-01&sp=%2Ftriggers%2F${encodeURIComponent(info.operationId)}%2Frun&sv=1.0&sig=${sig}`;

  return {
    callbackUrl,
    runs,
    next(timeoutMs = defaultTimeoutMs): Promise<TriggerRun> {
      const take = (q: Queued): TriggerRun => {
        if ("error" in q) throw q.error;
        return q.run;
      };
      const ready = queue.shift();
      if (ready !== undefined) return Promise.resolve().then(() => take(ready));
      if (closed) {
        return Promise.reject(
          new SimulatorError("subscriptionStopped", `The subscription of '${info.operationId}' is stopped.`, {
            operationId: info.operationId,
            trace,
          }),
        );
      }
      return new Promise<TriggerRun>((resolve, reject) => {
        const waiter = {
          resolve: (q: Queued) => {
            clearTimeout(timer);
            try {
              resolve(take(q));
            } catch (error) {
              reject(error);
            }
          },
        };
        const timer = setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(
            new SimulatorError(
              "notificationTimeout",
              `No notification arrived for '${info.operationId}' within ${timeoutMs} ms.`,
              { operationId: info.operationId, trace },
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const w of waiters.splice(0)) {
        w.resolve({
          error: new SimulatorError(
            "subscriptionStopped",
            `The subscription of '${info.operationId}' was stopped.`,
            {
              operationId: info.operationId,
              trace,
            },
          ),
        });
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
