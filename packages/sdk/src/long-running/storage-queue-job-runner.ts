/**
 * Durable job scheduling on Azure Queue Storage, for hosts where work after the response is not reliable
 * (Azure Functions) and for several server instances sharing one store. The runner enqueues a small message
 * per job; whoever consumes the queue (a queue-triggered function, or {@link storageQueueJobWorker} in any
 * process) calls `runJob(store, jobId, { connector })`. `@azure/storage-queue` is an optional peer, loaded with
 * a dynamic `import()` only when a runner or worker is created from a connection string.
 *
 * Delivery is at-least-once; `runJob` claims a job with a conditional write, so a message handled twice (a
 * visibility timeout that ran out, two workers) runs the job once and reports `"skipped"` the other time.
 * @module
 */
import type { QueueClient } from "@azure/storage-queue";
import type { ConnectorError } from "../errors/connector-error";
import type { Connector } from "../operation/define-connector";
import type { QueueClientLike } from "../optional-peers";
import type { ConnectorStore } from "../store/types";
import { JOB_ID_PATTERN, runJob } from "./run-job";
import type { JobOutcome, JobRunner, ScheduledJob } from "./types";

/** Largest message text {@link decodeJobMessage} looks at (ours are about 120 characters). */
const MAX_MESSAGE_CHARS = 4096;
const QUEUE_NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * Where the queue is: a ready `QueueClient` (you keep ownership), or a connection string and queue name.
 *
 * @example
 * ```ts
 * const where: StorageQueueTarget = { connectionString: process.env.AzureWebJobsStorage!, queueName: "connector-jobs" };
 * ```
 */
export type StorageQueueTarget =
  | {
      /** A client for the queue. */
      queueClient: QueueClientLike;
    }
  | {
      /** Storage account connection string (Azurite's works too), e.g. the `AzureWebJobsStorage` setting. */
      connectionString: string;
      /** Queue name: 3-63 lower-case letters, digits and single hyphens. */
      queueName: string;
    };

/**
 * Options of {@link storageQueueJobRunner}.
 *
 * @example
 * ```ts
 * const options: StorageQueueJobRunnerOptions = { connectionString: conn, queueName: "connector-jobs", createQueue: false };
 * ```
 */
export type StorageQueueJobRunnerOptions = StorageQueueTarget & {
  /** Create the queue on first use if it does not exist. @default true */
  createQueue?: boolean | undefined;
  /** Seconds a message may wait in the queue before Azure drops it. @default 604800 (7 days, the service default) */
  messageTimeToLiveSeconds?: number | undefined;
};

/**
 * A {@link JobRunner} that enqueues jobs to Azure Queue Storage.
 *
 * @example
 * ```ts
 * const runner: StorageQueueJobRunner = storageQueueJobRunner({ connectionString: conn, queueName: "connector-jobs" });
 * console.log(runner.queueName);
 * ```
 */
export interface StorageQueueJobRunner extends JobRunner {
  /** The queue's name. */
  readonly queueName: string;
  /** Enqueues `{ jobId, operationId }` (base64 JSON); rejects when the queue cannot be reached (the start request then answers 503). */
  schedule(job: Pick<ScheduledJob, "jobId" | "operationId">): Promise<void>;
}

/**
 * What a job message carries.
 *
 * @example
 * ```ts
 * const m: JobMessage = { jobId: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", operationId: "ExportReport" };
 * ```
 */
export interface JobMessage {
  /** The job's id (32 base64url characters). */
  jobId: string;
  /** The job's operation, for logs. */
  operationId?: string | undefined;
}

function checkTarget(target: StorageQueueTarget, where: string): void {
  if (!target || typeof target !== "object") {
    throw new TypeError(`${where}: pass { queueClient } or { connectionString, queueName }.`);
  }
  if ("queueClient" in target) {
    if (!target.queueClient || typeof target.queueClient.sendMessage !== "function") {
      throw new TypeError(`${where}: queueClient must be a QueueClient from @azure/storage-queue.`);
    }
    return;
  }
  const { connectionString, queueName } = target;
  if (typeof connectionString !== "string" || connectionString.trim() === "") {
    throw new TypeError(
      `${where}: connectionString is empty; pass the storage connection string (e.g. process.env.AzureWebJobsStorage).`,
    );
  }
  if (typeof queueName !== "string" || !QUEUE_NAME.test(queueName)) {
    throw new TypeError(
      `${where}: queueName must be 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit (got ${JSON.stringify(queueName)}).`,
    );
  }
}

