/**
 * (c) The same route in express-zod-api 25.6.3, run from this package (`node --import tsx server.ts`, cwd here) so
 * it resolves the zod it supports (4.3.6; the workspace uses 4.6.7). express-zod-api merges params, query and body
 * into one input, always validates the response, and its default result handler answers 200
 * `{ status: "success", data }` (a and b answer 201 with the bare ticket).
 */
import { createConfig, createServer, defaultEndpointsFactory, type Routing } from "express-zod-api";
import { z } from "zod";

const createTicket = defaultEndpointsFactory.build({
  method: "post",
  input: z.object({
    projectId: z.string().regex(/^[a-z0-9-]+$/),
    notify: z.stringbool().default(false),
    title: z.string().min(1).max(200),
    priority: z.enum(["low", "normal", "high"]).default("normal"),
    tags: z.array(z.string().max(50)).max(10).default([]),
  }),
  output: z.object({
    id: z.string(),
    projectId: z.string(),
    notify: z.boolean(),
    title: z.string(),
    priority: z.enum(["low", "normal", "high"]),
    tags: z.array(z.string()),
  }),
  handler: async ({ input }) => ({ id: `T-${next++}`, ...input }),
});
let next = 1;

const routing: Routing = { api: { projects: { ":projectId": { tickets: createTicket } } } };
const config = createConfig({
  http: { listen: { port: 0, host: "127.0.0.1" } },
  cors: false,
  startupLogo: false,
  logger: { level: "warn" },
  inputSources: { post: ["query", "body", "params"] }, // the default for POST ignores the query
});
const { servers } = await createServer(config, routing);
const server = servers[0]!;
process.once("SIGTERM", () => process.exit(0)); // a clean exit, so `--cpu-prof` writes its profile
const announce = () => process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`);
if (server.listening) announce();
else server.once("listening", announce);
