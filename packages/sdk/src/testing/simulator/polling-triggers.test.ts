import { afterEach, describe, expect, it } from "vitest";
import { virtualClock } from "./clock";
import { createSimulator } from "./create-simulator";
import { ContractViolationError } from "./errors";
import { fixturePath, type StubServer, startStubServer } from "./stub-server";
import { loadSwaggerFile } from "./swagger-document";

// Polling triggers of three certified connectors: iMIS (object with internal oDataNextLink + value array),
// JIRA (array response, Basic auth, dynamic values with value-collection) and Feathery Forms (a batch schema
// with two visible properties, which the designer cannot split).
const imis = await loadSwaggerFile(fixturePath("imis"));
const jira = await loadSwaggerFile(fixturePath("jira"));
const feathery = await loadSwaggerFile(fixturePath("feathery-forms"));
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const activity = (id: string) => ({ id, activityType: "EVENT", seqn: Number(id) });

describe("iMIS polling trigger (ActivityTriggerPoll, batch)", () => {
  it("runs the recurrence with state in Location, honours Retry-After, and splits on value", async () => {
    let n = 0;
    stub = await startStubServer((_req, s) => {
      n += 1;
      if (n === 1)
        return {
          status: 202,
          headers: { location: `${s.url}/trigger/Activity?state=1`, "retry-after": "15" },
        };
      if (n === 2) return { status: 202, headers: { location: `${s.url}/trigger/Activity?state=1` } };
      if (n === 3) {
        // new data, and more pending: poll again at once
        return {
          status: 200,
          headers: { location: `${s.url}/trigger/Activity?state=1b`, "retry-after": "0" },
          body: { value: [activity("1"), activity("2")], oDataNextLink: "https://next" },
        };
      }
      return { status: 200, body: { value: [activity("3")] } }; // no Location: next poll uses the original URL
    });
    const clock = virtualClock();
    const sim = createSimulator({ swagger: imis, baseUrl: stub.url, connection: { apiKey: "csi" }, clock });
    const result = await sim.pollTrigger(
      "ActivityTriggerPoll",
      {},
      { maxPolls: 10, untilRuns: 3, recurrenceMs: 60_000 },
    );

    expect(result.splitOn).toBe("@triggerBody()?['value']");
    expect(result.runs.map((r) => r.body)).toEqual([activity("1"), activity("2"), activity("3")]);
    expect(result.runs.map((r) => r.poll)).toEqual([2, 2, 3]);
    expect(result.polls.map((p) => [p.status, p.runs, p.waitMs])).toEqual([
      [202, 0, 15_000],
      [202, 0, 60_000],
      [200, 2, 0],
      [200, 1, 60_000],
    ]);
    expect(clock.sleeps).toEqual([15_000, 60_000, 0]);
    // optional internal `sequence` (default 0) is not sent: "Optional internal fields are ignored"
    expect(stub.requests[0]?.url).toBe("/trigger/Activity");
    expect(stub.requests.map((r) => r.query.get("state"))).toEqual([null, "1", "1", "1b"]);
    expect(stub.requests.every((r) => r.headers["x-api-key"] === "csi")).toBe(true);
    expect(result.nextUrl).toBe(`${stub.url}/trigger/Activity`);
    expect(result.trace[2]?.note).toContain("fired 2 runs");
  });

  it("stops after maxPolls, counts failed polls without runs, and checks each 200 against the schema", async () => {
    let n = 0;
    stub = await startStubServer(() => (++n === 1 ? { status: 503 } : { status: 202 }));
    const sim = createSimulator({ swagger: imis, baseUrl: stub.url, clock: virtualClock() });
    const result = await sim.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: 3 });
    expect(result.polls.map((p) => p.status)).toEqual([503, 202, 202]);
    expect(result.runs).toEqual([]);
    expect(stub.requests).toHaveLength(3);

    await stub.close();
    stub = await startStubServer(() => ({ status: 200, body: { value: [{ id: 5, activityType: "X" }] } }));
    const sim2 = createSimulator({ swagger: imis, baseUrl: stub.url, clock: virtualClock() });
    await expect(sim2.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: 1 })).rejects.toMatchObject({
      rule: "response.schemaMismatch",
      message: expect.stringContaining(
        "requires the property 'body/value/0/id' to be of type 'String' but is of type 'Integer'",
      ),
    });
  });

  it("fails with trigger.splitTargetNotArray when the split property is missing", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { oDataNextLink: "x" } }));
    const sim = createSimulator({ swagger: imis, baseUrl: stub.url, clock: virtualClock() });
    await expect(sim.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: 1 })).rejects.toMatchObject({
      rule: "trigger.splitTargetNotArray",
    });
  });

  it("fails with trigger.relativeLocation on a relative Location", async () => {
    stub = await startStubServer(() => ({ status: 202, headers: { location: "/trigger/Activity?state=1" } }));
    const sim = createSimulator({ swagger: imis, baseUrl: stub.url, clock: virtualClock() });
    await expect(sim.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: 2 })).rejects.toMatchObject({
      rule: "trigger.relativeLocation",
    });
  });

  it("rejects an action, bad loop bounds, and actions passed to pollTrigger", async () => {
    const sim = createSimulator({ swagger: imis, baseUrl: "http://127.0.0.1:9", clock: virtualClock() });
    await expect(sim.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: 0 })).rejects.toMatchObject({
      code: "invalidInput",
    });
    await expect(sim.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: Number.NaN })).rejects.toMatchObject({
      code: "invalidInput",
    });
    await expect(sim.pollTrigger("ActivityTriggerPoll", {}, { maxPolls: 1e9 })).rejects.toMatchObject({
      code: "invalidInput",
    });
    const actionId = [...Object.values(imis.paths)]
      .flatMap((p) => Object.values(p as object))
      .find((o) => typeof o === "object" && o !== null && "operationId" in o && !("x-ms-trigger" in o)) as {
      operationId: string;
    };
    await expect(sim.pollTrigger(actionId.operationId, {})).rejects.toMatchObject({
      code: "wrongOperationKind",
    });
  });
});

