import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { principalFingerprint } from "../../auth/principal-fingerprint";
import type { ConnectorAuth } from "../../auth/types";
import { ConnectorError } from "../../errors/connector-error";
import { createHandler, type HandlerOptions } from "../../http/create-handler";
import {
  call,
  type LoopbackServer,
  pollTrigger,
  serve,
  type VirtualClock,
  virtualClock,
} from "../../long-running/engine-harness";
import { defineConnector } from "../../operation/define-connector";
import type { AnyOperation } from "../../operation/types";
import { pollingTrigger, TRIGGER_STATE_PARAMETER } from "./polling-trigger";
import { createKeyring, DEV_STATE_SECRET_FILE, parseStateSecret, type StateSecret } from "./state-token";

const SECRET = `${"s".repeat(32)}-primary`;
const OLD = "o".repeat(40);
const auth: ConnectorAuth<{ user: string }> = {
  type: "apiKey",
  async authenticate(req) {
    const key = req.headers["x-api-key"];
    if (key === "k") return { user: "u" };
    if (key === "k2") return { user: "other" };
    throw new ConnectorError("Unauthorized");
  },
  toSwagger: () => undefined,
  toApiProperties: () => ({}),
};
const H = { "x-api-key": "k" };

interface Ticket {
  seq: number;
  id: string;
  project: string;
  title: string;
}
const Ticket = z.object({ seq: z.number().int(), id: z.string(), project: z.string(), title: z.string() });

function makeTrigger(
  db: Ticket[],
  mode: "batch" | "single",
  operationId = mode === "batch" ? "OnNewTickets" : "OnNewTicket",
) {
  return pollingTrigger({
    operationId,
    summary: "When a ticket is created",
    description: "Triggers when a ticket is created in a project.",
    path: `/triggers/${mode}/{project}`,
    request: { params: z.object({ project: z.string() }), query: z.object({ label: z.string().optional() }) },
    item: Ticket,
    mode,
    cursor: z.object({ after: z.number().int().nonnegative() }),
    initialCursor: ({ params }) => ({
      after: Math.max(0, ...db.filter((t) => t.project === params.project).map((t) => t.seq)),
    }),
    poll: async ({ cursor, params }) => {
      const items = db.filter((t) => t.project === params.project && t.seq > cursor.after).slice(0, 10);
      return { items, cursor: { after: items.at(-1)?.seq ?? cursor.after } };
    },
    retryAfter: 60,
    triggerHint: "Create a ticket in the project.",
  });
}

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  ops: AnyOperation[],
  options: HandlerOptions = {},
): Promise<{ base: string; clock: VirtualClock }> {
  const clock = virtualClock();
  const connector = defineConnector({
    title: "Contoso Tickets",
    description: "Tickets.",
    basePath: "/api",
    auth,
    operations: ops,
  });
  server = await serve(
    createHandler(connector, { now: clock.now, pollingSecret: SECRET, validateResponses: true, ...options }),
    "/api",
  );
  return { base: server.baseUrl, clock };
}

function add(db: Ticket[], project: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const seq = db.length + 1;
    db.push({ seq, id: `T-${seq}`, project, title: `Ticket ${seq}` });
  }
}

function stateOf(url: string): string {
  return new URL(url).searchParams.get(TRIGGER_STATE_PARAMETER) ?? "";
}

