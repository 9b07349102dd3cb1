/**
 * The Postman collection exported from the example's swagger, run by newman against the example served by the
 * Express adapter on loopback: every request the collection makes must succeed (2xx), with the connection's
 * API key configured from the swagger's security definition.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { connectorRouter } from "@connectorkit/express";
import { toPostmanCollection } from "@connectorkit/sdk/postman";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEYS, connector, db, runtimeOptions } from "../src/connector";

interface NewmanSummary {
  run: {
    stats: Record<"requests" | "assertions", { total: number; failed: number }>;
    failures: { error: { message: string; test?: string }; source?: { name?: string } }[];
    executions: { item: { name: string }; response?: { code: number } }[];
  };
}
const newman = createRequire(import.meta.url)("newman") as {
  run(options: Record<string, unknown>, cb: (error: Error | null, summary: NewmanSummary) => void): void;
};

const swagger = JSON.parse(readFileSync(new URL("../apiDefinition.swagger.json", import.meta.url), "utf8"));

function runNewman(collection: unknown, env: Record<string, string>): Promise<NewmanSummary> {
  return new Promise((resolve, reject) =>
    newman.run(
      {
        collection,
        envVar: Object.entries(env).map(([key, value]) => ({ key, value })),
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    ),
  );
}

describe("Postman export of the example, run with newman against the Express-hosted example", () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    const app = express();
    app.use("/api", connectorRouter(connector, runtimeOptions()));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    // The collection's sample ticket id is the swagger's x-ms-test-value "T-1".
    db.tickets.clear();
    db.create({
      projectId: "helpdesk",
      title: "Printer on fire",
      description: "",
      priority: "high",
      tags: [],
      customFields: {},
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // Webhook registration needs a callback URL the engine supplies; the collection's placeholder is not one,
  // so the trigger's registration, listing and deletion are exercised by the simulator tests instead.
  const collection = toPostmanCollection(swagger, { grouping: "flat" });
  const withoutWebhooks = {
    ...collection,
    item: collection.item.filter(
      (item) => !/ticket-created/.test(JSON.stringify((item as { request?: unknown }).request ?? "")),
    ),
  };

  it("every request succeeds with the API key from the security definition", async () => {
    const summary = await runNewman(withoutWebhooks, { baseUrl, apiKey: API_KEYS[0]! });
    const failures = summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`);
    expect(failures).toEqual([]);
    const operations = Object.entries(swagger.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => !path.includes("ticket-created"))
      .flatMap(([, item]) => Object.keys(item).filter((k) => !k.startsWith("x-")));
    expect(summary.run.stats.requests.total).toBe(operations.length);
    expect(summary.run.stats.assertions.failed).toBe(0);
  });

  it("a wrong API key fails every authenticated request (the check can fail)", async () => {
    const summary = await runNewman(withoutWebhooks, { baseUrl, apiKey: "wrong-key" });
    expect(summary.run.stats.assertions.failed).toBe(summary.run.stats.requests.total);
  });
});
