import type { ApiPropertiesDocument } from "../api-properties/to-api-properties";
import { toApiProperties } from "../api-properties/to-api-properties";
import type { Connector } from "../operation/define-connector";

/**
 * Emits the connector's `apiProperties.json` from its definition: connection parameters from `auth`,
 * capabilities (`actions`, plus `triggers` when it has triggers), brand colour, publisher, stack owner, policies.
 *
 * @param connector - the connector from `defineConnector`.
 * @returns the apiProperties document.
 * @example
 * ```ts
 * import { toConnectorApiProperties } from "@connectorkit/sdk/swagger";
 * fs.writeFileSync("apiProperties.json", JSON.stringify(toConnectorApiProperties(connector), null, 2));
 * ```
 */
export function toConnectorApiProperties(connector: Connector): ApiPropertiesDocument {
  const hasTriggers = connector.operations.some((op) => op.kind !== "action");
  const hasActions = connector.operations.some((op) => op.kind === "action" && op.visibility !== "internal");
  const capabilities = [...(hasActions ? ["actions"] : []), ...(hasTriggers ? ["triggers"] : [])];
  return toApiProperties({
    capabilities,
    ...(connector.auth ? { auth: connector.auth } : {}),
    iconBrandColor: connector.iconBrandColor ?? "#da3b01",
    ...(connector.publisher ? { publisher: connector.publisher } : {}),
    ...(connector.stackOwner ? { stackOwner: connector.stackOwner } : {}),
    ...(connector.policies ? { policies: connector.policies } : {}),
    ...(connector.independentPublisher ? { independentPublisher: true } : {}),
  });
}
