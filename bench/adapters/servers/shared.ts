/**
 * What every benchmarked server does: POST /api/projects/{projectId}/tickets?notify=true with a JSON body,
 * validated with zod (path, query, body), answering 201 with the created ticket, or 400 with the failing fields.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The request autocannon sends. */
export const BENCH_REQUEST = {
  method: "POST" as const,
  path: "/api/projects/helpdesk/tickets?notify=true",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ title: "Printer on fire", priority: "high", tags: ["hardware", "urgent"] }),
};

/** Tells the parent process which port the server listens on. */
export function announce(server: Server): void {
  process.once("SIGTERM", () => process.exit(0)); // a clean exit, so `--cpu-prof` writes its profile
  server.once("listening", () => {
    process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
  });
}
