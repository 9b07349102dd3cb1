/**
 * Contoso Tickets: the example connector. It uses every authoring feature of @connectorkit/sdk, and its
 * emitted apiDefinition.swagger.json is committed as a golden file (test/golden.test.ts).
 */
import {
  action,
  auth,
  ConnectorError,
  createDispatcher,
  defineConnector,
  dynamicSchema,
  dynamicValues,
  field,
  longRunning,
  memoryStore,
  pollingTrigger,
  webhookTrigger,
} from "@connectorkit/sdk";
import { z } from "zod";
import { createDb } from "./db";
import { readExampleSecrets, requireExampleSecrets } from "./secrets";

export { MissingSecretsError, SECRET_VARIABLES } from "./secrets";

/** The example's data, shared by all operations (reset it in tests with `db.tickets.clear()`). */
export const db = createDb();

/**
 * Runtime state (long-running jobs, webhook subscriptions). The example keeps it in memory; a real deployment
 * passes a durable store (fileStore, redisStore, azureTableStore) to both the router and the dispatcher.
 */
export const store = memoryStore();

/** Delivers webhook events to subscribed flows (shares the store with the runtime). */
export const dispatcher = createDispatcher({ store });

const TicketId = field(z.string().min(1).max(64), {
  summary: "Ticket ID",
  description: "The ticket's identifier, such as T-42.",
  testValue: "T-1",
});

const Priority = field(z.enum(["low", "normal", "high"]), {
  summary: "Priority",
  description: "How urgent the ticket is.",
  enumValues: { low: "Low", normal: "Normal", high: "High" },
});

/** A support ticket. */
export const Ticket = z
  .object({
    id: field(z.string(), { summary: "Ticket ID", description: "The ticket's identifier." }),
    projectId: field(z.string(), {
      summary: "Project ID",
      description: "The project the ticket belongs to.",
    }),
    title: field(z.string(), { summary: "Title", description: "A one-line summary of the problem." }),
    description: field(z.string(), { summary: "Description", description: "The full text of the ticket." }),
    priority: Priority,
    status: field(z.enum(["open", "closed"]), {
      summary: "Status",
      description: "Whether the ticket is open or closed.",
      enumValues: { open: "Open", closed: "Closed" },
    }),
    tags: field(z.array(z.string()), { summary: "Tags", description: "Labels on the ticket." }),
    createdAt: field(z.date(), { summary: "Created at", description: "When the ticket was created." }),
    closedAt: field(z.date().nullable(), {
      summary: "Closed at",
      description: "When the ticket was closed, if it was.",
    }),
  })
  .meta({ id: "Ticket" });

const Project = z
  .object({
    id: field(z.string(), { summary: "Project ID", description: "The project's identifier." }),
    name: field(z.string(), { summary: "Name", description: "The project's display name." }),
  })
  .meta({ id: "Project" });

function toTicket(id: string) {
  const record = db.tickets.get(id);
  if (!record) throw new ConnectorError("NotFound", { message: `Ticket ${id} does not exist.` });
  const { customFields: _custom, ...ticket } = record;
  return ticket;
}

/** Lists projects; feeds the Project dropdowns (internal: hidden in the designer). */
export const listProjects = action({
  operationId: "ListProjects",
  summary: "List projects",
  description: "Lists the projects tickets can be filed in.",
  visibility: "internal",
  method: "get",
  path: "/projects",
  responses: { 200: z.object({ value: z.array(Project) }) },
  handler: async () => ({ status: 200, body: { value: db.projects.map(({ id, name }) => ({ id, name })) } }),
});

const ProjectId = field(z.string(), {
  summary: "Project",
  description: "The project to use.",
  visibility: "important",
  testValue: "helpdesk",
  dynamicValues: dynamicValues(listProjects, { collection: "value", value: "id", title: "name" }),
});

