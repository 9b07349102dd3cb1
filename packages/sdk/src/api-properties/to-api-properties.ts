import type { ConnectionParameterSets } from "../auth/connection-parameter";
import type { ConnectorAuth } from "../auth/types";
import { ApiPropertiesError } from "./api-properties-error";
import { type OperationRef, operationIdsOf, type PolicyTemplateInstance } from "./policy";

/**
 * The brand colour every independent-publisher connector must use.
 *
 * @example
 * ```ts
 * toApiProperties({ iconBrandColor: INDEPENDENT_PUBLISHER_COLOR, independentPublisher: true, publisher: "Jane", stackOwner: "Contoso" });
 * ```
 */
export const INDEPENDENT_PUBLISHER_COLOR = "#da3b01";

/**
 * Colours certification refuses for a certified connector's icon background (white and the default blue).
 *
 * @example
 * ```ts
 * RESERVED_BRAND_COLORS.includes("#ffffff"); // true
 * ```
 */
export const RESERVED_BRAND_COLORS: readonly string[] = ["#ffffff", "#007ee5"];

/**
 * Options of {@link toApiProperties}.
 *
 * @example
 * ```ts
 * const o: ApiPropertiesOptions = { auth: auth.none(), iconBrandColor: "#0f6cbd", publisher: "Contoso", stackOwner: "Contoso" };
 * ```
 */
export interface ApiPropertiesOptions {
  /** The connection auth; omitted means no auth (`connectionParameters: {}`). */
  auth?: ConnectorAuth<any>;
  /**
   * `#RRGGBB`. Required for certified connectors; an independent-publisher connector must use `#da3b01`
   * (the default when `independentPublisher` is set).
   */
  iconBrandColor?: string;
  /** e.g. `["actions", "triggers"]`; the auth's own (e.g. `gateway`) are added. */
  capabilities?: readonly string[];
  /** The publisher shown in certification (company, or the person for an independent publisher). */
  publisher?: string;
  /** The company that owns the backend service. */
  stackOwner?: string;
  /** Policy template instances built with `policy.*`. */
  policies?: readonly PolicyTemplateInstance[];
  /**
   * Operations the custom code (script.csx) runs for. Written as `scriptOperations` (read by paconn / pac,
   * not listed in Microsoft's paconn schema).
   */
  scriptOperations?: readonly OperationRef[];
  /** An independent-publisher connector: brand colour `#da3b01`, `publisher` and `stackOwner` required. */
  independentPublisher?: boolean;
}

/**
 * The `apiProperties.json` document.
 *
 * @example
 * ```ts
 * const doc: ApiPropertiesDocument = { properties: { connectionParameters: {}, iconBrandColor: "#da3b01", capabilities: [] } };
 * ```
 */
export interface ApiPropertiesDocument {
  properties: {
    connectionParameters: Record<string, unknown>;
    connectionParameterSets?: ConnectionParameterSets;
    iconBrandColor: string;
    capabilities: string[];
    policyTemplateInstances?: PolicyTemplateInstance[];
    scriptOperations?: string[];
    publisher?: string;
    stackOwner?: string;
  };
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw new ApiPropertiesError(`${name} must be a non-empty string`);
  return value;
}

function colorOf(options: ApiPropertiesOptions): string {
  const ip = options.independentPublisher === true;
  const raw = options.iconBrandColor ?? (ip ? INDEPENDENT_PUBLISHER_COLOR : undefined);
  if (raw === undefined) throw new ApiPropertiesError("iconBrandColor is required (a #RRGGBB colour)");
  if (typeof raw !== "string" || !COLOR.test(raw)) {
    throw new ApiPropertiesError(`iconBrandColor must be a #RRGGBB colour, got ${JSON.stringify(raw)}`);
  }
  const color = raw.toLowerCase();
  if (ip && color !== INDEPENDENT_PUBLISHER_COLOR) {
    throw new ApiPropertiesError(
      `iconBrandColor must be "${INDEPENDENT_PUBLISHER_COLOR}" for an independent-publisher connector, got ${JSON.stringify(raw)}`,
    );
  }
  if (!ip && RESERVED_BRAND_COLORS.includes(color)) {
    throw new ApiPropertiesError(
      `iconBrandColor ${JSON.stringify(raw)} is not allowed for a certified connector (not white, not the default #007ee5)`,
    );
  }
  return color;
}

/**
 * Builds `apiProperties.json`: connection parameters (and multi-auth sets) from the auth scheme, brand colour,
 * capabilities, policy template instances, script operations and certification metadata. Deterministic: keys
 * always come in the same order (the order certified connectors use) and nothing depends on time.
 * Never writes a client secret. Throws {@link ApiPropertiesError} for options the platform or certification refuses.
 *
 * @param options - See {@link ApiPropertiesOptions}.
 * @returns The document to write as `apiProperties.json`.
 * @example
 * ```ts
 * const doc = toApiProperties({
 *   auth: auth.apiKey({ in: "header", name: "X-API-Key", verify }),
 *   iconBrandColor: "#0f6cbd",
 *   capabilities: ["actions"],
 *   publisher: "Contoso",
 *   stackOwner: "Contoso",
 *   policies: [policy.updateNextLink({ nextLinkPropertyName: "@odata.nextLink", operations: [listTickets] })],
 * });
 * writeFileSync("apiProperties.json", `${JSON.stringify(doc, null, 2)}\n`);
 * ```
 */
export function toApiProperties(options: ApiPropertiesOptions = {}): ApiPropertiesDocument {
  const iconBrandColor = colorOf(options);
  const authParts = options.auth?.toApiProperties() ?? { connectionParameters: {} };
  const capabilities: string[] = [];
  for (const c of [...(options.capabilities ?? []), ...(authParts.capabilities ?? [])]) {
    if (!capabilities.includes(nonEmpty(c, "capabilities[]"))) capabilities.push(c);
  }
  const properties: ApiPropertiesDocument["properties"] = {
    connectionParameters: structuredClone(authParts.connectionParameters ?? {}),
    ...(authParts.connectionParameterSets === undefined
      ? {}
      : {
          connectionParameterSets: structuredClone(
            authParts.connectionParameterSets,
          ) as ConnectionParameterSets,
        }),
    iconBrandColor,
    capabilities,
  };
  assertNoSecrets(properties);
  if (options.policies !== undefined && options.policies.length > 0) {
    properties.policyTemplateInstances = options.policies.map((p) => structuredClone(p));
  }
  if (options.scriptOperations !== undefined) {
    properties.scriptOperations = operationIdsOf(options.scriptOperations, "scriptOperations") ?? [];
  }
  if (options.independentPublisher === true) {
    if (options.publisher === undefined || options.stackOwner === undefined) {
      throw new ApiPropertiesError("an independent-publisher connector needs publisher and stackOwner");
    }
  }
  if (options.publisher !== undefined) properties.publisher = nonEmpty(options.publisher, "publisher");
  if (options.stackOwner !== undefined) properties.stackOwner = nonEmpty(options.stackOwner, "stackOwner");
  return { properties };
}

/** Refuses any `clientSecret` key, wherever an auth scheme (including a hand-written one) put it. */
function assertNoSecrets(value: unknown, path = "properties"): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      assertNoSecrets(v, `${path}[${i}]`);
    });
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    if (/^client_?secret$/i.test(key) && v !== null && v !== undefined) {
      throw new ApiPropertiesError(
        `${path}.${key}: a client secret must never be written into apiProperties.json; pass it to paconn/pac at upload`,
      );
    }
    assertNoSecrets(v, `${path}.${key}`);
  }
}
