/**
 * The queue job runner and worker against a real Azure Queue service (Azurite, in memory, on a loopback port).
 */
import { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHandler, type HandlerOptions } from "../http/create-handler";
import type { ConnectorResponse } from "../http/types";
import { defineConnector } from "../operation/define-connector";
import { type LocalServer, startAzuriteQueue } from "../store/local-servers";
import { memoryStore } from "../store/memory-store";
import type { ConnectorStore } from "../store/types";
import { longRunning } from "./long-running";
import { jobKey } from "./run-job";
import {
  decodeJobMessage,
  encodeJobMessage,
  storageQueueJobRunner,
  storageQueueJobWorker,
} from "./storage-queue-job-runner";
import type { JobOutcome, JobRecord } from "./types";

const JOB = "AbCdEfGhIjKlMnOpQrStUvWxYz012_-9";
let runs = 0;

const double = longRunning({
  operationId: "Double",
  summary: "Double a number",
  description: "Doubles a number in the background.",
  method: "post",
  path: "/double",
  request: { body: z.object({ n: z.number() }) },
  responses: { 200: z.object({ doubled: z.number() }) },
  retryAfter: 1,
  maxDuration: 60_000,
  handler: async ({ body }) => {
    runs += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { status: 200, body: { doubled: body.n * 2 } };
  },
});
const connector = defineConnector({
  title: "Queue Jobs",
  description: "Long-running jobs scheduled through a storage queue.",
  basePath: "/api",
  operations: [double],
});
const BASE = "http://127.0.0.1:7071/api";

function start(handle: (r: never) => Promise<ConnectorResponse>, n: number): Promise<ConnectorResponse> {
  return handle({
    method: "POST",
    path: "/double",
    query: {},
    headers: { "content-type": "application/json" },
    rawBody: Buffer.from(JSON.stringify({ n })),
    baseUrl: BASE,
  } as never);
}