/** Returns a project's custom fields as a JSON schema; drives the dynamic "Custom fields" input. */
export const getCustomFieldsSchema = action({
  operationId: "GetCustomFieldsSchema",
  summary: "Get custom fields schema",
  description: "Returns the JSON schema of a project's custom ticket fields.",
  visibility: "internal",
  method: "get",
  path: "/projects/{projectId}/schema",
  request: {
    params: z.object({ projectId: field(z.string(), { summary: "Project ID", testValue: "helpdesk" }) }),
  },
  responses: {
    200: z.object({
      schema: z.object({ type: z.literal("object"), properties: z.record(z.string(), z.unknown()) }),
    }),
    404: undefined,
  },
  handler: async ({ params }) => {
    const project = db.projects.find((p) => p.id === params.projectId);
    if (!project) return { status: 404 };
    const properties: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(project.fields))
      properties[name] = { type: f.type, "x-ms-summary": f.title };
    return { status: 200, body: { schema: { type: "object" as const, properties } } };
  },
});

/** Checks a new connection (testConnection). */
export const whoAmI = action({
  operationId: "WhoAmI",
  summary: "Check the connection",
  description: "Returns the name of the service, to check that a connection works.",
  visibility: "internal",
  noGenericTest: true,
  method: "get",
  path: "/me",
  responses: { 200: z.object({ service: z.string() }) },
  handler: async () => ({ status: 200, body: { service: "Contoso Tickets" } }),
});

/** Gets one ticket. */
export const getTicket = action({
  operationId: "GetTicket",
  summary: "Get a ticket",
  description: "Returns one ticket by its identifier.",
  visibility: "important",
  tags: ["Tickets"],
  openAiData: { enabled: true, requireUserConfirmation: false },
  method: "get",
  path: "/tickets/{ticketId}",
  request: { params: z.object({ ticketId: TicketId }) },
  responses: { 200: Ticket, 404: undefined },
  handler: async ({ params }) => ({ status: 200, body: toTicket(params.ticketId) }),
});

/** Lists tickets, a page at a time. */
export const listTickets = action({
  operationId: "ListTickets",
  summary: "List tickets",
  description: "Lists the tickets of a project, newest first.",
  tags: ["Tickets"],
  pageable: { nextLinkName: "@odata.nextLink" },
  method: "get",
  path: "/tickets",
  request: {
    query: z.object({
      projectId: ProjectId,
      status: field(z.enum(["open", "closed"]).optional(), {
        summary: "Status",
        description: "Only tickets with this status.",
        enumValues: { open: "Open", closed: "Closed" },
      }),
      tags: field(z.array(z.string()).optional(), {
        summary: "Tags",
        description: "Only tickets with all these tags.",
      }),
      top: field(z.number().int().min(1).max(100).default(20), {
        summary: "Page size",
        description: "How many tickets to return at most.",
        visibility: "advanced",
      }),
      skip: field(z.number().int().min(0).default(0), {
        summary: "Skip",
        description: "How many tickets to skip (used by paging).",
        visibility: "internal",
      }),
    }),
  },
  responses: {
    200: z.object({
      value: z.array(Ticket),
      "@odata.nextLink": field(z.string().optional(), {
        summary: "Next link",
        description: "The next page.",
        visibility: "internal",
      }),
    }),
  },
  handler: async ({ query }, ctx) => {
    const all = [...db.tickets.values()]
      .filter((t) => t.projectId === query.projectId)
      .filter((t) => query.status === undefined || t.status === query.status)
      .filter((t) => (query.tags ?? []).every((tag) => t.tags.includes(tag)))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    const page = all.slice(query.skip, query.skip + query.top).map((t) => toTicket(t.id));
    const next = query.skip + query.top < all.length;
    const nextQuery = new URLSearchParams({
      projectId: query.projectId,
      top: String(query.top),
      skip: String(query.skip + query.top),
    });
    if (query.status !== undefined) nextQuery.set("status", query.status);
    if (query.tags !== undefined && query.tags.length > 0) nextQuery.set("tags", query.tags.join(","));
    const nextLink = `${ctx.baseUrl}/tickets?${nextQuery}`;
    return { status: 200, body: { value: page, ...(next ? { "@odata.nextLink": nextLink } : {}) } };
  },
});

const CustomFields = field(z.record(z.string(), z.unknown()), {
  summary: "Custom fields",
  description: "Fields defined by the project.",
  dynamicSchema: dynamicSchema(getCustomFieldsSchema, {
    parameters: { projectId: { parameter: "projectId" } },
    valuePath: "schema",
  }),
});

