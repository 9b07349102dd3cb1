/**
 * Long-running jobs on Azure Functions through a real storage queue (Azurite): the HTTP function enqueues
 * with storageQueueJobRunner, the message is received with a QueueClient as the host would, and the
 * queue-triggered function registered by registerJobQueue is invoked with it and a real InvocationContext.
 */
import type { StorageQueueFunctionOptions } from "@azure/functions";
import az from "@azure/functions";
import { type ConnectorStore, defineConnector, memoryStore } from "@connectorkit/sdk";
import { createHandler } from "@connectorkit/sdk/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openQueue, reportsConnector } from "../../sdk/src/long-running/queue-test-support";
import { storageQueueJobRunner } from "../../sdk/src/long-running/storage-queue-job-runner";
import { type LocalServer, startAzuriteQueue } from "../../sdk/src/store/local-servers";
import { createAzureHandler } from "./create-azure-handler";
import { registerConnector } from "./register-connector";
import { registerJobQueue } from "./register-job-queue";

const reports = reportsConnector();
const { connector } = reports;
const ping = connector.operations[1]!;
const plainConnector = defineConnector({
  title: "Plain",
  description: "No long-running operations.",
  operations: [ping],
});

const ORIGIN = "http://localhost:7071";
let invocation = 0;
const logs: { level: string; text: string }[] = [];
function context(metadata: Record<string, unknown> = {}) {
  return new az.InvocationContext({
    invocationId: String(++invocation),
    functionName: "connector-jobs",
    triggerMetadata: metadata,
    logHandler: (level, ...args) => logs.push({ level, text: args.map(String).join(" ") }),
  });
}

function recordingApp() {
  const queues: (StorageQueueFunctionOptions & { name: string })[] = [];
  return {
    queues,
    storageQueue: (name: string, options: StorageQueueFunctionOptions) =>
      void queues.push({ name, ...options }),
  };
}

/** What the Functions host hands the function: the base64 message decoded, JSON parsed when it is JSON. */
function asHostEntry(messageText: string): unknown {
  const text = Buffer.from(messageText, "base64").toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe("registerJobQueue on Azurite", () => {
  let azurite: LocalServer;
  let seq = 0;
  beforeAll(async () => {
    azurite = await startAzuriteQueue();
  }, 30_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  async function setup(store: ConnectorStore = memoryStore()) {
    const queueName = `reports-${Date.now().toString(36)}-${++seq}`;
    const jobRunner = storageQueueJobRunner({ connectionString: azurite.url, queueName });
    const handle = createAzureHandler(connector, { store, jobRunner, routePrefix: "" });
    const app = recordingApp();
    const registered = registerJobQueue(app, connector, { store, queueName, connection: "JobsStorage" });
    const queue = await openQueue(azurite.url, queueName);
    const http = async (method: string, url: string, body?: string) => {
      const res = await handle(
        new az.HttpRequest({
          method,
          url,
          headers: body === undefined ? {} : { "content-type": "application/json" },
          ...(body === undefined ? {} : { body: { bytes: Buffer.from(body) } }),
        }),
        new az.InvocationContext({ invocationId: String(++invocation), functionName: "connector" }),
      );
      return new az.HttpResponse(res);
    };
    return { app, registered, queue, http, queueName, store };
  }

  it("registers one queue-triggered function with the queue and connection setting", async () => {
    const { app, registered, queueName } = await setup();
    expect(registered).toEqual({ name: "connector-jobs", queueName });
    expect(app.queues).toHaveLength(1);
    expect(app.queues[0]).toMatchObject({ name: "connector-jobs", queueName, connection: "JobsStorage" });
  });

  it("start -> queue message -> queue function -> the status route answers the result", async () => {
    const { app, queue, http } = await setup();
    const before = reports.runs();
    const started = await http("POST", `${ORIGIN}/reports/export`, '{"month":"2025-01"}');
    expect(started.status).toBe(202);
    const location = started.headers.get("location")!;
    expect(location).toMatch(/^http:\/\/localhost:7071\/_connectorkit\/jobs\/ExportReport\/[\w-]{32}$/);
    expect(reports.runs()).toBe(before); // nothing ran in the HTTP invocation
    expect((await http("GET", location)).status).toBe(202);

    const { receivedMessageItems: items } = await queue.receiveMessages({ numberOfMessages: 32 });
    expect(items).toHaveLength(1);
    const message = items[0]!;
    const ctx = context({ dequeueCount: message.dequeueCount, id: message.messageId });
    await app.queues[0]!.handler(asHostEntry(message.messageText), ctx);
    await queue.deleteMessage(message.messageId, message.popReceipt); // the host completes the message
    expect(reports.runs()).toBe(before + 1);

    const done = await http("GET", location);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ url: "https://files.contoso.com/2025-01.csv" });
    expect(logs.at(-1)).toMatchObject({ level: "information" });
    expect(logs.at(-1)?.text).toContain("succeeded");
  });

  it("is idempotent: a second delivery of the same message is skipped", async () => {
    const { app, queue, http } = await setup();
    const location = (await http("POST", `${ORIGIN}/reports/export`, '{"month":"2025-02"}')).headers.get(
      "location",
    )!;
    const { receivedMessageItems: items } = await queue.receiveMessages();
    const entry = asHostEntry(items[0]!.messageText);
    const before = reports.runs();
    await Promise.all([app.queues[0]!.handler(entry, context()), app.queues[0]!.handler(entry, context())]);
    expect(reports.runs()).toBe(before + 1);
    expect(
      logs
        .slice(-2)
        .map((l) => l.text.split(" ").pop())
        .sort(),
    ).toEqual(["skipped.", "succeeded."]);
    expect((await http("GET", location)).status).toBe(200);
  });

  it("accepts a bare job id sent by hand", async () => {
    const { app, http } = await setup();
    const location = (await http("POST", `${ORIGIN}/reports/export`, '{"month":"2025-03"}')).headers.get(
      "location",
    )!;
    await app.queues[0]!.handler(location.split("/").pop()!, context());
    expect((await http("GET", location)).status).toBe(200);
  });

  it.each([
    ["null", null],
    ["a number", 7],
    ["an object without jobId", { id: "x" }],
    ["a path", "../../../etc/passwd"],
    ["an oversized string", "A".repeat(100_000)],
  ])("logs and completes a message that is %s (no retry)", async (_name, entry) => {
    const { app } = await setup();
    await expect(app.queues[0]!.handler(entry, context())).resolves.toBeUndefined();
    expect(logs.at(-1)).toMatchObject({ level: "error" });
  });

  it("warns about an unknown job and completes the message", async () => {
    const { app } = await setup();
    await app.queues[0]!.handler({ jobId: "Z".repeat(32) }, context());
    expect(logs.at(-1)).toMatchObject({ level: "warning" });
  });

  it("throws when the store is unreachable, so the host retries and then poisons the message", async () => {
    const failing: ConnectorStore = {
      ...memoryStore(),
      get: async () => {
        throw new Error("store unreachable");
      },
    };
    const app = recordingApp();
    registerJobQueue(app, connector, { store: failing, queueName: "q-x" });
    expect(app.queues[0]).toMatchObject({ connection: "AzureWebJobsStorage" });
    await expect(app.queues[0]!.handler({ jobId: "Z".repeat(32) }, context())).rejects.toThrow(
      "store unreachable",
    );
  });

  it("rejects missing options at registration", () => {
    const app = recordingApp();
    expect(() => registerJobQueue(app, connector, {} as never)).toThrow(/store/);
    expect(() => registerJobQueue(app, connector, { store: memoryStore() } as never)).toThrow(/queueName/);
  });

  it("works with the real app object outside the Functions host", () => {
    expect(() =>
      registerJobQueue(az.app, connector, {
        store: memoryStore(),
        queueName: "real-app",
        name: "jobs-smoke",
      }),
    ).not.toThrow();
  });
});