function status(handle: (r: never) => Promise<ConnectorResponse>, location: string) {
  return handle({
    method: "GET",
    path: location.slice(BASE.length),
    query: {},
    headers: {},
    baseUrl: BASE,
  } as never);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("job messages", () => {
  it("round-trips through base64 JSON, the host's parsed object, decoded text and bytes", () => {
    const text = encodeJobMessage({ jobId: JOB, operationId: "Double" });
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const json = Buffer.from(text, "base64").toString("utf8");
    expect(JSON.parse(json)).toEqual({ jobId: JOB, operationId: "Double" });
    expect(decodeJobMessage(text)).toEqual({ jobId: JOB, operationId: "Double" });
    expect(decodeJobMessage(json)).toEqual({ jobId: JOB, operationId: "Double" });
    expect(decodeJobMessage(JSON.parse(json))).toEqual({ jobId: JOB, operationId: "Double" });
    expect(decodeJobMessage(Buffer.from(json))).toEqual({ jobId: JOB, operationId: "Double" });
    expect(decodeJobMessage(` ${JOB}\n`)).toEqual({ jobId: JOB });
  });

  it.each([
    ["null", null],
    ["a number", 42],
    ["an array", [JOB]],
    ["an empty string", ""],
    ["a short id", "abc"],
    ["an id with a slash", `${JOB.slice(1)}/`],
    ["broken JSON", '{"jobId":'],
    ["JSON without jobId", '{"id":"x"}'],
    ["a jobId that is not an id", { jobId: "../../etc/passwd" }],
    ["a jobId of the wrong type", { jobId: 12 }],
    ["oversized text", "A".repeat(5000)],
    ["oversized bytes", Buffer.alloc(5000, 65)],
    ["base64 of garbage", Buffer.from("hello world").toString("base64")],
    ["double base64", Buffer.from(encodeJobMessage({ jobId: JOB })).toString("base64")],
    ["a prototype-pollution attempt", JSON.parse('{"__proto__":{"jobId":"x"}}')],
  ])("rejects %s", (_name, message) => {
    expect(decodeJobMessage(message)).toBeUndefined();
  });

  it("drops an over-long operation id but keeps the job", () => {
    expect(decodeJobMessage({ jobId: JOB, operationId: "x".repeat(200) })).toEqual({ jobId: JOB });
  });

  it("refuses to encode a value that is not a job id", () => {
    expect(() => encodeJobMessage({ jobId: "not-a-job" })).toThrow(TypeError);
  });
});

describe("storageQueueJobRunner options", () => {
  it.each([
    [{}, /connectionString/],
    [{ connectionString: "", queueName: "jobs" }, /connectionString is empty/],
    [{ connectionString: "UseDevelopmentStorage=true", queueName: "Jobs" }, /queueName must be/],
    [{ connectionString: "UseDevelopmentStorage=true", queueName: "a--b" }, /queueName must be/],
    [{ connectionString: "UseDevelopmentStorage=true", queueName: "ab" }, /queueName must be/],
    [{ queueClient: {} }, /QueueClient/],
    [{ connectionString: "x", queueName: "jobs", messageTimeToLiveSeconds: 0 }, /messageTimeToLiveSeconds/],
  ])("rejects %j", (options, message) => {
    expect(() => storageQueueJobRunner(options as never)).toThrow(message);
  });

  it("worker rejects a missing store or connector and bad numbers", () => {
    const target = { connectionString: "UseDevelopmentStorage=true", queueName: "jobs" };
    expect(() => storageQueueJobWorker({ ...target, connector } as never)).toThrow(/store/);
    expect(() => storageQueueJobWorker({ ...target, store: memoryStore() } as never)).toThrow(/connector/);
    expect(() =>
      storageQueueJobWorker({ ...target, store: memoryStore(), connector, concurrency: 0 }),
    ).toThrow(/concurrency/);
  });
});

describe("storage queue job runner on Azurite", () => {
  let azurite: LocalServer;
  let queueSeq = 0;
  const queueName = () => `jobs-${Date.now().toString(36)}-${++queueSeq}`;

  beforeAll(async () => {
    azurite = await startAzuriteQueue();
  }, 30_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  function setup(name = queueName(), options: Partial<HandlerOptions> = {}) {
    const store = memoryStore();
    const jobRunner = storageQueueJobRunner({ connectionString: azurite.url, queueName: name });
    const handler = createHandler(connector, { store, jobRunner, ...options });
    const handle = handler.handle as (r: never) => Promise<ConnectorResponse>;
    const queue = new QueueClient(azurite.url, name);
    return { store, jobRunner, handle, queue, name };
  }

  it("enqueues one base64 message per job and runs nothing in this process", async () => {
    const { store, handle, queue, jobRunner, name } = setup();
    expect(jobRunner.queueName).toBe(name);
    const res = await start(handle, 21);
    expect(res.status).toBe(202);
    const location = res.headers["location"]!;
    const jobId = location.split("/").pop()!;
    const peeked = await queue.peekMessages({ numberOfMessages: 32 });
    expect(peeked.peekedMessageItems).toHaveLength(1);
    expect(decodeJobMessage(peeked.peekedMessageItems[0]!.messageText)).toEqual({
      jobId,
      operationId: "Double",
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await store.get<JobRecord>(jobKey(jobId)))?.value.state).toBe("queued");
    expect((await status(handle, location)).status).toBe(202);
  });

  it("a worker runs the queued job; the status URL then answers the result", async () => {
    const { store, handle, queue, name } = setup();
    const res = await start(handle, 21);
    const location = res.headers["location"]!;
    const outcomes: (JobOutcome | "poison")[] = [];
    const worker = storageQueueJobWorker({
      connectionString: azurite.url,
      queueName: name,
      store,
      connector,
      pollIntervalMs: 50,
      onMessage: ({ outcome }) => outcomes.push(outcome),
    });
    try {
      await until(() => outcomes.length === 1);
      expect(outcomes).toEqual(["succeeded"]);
      const done = await status(handle, location);
      expect(done.status).toBe(200);
      expect(JSON.parse(done.body!)).toEqual({ doubled: 42 });
      expect((await queue.peekMessages()).peekedMessageItems).toHaveLength(0);
    } finally {
      await worker.stop();
    }
  });

  it("a message delivered twice to two workers runs the job once", async () => {
    const { store, handle, queue, name } = setup();
    const location = (await start(handle, 5)).headers["location"]!;
    const jobId = location.split("/").pop()!;
    await queue.sendMessage(encodeJobMessage({ jobId, operationId: "Double" })); // duplicate delivery
    const before = runs;
    const outcomes: (JobOutcome | "poison")[] = [];
    const common = { connectionString: azurite.url, queueName: name, store, connector, pollIntervalMs: 20 };
    const onMessage = ({ outcome }: { outcome: JobOutcome | "poison" }) => void outcomes.push(outcome);
    const workers = [
      storageQueueJobWorker({ ...common, onMessage }),
      storageQueueJobWorker({ ...common, onMessage }),
    ];
    try {
      await until(() => outcomes.length === 2);
      expect(outcomes.sort()).toEqual(["skipped", "succeeded"]);
      expect(runs - before).toBe(1);
      expect((await status(handle, location)).status).toBe(200);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it("moves a malformed message to the poison queue at once", async () => {
    const { store, queue, name } = setup();
    await queue.createIfNotExists();
    await queue.sendMessage(Buffer.from("not a job").toString("base64"));
    const outcomes: (JobOutcome | "poison")[] = [];
    const worker = storageQueueJobWorker({
      connectionString: azurite.url,
      queueName: name,
      store,
      connector,
      pollIntervalMs: 20,
      onMessage: ({ outcome }) => outcomes.push(outcome),
    });
    try {
      await until(() => outcomes.length === 1);
      expect(outcomes).toEqual(["poison"]);
      const poison = new QueueClient(azurite.url, `${name}-poison`);
      const aside = await poison.peekMessages();
      expect(aside.peekedMessageItems.map((m) => m.messageText)).toEqual([
        Buffer.from("not a job").toString("base64"),
      ]);
      expect((await queue.peekMessages()).peekedMessageItems).toHaveLength(0);
    } finally {
      await worker.stop();
    }
  });

  it("retries a message while the store is down, then moves it to the poison queue", async () => {
    const { store, handle, queue, name } = setup();
    const location = (await start(handle, 1)).headers["location"]!;
    const broken: ConnectorStore = {
      ...store,
      get: async () => {
        throw new Error("store unreachable");
      },
    };
    const errors: unknown[] = [];
    const outcomes: (JobOutcome | "poison")[] = [];
    const worker = storageQueueJobWorker({
      connectionString: azurite.url,
      queueName: name,
      store: broken,
      connector,
      pollIntervalMs: 50,
      visibilityTimeoutSeconds: 1,
      maxDequeueCount: 2,
      onError: (error) => errors.push(error),
      onMessage: ({ outcome }) => outcomes.push(outcome),
    });
    try {
      await until(() => outcomes.length === 1, 15_000);
      expect(outcomes).toEqual(["poison"]);
      expect(errors.length).toBe(2); // one per delivery
      const aside = await new QueueClient(azurite.url, `${name}-poison`).peekMessages();
      expect(decodeJobMessage(aside.peekedMessageItems[0]?.messageText)?.jobId).toBe(
        location.split("/").pop(),
      );
      expect((await queue.peekMessages()).peekedMessageItems).toHaveLength(0);
      expect((await status(handle, location)).status).toBe(202); // still queued: answers 504 after maxDuration
    } finally {
      await worker.stop();
    }
  }, 20_000);

  it("stop() returns promptly while the worker waits on an empty queue", async () => {
    const { store, name } = setup();
    const worker = storageQueueJobWorker({
      connectionString: azurite.url,
      queueName: name,
      store,
      connector,
      pollIntervalMs: 10_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(worker.counts).toMatchObject({ succeeded: 0, poison: 0 });
  });

  it("a queue that cannot be reached fails the start request with 503 and leaves no job", async () => {
    const dead = new QueueClient(
      azurite.url.replace(/QueueEndpoint=http:\/\/127\.0\.0\.1:\d+/, "QueueEndpoint=http://127.0.0.1:1"),
      "jobs",
      { retryOptions: { maxTries: 1 } },
    );
    const store = memoryStore();
    const reported: unknown[] = [];
    const handler = createHandler(connector, {
      store,
      jobRunner: storageQueueJobRunner({ queueClient: dead }),
      onError: (e) => reported.push(e),
    });
    const res = await start(handler.handle as never, 1);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body!)).toMatchObject({ error: { code: "ServiceUnavailable" } });
    expect((await store.list("job:")).entries).toHaveLength(0);
    expect(reported.length).toBeGreaterThan(0);
  });
});
