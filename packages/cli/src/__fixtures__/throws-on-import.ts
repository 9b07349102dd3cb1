/** Throws while loading, like a connector module whose configuration is missing. */
import { defineConnector } from "@connectorkit/sdk";

export const connector = defineConnector({
  title: "Broken",
  description: "This connector throws while its module loads, on purpose.",
  host: "https://api.example.com",
  operations: [],
});