describe("JIRA polling trigger (OnNewIssue, array batch, Basic auth)", () => {
  it("splits an array response into one run per issue and sends Basic credentials", async () => {
    stub = await startStubServer((req, s) =>
      req.query.get("since") === null
        ? {
            status: 202,
            headers: {
              location: `${s.url}/rest/api/new_issue_trigger/search?projectKey=P&since=1`,
              "retry-after": "60",
            },
          }
        : {
            status: 200,
            body: [
              { id: "10", key: "P-1" },
              { id: "11", key: "P-2" },
            ],
          },
    );
    const sim = createSimulator({
      swagger: jira,
      baseUrl: `${stub.url}/rest/api`,
      connection: { username: "ann", password: "pa:ss" },
      clock: virtualClock(),
    });
    const result = await sim.pollTrigger("OnNewIssue", { projectKey: "P" }, { maxPolls: 2 });
    expect(result.splitOn).toBe("@triggerBody()");
    expect(result.runs.map((r) => r.body)).toEqual([
      { id: "10", key: "P-1" },
      { id: "11", key: "P-2" },
    ]);
    expect(stub.requests[0]?.url).toBe("/rest/api/new_issue_trigger/search?projectKey=P");
    expect(stub.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("ann:pa:ss").toString("base64")}`,
    );
  });

  it("needs the required projectKey before polling", async () => {
    const sim = createSimulator({ swagger: jira, baseUrl: "http://127.0.0.1:9", clock: virtualClock() });
    await expect(sim.pollTrigger("OnNewIssue", {})).rejects.toMatchObject({
      code: "missingInput",
      message: "Operation 'OnNewIssue' is missing required input: projectKey (query).",
    });
  });

  it("resolves the project dropdown through value-collection 'value'", async () => {
    stub = await startStubServer((req) =>
      req.path === "/rest/api/project/search"
        ? {
            status: 200,
            body: {
              value: [
                { key: "P", name: "Platform" },
                { key: "Q", name: "Quality" },
              ],
              nextLink: null,
            },
          }
        : { status: 404 },
    );
    const sim = createSimulator({ swagger: jira, baseUrl: `${stub.url}/rest/api` });
    await expect(sim.resolveDynamicValues("OnNewIssue", "projectKey")).resolves.toEqual([
      { value: "P", title: "Platform" },
      { value: "Q", title: "Quality" },
    ]);
  });

  it("fails with dynamicValues.invalid when value-collection is not an array", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { value: { key: "P" } } }));
    const sim = createSimulator({ swagger: jira, baseUrl: `${stub.url}/rest/api` });
    await expect(sim.resolveDynamicValues("OnNewIssue", "projectKey")).rejects.toMatchObject({
      rule: "dynamicValues.invalid",
    });
  });
});

describe("Feathery Forms batch schemas", () => {
  it("fails DataReceived with trigger.unsplittableBatch before any call", async () => {
    const sim = createSimulator({ swagger: feathery, baseUrl: "http://127.0.0.1:9", clock: virtualClock() });
    const error = await sim.pollTrigger("DataReceived", { form_key: "f" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).rule).toBe("trigger.unsplittableBatch");
    expect((error as Error).message).toContain(
      "batch schema cannot be split: the response body of batch trigger 'DataReceived' is an object with 2 non-internal properties (requested_at, results)",
    );
    expect((error as ContractViolationError).trace).toEqual([]);
  });

  it("splits FormCompletion on its only property 'results'", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { results: [{ id: "s1" }] } }));
    const sim = createSimulator({
      swagger: feathery,
      baseUrl: `${stub.url}/api`,
      connection: { apiKey: "Token x" },
      clock: virtualClock(),
    });
    const result = await sim.pollTrigger("FormCompletion", { form_key: "f" }, { maxPolls: 1 });
    expect(result.splitOn).toBe("@triggerBody()?['results']");
    expect(result.runs).toMatchObject([{ body: { id: "s1" } }]);
    expect(stub.requests[0]?.headers.authorization).toBe("Token x");
    expect(stub.requests[0]?.url).toBe("/api/trigger/power-automate/poll/form_completion/?form_key=f");
  });
});