/** Creates a ticket. */
export const createTicket = action({
  operationId: "CreateTicket",
  summary: "Create a ticket",
  description: "Files a new ticket in a project.",
  visibility: "important",
  tags: ["Tickets"],
  openAiData: { enabled: true, requireUserConfirmation: true },
  method: "post",
  path: "/tickets",
  request: {
    body: z.object({
      projectId: ProjectId,
      title: field(z.string().min(1).max(200), {
        summary: "Title",
        description: "A one-line summary.",
        testValue: "Printer on fire",
      }),
      description: field(z.string().max(10_000).default(""), {
        summary: "Description",
        description: "The full text.",
      }),
      priority: Priority.default("normal"),
      tags: field(z.array(z.string().max(50)).max(20).default([]), {
        summary: "Tags",
        description: "Labels to add.",
      }),
      customFields: CustomFields.optional(),
    }),
  },
  responses: { 201: Ticket, 400: undefined },
  handler: async ({ body }) => {
    if (!db.projects.some((p) => p.id === body.projectId)) {
      throw new ConnectorError("BadRequest", { message: `Project ${body.projectId} does not exist.` });
    }
    const record = db.create({ ...body, customFields: body.customFields ?? {} });
    const ticket = toTicket(record.id);
    // Fire and forget: deliveries retry in the background and failures land in the dead-letter store.
    void onTicketCreated.fire(ticket, { dispatcher, eventId: `created:${ticket.id}` }).catch(() => {});
    return { status: 201, body: ticket };
  },
});

/** Closes a ticket (first revision, deprecated). */
export const closeTicketV1 = action({
  operationId: "CloseTicket",
  summary: "Close a ticket (deprecated)",
  description: "Closes a ticket. This operation is deprecated; use Close a ticket instead (deprecated).",
  deprecated: { replacement: { operationId: "CloseTicket_V2", api: "contosotickets" } },
  annotation: { family: "CloseTicket", revision: 1 },
  visibility: "advanced",
  method: "post",
  path: "/tickets/{ticketId}/close",
  request: { params: z.object({ ticketId: TicketId }) },
  responses: { 204: undefined, 404: undefined },
  handler: async ({ params }) => {
    close(params.ticketId, "");
    return { status: 204 };
  },
});

/** Closes a ticket with a resolution. */
export const closeTicketV2 = action({
  operationId: "CloseTicket_V2",
  summary: "Close a ticket",
  description: "Closes a ticket and records how it was resolved.",
  annotation: { family: "CloseTicket", revision: 2, status: "Preview" },
  tags: ["Tickets"],
  method: "post",
  path: "/v2/tickets/{ticketId}/close",
  request: {
    params: z.object({ ticketId: TicketId }),
    headers: z.object({
      "If-Match": field(z.string().optional(), {
        summary: "ETag",
        description: "Close only if the ticket has not changed.",
        visibility: "advanced",
      }),
    }),
    body: z.object({
      resolution: field(z.string().min(1).max(2_000), {
        summary: "Resolution",
        description: "How the ticket was resolved.",
      }),
    }),
  },
  responses: { 200: Ticket, 404: undefined, 412: undefined },
  handler: async ({ params, body }) => ({ status: 200, body: close(params.ticketId, body.resolution) }),
});

function close(id: string, resolution: string) {
  const record = db.tickets.get(id);
  if (!record) throw new ConnectorError("NotFound", { message: `Ticket ${id} does not exist.` });
  record.status = "closed";
  record.closedAt = new Date();
  if (resolution) record.description = `${record.description}\n\nResolution: ${resolution}`.trim();
  return toTicket(id);
}

