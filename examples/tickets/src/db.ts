/** A tiny in-memory ticket database standing in for the API the connector fronts. */
export interface TicketRecord {
  id: string;
  projectId: string;
  title: string;
  description: string;
  priority: "low" | "normal" | "high";
  status: "open" | "closed";
  tags: string[];
  createdAt: Date;
  closedAt: Date | null;
  customFields: Record<string, unknown>;
}

export interface ProjectRecord {
  id: string;
  name: string;
  fields: Record<string, { type: "string" | "number" | "boolean"; title: string }>;
}

/** Creates a seeded database. */
export function createDb() {
  const projects: ProjectRecord[] = [
    {
      id: "helpdesk",
      name: "Helpdesk",
      fields: { site: { type: "string", title: "Site" }, seats: { type: "number", title: "Seats" } },
    },
    { id: "facilities", name: "Facilities", fields: { room: { type: "string", title: "Room" } } },
  ];
  const tickets = new Map<string, TicketRecord>();
  let next = 1;
  return {
    projects,
    tickets,
    create(input: Omit<TicketRecord, "id" | "createdAt" | "closedAt" | "status">): TicketRecord {
      const id = `T-${next++}`;
      const ticket: TicketRecord = { ...input, id, status: "open", createdAt: new Date(), closedAt: null };
      tickets.set(id, ticket);
      return ticket;
    },
  };
}

export type Db = ReturnType<typeof createDb>;
