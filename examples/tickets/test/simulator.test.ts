/**
 * What a flow author sees when Power Automate uses the Contoso Tickets connector: the flow simulator reads the
 * committed golden swagger and speaks HTTP to the connector served by each adapter (Express and Azure Functions).
 * Actions, dynamic values/schema, the long-running 202 loop, the polling trigger and the webhook trigger.
 */
import { readFileSync } from "node:fs";
import {
  createSimulator,
  formatTrace,
  type Simulator,
  SimulatorError,
  type SwaggerDocument,
  virtualClock,
} from "@connectorkit/sdk/testing";
import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEYS, db, dispatcher, onTicketCreated, store } from "../src/connector";
import { startAzureFunctionsHost, startExpressHost, type TestHost } from "./hosts";
import { scheduledClock } from "./scheduled-clock";

const swagger = JSON.parse(
  readFileSync(new URL("../apiDefinition.swagger.json", import.meta.url), "utf8"),
) as SwaggerDocument;
const API_KEY = API_KEYS[0]!;
const SUBSCRIPTIONS = "sub:OnTicketCreated:";

const hosts = [
  { host: "Express", start: startExpressHost },
  { host: "Azure Functions", start: startAzureFunctionsHost },
];

/** Empties the shared runtime store (jobs, subscriptions, dead letters) between tests. */
async function clearStore(): Promise<void> {
  for (let round = 0; round < 100; round++) {
    const page = await store.list("", { limit: 100 });
    if (page.entries.length === 0) return;
    for (const entry of page.entries) await store.delete(entry.key);
  }
  throw new Error("store did not empty");
}