describe("pollingTrigger over HTTP, driven like the engine", () => {
  it("batch: first call sets the state (202), nothing new keeps it (202), new items fire (200 { value })", async () => {
    const db: Ticket[] = [];
    add(db, "P1", 2); // existing tickets never fire
    const { base, clock } = await setup([makeTrigger(db, "batch")]);
    const url = `${base}/triggers/batch/P1?label=bug`;
    const first = await pollTrigger(url, 3, { clock, headers: H, mode: "batch" });
    expect(first.runs).toEqual([]);
    expect(first.exchanges.map((e) => e.status)).toEqual([202, 202, 202]);
    const [e0, e1, e2] = first.exchanges;
    expect(e0!.headers["retry-after"]).toBe("60");
    expect(
      e0!.headers["location"]!.startsWith(`${base}/triggers/batch/P1?label=bug&triggerState=v2.0.`),
    ).toBe(true);
    expect(e1!.headers["location"]).toBe(e0!.headers["location"]); // unchanged state
    expect(e2!.headers["location"]).toBe(e0!.headers["location"]);
    expect(clock.sleeps).toEqual([60_000, 60_000]);

    add(db, "P1", 3);
    add(db, "P2", 1);
    const next = await pollTrigger(first.nextUrl, 2, { clock, headers: H, mode: "batch" });
    expect(next.exchanges.map((e) => e.status)).toEqual([200, 202]);
    expect(next.runs).toEqual(db.filter((t) => t.project === "P1" && t.seq > 2));
    expect(next.exchanges[0]!.headers["retry-after"]).toBe("60");
    expect(stateOf(next.exchanges[0]!.headers["location"]!)).not.toBe(stateOf(first.nextUrl));
  });

  it("single: one item per 200 with Retry-After 0 while more wait in the state", async () => {
    const db: Ticket[] = [];
    const { base, clock } = await setup([makeTrigger(db, "single")]);
    const start = await pollTrigger(`${base}/triggers/single/P1`, 1, { clock, headers: H, mode: "single" });
    add(db, "P1", 3);
    const res = await pollTrigger(start.nextUrl, 5, { clock, headers: H, mode: "single" });
    expect(res.exchanges.map((e) => [e.status, e.headers["retry-after"]])).toEqual([
      [200, "0"],
      [200, "0"],
      [200, "60"],
      [202, "60"],
      [202, "60"],
    ]);
    expect(res.runs).toEqual(db);
    expect(clock.sleeps).toEqual([0, 0, 60_000, 60_000]);
  });

  it("refuses a tampered state with 400 and the standard error body", async () => {
    const db: Ticket[] = [];
    const { base, clock } = await setup([makeTrigger(db, "batch")]);
    const { nextUrl } = await pollTrigger(`${base}/triggers/batch/P1`, 1, {
      clock,
      headers: H,
      mode: "batch",
    });
    const state = stateOf(nextUrl);
    const [v, kid, payload, sig] = state.split(".") as [string, string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), c: { after: 999 } }),
    ).toString("base64url");
    const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = `${v}.${kid}.${payload}.${sig.slice(0, -1)}${B64[B64.indexOf(sig.at(-1)!) ^ 1]}`; // same bytes, other text
    for (const bad of [
      twin,
      `${v}.${kid}.${forged}.${sig}`,
      `${v}.${kid}.${payload}.${sig.slice(0, -2)}AA`,
      `${v}.${kid}.${payload}.${sig}x`,
    ]) {
      const u = new URL(nextUrl);
      u.searchParams.set(TRIGGER_STATE_PARAMETER, bad);
      const res = await call("GET", u.href, H);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: "BadRequest", details: [{ target: "query.triggerState", location: "query" }] },
      });
    }
  });

  // Finding 9: the state was not bound to the caller, so key B could poll with key A's state.
  it("refuses another caller's state like a tampered one (400 bad_signature)", async () => {
    const db: Ticket[] = [];
    const { base, clock } = await setup([makeTrigger(db, "batch")]);
    const mine = await pollTrigger(`${base}/triggers/batch/P1`, 1, { clock, headers: H, mode: "batch" });
    add(db, "P1", 1);
    const other = await call("GET", mine.nextUrl, { "x-api-key": "k2" });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({
      error: {
        code: "BadRequest",
        details: [{ code: "trigger_state_bad_signature", target: "query.triggerState" }],
      },
    });
    expect(JSON.stringify(other.body)).not.toContain("T-1");
    // the owner still reads its items with the same state; the other caller starts its own chain
    const own = await call("GET", mine.nextUrl, H);
    expect(own.status).toBe(200);
    const fresh = await pollTrigger(`${base}/triggers/batch/P1`, 1, {
      clock,
      headers: { "x-api-key": "k2" },
      mode: "batch",
    });
    expect((await call("GET", fresh.nextUrl, { "x-api-key": "k2" })).status).toBe(202);
    expect((await call("GET", fresh.nextUrl, H)).status).toBe(400);
  });

  it("binds the state to principalId when given (two principals with one identity share it)", async () => {
    const db: Ticket[] = [];
    const config = {
      operationId: "Shared",
      summary: "Shared",
      description: "State shared by one tenant.",
      path: "/shared",
      item: Ticket,
      mode: "batch" as const,
      cursor: z.object({ after: z.number() }),
      initialCursor: () => ({ after: 0 }),
      poll: ({ cursor }: { cursor: { after: number } }) => ({
        items: db.filter((t) => t.seq > cursor.after),
        cursor,
      }),
      retryAfter: 60,
      principalId: () => "tenant-1",
    };
    const shared = pollingTrigger(config);
    const { base, clock } = await setup([shared]);
    const a = await pollTrigger(`${base}/shared`, 1, { clock, headers: H, mode: "batch" });
    expect((await call("GET", a.nextUrl, { "x-api-key": "k2" })).status).toBe(202);
    expect(() => pollingTrigger({ ...config, principalId: "tenant" as never })).toThrow(/principalId/);
  });

  it("refuses a foreign state: another trigger's, or one made for other parameters", async () => {
    const db: Ticket[] = [];
    const { base, clock } = await setup([makeTrigger(db, "batch"), makeTrigger(db, "single")]);
    const batch = await pollTrigger(`${base}/triggers/batch/P1?label=a`, 1, {
      clock,
      headers: H,
      mode: "batch",
    });
    const state = encodeURIComponent(stateOf(batch.nextUrl));
    const cases = [
      `${base}/triggers/single/P1?label=a&triggerState=${state}`, // other trigger
      `${base}/triggers/batch/P2?label=a&triggerState=${state}`, // other path parameter
      `${base}/triggers/batch/P1?label=b&triggerState=${state}`, // other query parameter
      `${base}/triggers/batch/P1?triggerState=${state}`, // parameter dropped
    ];
    for (const url of cases) {
      const res = await call("GET", url, H);
      expect(res.status, url).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: "BadRequest", details: [{ code: "trigger_state_foreign" }] },
      });
    }
    expect((await call("GET", `${base}/triggers/batch/P1?label=a&triggerState=${state}`, H)).status).toBe(
      202,
    );
  });

  it.each([
    ["garbage", "trigger_state_malformed"],
    ["v2.0.abc", "trigger_state_malformed"],
    ["v2.0.a+b.c", "trigger_state_malformed"],
    ["v2.0.@@@.sig", "trigger_state_malformed"],
    ["v0.0.e30.AAAA", "trigger_state_unsupported_version"],
    ["v3.0.e30.AAAA", "trigger_state_unsupported_version"],
    ["v1.0.e30.AAAA", "trigger_state_unsupported_version"],
    ["v2.nokey.e30.AAAA", "trigger_state_unknown_key"],
    ["v2.0.e30.AAAA", "trigger_state_bad_signature"],
    ["", "trigger_state_missing"],
  ])("refuses the malformed state %j with 400", async (state, code) => {
    const { base } = await setup([makeTrigger([], "batch")]);
    const res = await call("GET", `${base}/triggers/batch/P1?triggerState=${encodeURIComponent(state)}`, H);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "BadRequest", details: [{ code }] } });
  });

  it("refuses hostile states (oversized, repeated, NUL bytes) without crashing", async () => {
    const { base } = await setup([makeTrigger([], "batch")]);
    const handler = createHandler(
      defineConnector({ title: "T", description: "T.", operations: [makeTrigger([], "batch")] }),
      { pollingSecret: SECRET },
    );
    for (const state of ["v2.".repeat(5462), `v2.0.${"A".repeat(20_000)}.AAAA`]) {
      const res = await handler.handle({
        method: "GET",
        path: "/triggers/batch/P1",
        query: { triggerState: state },
        headers: {},
        baseUrl: "https://x.test",
      });
      expect(res.status).toBe(400);
    }
    expect((await call("GET", `${base}/triggers/batch/P1?triggerState=a&triggerState=b`, H)).status).toBe(
      400,
    );
    expect((await call("GET", `${base}/triggers/batch/P1?triggerState=v2.0.%00.%00`, H)).status).toBe(400);
    expect((await call("GET", `${base}/triggers/batch/P1?triggerState=__proto__`, H)).status).toBe(400);
  });

  it("refuses a validly signed state whose payload or cursor does not fit (no silent reset)", async () => {
    const { base } = await setup([makeTrigger([], "batch")]);
    const keyring = createKeyring(SECRET);
    for (const [payload, code] of [
      [{ t: "OnNewTickets", p: "x", c: { after: 1 }, q: "no" }, "trigger_state_malformed"],
      [["array"], "trigger_state_malformed"],
      [null, "trigger_state_malformed"],
    ] as const) {
      const res = await call(
        "GET",
        `${base}/triggers/batch/P1?triggerState=${encodeURIComponent(keyring.sign(payload, principalFingerprint({ user: "u" })))}`,
        H,
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { details: [{ code }] } });
    }
  });

  it("refuses a signed state whose cursor no longer matches the cursor schema", async () => {
    const db: Ticket[] = [];
    const v1 = makeTrigger(db, "batch");
    const { base, clock } = await setup([v1]);
    const { nextUrl } = await pollTrigger(`${base}/triggers/batch/P1`, 1, {
      clock,
      headers: H,
      mode: "batch",
    });
    await server?.close();
    // the same trigger, redeployed with a new cursor shape and the same secret
    const v2 = pollingTrigger({
      operationId: "OnNewTickets",
      summary: "When a ticket is created",
      description: "Triggers when a ticket is created in a project.",
      path: "/triggers/batch/{project}",
      request: {
        params: z.object({ project: z.string() }),
        query: z.object({ label: z.string().optional() }),
      },
      item: Ticket,
      mode: "batch",
      cursor: z.object({ since: z.string() }),
      initialCursor: () => ({ since: "2025-01-01" }),
      poll: ({ cursor }) => ({ items: [], cursor }),
      retryAfter: 60,
    });
    const again = await setup([v2]);
    const res = await call("GET", nextUrl.replace(/^http:\/\/127\.0\.0\.1:\d+\/api/, again.base), H);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { details: [{ code: "trigger_state_invalid_cursor" }] } });
  });

  it("rotates keys: verifies states signed with an older key, refuses removed keys", async () => {
    const db: Ticket[] = [];
    const trigger = makeTrigger(db, "batch");
    const old = await setup([trigger], { pollingSecret: [{ kid: "k1", secret: OLD }] });
    const { nextUrl } = await pollTrigger(`${old.base}/triggers/batch/P1`, 1, {
      clock: old.clock,
      headers: H,
      mode: "batch",
    });
    expect(stateOf(nextUrl).startsWith("v2.k1.")).toBe(true);
    await server?.close();
    const rotated = await setup([trigger], {
      pollingSecret: [
        { kid: "k2", secret: SECRET },
        { kid: "k1", secret: OLD },
      ],
    });
    const path = nextUrl.replace(/^http:\/\/127\.0\.0\.1:\d+\/api/, rotated.base);
    const ok = await call("GET", path, H);
    expect(ok.status).toBe(202);
    expect(stateOf(ok.headers["location"]!).startsWith("v2.k2.")).toBe(true); // re-signed with the new key
    await server?.close();
    const removed = await setup([trigger], { pollingSecret: [{ kid: "k2", secret: SECRET }] });
    const res = await call("GET", nextUrl.replace(/^http:\/\/127\.0\.0\.1:\d+\/api/, removed.base), H);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { details: [{ code: "trigger_state_unknown_key" }] } });
  });

  it("requires auth on every poll and validates trigger parameters", async () => {
    const { base } = await setup([makeTrigger([], "batch")]);
    expect((await call("GET", `${base}/triggers/batch/P1`, {})).status).toBe(401);
    const strict = pollingTrigger({
      operationId: "Strict",
      summary: "Strict",
      description: "Strict parameters.",
      path: "/strict",
      request: { query: z.object({ top: z.coerce.number().int().max(10) }) },
      item: Ticket,
      mode: "batch",
      cursor: z.object({ n: z.number() }),
      initialCursor: () => ({ n: 0 }),
      poll: ({ cursor }) => ({ items: [], cursor }),
      retryAfter: 5,
    });
    await server?.close();
    const s = await setup([strict]);
    const res = await call("GET", `${s.base}/strict?top=99`, H);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { details: [{ target: "query.top" }] } });
  });

  it("answers 500 (and reports) when poll breaks its contract", async () => {
    const errors: ConnectorError[] = [];
    const broken = pollingTrigger({
      operationId: "Broken",
      summary: "Broken",
      description: "Returns a bad cursor.",
      path: "/broken",
      item: Ticket,
      mode: "batch",
      cursor: z.object({ n: z.number() }),
      initialCursor: () => ({ n: 0 }),
      poll: () => ({ items: [], cursor: { n: "x" } as never }),
      retryAfter: 5,
    });
    const { base, clock } = await setup([broken], { onError: (e) => errors.push(e) });
    const { exchanges } = await pollTrigger(`${base}/broken`, 2, { clock, headers: H, mode: "batch" });
    expect(exchanges.map((e) => e.status)).toEqual([202, 500]);
    expect(errors[0]?.message).toMatch(/cursor schema/);
  });

  it("refuses an oversized single-mode backlog instead of dropping items", async () => {
    const db: Ticket[] = [];
    const big = pollingTrigger({
      operationId: "Big",
      summary: "Big",
      description: "Too many items.",
      path: "/big",
      item: Ticket,
      mode: "single",
      cursor: z.object({ n: z.number() }),
      initialCursor: () => ({ n: 0 }),
      poll: ({ cursor }) => ({ items: db, cursor: { n: cursor.n + 1 } }),
      retryAfter: 5,
    });
    const { base, clock } = await setup([big]);
    const { nextUrl } = await pollTrigger(`${base}/big`, 1, { clock, headers: H, mode: "single" });
    for (let i = 0; i < 200; i++) db.push({ seq: i, id: `T-${i}`, project: "P", title: "x".repeat(40) });
    const res = await call("GET", nextUrl, H);
    expect(res.status).toBe(500);
    const after = await call("GET", nextUrl, H); // state untouched: same answer, nothing lost
    expect(after.status).toBe(500);
  });
});