/** Adds an attachment (chunked transfer enabled). */
export const addAttachment = action({
  operationId: "AddAttachment",
  summary: "Add an attachment",
  description: "Attaches a base64-encoded file to a ticket.",
  chunkTransfer: true,
  visibility: "advanced",
  method: "post",
  path: "/tickets/{ticketId}/attachments",
  request: {
    params: z.object({ ticketId: TicketId }),
    body: z.object({
      fileName: field(z.string().min(1).max(255), { summary: "File name", description: "The file's name." }),
      content: field(z.base64(), {
        summary: "Content",
        description: "The file content, base64-encoded.",
        format: "byte",
      }),
    }),
  },
  responses: { 201: z.object({ id: z.string(), size: z.number().int() }), 404: undefined },
  handler: async ({ params, body }) => {
    toTicket(params.ticketId);
    return {
      status: 201,
      body: { id: `${params.ticketId}-a1`, size: Buffer.from(body.content, "base64").byteLength },
    };
  },
});

/** Exports a project's tickets as CSV: a long-running action (202 + Location + Retry-After). */
export const exportReport = longRunning({
  operationId: "ExportReport",
  summary: "Export a ticket report",
  description:
    "Builds a CSV report of a project's tickets. Large projects take minutes; the flow waits for it.",
  tags: ["Reports"],
  method: "post",
  path: "/reports",
  retryAfter: 5,
  request: {
    body: z.object({
      projectId: ProjectId,
      status: field(z.enum(["open", "closed"]).optional(), {
        summary: "Status",
        description: "Only tickets with this status.",
        enumValues: { open: "Open", closed: "Closed" },
      }),
    }),
  },
  responses: {
    200: z.object({
      projectId: field(z.string(), { summary: "Project ID", description: "The project reported on." }),
      rows: field(z.number().int(), { summary: "Rows", description: "How many tickets the report has." }),
      csv: field(z.string(), { summary: "CSV", description: "The report as comma-separated values." }),
    }),
  },
  handler: async ({ body }, ctx) => {
    const tickets = [...db.tickets.values()].filter(
      (t) => t.projectId === body.projectId && (body.status === undefined || t.status === body.status),
    );
    await ctx.progress(50, "collected tickets");
    const csv = [
      "id,title,priority,status",
      ...tickets.map((t) => [t.id, JSON.stringify(t.title), t.priority, t.status].join(",")),
    ].join("\n");
    return { status: 200, body: { projectId: body.projectId, rows: tickets.length, csv } };
  },
});

/** The project's closed tickets, oldest closure first (ties by id). */
function closedTickets(projectId: string) {
  return [...db.tickets.values()]
    .filter((t) => t.projectId === projectId && t.closedAt !== null)
    .sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime() || a.id.localeCompare(b.id));
}

/**
 * Fires for tickets closed since the last poll: a polling trigger with signed state in the Location URL.
 * The first call (a new or re-enabled flow) only establishes the state: it records the latest closure so far,
 * so tickets closed before the flow existed never fire; only later closures do.
 */
export const whenTicketClosed = pollingTrigger({
  operationId: "WhenTicketClosed",
  summary: "When a ticket is closed",
  description: "This operation triggers when a ticket in the project is closed.",
  triggerHint: "Close a ticket in Contoso Helpdesk to see it run.",
  path: "/triggers/ticket-closed",
  request: { query: z.object({ projectId: ProjectId }) },
  item: Ticket,
  mode: "batch",
  cursor: z.object({ closedAfter: z.string(), seen: z.array(z.string()) }),
  retryAfter: 60,
  initialCursor: ({ query }) => {
    const last = closedTickets(query.projectId).at(-1)?.closedAt?.toISOString();
    if (last === undefined) return { closedAfter: new Date(0).toISOString(), seen: [] };
    const seen = closedTickets(query.projectId)
      .filter((t) => t.closedAt!.toISOString() === last)
      .map((t) => t.id);
    return { closedAfter: last, seen };
  },
  poll: async ({ query, cursor }) => {
    const closed = closedTickets(query.projectId).filter(
      (t) =>
        t.closedAt!.toISOString() > cursor.closedAfter ||
        (t.closedAt!.toISOString() === cursor.closedAfter && !cursor.seen.includes(t.id)),
    );
    if (closed.length === 0) return { items: [], cursor };
    const last = closed.at(-1)!.closedAt!.toISOString();
    const seen = closed.filter((t) => t.closedAt!.toISOString() === last).map((t) => t.id);
    return {
      items: closed.map((t) => toTicket(t.id)),
      cursor: { closedAfter: last, seen: last === cursor.closedAfter ? [...cursor.seen, ...seen] : seen },
    };
  },
});

