/**
 * Scale-out: two Express server processes (children, each on its own loopback port) share one store — Redis
 * (a throw-away redis-server) and Azure Table Storage (Azurite) — and one job queue (Azurite Queue). A webhook
 * registered on A is fired from this process with createDispatcher on the same store and deleted through B;
 * a long-running job started on A is run by B's queue worker (A has none) and polled to completion on B.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  azureTableStore,
  type ConnectorStore,
  createDispatcher,
  redisStore,
  type WebhookDispatcher,
} from "@connectorkit/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalServer,
  startAzuriteQueue,
  startAzuriteTable,
  startRedisServer,
} from "../../sdk/src/store/local-servers";
import { type Receiver, startReceiver } from "../../sdk/src/triggers/webhook/test-support";
import { onTicket, SCALE_OUT_KEY } from "./__fixtures__/scale-out-connector";

const TSX = pathToFileURL(
  createRequire(new URL("../../sdk/package.json", import.meta.url)).resolve("tsx"),
).href;
const SERVER = fileURLToPath(new URL("./__fixtures__/scale-out-server.ts", import.meta.url));
const KEY = { "x-api-key": SCALE_OUT_KEY };

interface Node {
  name: string;
  baseUrl: string;
  child: ChildProcess;
}

async function startNode(name: string, env: Record<string, string>): Promise<Node> {
  const child = fork(SERVER, [], {
    execArgv: ["--conditions=@connectorkit/source", "--import", TSX],
    env: { ...process.env, ...env, CK_NODE: name },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s`)), 30_000);
    child.once("message", (m: { port: number }) => {
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening`));
    });
  });
  return { name, baseUrl: `http://127.0.0.1:${port}/api`, child };
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => node.child.once("exit", () => resolve()));
  node.child.send("stop");
  const timer = setTimeout(() => node.child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The same path on another node (Location headers carry the node that answered). */
const on = (node: Node, url: string): string => url.replace(/^http:\/\/127\.0\.0\.1:\d+\/api/, node.baseUrl);

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  return text === "" ? undefined : JSON.parse(text);
}

interface Shared {
  env: Record<string, string>;
  open(): Promise<ConnectorStore>;
}

describe.each(["redis", "azureTable"] as const)("two Express processes sharing a %s store", (kind) => {
  const servers: LocalServer[] = [];
  let a: Node | undefined;
  let b: Node | undefined;
  let store: ConnectorStore | undefined;
  let receiver: Receiver | undefined;
  let dispatcher: WebhookDispatcher | undefined;

  beforeAll(async () => {
    const run = randomBytes(4).toString("hex");
    const [backend, queue] = await Promise.all([
      kind === "redis" ? startRedisServer() : startAzuriteTable(),
      startAzuriteQueue(),
    ]);
    servers.push(backend, queue);
    const shared: Shared =
      kind === "redis"
        ? {
            env: { CK_STORE: "redis", CK_REDIS_URL: backend.url, CK_PREFIX: `scale${run}:` },
            open: () => redisStore({ client: backend.url, keyPrefix: `scale${run}:` }),
          }
        : {
            env: { CK_STORE: "azureTable", CK_TABLE_CONN: backend.url, CK_TABLE: `scale${run}` },
            open: () => azureTableStore({ connectionString: backend.url, table: `scale${run}` }),
          };
    const env = { ...shared.env, CK_QUEUE_CONN: queue.url, CK_QUEUE: `jobs-${run}` };
    [a, b] = await Promise.all([
      startNode("A", { ...env, CK_WORKER: "0" }),
      startNode("B", { ...env, CK_WORKER: "1" }),
    ]);
    store = await shared.open();
    receiver = await startReceiver();
    dispatcher = createDispatcher({ store, timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 10 });
  }, 60_000);

  afterAll(async () => {
    await dispatcher?.close();
    await receiver?.close();
    await Promise.all([stopNode(a), stopNode(b)]);
    await store?.close();
    await Promise.all(servers.map((s) => s.stop()));
  }, 30_000);

  it("a webhook registered on A is delivered from the shared store and deleted through B", async () => {
    const created = await fetch(`${a!.baseUrl}/hooks/tickets`, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: JSON.stringify({ project: "P1", callbackUrl: `${receiver!.url}/cb/${kind}` }),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    expect(location.startsWith(`${a!.baseUrl}/hooks/tickets/`)).toBe(true);
    const id = location.split("/").pop()!;

    // B sees the subscription A stored
    const listed = await fetch(`${b!.baseUrl}/hooks/tickets/subscriptions`, { headers: KEY });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(await json(listed))).toContain(id);

    const event = { id: `T-${kind}`, project: "P1", title: "Printer on fire" };
    const report = await dispatcher!.fire(onTicket, event, { eventId: `evt-${kind}` });
    expect(report).toMatchObject({ delivered: 1, failed: 0 });
    const got = receiver!.deliveries.filter((d) => d.path === `/cb/${kind}`);
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toEqual(event);

    const deleted = await fetch(on(b!, location), { method: "DELETE", headers: KEY });
    expect(deleted.status).toBe(200);
    const again = await dispatcher!.fire(onTicket, event, { eventId: `evt-${kind}-2` });
    expect(again).toMatchObject({ delivered: 0 });
    expect(receiver!.deliveries.filter((d) => d.path === `/cb/${kind}`)).toHaveLength(1);
    const listedOnA = await fetch(`${a!.baseUrl}/hooks/tickets/subscriptions`, { headers: KEY });
    expect(JSON.stringify(await json(listedOnA))).not.toContain(id);
  });

  it("a job started on A runs in B's worker and is polled to completion on B (and A)", async () => {
    const started = await fetch(`${a!.baseUrl}/reports/export`, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: '{"month":"2025-06"}',
    });
    expect(started.status).toBe(202);
    const location = started.headers.get("location")!;
    expect(location.startsWith(`${a!.baseUrl}/_connectorkit/jobs/ExportReport/`)).toBe(true);

    let res: Response | undefined;
    const seen = new Set<string>();
    const deadline = Date.now() + 15_000;
    for (;;) {
      res = await fetch(on(b!, location), { headers: KEY });
      if (res.status !== 202) break;
      seen.add(((await json(res)) as { status: string }).status);
      if (Date.now() > deadline) throw new Error(`job still running after 15 s (saw ${[...seen]})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ url: "https://files.contoso.com/2025-06.csv", ranBy: "B" });
    const onA = await fetch(location, { headers: KEY });
    expect(onA.status).toBe(200);
    expect(await json(onA)).toMatchObject({ ranBy: "B" });
    // another caller cannot read it on either node
    const foreign = await fetch(on(b!, location), { headers: { "x-api-key": "wrong" } });
    expect(foreign.status).toBe(401);
  });
});
