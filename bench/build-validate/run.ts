/**
 * Benchmark: `connectorkit build` + `validate` on a generated 256-operation connector (the platform's maximum).
 *
 * Run: cd packages/sdk && npx tsx ../../bench/build-validate/run.ts [--runs 7]
 *
 * Phases per run: the package in memory (buildConnectorPackage: toSwagger, apiProperties, settings, readme; toSwagger
 * is also timed alone), writing the files to a temp dir, and validateConnector on the written text. Prints the median of several runs per phase, the ratio
 * of each phase to the whole, the per-operation cost against a 32-operation baseline built in the same run
 * (1.00 = linear scaling), and peak memory (resourceUsage().maxRSS).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildConnectorPackage } from "../../packages/cli/src/connector-package";
import type { AnyOperation, Connector } from "../../packages/sdk/src/index";
import { action, defineConnector, dynamicValues, field } from "../../packages/sdk/src/index";
import { toSwagger } from "../../packages/sdk/src/swagger";
import { validateConnector } from "../../packages/sdk/src/validate";

// zod is a dependency of the sdk package, not of bench/: load the same ESM build the sdk sources use.
const sdkDir = fileURLToPath(new URL("../../packages/sdk/", import.meta.url));
const sdkRequire = createRequire(path.join(sdkDir, "package.json"));
const zodPkgFile = sdkRequire.resolve("zod/package.json");
const zodPkg = JSON.parse(readFileSync(zodPkgFile, "utf8")) as { exports: { ".": { import: string } } };
const { z } = (await import(
  pathToFileURL(path.join(path.dirname(zodPkgFile), zodPkg.exports["."].import)).href
)) as typeof import("zod");

const argRuns = process.argv.indexOf("--runs");
const RUNS = Math.min(Math.max(argRuns > 0 ? Number(process.argv[argRuns + 1]) || 7 : 7, 1), 50);

/** A connector with `count` operations: varied schemas, 24 named definitions, dynamic values. */
function generateConnector(count: number): Connector {
  const models = Array.from({ length: 24 }, (_, m) =>
    z
      .object({
        id: field(z.string(), { summary: "ID", description: `Identifier of model ${m}.` }),
        name: field(z.string().max(200), { summary: "Name", description: "Display name." }),
        ...(m % 2 === 0
          ? { count: field(z.number().int().min(0), { summary: "Count", description: "How many." }) }
          : {}),
        ...(m % 3 === 0
          ? { tags: field(z.array(z.string()), { summary: "Tags", description: "Labels." }) }
          : {}),
        ...(m % 4 === 0
          ? { updatedAt: field(z.date().nullable(), { summary: "Updated", description: "Last change." }) }
          : {}),
        ...(m % 5 === 0
          ? {
              status: field(z.enum(["open", "closed", "pending"]), {
                summary: "Status",
                description: "Lifecycle state.",
              }),
            }
          : {}),
        nested: field(
          z.object({
            city: field(z.string().optional(), { summary: "City", description: "City name." }),
            zip: field(
              z
                .string()
                .regex(/^\d{5}$/)
                .optional(),
              { summary: "ZIP", description: "Postal code." },
            ),
          }),
          { summary: "Address", description: "Where it is." },
        ),
      })
      .meta({ id: `Model${m}` }),
  );
  const Option = z.object({ id: z.string(), name: z.string() }).meta({ id: "Option" });
  const listOptions = action({
    operationId: "ListOptions",
    summary: "List options",
    description: "Lists the options for dropdowns.",
    method: "get",
    path: "/options",
    visibility: "internal",
    responses: { 200: z.object({ value: z.array(Option) }) },
    handler: async () => ({ status: 200, body: { value: [] } }),
  });
  const operations: AnyOperation[] = [listOptions];
  for (let i = 1; i < count; i++) {
    const model = models[i % models.length]!;
    const kind = i % 4;
    const base = {
      operationId: `Op${i}`,
      summary: `Operation number ${i}`,
      description: `Does thing number ${i} with a model of kind ${kind}.`,
    };
    const option = field(z.string(), {
      summary: "Option",
      description: "Pick an option.",
      ...(i % 8 === 0
        ? { dynamicValues: dynamicValues(listOptions, { collection: "value", value: "id", title: "name" }) }
        : {}),
    });
    if (kind === 0 || kind === 1) {
      operations.push(
        action({
          ...base,
          method: "get",
          path: `/r${i}/{itemId}`,
          request: {
            params: z.object({ itemId: field(z.string(), { summary: "Item ID", description: "Item." }) }),
            query: z.object({
              option,
              top: field(z.number().int().min(1).max(100).optional(), {
                summary: "Top",
                description: "Page size.",
              }),
              expand: field(z.boolean().optional(), { summary: "Expand", description: "Include details." }),
              ...(kind === 1
                ? {
                    fields: field(z.array(z.string()).optional(), {
                      summary: "Fields",
                      description: "Columns.",
                    }),
                  }
                : {}),
            }),
          },
          responses: { 200: model, 404: undefined },
          handler: async () => ({ status: 404 }),
        }) as AnyOperation,
      );
    } else {
      operations.push(
        action({
          ...base,
          method: kind === 2 ? "post" : "put",
          path: `/r${i}`,
          request: {
            headers: z.object({
              "x-request-id": field(z.string().optional(), {
                summary: "Request ID",
                description: "Trace id.",
              }),
            }),
            body: z.object({
              option,
              item: model,
              notes: field(z.string().max(4000).optional(), { summary: "Notes", description: "Free text." }),
              lines: field(
                z.array(
                  z.object({
                    sku: field(z.string(), { summary: "SKU", description: "Stock unit." }),
                    qty: field(z.number().int(), { summary: "Quantity", description: "How many." }),
                  }),
                ),
                { summary: "Lines", description: "Order lines." },
              ),
            }),
          },
          responses: { [kind === 2 ? 201 : 200]: model, 400: undefined },
          handler: async () => ({ status: 400 }),
        } as never) as AnyOperation,
      );
    }
  }
  return defineConnector({
    title: "Bench Connector",
    description: "A generated connector with the maximum number of operations, for benchmarks.",
    host: "api.bench.example",
    basePath: "/v1",
    publisher: "Bench",
    stackOwner: "Bench",
    iconBrandColor: "#0f6cbd",
    operations,
  });
}