/** Fires when a ticket is filed: a webhook trigger (register, delete, list), fired by CreateTicket. */
export const onTicketCreated = webhookTrigger({
  operationId: "OnTicketCreated",
  summary: "When a ticket is created",
  description: "This operation triggers when a new ticket is filed in a project.",
  triggerHint: "File a ticket in Contoso Helpdesk to see it run.",
  path: "/hooks/ticket-created",
  params: z.object({ projectId: ProjectId }),
  event: Ticket,
  eventDescription: "The new ticket.",
  match: (params, event) => params.projectId === event.projectId,
});

/** The example's secrets (`TICKETS_API_KEYS`, `CONNECTORKIT_STATE_SECRET`), read once; see ./secrets.ts. */
export const secrets = readExampleSecrets();

/**
 * API keys accepted by the example (comma-separated in TICKETS_API_KEYS). Outside production, when the variable
 * is unset, one random key is generated for the process (the start script prints it); in production it must be
 * set (see {@link runtimeOptions}). To switch auth types, replace `auth.apiKey(...)` below: see the README
 * ("Switching auth").
 */
export const API_KEYS: readonly string[] = secrets.apiKeys;

/** Connection auth: an API key sent in the X-API-Key header (connection parameter `api_key`). */
export const ticketsAuth = auth.apiKey({
  in: "header",
  name: "X-API-Key",
  // No keys when TICKETS_API_KEYS is missing in production or holds an invalid key (then runtimeOptions() refuses
  // to start): refuse all.
  verify: API_KEYS.length > 0 ? auth.apiKey.keys(API_KEYS) : () => undefined,
  ui: {
    displayName: "API key",
    description: "Your Contoso Tickets API key.",
    tooltip: "Find it under Settings > API keys.",
  },
});

/** The Contoso Tickets connector. */
export const connector = defineConnector({
  title: "Contoso Tickets",
  description: "Create, find and close support tickets in Contoso Helpdesk, and react when tickets change.",
  version: "1.0.0",
  host: "tickets.contoso.com",
  basePath: "/api",
  contact: { name: "Contoso Support", url: "https://contoso.com/support", email: "support@contoso.com" },
  metadata: {
    website: "https://contoso.com",
    privacyPolicy: "https://contoso.com/privacy",
    categories: ["Productivity", "IT Operations"],
  },
  status: "Preview",
  tags: [
    { name: "Tickets", description: "Support tickets." },
    { name: "Reports", description: "Reports over tickets." },
  ],
  testConnection: { operation: whoAmI },
  auth: ticketsAuth,
  publisher: "Contoso",
  stackOwner: "Contoso",
  operations: [
    listProjects,
    getCustomFieldsSchema,
    whoAmI,
    getTicket,
    listTickets,
    createTicket,
    closeTicketV1,
    closeTicketV2,
    addAttachment,
    exportReport,
    whenTicketClosed,
    onTicketCreated,
  ],
});

/**
 * Runtime options for hosting the example: the shared store, and the key that signs polling-trigger state
 * (CONNECTORKIT_STATE_SECRET; when it is unset under NODE_ENV development or test, the SDK generates a local key).
 * Every host calls it before serving.
 *
 * @returns the options to spread into `connectorRouter` / `registerConnector`.
 * @throws MissingSecretsError when TICKETS_API_KEYS or CONNECTORKIT_STATE_SECRET is set but invalid (too short), or
 *   unset while NODE_ENV is not development or test (an unset NODE_ENV counts as production, as on Azure
 *   Functions); the message names the variables and the rule, never the values.
 * @example
 * ```ts
 * app.use("/api", connectorRouter(connector, runtimeOptions()));
 * ```
 */
export function runtimeOptions(): { store: typeof store; pollingSecret?: string } {
  const { stateSecret } = requireExampleSecrets(secrets);
  return stateSecret === undefined ? { store } : { store, pollingSecret: stateSecret };
}
