/** A small connector for the CLI tests: field metadata, a named definition, one action. */
import { z } from "zod";
import { action, defineConnector, field } from "@connectorkit/sdk";

const Thing = z
  .object({
    id: field(z.string(), { summary: "Thing ID", description: "The thing's identifier." }),
    name: field(z.string().nullable(), { summary: "Name", description: "The thing's name, if it has one." }),
  })
  .meta({ id: "Thing" });

export const getThing = action({
  operationId: "GetThing",
  summary: "Get a thing",
  description: "Returns one thing by its identifier.",
  method: "get",
  path: "/things/{id}",
  request: { params: z.object({ id: field(z.string(), { summary: "Thing ID", description: "The id." }) }) },
  responses: { 200: Thing },
  handler: async ({ params }) => ({ status: 200, body: { id: params.id, name: null } }),
});

export const createThing = action({
  operationId: "CreateThing",
  summary: "Create a thing",
  description: "Creates a thing and returns it.",
  method: "post",
  path: "/things",
  request: { body: z.object({ name: field(z.string(), { summary: "Name", description: "A name." }) }) },
  responses: { 201: Thing },
  handler: async ({ body }) => ({ status: 201, body: { id: "1", name: body.name } }),
});

export const connector = defineConnector({
  title: "Things",
  description: "Find and create things in the Things service, for the CLI tests.",
  host: "api.things.example",
  basePath: "/v1",
  publisher: "Things Inc",
  stackOwner: "Things Inc",
  iconBrandColor: "#0f6cbd",
  operations: [getThing, createThing],
});

/** Not a connector: the picker must skip it. */
export const version = "1.2.3";
