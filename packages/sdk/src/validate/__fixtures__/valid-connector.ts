/**
 * A small connector that passes every rule (certification included). Tests clone and break it.
 * @internal
 * @module
 */

/** Returns a fresh copy of the clean swagger document. @internal */
export function validSwagger(): any {
  return {
    swagger: "2.0",
    info: {
      title: "Contoso Tickets",
      description: "Manage support tickets in the Contoso help desk service.",
      version: "1.0.0",
      contact: { name: "Contoso", url: "https://contoso.com/support", email: "support@contoso.com" },
    },
    host: "api.contoso.com",
    basePath: "/v1",
    schemes: ["https"],
    consumes: ["application/json"],
    produces: ["application/json"],
    paths: {
      "/tickets": {
        get: {
          operationId: "ListTickets",
          summary: "List tickets",
          description: "Lists all tickets.",
          parameters: [
            {
              name: "status",
              in: "query",
              type: "string",
              required: false,
              enum: ["open", "closed"],
              "x-ms-summary": "Status",
              "x-ms-enum-values": [
                { value: "open", displayName: "Open" },
                { value: "closed", displayName: "Closed" },
              ],
            },
          ],
          responses: {
            "200": { description: "OK", schema: { type: "array", items: { $ref: "#/definitions/Ticket" } } },
            default: { description: "Error" },
          },
        },
        post: {
          operationId: "CreateTicket",
          summary: "Create a ticket",
          description: "Creates a ticket.",
          parameters: [{ name: "body", in: "body", required: true, schema: { $ref: "#/definitions/NewTicket" } }],
          responses: { "201": { description: "Created", schema: { $ref: "#/definitions/Ticket" } } },
        },
      },
      "/tickets/{id}": {
        get: {
          operationId: "GetTicket",
          summary: "Get a ticket",
          description: "Returns one ticket.",
          parameters: [
            { $ref: "#/parameters/TicketId" },
            {
              name: "category",
              in: "query",
              type: "string",
              required: false,
              "x-ms-dynamic-values": { operationId: "ListTickets", "value-path": "id", "value-title": "title" },
            },
          ],
          responses: {
            "200": { description: "OK", schema: { $ref: "#/definitions/Ticket" } },
            "404": { description: "Not found" },
          },
        },
      },
      "/hooks": {
        "x-ms-notification-content": { description: "Ticket event", schema: { $ref: "#/definitions/Ticket" } },
        post: {
          operationId: "OnTicketCreated",
          summary: "When a ticket is created",
          description: "Triggers when a ticket is created.",
          "x-ms-trigger": "single",
          parameters: [
            {
              name: "body",
              in: "body",
              required: true,
              schema: {
                type: "object",
                required: ["callbackUrl"],
                properties: {
                  callbackUrl: {
                    type: "string",
                    description: "Callback.",
                    "x-ms-notification-url": true,
                    "x-ms-visibility": "internal",
                  },
                },
              },
            },
          ],
          responses: { "201": { description: "Created" } },
        },
      },
      "/hooks/{hookId}": {
        delete: {
          operationId: "DeleteHook",
          summary: "Delete a subscription",
          description: "Deletes a webhook subscription.",
          "x-ms-visibility": "internal",
          parameters: [{ name: "hookId", in: "path", type: "string", required: true, "x-ms-url-encoding": "single" }],
          responses: { "204": { description: "Deleted" } },
        },
      },
    },
    definitions: {
      Ticket: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "string" }, title: { type: "string", maxLength: 200 } },
      },
      NewTicket: { type: "object", required: ["title"], properties: { title: { type: "string", minLength: 1 } } },
    },
    parameters: {
      TicketId: { name: "id", in: "path", type: "string", required: true, "x-ms-url-encoding": "single" },
    },
    securityDefinitions: { api_key: { type: "apiKey", in: "header", name: "X-API-Key" } },
    security: [{ api_key: [] }],
    tags: [],
    "x-ms-connector-metadata": [
      { propertyName: "Website", propertyValue: "https://contoso.com" },
      { propertyName: "Privacy policy", propertyValue: "https://contoso.com/privacy" },
      { propertyName: "Categories", propertyValue: "Productivity;Collaboration" },
    ],
  };
}

/** Returns a fresh copy of the clean apiProperties document. @internal */
export function validApiProperties(): any {
  return {
    properties: {
      iconBrandColor: "#0f6cbd",
      publisher: "Contoso",
      stackOwner: "Contoso",
      capabilities: [],
      connectionParameters: {
        api_key: {
          type: "securestring",
          uiDefinition: {
            displayName: "API Key",
            description: "The API key.",
            tooltip: "The API key.",
            constraints: { required: "true", tabIndex: 2 },
          },
        },
      },
      scriptOperations: ["ListTickets"],
      policyTemplateInstances: [
        { templateId: "setheader", parameters: { "x-ms-apimTemplate-operationName": ["GetTicket"] } },
      ],
    },
  };
}