describe("state secret configuration", () => {
  const connector = () =>
    defineConnector({ title: "T", description: "T.", operations: [makeTrigger([], "batch")] });
  /** Runs `fn` with NODE_ENV / CONNECTORKIT_STATE_SECRET set as given (undefined: unset), then restores them. */
  function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    const set = (values: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(values)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    set(vars);
    try {
      return fn();
    } finally {
      set(saved);
    }
  }

  it("createHandler fails fast without a secret outside development/test (no built-in key), or with a bad one", () => {
    for (const mode of ["production", undefined, "staging", "Development", ""]) {
      withEnv({ NODE_ENV: mode, CONNECTORKIT_STATE_SECRET: undefined }, () => {
        expect(() => createHandler(connector()), String(mode)).toThrow(/CONNECTORKIT_STATE_SECRET/);
        expect(() => createHandler(connector()), String(mode)).toThrow(/pollingSecret/);
        expect(() => createHandler(connector()), String(mode)).toThrow(/generated only when NODE_ENV/);
      });
    }
    withEnv({ NODE_ENV: "production", CONNECTORKIT_STATE_SECRET: "  " }, () =>
      expect(() => createHandler(connector())).toThrow(/CONNECTORKIT_STATE_SECRET/),
    );
    expect(() => createHandler(connector(), { pollingSecret: "short" })).toThrow(/32 bytes/);
    expect(() => createHandler(connector(), { pollingSecret: [] })).toThrow(/at least one/);
    expect(() => createHandler(connector(), { pollingSecret: [{ kid: "a b", secret: SECRET }] })).toThrow(
      /key id/,
    );
    expect(() =>
      createHandler(connector(), {
        pollingSecret: [
          { kid: "a", secret: SECRET },
          { kid: "a", secret: OLD },
        ],
      }),
    ).toThrow(/twice/);
    withEnv({ NODE_ENV: "production", CONNECTORKIT_STATE_SECRET: `new:${SECRET},old:${OLD}` }, () =>
      expect(() => createHandler(connector())).not.toThrow(),
    );
  });

  it("the well-known key of earlier example builds is not accepted anywhere", () => {
    // A state forged with the public development key the example used to fall back to.
    const forged = createKeyring("contoso-tickets-local-development-only-state-key").sign(
      { t: "OnNewTickets", p: "x", c: { after: 0 } },
      principalFingerprint({ user: "u" }),
    );
    for (const mode of ["test", "development"]) {
      const dir = mkdtempSync(join(tmpdir(), "ck-state-"));
      try {
        const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
        const keyring = createKeyring(undefined, { NODE_ENV: mode, CONNECTORKIT_STATE_DIR: dir });
        warn.mockRestore();
        expect(() => keyring.verify(forged, principalFingerprint({ user: "u" }))).toThrow(/signature/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("NODE_ENV=test: a random in-memory key shared by the process, no file, no warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "ck-state-"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const env = { NODE_ENV: "test", CONNECTORKIT_STATE_DIR: dir };
      const one = createKeyring(undefined, env);
      const two = createKeyring(undefined, env);
      const token = one.sign({ a: 1 }, "caller");
      expect(two.verify(token, "caller")).toEqual({ a: 1 });
      expect(readdirSync(dir)).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
      expect(() => createHandler(connector())).not.toThrow(); // vitest runs with NODE_ENV=test
    } finally {
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("NODE_ENV=development: generates a key file (0600) in the state dir, says so once, reuses it after a restart", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ck-state-")), "nested", "state");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const env = { NODE_ENV: "development", CONNECTORKIT_STATE_DIR: dir };
      const token = createKeyring(undefined, env).sign({ a: 1 }, "caller");
      createKeyring(undefined, env);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        /CONNECTORKIT_STATE_SECRET.*development.*Production must/,
      );
      const file = join(dir, DEV_STATE_SECRET_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual([DEV_STATE_SECRET_FILE]);
      const key = readFileSync(file, "utf8").trim();
      expect(Buffer.byteLength(key)).toBeGreaterThanOrEqual(32);
      // A restarted process reads the same file: earlier states still verify.
      expect(createKeyring(key).verify(token, "caller")).toEqual({ a: 1 });
      // A restart (a process without the in-memory copy) reads an existing file instead of generating one.
      const other = join(dir, "..", "restarted");
      mkdirSync(other);
      writeFileSync(join(other, DEV_STATE_SECRET_FILE), `${key}\n`, { mode: 0o600 });
      const again = createKeyring(undefined, { NODE_ENV: "development", CONNECTORKIT_STATE_DIR: other });
      expect(again.verify(token, "caller")).toEqual({ a: 1 });
      expect(warn).toHaveBeenCalledTimes(2); // once per key file
    } finally {
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("NODE_ENV=development: refuses a key file others can read, an empty one, or a directory", () => {
    const root = mkdtempSync(join(tmpdir(), "ck-state-"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const cases: [string, (file: string) => void, RegExp][] = [
        ["loose", (f) => writeFileSync(f, "x".repeat(48), { mode: 0o644 }), /other users/],
        ["empty", (f) => writeFileSync(f, "short\n", { mode: 0o600 }), /no usable key/],
        ["dir", (f) => mkdirSync(f), /not a key file|EISDIR/],
      ];
      for (const [name, make, error] of cases) {
        const dir = join(root, name);
        mkdirSync(dir);
        make(join(dir, DEV_STATE_SECRET_FILE));
        chmodSync(
          join(dir, DEV_STATE_SECRET_FILE),
          name === "loose" ? 0o644 : name === "dir" ? 0o700 : 0o600,
        );
        expect(
          () => createKeyring(undefined, { NODE_ENV: "development", CONNECTORKIT_STATE_DIR: dir }),
          name,
        ).toThrow(error);
      }
    } finally {
      warn.mockRestore();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("the keyring binds every state to a caller", () => {
    const keyring = createKeyring(SECRET);
    const token = keyring.sign({ a: 1 }, "sha256:aaaa");
    expect(keyring.verify(token, "sha256:aaaa")).toEqual({ a: 1 });
    expect(() => keyring.verify(token, "sha256:bbbb")).toThrow(/signature/);
    expect(() => keyring.sign({ a: 1 }, "")).toThrow(TypeError);
    expect(() => keyring.sign({ a: 1 }, "a.b")).toThrow(TypeError);
    expect(() => keyring.verify(token, undefined as never)).toThrow(TypeError);
  });

  it("parses the environment variable format", () => {
    expect(parseStateSecret(` ${SECRET} `)).toBe(SECRET);
    expect(parseStateSecret(`a:${SECRET},b:${OLD}`)).toEqual([
      { kid: "a", secret: SECRET },
      { kid: "b", secret: OLD },
    ] satisfies StateSecret);
    expect(() => parseStateSecret("")).toThrow(TypeError);
    expect(() => parseStateSecret(`:${SECRET}`)).toThrow(TypeError);
  });
});

describe("pollingTrigger definition checks", () => {
  const base = {
    operationId: "T",
    summary: "T",
    description: "T.",
    path: "/t",
    item: Ticket,
    cursor: z.object({ n: z.number() }),
    initialCursor: () => ({ n: 0 }),
    poll: () => ({ items: [], cursor: { n: 0 } }),
    retryAfter: 5,
    mode: "batch" as const,
  };
  it("refuses a reserved state parameter, bad modes and bad timing", () => {
    expect(() =>
      pollingTrigger({ ...base, request: { query: z.object({ triggerState: z.string() }) } }),
    ).toThrow(/reserved/);
    expect(() => pollingTrigger({ ...base, mode: "many" as never })).toThrow(/mode/);
    expect(() => pollingTrigger({ ...base, retryAfter: 0 })).toThrow(/retryAfter/);
    expect(() => pollingTrigger({ ...base, item: {} as never })).toThrow(/zod/);
    expect(() => pollingTrigger({ ...base, triggerHint: " " })).toThrow(/triggerHint/);
  });
});
