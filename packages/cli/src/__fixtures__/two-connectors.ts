/** Two connectors, neither named `connector`: `--export` must choose. */
import { defineConnector } from "@connectorkit/sdk";

export const alpha = defineConnector({ title: "Alpha", description: "The first of two connectors here.", operations: [] });
export const beta = defineConnector({ title: "Beta", description: "The second of two connectors here.", operations: [] });