/** A raw HTTP call with the connection's API key, for what a flow cannot do (tamper with a URL). */
async function raw(method: "GET" | "DELETE", url: string) {
  const res = await request(url, { method, headers: { "x-api-key": API_KEY } });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

describe.each(hosts)("flow simulator over the $host adapter", ({ host: hostName, start }) => {
  let host: TestHost;
  beforeAll(async () => {
    host = await start();
  });
  afterAll(async () => {
    await host.close();
  });
  beforeEach(async () => {
    db.tickets.clear();
    await clearStore();
  });

  const simulator = (clock = virtualClock(), apiKey = API_KEY): Simulator =>
    createSimulator({ swagger, baseUrl: host.baseUrl, connection: { apiKey }, clock });

  const createTicket = async (sim: Simulator, inputs: Record<string, unknown>) => {
    const result = await sim.runAction("CreateTicket", inputs);
    expect(result.status, formatTrace(result.trace)).toBe(201);
    return result.body as { id: string; projectId: string; title: string; status: string };
  };

  describe(`actions [${hostName}]`, () => {
    it(`[${hostName}] CreateTicket with dynamic-schema custom fields, then GetTicket`, async () => {
      const sim = simulator();
      // the designer asks for the project's custom fields once a project is picked, and renders one input each
      const schema = await sim.resolveDynamicSchema("CreateTicket", "customFields", {
        projectId: "helpdesk",
      });
      const properties = (schema as { properties: Record<string, { type: string }> }).properties;
      const sample: Record<string, unknown> = { string: "Oslo", number: 4 };
      const customFields = Object.fromEntries(
        Object.entries(properties).map(([name, p]) => [name, sample[p.type]]),
      );
      expect(customFields).toEqual({ site: "Oslo", seats: 4 });
      const created = await sim.runAction("CreateTicket", {
        projectId: "helpdesk",
        title: "Printer on fire",
        tags: ["hardware", "urgent"],
        customFields,
      });
      expect(created).toMatchObject({ status: 201, succeeded: true });
      expect(created.body).toMatchObject({
        projectId: "helpdesk",
        title: "Printer on fire",
        description: "",
        priority: "normal",
        status: "open",
        tags: ["hardware", "urgent"],
        closedAt: null,
      });
      const { id } = created.body as { id: string };
      // custom fields are stored (not echoed in the Ticket schema)
      expect(db.tickets.get(id)?.customFields).toEqual({ site: "Oslo", seats: 4 });

      const got = await sim.runAction("GetTicket", { ticketId: id });
      expect(got).toMatchObject({ status: 200, succeeded: true, body: created.body });
      expect(got.trace).toHaveLength(1);
      expect(got.trace[0]).toMatchObject({
        method: "GET",
        url: `${host.baseUrl}/tickets/${id}`,
        status: 200,
      });
    });

    it(`[${hostName}] ListTickets: array query (csv), status filter and paging with @odata.nextLink`, async () => {
      const sim = simulator();
      const a = await createTicket(sim, { projectId: "helpdesk", title: "A", tags: ["x", "y"] });
      const b = await createTicket(sim, { projectId: "helpdesk", title: "B", tags: ["x"] });
      const c = await createTicket(sim, { projectId: "helpdesk", title: "C", tags: ["x", "y", "z"] });
      await createTicket(sim, { projectId: "facilities", title: "D", tags: ["x", "y"] });

      const tagged = await sim.runAction("ListTickets", { projectId: "helpdesk", tags: ["x", "y"] });
      expect(tagged.status).toBe(200);
      expect(tagged.trace[0]?.url).toContain("tags=x%2Cy");
      const ids = (tagged.body as { value: { id: string }[] }).value.map((t) => t.id).sort();
      expect(ids).toEqual([a.id, c.id].sort());

      const closed = await sim.runAction("ListTickets", { projectId: "helpdesk", status: "closed" });
      expect(closed.body).toEqual({ value: [] });

      const page1 = await sim.runAction("ListTickets", { projectId: "helpdesk", top: 2 });
      const body1 = page1.body as { value: { id: string }[]; "@odata.nextLink"?: string };
      expect(body1.value).toHaveLength(2);
      expect(body1["@odata.nextLink"]).toBe(`${host.baseUrl}/tickets?projectId=helpdesk&top=2&skip=2`);
      // the engine follows the nextLink with the connection's credentials
      const page2 = await raw("GET", body1["@odata.nextLink"]!);
      const body2 = page2.body as { value: { id: string }[]; "@odata.nextLink"?: string };
      expect(page2.status).toBe(200);
      expect(body2["@odata.nextLink"]).toBeUndefined();
      const all = [...body1.value, ...body2.value].map((t) => t.id).sort();
      expect(all).toEqual([a.id, b.id, c.id].sort());

      // a filtered list keeps its filters on the next page
      const filtered = await sim.runAction("ListTickets", {
        projectId: "helpdesk",
        tags: ["x", "y"],
        top: 1,
      });
      const f1 = filtered.body as { value: { id: string }[]; "@odata.nextLink"?: string };
      expect(f1["@odata.nextLink"]).toBe(
        `${host.baseUrl}/tickets?projectId=helpdesk&top=1&skip=1&tags=x%2Cy`,
      );
      const f2 = (await raw("GET", f1["@odata.nextLink"]!)).body as {
        value: { id: string }[];
        "@odata.nextLink"?: string;
      };
      expect([...f1.value, ...f2.value].map((t) => t.id).sort()).toEqual([a.id, c.id].sort());
      expect(f2["@odata.nextLink"]).toBeUndefined();
    });

    it(`[${hostName}] CloseTicket_V2 records the resolution`, async () => {
      const sim = simulator();
      const t = await createTicket(sim, {
        projectId: "helpdesk",
        title: "Slow VPN",
        description: "Very slow.",
      });
      const closed = await sim.runAction("CloseTicket_V2", { ticketId: t.id, resolution: "Replaced router" });
      expect(closed).toMatchObject({ status: 200, succeeded: true });
      expect(closed.body).toMatchObject({
        id: t.id,
        status: "closed",
        description: "Very slow.\n\nResolution: Replaced router",
      });
      expect((closed.body as { closedAt: unknown }).closedAt).toEqual(expect.any(String));
    });

    it(`[${hostName}] a 404 surfaces as a failed run with the error body`, async () => {
      const sim = simulator();
      const missing = await sim.runAction("GetTicket", { ticketId: "T-999999" });
      expect(missing.status).toBe(404);
      expect(missing.succeeded).toBe(false);
      expect(missing.body).toEqual({
        error: { code: "NotFound", message: "Ticket T-999999 does not exist." },
      });
      expect(missing.headers["content-type"]).toMatch(/^application\/json/);

      const close = await sim.runAction("CloseTicket_V2", { ticketId: "T-999999", resolution: "n/a" });
      expect(close).toMatchObject({ status: 404, succeeded: false });
    });

    it(`[${hostName}] bad input and a wrong API key fail the run with the connector's error`, async () => {
      const unknownProject = await simulator().runAction("CreateTicket", { projectId: "nope", title: "x" });
      expect(unknownProject).toMatchObject({ status: 400, succeeded: false });
      expect(unknownProject.body).toMatchObject({ error: { message: "Project nope does not exist." } });

      const wrongKey = await simulator(virtualClock(), "not-a-key").runAction("GetTicket", {
        ticketId: "T-1",
      });
      expect(wrongKey).toMatchObject({ status: 401, succeeded: false });
      expect(db.tickets.size).toBe(0);
    });
  });

  describe(`dynamic values and schema [${hostName}]`, () => {
    it(`[${hostName}] the Project dropdown of CreateTicket.projectId comes from ListProjects`, async () => {
      const sim = simulator();
      const values = await sim.resolveDynamicValues("CreateTicket", "projectId");
      expect(values).toEqual([
        { value: "helpdesk", title: "Helpdesk" },
        { value: "facilities", title: "Facilities" },
      ]);
      // the newer x-ms-dynamic-list form gives the same entries
      expect(
        await sim.resolveDynamicValues("CreateTicket", "projectId", {}, { extension: "x-ms-dynamic-list" }),
      ).toEqual(values);
      // the same dropdown on the polling trigger's query parameter and the webhook's body property
      expect(await sim.resolveDynamicValues("WhenTicketClosed", "projectId")).toEqual(values);
      expect(await sim.resolveDynamicValues("OnTicketCreated", "projectId")).toEqual(values);
      // each lookup is one ListProjects call, with the connection's key
      const trace = (await sim.runAction("ListProjects")).trace;
      expect(trace).toEqual([
        expect.objectContaining({ method: "GET", url: `${host.baseUrl}/projects`, status: 200 }),
      ]);
    });

    it(`[${hostName}] customFields gets the chosen project's schema (GetCustomFieldsSchema)`, async () => {
      const sim = simulator();
      expect(
        await sim.resolveDynamicSchema("CreateTicket", "customFields", { projectId: "helpdesk" }),
      ).toEqual({
        type: "object",
        properties: {
          site: { type: "string", "x-ms-summary": "Site" },
          seats: { type: "number", "x-ms-summary": "Seats" },
        },
      });
      expect(
        await sim.resolveDynamicSchema("CreateTicket", "customFields", { projectId: "facilities" }),
      ).toEqual({ type: "object", properties: { room: { type: "string", "x-ms-summary": "Room" } } });
    });

    it(`[${hostName}] customFields waits for projectId, and an unknown project fails the lookup`, async () => {
      const sim = simulator();
      await expect(sim.resolveDynamicSchema("CreateTicket", "customFields", {})).rejects.toMatchObject({
        code: "missingInput",
      });
      const failure = await sim
        .resolveDynamicSchema("CreateTicket", "customFields", { projectId: "nope" })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SimulatorError);
      expect(failure).toMatchObject({ code: "operationFailed", operationId: "GetCustomFieldsSchema" });
      expect((failure as SimulatorError).trace.at(-1)).toMatchObject({ status: 404 });
    });
  });

  describe(`long-running action [${hostName}]`, () => {
    it(`[${hostName}] ExportReport follows 202/Location/Retry-After to the final 200 with the CSV`, async () => {
      const sim = simulator();
      await createTicket(sim, { projectId: "helpdesk", title: 'Say "hi"', priority: "high" });
      await createTicket(sim, { projectId: "helpdesk", title: "Second" });
      await createTicket(sim, { projectId: "facilities", title: "Elsewhere" });

      // what the engine gets first (DisableAsyncPattern shows it)
      const first = await sim.runAction(
        "ExportReport",
        { projectId: "helpdesk" },
        { disableAsyncPattern: true },
      );
      expect(first.status).toBe(202);
      expect(first.headers["location"]).toMatch(
        new RegExp(`^${host.baseUrl}/_connectorkit/jobs/ExportReport/[A-Za-z0-9_-]+$`),
      );
      expect(first.headers["retry-after"]).toBe("5");

      const clock = virtualClock();
      const result = await simulator(clock).runAction("ExportReport", { projectId: "helpdesk" });
      expect(result.status, formatTrace(result.trace)).toBe(200);
      expect(result.succeeded).toBe(true);
      const body = result.body as { projectId: string; rows: number; csv: string };
      expect(body.projectId).toBe("helpdesk");
      expect(body.rows).toBe(2);
      const lines = body.csv.split("\n");
      expect(lines[0]).toBe("id,title,priority,status");
      expect(lines.slice(1).sort()).toEqual(
        [...db.tickets.values()]
          .filter((t) => t.projectId === "helpdesk")
          .map((t) => `${t.id},${JSON.stringify(t.title)},${t.priority},${t.status}`)
          .sort(),
      );
      // one POST answered 202, then status polls; every wait is the server's Retry-After (5 s), on virtual time
      const statuses = result.trace.map((e) => e.status);
      expect(statuses[0]).toBe(202);
      expect(statuses.at(-1)).toBe(200);
      expect(statuses.slice(1, -1).every((s) => s === 202)).toBe(true);
      expect(clock.sleeps.length).toBe(result.trace.length - 1);
      expect(clock.sleeps.every((ms) => ms === 5_000)).toBe(true);
      for (const entry of result.trace.slice(1)) {
        expect(entry.method).toBe("GET");
        expect(entry.note).toContain("(Retry-After)");
      }
      const jobUrl = new RegExp(`^${host.baseUrl}/_connectorkit/jobs/ExportReport/[A-Za-z0-9_-]+$`);
      for (const entry of result.trace.slice(1)) expect(entry.url).toMatch(jobUrl);
    });
  });

  describe(`polling trigger [${hostName}]`, () => {
    it(`[${hostName}] WhenTicketClosed: state, no news, then one poll fires a run per closed ticket`, async () => {
      const clock = scheduledClock();
      const sim = simulator(clock);
      const t1 = await createTicket(sim, { projectId: "helpdesk", title: "One" });
      const t2 = await createTicket(sim, { projectId: "helpdesk", title: "Two" });
      const other = await createTicket(sim, { projectId: "facilities", title: "Other project" });
      await createTicket(sim, { projectId: "helpdesk", title: "Stays open" });
      // polls at 0 s, 60 s, 120 s, 180 s (Retry-After 60); the tickets are closed between poll 2 and poll 3
      clock.at(90_000, async () => {
        for (const id of [t1.id, t2.id, other.id]) {
          const r = await sim.runAction("CloseTicket_V2", { ticketId: id, resolution: "done" });
          expect(r.status).toBe(200);
        }
      });

      const result = await sim.pollTrigger("WhenTicketClosed", { projectId: "helpdesk" }, { maxPolls: 4 });
      const trace = formatTrace(result.trace);
      expect(
        result.polls.map((p) => p.status),
        trace,
      ).toEqual([202, 202, 200, 202]);
      expect(result.polls.map((p) => p.runs)).toEqual([0, 0, 2, 0]);
      expect(result.polls.map((p) => p.waitMs)).toEqual([60_000, 60_000, 60_000, 60_000]);
      expect(clock.sleeps).toEqual([60_000, 60_000, 60_000]);
      // the first poll has no state; each later poll sends the signed state from the previous Location
      expect(result.polls[0]?.url).toBe(`${host.baseUrl}/triggers/ticket-closed?projectId=helpdesk`);
      for (const poll of result.polls.slice(1)) expect(poll.url).toMatch(/[?&]triggerState=[^&]+/);
      expect(result.nextUrl).toMatch(/[?&]triggerState=[^&]+/);

      // `value` is required in the 200 schema, so the designer's splitOn has no `?`
      expect(result.splitOn).toBe("@triggerBody()['value']");
      expect(result.runs.map((r) => (r.body as { id: string }).id).sort()).toEqual([t1.id, t2.id].sort());
      for (const run of result.runs) {
        expect(run.poll).toBe(2);
        expect(run.body).toMatchObject({ projectId: "helpdesk", status: "closed" });
      }
    });

    it(`[${hostName}] WhenTicketClosed: the first call only establishes the state (no replay of history)`, async () => {
      const clock = scheduledClock();
      const sim = simulator(clock);
      const before = await createTicket(sim, { projectId: "helpdesk", title: "Closed long ago" });
      const alsoBefore = await createTicket(sim, { projectId: "helpdesk", title: "Closed just before" });
      const later = await createTicket(sim, { projectId: "helpdesk", title: "Closed after the flow exists" });
      for (const id of [before.id, alsoBefore.id]) {
        expect((await sim.runAction("CloseTicket_V2", { ticketId: id, resolution: "done" })).status).toBe(
          200,
        );
      }
      // the flow is turned on now: polls at 0 s, 60 s, 120 s; one more ticket is closed between poll 1 and poll 2
      clock.at(30_000, async () => {
        const r = await sim.runAction("CloseTicket_V2", { ticketId: later.id, resolution: "done" });
        expect(r.status).toBe(200);
      });

      const result = await sim.pollTrigger("WhenTicketClosed", { projectId: "helpdesk" }, { maxPolls: 3 });
      const trace = formatTrace(result.trace);
      expect(
        result.polls.map((p) => p.status),
        trace,
      ).toEqual([202, 200, 202]);
      expect(result.polls.map((p) => p.runs)).toEqual([0, 1, 0]);
      expect(result.runs.map((r) => (r.body as { id: string }).id)).toEqual([later.id]);
    });

    it(`[${hostName}] WhenTicketClosed: a closure in the same millisecond as the baseline still fires`, async () => {
      const clock = scheduledClock();
      const sim = simulator(clock);
      const first = await createTicket(sim, { projectId: "helpdesk", title: "Before the flow" });
      const second = await createTicket(sim, {
        projectId: "helpdesk",
        title: "Same instant, after the flow",
      });
      const closedAt = new Date("2030-01-01T00:00:00.000Z");
      Object.assign(db.tickets.get(first.id)!, { status: "closed", closedAt });
      clock.at(30_000, () => Object.assign(db.tickets.get(second.id)!, { status: "closed", closedAt }));

      const result = await sim.pollTrigger("WhenTicketClosed", { projectId: "helpdesk" }, { maxPolls: 3 });
      expect(result.polls.map((p) => p.runs)).toEqual([0, 1, 0]);
      expect(result.runs.map((r) => (r.body as { id: string }).id)).toEqual([second.id]);
    });

    it(`[${hostName}] WhenTicketClosed: a tampered or re-targeted Location is a 400`, async () => {
      const sim = simulator();
      const result = await sim.pollTrigger("WhenTicketClosed", { projectId: "helpdesk" }, { maxPolls: 2 });
      expect(result.polls.map((p) => p.status)).toEqual([202, 202]);
      const next = new URL(result.nextUrl);
      const state = next.searchParams.get("triggerState")!;
      expect(state.length).toBeGreaterThan(10);

      // the untouched Location still works
      expect((await raw("GET", next.href)).status).toBe(202);

      const tampered = new URL(next);
      const i = Math.floor(state.length / 2);
      tampered.searchParams.set(
        "triggerState",
        `${state.slice(0, i)}${state[i] === "A" ? "B" : "A"}${state.slice(i + 1)}`,
      );
      const bad = await raw("GET", tampered.href);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: expect.any(Object) });

      const retargeted = new URL(next);
      retargeted.searchParams.set("projectId", "facilities");
      const foreign = await raw("GET", retargeted.href);
      expect(foreign.status).toBe(400);
      expect(JSON.stringify(foreign.body)).toContain("other trigger parameters");
    });
  });

  describe(`webhook trigger [${hostName}]`, () => {
    it(`[${hostName}] OnTicketCreated: subscribe, CreateTicket fires one run per ticket, stop() unsubscribes`, async () => {
      const sim = simulator();
      const sub = await sim.subscribeWebhook(
        "OnTicketCreated",
        { projectId: "helpdesk" },
        { notificationTimeoutMs: 5_000 },
      );
      try {
        expect(sub.callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
        expect(sub.location).toMatch(
          new RegExp(`^${host.baseUrl}/hooks/ticket-created/[A-Za-z0-9_-]{16,64}$`),
        );
        const id = sub.location.split("/").at(-1)!;

        // registered: in the store and in the listing
        const stored = await store.list(SUBSCRIPTIONS);
        expect(stored.entries.map((e) => e.key)).toEqual([`${SUBSCRIPTIONS}${id}`]);
        const listed = await sim.runAction("OnTicketCreated_List");
        expect(listed.body).toMatchObject({ value: [{ id, params: { projectId: "helpdesk" } }] });

        // a ticket in another project does not fire; one in the subscribed project does
        await createTicket(sim, { projectId: "facilities", title: "Not for this flow" });
        const mine = await createTicket(sim, { projectId: "helpdesk", title: "For this flow" });
        const run = await sub.next();
        expect(run.body).toEqual(
          (await sim.runAction("GetTicket", { ticketId: mine.id })).body, // validated against x-ms-notification-content
        );
        const second = await createTicket(sim, { projectId: "helpdesk", title: "Another one" });
        expect(((await sub.next()).body as { id: string }).id).toBe(second.id);
        // nothing else arrives (the facilities ticket never fired)
        await expect(sub.next({ timeoutMs: 300 })).rejects.toMatchObject({ code: "notificationTimeout" });
        expect(sub.runs().map((r) => (r.body as { id: string }).id)).toEqual([mine.id, second.id]);
        expect(sub.trace.filter((e) => e.url.startsWith("(callback)")).map((e) => e.status)).toEqual([
          202, 202,
        ]);

        // turning the flow off DELETEs the Location: gone from the store and the listing
        expect(await sub.stop()).toEqual({ status: 200 });
        expect((await store.list(SUBSCRIPTIONS)).entries).toEqual([]);
        expect((await sim.runAction("OnTicketCreated_List")).body).toEqual({ value: [] });
        expect(sub.trace.at(-1)).toMatchObject({ method: "DELETE", url: sub.location, status: 200 });

        // deleting again is still fine (the engine may retry), and so is stop() twice
        expect((await raw("DELETE", sub.location)).status).toBe(200);
        expect(await sub.stop()).toEqual({ status: 200 });

        // after unsubscribing, new tickets start no runs
        const after = await createTicket(sim, { projectId: "helpdesk", title: "After stop" });
        const { customFields: _custom, ...event } = db.tickets.get(after.id)!;
        const report = await onTicketCreated.fire(event, { dispatcher, eventId: "after-stop" });
        expect(report).toMatchObject({ matched: 0, delivered: 0, attempts: 0 });
        expect(sub.runs()).toHaveLength(2);
      } finally {
        await sub.stop();
      }
    });

    it(`[${hostName}] OnTicketCreated: two subscriptions on different projects each get their own tickets`, async () => {
      const sim = simulator();
      const helpdesk = await sim.subscribeWebhook("OnTicketCreated", { projectId: "helpdesk" });
      const facilities = await sim.subscribeWebhook("OnTicketCreated", { projectId: "facilities" });
      try {
        const h = await createTicket(sim, { projectId: "helpdesk", title: "H" });
        const f = await createTicket(sim, { projectId: "facilities", title: "F" });
        expect(((await helpdesk.next()).body as { id: string }).id).toBe(h.id);
        expect(((await facilities.next()).body as { id: string }).id).toBe(f.id);
        expect((await store.list(SUBSCRIPTIONS)).entries).toHaveLength(2);
      } finally {
        await helpdesk.stop();
        await facilities.stop();
      }
      expect((await store.list(SUBSCRIPTIONS)).entries).toHaveLength(0);
    });
  });
});