async function clientFor(target: StorageQueueTarget): Promise<QueueClient> {
  if ("queueClient" in target) return target.queueClient as unknown as QueueClient;
  const { QueueClient: Client } = await import("@azure/storage-queue");
  return new Client(target.connectionString, target.queueName);
}

function queueNameOf(target: StorageQueueTarget): string {
  return "queueClient" in target ? target.queueClient.name : target.queueName;
}

/**
 * Encodes the message for a job: base64 of `{"jobId":…,"operationId":…}`. Base64 because the Azure Functions
 * queue trigger expects it (host.json `messageEncoding`, default `base64`); JSON so the trigger hands the
 * function an object (`{ jobId, operationId }`) rather than guessing at a bare string.
 *
 * @param job - the job's id and operation.
 * @returns the message text to send.
 * @example
 * ```ts
 * await queueClient.sendMessage(encodeJobMessage({ jobId, operationId: "ExportReport" }));
 * ```
 */
export function encodeJobMessage(job: JobMessage): string {
  if (typeof job?.jobId !== "string" || !JOB_ID_PATTERN.test(job.jobId)) {
    throw new TypeError(`Not a job id: ${JSON.stringify(String(job?.jobId)).slice(0, 80)}.`);
  }
  const body: JobMessage = { jobId: job.jobId };
  if (typeof job.operationId === "string") body.operationId = job.operationId;
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64");
}

function fromObject(value: object): JobMessage | undefined {
  const { jobId, operationId } = value as Record<string, unknown>;
  if (typeof jobId !== "string" || !JOB_ID_PATTERN.test(jobId)) return undefined;
  return typeof operationId === "string" && operationId.length <= 128 ? { jobId, operationId } : { jobId };
}

function fromText(text: string, depth: number): JobMessage | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_MESSAGE_CHARS) return undefined;
  if (JOB_ID_PATTERN.test(trimmed)) return { jobId: trimmed };
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return parsed && typeof parsed === "object" ? fromObject(parsed) : undefined;
    } catch {
      return undefined;
    }
  }
  if (depth > 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  return fromText(Buffer.from(trimmed, "base64").toString("utf8"), depth + 1);
}

/**
 * Reads a job message in any of the shapes it reaches a consumer: the object the Functions queue trigger makes of
 * the JSON, the base64 text read straight from the queue, decoded JSON text, a bare job id, or bytes.
 *
 * @param message - the queue entry.
 * @returns the job id (and operation), or `undefined` when the message is not a job message.
 * @example
 * ```ts
 * const m = decodeJobMessage(item.messageText); // { jobId, operationId } | undefined
 * ```
 */
export function decodeJobMessage(message: unknown): JobMessage | undefined {
  if (typeof message === "string") return fromText(message, 0);
  if (message instanceof Uint8Array) {
    return message.byteLength > MAX_MESSAGE_CHARS
      ? undefined
      : fromText(Buffer.from(message).toString("utf8"), 0);
  }
  if (message && typeof message === "object" && !Array.isArray(message)) return fromObject(message);
  return undefined;
}

/**
 * Creates a {@link JobRunner} that enqueues each job's id to an Azure Storage queue instead of running it in this
 * process. Pair it with a consumer of the same queue: `registerJobQueue(app, connector, { store, queueName,
 * connection })` from `@connectorkit/azure-functions` on Azure Functions, or {@link storageQueueJobWorker}
 * elsewhere. Both call `runJob` with the same store as the handler.
 *
 * @param options - the queue (client, or connection string + name), queue creation, message TTL.
 * @returns the runner, for `createHandler(connector, { store, jobRunner })`.
 * @throws TypeError for a missing connection string or an invalid queue name (at `schedule` time for the
 *   connection-string form's lazy import, at once for the shape checks).
 * @example
 * ```ts
 * import { app } from "@azure/functions";
 * import { registerConnector, registerJobQueue } from "@connectorkit/azure-functions";
 * const store = await azureTableStore({ connectionString: process.env.AzureWebJobsStorage!, table: "connectorstate" });
 * const jobRunner = storageQueueJobRunner({ connectionString: process.env.AzureWebJobsStorage!, queueName: "connector-jobs" });
 * registerConnector(app, connector, { store, jobRunner });
 * registerJobQueue(app, connector, { store, queueName: "connector-jobs", connection: "AzureWebJobsStorage" });
 * ```
 */
