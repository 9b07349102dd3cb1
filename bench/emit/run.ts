/**
 * Emission benchmark: a 256-operation connector through toSwagger, next to zod-to-openapi generating the same
 * schemas alone (the baseline), in the same process. Prints medians and the ratio.
 *   pnpm --filter @connectorkit/bench run bench:emit
 */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from "@asteasolutions/zod-to-openapi";
import { type AnyOperation, action, defineConnector, dynamicValues, field } from "@connectorkit/sdk";
import { toSwagger } from "@connectorkit/sdk/swagger";
import { z } from "zod";

const OPERATIONS = 256;
const RUNS = Number(process.env["BENCH_RUNS"] ?? 15);

function buildConnector() {
  const Item = z
    .object({
      id: field(z.string(), { summary: "ID" }),
      name: field(z.string(), { summary: "Name" }),
      status: field(z.enum(["open", "closed"]), {
        summary: "Status",
        enumValues: { open: "Open", closed: "Closed" },
      }),
      tags: z.array(z.string()),
      due: z.date().nullable().optional(),
      owner: z.object({ id: z.string(), email: z.email() }),
    })
    .meta({ id: "Item" });
  const list = action({
    operationId: "ListThings",
    summary: "List things",
    description: "Lists things.",
    method: "get",
    path: "/things",
    responses: { 200: z.object({ value: z.array(z.object({ id: z.string(), name: z.string() })) }) },
    handler: async () => ({ status: 200, body: { value: [] } }),
  });
  const ops: AnyOperation[] = [list];
  for (let i = 1; i < OPERATIONS; i++) {
    const Body = z.object({
      title: field(z.string().min(1).max(200), { summary: "Title", description: "The title." }),
      thing: field(z.string(), {
        summary: "Thing",
        dynamicValues: dynamicValues(list, { collection: "value", value: "id", title: "name" }),
      }),
      count: z.number().int().min(0).default(1),
      nested: z.object({ a: z.string(), b: z.array(z.object({ c: z.boolean() })) }),
    });
    ops.push(
      action({
        operationId: `Operation${i}`,
        summary: `Operation ${i}`,
        description: `Does operation ${i}.`,
        method: i % 2 === 0 ? "post" : "put",
        path: `/items${i}/{id}`,
        request: {
          params: z.object({ id: z.string() }),
          query: z.object({ top: z.number().int().optional(), mode: z.enum(["a", "b"]).optional() }),
          body: Body,
        },
        responses: { 200: Item, 404: undefined },
        handler: async () => ({ status: 404 }),
      }),
    );
  }
  return defineConnector({
    title: "Bench",
    description: "A 256-operation connector for benchmarks.",
    host: "api.example.com",
    operations: ops,
  });
}

/** The baseline: zod-to-openapi alone, generating the same paths and schemas. */
function zodToOpenApiAlone(connector: ReturnType<typeof buildConnector>) {
  const registry = new OpenAPIRegistry();
  for (const op of connector.operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      responses[status] = {
        description: "x",
        ...(spec ? { content: { "application/json": { schema: spec } } } : {}),
      };
    }
    registry.registerPath({
      method: op.method.toLowerCase() as "get",
      path: op.path,
      operationId: op.operationId,
      request: {
        ...(op.request.params ? { params: op.request.params } : {}),
        ...(op.request.query ? { query: op.request.query } : {}),
        ...(op.request.body
          ? { body: { content: { "application/json": { schema: op.request.body } } } }
          : {}),
      },
      responses: responses as never,
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: "3.0.0",
    info: { title: "b", version: "1" },
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const connector = buildConnector();
// warm up both paths
toSwagger(connector);
zodToOpenApiAlone(connector);
const ours: number[] = [];
const base: number[] = [];
for (let i = 0; i < RUNS; i++) {
  // interleave so machine noise hits both equally
  base.push(time(() => zodToOpenApiAlone(connector)));
  ours.push(time(() => toSwagger(connector)));
}
const doc = toSwagger(connector);
const mOurs = median(ours);
const mBase = median(base);
console.log(
  `operations emitted:                 ${Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0)}`,
);
console.log(`definition size:                    ${Buffer.byteLength(JSON.stringify(doc, null, 2))} bytes`);
console.log(`zod-to-openapi alone (median of ${RUNS}): ${mBase.toFixed(1)} ms`);
console.log(`toSwagger            (median of ${RUNS}): ${mOurs.toFixed(1)} ms`);
console.log(`ratio toSwagger / zod-to-openapi:   ${(mOurs / mBase).toFixed(2)} (target <= 1.50)`);
console.log(`emitter overhead on top:            ${(((mOurs - mBase) / mBase) * 100).toFixed(0)}%`);
