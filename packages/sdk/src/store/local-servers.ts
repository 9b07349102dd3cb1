/**
 * Starts throw-away `redis-server` and Azurite (Table, Queue) processes on free loopback ports, for the store tests
 * and the store benchmark. Not part of the SDK's public API.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A running local server.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * console.log(redis.url);
 * await redis.stop();
 * ```
 */
export interface LocalServer {
  /** Loopback port it listens on. */
  port: number;
  /** Connection URL (Redis) or connection string (Azurite). */
  url: string;
  /** Kills the process and waits for it to exit. */
  stop(): Promise<void>;
}

/** Well-known Azurite development account (public, documented by Microsoft). */
const AZURITE_ACCOUNT = "devstoreaccount1";
const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/**
 * Picks a currently free TCP port on 127.0.0.1.
 *
 * @returns the port number.
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function startProcess(
  command: string,
  args: string[],
  readyText: string,
  timeoutMs: number,
): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not become ready in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    // Do not leave the server behind if this process exits without calling stop().
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const exited = new Promise<void>((done) =>
      child.once("exit", () => {
        process.removeListener("exit", killOnExit);
        done();
      }),
    );
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killTimer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(killTimer);
      }
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, stop });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port, without persistence.
 *
 * @returns the running server; `url` is `redis://127.0.0.1:<port>`.
 * @throws when `redis-server` is not installed or does not start.
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * ```
 */
export async function startRedisServer(): Promise<LocalServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const { stop } = await startProcess(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--loglevel",
          "notice",
        ],
        "Ready to accept connections",
        10_000,
      );
      return { port, url: `redis://127.0.0.1:${port}`, stop };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function azuriteBin(name = "azurite-table"): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "node_modules", ".bin", name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return name;
}

/**
 * Starts Azurite's Table service in memory on a free loopback port.
 *
 * @returns the running server; `url` is a connection string for `@azure/data-tables`.
 * @throws when Azurite is not installed or does not start.
 * @example
 * ```ts
 * const azurite = await startAzuriteTable();
 * const client = TableClient.fromConnectionString(azurite.url, "t", { allowInsecureConnection: true });
 * ```
 */
export async function startAzuriteTable(): Promise<LocalServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const { stop } = await startProcess(
        azuriteBin(),
        [
          "--tableHost",
          "127.0.0.1",
          "--tablePort",
          String(port),
          "--inMemoryPersistence",
          "--skipApiVersionCheck",
          "--disableTelemetry",
          "--silent",
        ],
        "successfully started",
        20_000,
      );
      const url =
        `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
        `TableEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
      return { port, url, stop };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Starts Azurite's Queue service in memory on a free loopback port.
 *
 * @returns the running server; `url` is a connection string for `@azure/storage-queue`.
 * @throws when Azurite is not installed or does not start.
 * @example
 * ```ts
 * const azurite = await startAzuriteQueue();
 * const queue = new QueueClient(azurite.url, "jobs");
 * ```
 */
export async function startAzuriteQueue(): Promise<LocalServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const { stop } = await startProcess(
        azuriteBin("azurite-queue"),
        [
          "--queueHost",
          "127.0.0.1",
          "--queuePort",
          String(port),
          "--inMemoryPersistence",
          "--skipApiVersionCheck",
          "--disableTelemetry",
          "--silent",
        ],
        "successfully listens",
        20_000,
      );
      const url =
        `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
        `QueueEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
      return { port, url, stop };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