export function storageQueueJobRunner(options: StorageQueueJobRunnerOptions): StorageQueueJobRunner {
  const where = "storageQueueJobRunner";
  const ttl = options?.messageTimeToLiveSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl < 1 && ttl !== -1))) {
    throw new TypeError(`${where}: messageTimeToLiveSeconds must be a positive integer or -1 (got ${ttl}).`);
  }
  checkTarget(options, where); // now, so a misconfigured app fails at start-up rather than on the first job
  let client: Promise<QueueClient> | undefined;
  let ready: Promise<QueueClient> | undefined;
  const ensure = (): Promise<QueueClient> => {
    client ??= clientFor(options);
    ready ??= client.then(async (c) => {
      if (options.createQueue !== false) await c.createIfNotExists();
      return c;
    });
    ready.catch(() => {
      ready = undefined; // retry creation on the next job
      client = undefined;
    });
    return ready;
  };
  return {
    get queueName() {
      return queueNameOf(options);
    },
    async schedule(job) {
      const text = encodeJobMessage({ jobId: job.jobId, operationId: job.operationId });
      const c = await ensure();
      await c.sendMessage(text, ttl === undefined ? {} : { messageTimeToLive: ttl });
    },
  };
}

/**
 * Options of {@link storageQueueJobWorker}.
 *
 * @example
 * ```ts
 * const options: StorageQueueJobWorkerOptions = { connectionString: conn, queueName: "connector-jobs", store, connector };
 * ```
 */
export type StorageQueueJobWorkerOptions = StorageQueueTarget & {
  /** The store the handler writes jobs to. */
  store: ConnectorStore;
  /** The connector whose long-running operations the jobs belong to. */
  connector: Connector;
  /** Jobs run at once by this worker. @default 4 */
  concurrency?: number | undefined;
  /** Milliseconds between polls of an empty queue. @default 1000 */
  pollIntervalMs?: number | undefined;
  /**
   * Seconds a received message stays invisible to other consumers. When a job runs longer, another consumer
   * may receive the message again; `runJob` then reports `"skipped"` (the job is already claimed). @default 300
   */
  visibilityTimeoutSeconds?: number | undefined;
  /** Deliveries of a message whose handling threw (e.g. the store was down) before it moves to the poison queue. @default 5 */
  maxDequeueCount?: number | undefined;
  /** Name of the queue failing and malformed messages move to (connection-string form). @default `<queueName>-poison`, as the Functions host does */
  poisonQueueName?: string | undefined;
  /**
   * The poison queue as a client. With `queueClient` and no `poisonQueueClient`, poison messages are reported
   * to `onError` and deleted (their jobs stay queued and answer 504 once past `maxDuration`).
   */
  poisonQueueClient?: QueueClientLike | undefined;
  /** Clock in epoch milliseconds, passed to `runJob`. @default Date.now */
  now?: (() => number) | undefined;
  /** Called for job failures with status >= 500 and for queue or store errors. */
  onError?:
    | ((error: unknown, info: { jobId?: string | undefined; operationId?: string | undefined }) => void)
    | undefined;
  /** Called after each message: the job id and how `runJob` ended (`"poison"` for a message moved aside). */
  onMessage?: ((info: { jobId: string | undefined; outcome: JobOutcome | "poison" }) => void) | undefined;
};

/**
 * A running queue worker.
 *
 * @example
 * ```ts
 * const worker: StorageQueueJobWorker = storageQueueJobWorker({ connectionString: conn, queueName: "jobs", store, connector });
 * await worker.stop();
 * ```
 */
export interface StorageQueueJobWorker {
  /** Messages handled so far, by outcome. */
  readonly counts: Readonly<Record<JobOutcome | "poison", number>>;
  /** Stops polling and waits for the jobs in flight to end. */
  stop(): Promise<void>;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`storageQueueJobWorker: ${name} must be a positive integer (got ${value}).`);
  }
  return value;
}

/**
 * Consumes a job queue filled by {@link storageQueueJobRunner} in a long-lived process (an Express server, a
 * container, a separate worker): receives messages, calls `runJob(store, jobId, { connector })` and deletes each
 * message once `runJob` returned — whatever the outcome, since the outcome is stored in the job. When handling
 * throws (the store is unreachable) the message is left to reappear and is retried; after `maxDequeueCount`
 * deliveries, and at once for messages that are not job messages, it moves to the poison queue.
 *
 * @param options - the queue, the store and connector, concurrency and polling.
 * @returns the worker; `stop()` it on shutdown.
 * @example
 * ```ts
 * const worker = storageQueueJobWorker({ connectionString: conn, queueName: "connector-jobs", store, connector });
 * process.on("SIGTERM", () => void worker.stop().then(() => process.exit(0)));
 * ```
 */
