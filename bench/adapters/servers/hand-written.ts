/** (a) The baseline: a hand-written Express 5 route doing the same zod validation. */
import express from "express";
import { z } from "zod";
import { announce } from "./shared";

const Params = z.object({ projectId: z.string().regex(/^[a-z0-9-]+$/) });
const Query = z.object({ notify: z.stringbool().default(false) });
const Body = z.object({
  title: z.string().min(1).max(200),
  priority: z.enum(["low", "normal", "high"]).default("normal"),
  tags: z.array(z.string().max(50)).max(10).default([]),
});

let next = 1;
const app = express();
app.use(express.json({ limit: 3_182_218 }));
app.post("/api/projects/:projectId/tickets", (req, res) => {
  const params = Params.safeParse(req.params);
  const query = Query.safeParse(req.query);
  const body = Body.safeParse(req.body);
  if (!params.success || !query.success || !body.success) {
    const issues = [params, query, body].flatMap((r) => (r.success ? [] : r.error.issues));
    res.status(400).json({ error: { code: "BadRequest", message: "Invalid request", details: issues } });
    return;
  }
  res
    .status(201)
    .json({ id: `T-${next++}`, projectId: params.data.projectId, notify: query.data.notify, ...body.data });
});
announce(app.listen(0, "127.0.0.1"));