describe("the Azure adapter does not run long-running jobs in-process by default", () => {
  it("createAzureHandler and registerConnector fail at registration, saying how to fix it", () => {
    const store = memoryStore();
    expect(() => createAzureHandler(connector, { store })).toThrow(
      /ExportReport.*storageQueueJobRunner.*registerJobQueue/s,
    );
    expect(() => createAzureHandler(connector, { store })).toThrow(/allowInProcessJobs: true/);
    const app = { http: () => {} };
    expect(() => registerConnector(app, connector, { store })).toThrow(/durable job runner/);
  });

  it("stateful operations need an explicit shared store on Functions (the default file store is per instance)", () => {
    const runner = { jobRunner: { schedule: () => {} } };
    expect(() => createAzureHandler(connector, runner)).toThrow(
      /keeps state for ExportReport.*azureTableStore/s,
    );
    expect(() => registerConnector({ http: () => {} }, connector, runner)).toThrow(/shared store/);
    expect(() =>
      createAzureHandler(connector, { ...runner, store: memoryStore(), routePrefix: "" }),
    ).not.toThrow();
  });

  it("allowInProcessJobs: true runs jobs in-process (local development)", async () => {
    const handle = createAzureHandler(connector, { allowInProcessJobs: true, routePrefix: "" });
    const start = await handle(
      new az.HttpRequest({
        method: "POST",
        url: `${ORIGIN}/reports/export`,
        headers: { "content-type": "application/json" },
        body: { bytes: Buffer.from('{"month":"2025-04"}') },
      }),
      context(),
    );
    expect(start.status).toBe(202);
    const location = (start.headers as Record<string, string>)["location"]!;
    let status = 202;
    for (let i = 0; i < 100 && status === 202; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await handle(new az.HttpRequest({ method: "GET", url: location }), context())).status ?? 0;
    }
    expect(status).toBe(200);
  });

  it("a configured jobRunner, a connector without long-running operations, or a prebuilt handler pass", () => {
    const store = memoryStore();
    // routePrefix "": these connectors' basePath is "/" (both check the mount against it)
    const at = { routePrefix: "" };
    expect(() =>
      createAzureHandler(connector, { jobRunner: { schedule: () => {} }, store, ...at }),
    ).not.toThrow();
    expect(() => createAzureHandler(plainConnector, at)).not.toThrow();
    expect(() => createAzureHandler(createHandler(connector))).not.toThrow();
    expect(() => registerConnector({ http: () => {} }, plainConnector, { routePrefix: "" })).not.toThrow();
    expect(() =>
      registerConnector({ http: () => {} }, connector, {
        jobRunner: { schedule: () => {} },
        store,
        routePrefix: "",
      }),
    ).not.toThrow();
  });
});