export function storageQueueJobWorker(options: StorageQueueJobWorkerOptions): StorageQueueJobWorker {
  if (typeof options?.store?.get !== "function") {
    throw new TypeError("storageQueueJobWorker: options.store must be the ConnectorStore your handler uses.");
  }
  if (!options.connector || !(options.connector.byId instanceof Map)) {
    throw new TypeError(
      "storageQueueJobWorker: options.connector must be the connector from defineConnector.",
    );
  }
  const concurrency = positive(options.concurrency, 4, "concurrency");
  const pollIntervalMs = positive(options.pollIntervalMs, 1000, "pollIntervalMs");
  const visibilityTimeout = positive(options.visibilityTimeoutSeconds, 300, "visibilityTimeoutSeconds");
  const maxDequeueCount = positive(options.maxDequeueCount, 5, "maxDequeueCount");
  checkTarget(options, "storageQueueJobWorker");
  const clientPromise = clientFor(options);
  const counts: Record<JobOutcome | "poison", number> = {
    succeeded: 0,
    failed: 0,
    "timed-out": 0,
    skipped: 0,
    missing: 0,
    poison: 0,
  };
  const report = (
    error: unknown,
    info: { jobId?: string | undefined; operationId?: string | undefined },
  ): void => {
    try {
      options.onError?.(error, info);
    } catch {
      // a throwing hook must not stop the worker
    }
  };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let poison: Promise<QueueClient> | undefined;

  const poisonClient = async (main: QueueClient): Promise<QueueClient | undefined> => {
    if (options.poisonQueueClient) return options.poisonQueueClient as unknown as QueueClient;
    if ("queueClient" in options) return undefined;
    poison ??= (async () => {
      const { QueueClient: Client } = await import("@azure/storage-queue");
      const c = new Client(options.connectionString, options.poisonQueueName ?? `${main.name}-poison`);
      await c.createIfNotExists();
      return c;
    })();
    poison.catch(() => {
      poison = undefined;
    });
    return poison;
  };

  const handle = async (
    main: QueueClient,
    item: { messageId: string; popReceipt: string; messageText: string; dequeueCount: number },
  ): Promise<void> => {
    const message = decodeJobMessage(item.messageText);
    const jobId = message?.jobId;
    const operationId = message?.operationId;
    let outcome: JobOutcome | "poison";
    if (!message) outcome = "poison";
    else {
      try {
        outcome = await runJob(options.store, message.jobId, {
          connector: options.connector,
          ...(options.now ? { now: options.now } : {}),
          onError: (error: ConnectorError) => report(error, { jobId, operationId }),
        });
      } catch (error) {
        report(error, { jobId, operationId });
        if (item.dequeueCount < maxDequeueCount) return; // reappears after the visibility timeout
        outcome = "poison";
      }
    }
    try {
      if (outcome === "poison") {
        const aside = await poisonClient(main);
        if (aside) await aside.sendMessage(item.messageText);
        else report(new Error(`Dropped a poison message: ${item.messageText.slice(0, 200)}`), { jobId });
      }
      await main.deleteMessage(item.messageId, item.popReceipt);
    } catch (error) {
      // 404: another consumer got the message after our visibility ran out and already deleted it
      if ((error as { statusCode?: number }).statusCode !== 404) report(error, { jobId, operationId });
    }
    counts[outcome] += 1;
    try {
      options.onMessage?.({ jobId, outcome });
    } catch {
      // a throwing hook must not stop the worker
    }
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const wake = (): void => {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      stopping.signal.addEventListener("abort", wake, { once: true });
    });

  const loop = (async () => {
    let main: QueueClient;
    try {
      main = await clientPromise;
      await main.createIfNotExists();
    } catch (error) {
      report(error, {});
      return;
    }
    while (!stopping.signal.aborted) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let items: { messageId: string; popReceipt: string; messageText: string; dequeueCount: number }[];
      try {
        const got = await main.receiveMessages({
          numberOfMessages: Math.min(32, free),
          visibilityTimeout,
          abortSignal: stopping.signal,
        });
        items = got.receivedMessageItems;
      } catch (error) {
        if (!stopping.signal.aborted) report(error, {});
        await sleep(pollIntervalMs);
        continue;
      }
      if (items.length === 0) {
        await sleep(pollIntervalMs);
        continue;
      }
      for (const item of items) {
        const task: Promise<void> = handle(main, item)
          .catch((error) => report(error, {}))
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    }
  })();

  return {
    counts,
    async stop() {
      stopping.abort();
      await loop;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
