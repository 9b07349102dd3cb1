import type { PolicyTemplateInstance } from "../api-properties/policy";
import type { ConnectorAuth } from "../auth/types";
import type { ConnectorCategory } from "../metadata/types";
import type { AnyOperation } from "./types";

/**
 * Connector metadata for certification (`x-ms-connector-metadata`).
 *
 * @example
 * ```ts
 * const m: ConnectorMetadata = { website: "https://contoso.com", privacyPolicy: "https://contoso.com/privacy", categories: ["Productivity"] };
 * ```
 */
export interface ConnectorMetadata {
  /** The publisher's website (`Website`). */
  website: string;
  /** The privacy policy URL (`Privacy policy`). */
  privacyPolicy: string;
  /** One or two categories from the published list (`Categories`). */
  categories: [ConnectorCategory] | [ConnectorCategory, ConnectorCategory];
}

/**
 * The definition passed to {@link defineConnector}.
 *
 * @example
 * ```ts
 * const config: ConnectorConfig = {
 *   title: "Contoso Tickets",
 *   description: "Create, find and follow support tickets in Contoso Helpdesk.",
 *   host: "api.contoso.com",
 *   operations: [getTicket],
 * };
 * export const connector = defineConnector(config);
 * ```
 */
export interface ConnectorConfig<TOperations extends readonly AnyOperation[] = readonly AnyOperation[]> {
  /** Connector title (`info.title`): at most 30 characters, no "API" or "Connector". */
  title: string;
  /** Connector description (`info.description`): 30 to 500 characters. */
  description: string;
  /** `info.version`. @default "1.0.0" */
  version?: string;
  /** Production host name without scheme or path, e.g. `api.contoso.com` (may include `:port`). */
  host?: string;
  /** Base path of every operation, e.g. `/api`. @default "/" */
  basePath?: string;
  /** URL schemes, https first. @default ["https"] */
  schemes?: ("https" | "http")[];
  /** `info.contact`. */
  contact?: { name?: string; url?: string; email?: string };
  /** `x-ms-connector-metadata`: website, privacy policy, categories. */
  metadata?: ConnectorMetadata;
  /** `info.x-ms-api-annotation.status`. */
  status?: "Preview" | "Production";
  /** `x-ms-capabilities.testConnection`: a GET operation the platform calls to test a new connection. */
  testConnection?: { operation: AnyOperation; parameters?: Record<string, string | number | boolean> };
  /** Connection auth: swagger security, apiProperties connection parameters and runtime enforcement. */
  auth?: ConnectorAuth<any>;
  /** The operations. */
  operations: TOperations;
  /** Swagger tags with descriptions. */
  tags?: { name: string; description?: string }[];
  /** apiProperties `publisher`. */
  publisher?: string;
  /** apiProperties `stackOwner`. */
  stackOwner?: string;
  /** apiProperties `iconBrandColor`. @default "#da3b01" for independent publishers */
  iconBrandColor?: string;
  /** apiProperties `policyTemplateInstances`, built with `policy.*`. */
  policies?: readonly PolicyTemplateInstance[];
  /** An independent-publisher connector (brand colour `#da3b01`, publisher and stackOwner required). */
  independentPublisher?: boolean;
}

/**
 * A connector: its definition plus lookups the runtime and the emitters use.
 *
 * @example
 * ```ts
 * const connector: Connector = defineConnector({ title: "Contoso Tickets", description, basePath: "/api/", operations: [getTicket] });
 * connector.byId.get("GetTicket") === getTicket; // true
 * connector.basePath; // "/api"
 * ```
 */
export interface Connector<TOperations extends readonly AnyOperation[] = readonly AnyOperation[]>
  extends Readonly<ConnectorConfig<TOperations>> {
  /** Operations by operationId. */
  readonly byId: ReadonlyMap<string, AnyOperation>;
  /** Normalised base path (`/` or `/api`, never a trailing slash). */
  readonly basePath: string;
}

const HOST = /^[^{}/ :\\?#]+(?::\d{1,5})?$/;

/**
 * Defines a connector from its operations and metadata. Checks what would break serving or emission
 * (duplicate operation ids or routes, bad host or base path) and says what to fix.
 *
 * @param config - title, description, host, auth, metadata and operations.
 * @returns the connector, to serve with an adapter and to emit with `toSwagger`.
 * @throws TypeError on an inconsistent definition.
 * @example
 * ```ts
 * import { defineConnector } from "@connectorkit/sdk";
 * export const connector = defineConnector({
 *   title: "Contoso Tickets",
 *   description: "Create, find and follow support tickets in Contoso Helpdesk.",
 *   host: "api.contoso.com",
 *   basePath: "/api",
 *   operations: [getTicket],
 * });
 * ```
 */
export function defineConnector<const TOperations extends readonly AnyOperation[]>(
  config: ConnectorConfig<TOperations>,
): Connector<TOperations> {
  if (typeof config.title !== "string" || config.title.trim() === "")
    throw new TypeError("Connector title is required.");
  if (typeof config.description !== "string" || config.description.trim() === "") {
    throw new TypeError("Connector description is required (paconn reads info.description).");
  }
  if (config.host !== undefined && !HOST.test(config.host)) {
    throw new TypeError(
      `Connector host "${config.host}" must be a host name with an optional port, without scheme, path or {templates} (e.g. "api.contoso.com").`,
    );
  }
  const basePath = normaliseBasePath(config.basePath ?? "/");
  if (!Array.isArray(config.operations)) throw new TypeError("Connector operations must be an array.");
  const byId = new Map<string, AnyOperation>();
  const routes = new Map<string, string>();
  for (const op of config.operations) {
    if (!op || typeof op !== "object" || typeof op.operationId !== "string") {
      throw new TypeError(
        "Connector operations must be operations made with action(), pollingTrigger() or webhookTrigger().",
      );
    }
    if (byId.has(op.operationId)) throw new TypeError(`Duplicate operationId "${op.operationId}".`);
    byId.set(op.operationId, op);
    const route = `${op.method} ${op.path.toLowerCase().replace(/\{[^}]+\}/g, "{}")}`;
    const clash = routes.get(route);
    if (clash) {
      throw new TypeError(
        `Operations "${clash}" and "${op.operationId}" have the same method and path (${op.method} ${op.path}); paths must differ (case-insensitively).`,
      );
    }
    routes.set(route, op.operationId);
  }
  if (config.testConnection) {
    const target = config.testConnection.operation;
    if (byId.get(target.operationId) !== target) {
      throw new TypeError(
        `testConnection operation "${target.operationId}" is not one of the connector's operations.`,
      );
    }
    if (target.method !== "GET")
      throw new TypeError(`testConnection operation "${target.operationId}" must be a GET.`);
  }
  if (config.metadata && (config.metadata.categories.length < 1 || config.metadata.categories.length > 2)) {
    throw new TypeError("metadata.categories takes one or two categories.");
  }
  return Object.freeze({ ...config, basePath, byId });
}

function normaliseBasePath(basePath: string): string {
  if (typeof basePath !== "string" || !basePath.startsWith("/") || /[?#{}\s]/.test(basePath)) {
    throw new TypeError(
      `Connector basePath "${basePath}" must start with "/" and contain no query, fragment or templates.`,
    );
  }
  const trimmed = basePath.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}