interface Sample {
  swagger: number;
  pkg: number;
  write: number;
  validate: number;
  total: number;
  problems: number;
  bytes: number;
}

async function once(connector: Connector, dir: string): Promise<Sample> {
  const t0 = performance.now();
  toSwagger(connector);
  const t1 = performance.now();
  const pkg = buildConnectorPackage(connector); // toSwagger + apiProperties + settings + readme
  const t2 = performance.now();
  for (const file of pkg.files) await writeFile(path.join(dir, file.name), file.content);
  const t3 = performance.now();
  const result = validateConnector({
    swagger: await readFile(path.join(dir, "apiDefinition.swagger.json"), "utf8"),
    apiProperties: await readFile(path.join(dir, "apiProperties.json"), "utf8"),
  });
  const t4 = performance.now();
  return {
    swagger: t1 - t0,
    pkg: t2 - t1,
    write: t3 - t2,
    validate: t4 - t3,
    total: t4 - t1,
    problems: result.errorCount,
    bytes: Buffer.byteLength(pkg.files[0]!.content),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function measure(count: number, dir: string): Promise<{ samples: Sample[]; ops: number }> {
  const connector = generateConnector(count);
  await once(connector, dir); // warm-up
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once(connector, dir));
  return { samples, ops: connector.operations.length };
}

const dir = await mkdtemp(path.join(os.tmpdir(), "connectorkit-bench-"));
try {
  const baseline = await measure(32, dir);
  const full = await measure(256, dir);
  const m = (s: Sample[], k: keyof Sample) => median(s.map((x) => x[k]));
  const total = m(full.samples, "total");
  console.log(
    `build + validate, ${full.ops} operations, median of ${RUNS} runs (node ${process.version}, ${os.cpus().length} cpus)`,
  );
  console.log(
    `  swagger file: ${(m(full.samples, "bytes") / 1024).toFixed(0)} KiB, validator errors: ${m(full.samples, "problems")}`,
  );
  for (const [label, key] of [
    ["build package in memory", "pkg"],
    ["  of which toSwagger (timed alone)", "swagger"],
    ["write files", "write"],
    ["validateConnector", "validate"],
  ] as const) {
    const v = m(full.samples, key);
    console.log(
      `  ${label.padEnd(34)} ${v.toFixed(1).padStart(8)} ms  (${((v / total) * 100).toFixed(0)}% of build+validate)`,
    );
  }
  console.log(`  ${"build + validate (wall)".padEnd(34)} ${total.toFixed(1).padStart(8)} ms`);
  const perOpFull = total / full.ops;
  const perOpBase = m(baseline.samples, "total") / baseline.ops;
  console.log(
    `  per operation: ${perOpFull.toFixed(2)} ms at ${full.ops} ops vs ${perOpBase.toFixed(2)} ms at ${baseline.ops} ops (ratio ${(perOpFull / perOpBase).toFixed(2)}; 1.00 = linear)`,
  );
  const usage = process.resourceUsage();
  console.log(
    `  memory: peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MiB (resourceUsage().maxRSS), RSS now ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB, heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
