/**
 * Fuzzes the Express adapter on a real loopback socket (undici `Client`, so paths go out verbatim), with and
 * without `express.json()` installed before the connector. Fixed seed; `FUZZ_SEED` to replay.
 */
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import express from "express";
import { Client } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../sdk/src/store/memory-store";
import {
  checkResponse,
  FINDINGS,
  FUZZ_API_KEY,
  type FuzzResponse,
  type FuzzSend,
  findingFailures,
  fuzzConnector,
  GROWTH_CASES,
  growthProbe,
  lowReach,
  runFuzz,
  watchCrashes,
} from "../../sdk/src/testing/fuzz/index";
import { connectorRouter } from "./connector-router";

const MAX_BODY_BYTES = 64 * 1024;
const GROWTH_N = 10_000;

interface Host {
  fuzz: ReturnType<typeof fuzzConnector>;
  send: FuzzSend;
  port: number;
  close(): Promise<void>;
}

async function startHost(withJsonParser: boolean): Promise<Host> {
  const fuzz = fuzzConnector();
  const app = express();
  if (withJsonParser) app.use(express.json());
  app.use(
    "/api",
    connectorRouter(fuzz.connector, {
      maxBodyBytes: MAX_BODY_BYTES,
      validateResponses: true,
      store: memoryStore(),
    }),
  );
  // Large request heads are allowed so oversized header values and long paths reach the adapter (Node's
  // default 16 KiB limit would answer 431 itself).
  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, app);
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const port = (server.address() as AddressInfo).port;
  let client = new Client(`http://127.0.0.1:${port}`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  const send: FuzzSend = async (req, signal): Promise<FuzzResponse> => {
    try {
      const res = await client.request({
        method: req.method as "GET",
        path: `/api${req.path}${req.query ? `?${req.query}` : ""}`,
        headers: req.headers,
        body: req.body ? Buffer.from(req.body) : null,
        signal,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      return { status: res.statusCode, headers, body: await res.body.text() };
    } catch (error) {
      // an aborted or broken connection: start a fresh one for the next request
      await client.destroy().catch(() => {});
      client = new Client(`http://127.0.0.1:${port}`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
      throw error;
    }
  };
  return {
    fuzz,
    send,
    port,
    async close() {
      await client.close().catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends raw bytes on a fresh socket (for a content-length the body does not match) and reads the first answer. */
function rawExchange(
  port: number,
  head: string,
  body: Buffer,
  halfClose: boolean,
): Promise<FuzzResponse | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), 3_000);
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const text = data.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end === -1) return resolve(undefined);
      const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(":");
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const status = Number(statusLine?.split(" ")[1]);
      let rest = text.slice(end + 4);
      const length = Number(headers["content-length"]);
      if (Number.isInteger(length)) rest = rest.slice(0, length);
      if (Number.isNaN(status)) reject(new Error(`not an HTTP answer: ${text.slice(0, 200)}`));
      else resolve({ status, headers, body: rest });
    });
    socket.write(head);
    socket.write(body);
    if (halfClose) socket.end();
    else setTimeout(() => socket.end(), 500);
  });
}

for (const withJsonParser of [false, true]) {
  const name = withJsonParser ? "express + express.json()" : "express";
  describe(`fuzz: ${name}`, () => {
    let host: Host;
    beforeAll(async () => {
      host = await startHost(withJsonParser);
    });
    afterAll(async () => {
      await host.close();
    });

    it("answers every generated request below 500 with our JSON error body, and reaches the handlers", async () => {
      const report = await runFuzz({
        name,
        connector: host.fuzz.connector,
        reached: host.fuzz.reached,
        send: host.send,
        numRuns: 2_000,
      });
      expect(lowReach(report.counts, 0.3)).toEqual([]);
    }, 60_000);

    describe("known findings", () => {
      for (const finding of FINDINGS) {
        it(finding.name, async () => {
          expect(await findingFailures(host.send, finding)).toEqual([]);
        }, 30_000);
      }

      for (const growth of GROWTH_CASES) {
        it(`${growth.name} costs linear time`, async () => {
          const { small, large, status } = await growthProbe(host.send, growth.make, GROWTH_N);
          expect(status).toBeLessThan(500);
          expect(
            large,
            `n=${GROWTH_N}: ${small.toFixed(1)} ms, n=${4 * GROWTH_N}: ${large.toFixed(1)} ms`,
          ).toBeLessThan(250 + 8 * small);
        }, 30_000);
      }

      const valid = Buffer.from(JSON.stringify({ name: "ok", qty: 1, owner: { id: "o" } }));
      const head = (length: number) =>
        `POST /api/records HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${FUZZ_API_KEY}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

      // Node's HTTP parser answers a request it cannot frame itself (bare 400, no content type, before the app
      // runs); what must hold is no crash, no 5xx, and that any answer from the app is our JSON.
      const checkRaw = (res: FuzzResponse | undefined): void => {
        if (!res) return;
        expect(res.status).toBeLessThan(500);
        if (res.headers["content-type"] !== undefined || res.body !== "") checkResponse("POST", res);
      };

      it("a content-length larger than the body (client half-closes)", async () => {
        const crashes = watchCrashes();
        const res = await rawExchange(host.port, head(valid.length + 100), valid, true).finally(() =>
          crashes.stop(),
        );
        expect(crashes.errors).toEqual([]);
        checkRaw(res);
      });

      it("a content-length smaller than the body", async () => {
        const crashes = watchCrashes();
        const res = await rawExchange(host.port, head(valid.length - 5), valid, false).finally(() =>
          crashes.stop(),
        );
        expect(crashes.errors).toEqual([]);
        checkRaw(res);
      });
    });
  });
}
