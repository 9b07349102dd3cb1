/** An operation whose body is a union: Swagger 2.0 cannot express it (SwaggerConversionError). */
import { z } from "zod";
import { action, defineConnector } from "@connectorkit/sdk";

export const setValue = action({
  operationId: "SetValue",
  summary: "Set a value",
  description: "Sets a value that is either a string or a number.",
  method: "post",
  path: "/values",
  request: { body: z.object({ value: z.union([z.string(), z.number()]) }) },
  responses: { 204: undefined },
  handler: async () => ({ status: 204 }),
});

export const connector = defineConnector({
  title: "Values",
  description: "Stores values of several types, for the CLI emitter error test.",
  host: "api.values.example",
  operations: [setValue],
});
