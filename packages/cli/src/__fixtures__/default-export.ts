/** A connector as the default export. */
import { defineConnector } from "@connectorkit/sdk";

const connector = defineConnector({
  title: "Defaulted",
  description: "Exported as default, without a `connector` export.",
  host: "api.default.example",
  operations: [],
});
export default connector;
