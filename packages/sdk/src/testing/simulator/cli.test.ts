import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { runSimulateCli } from "./cli";
import { fixturePath, type StubServer, startStubServer } from "./stub-server";

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runSimulateCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const jupyrest = fixturePath("jupyrest");
const gravity = fixturePath("gravity-forms");
const jira = fixturePath("jira");

describe("connectorkit simulate", () => {
  it("runs an action and prints the result and the trace (exit 0)", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { id: "e1", status: "Succeeded" } }));
    const { code, out } = await run([
      "simulate",
      jupyrest,
      "NotebookExecution",
      "--base-url",
      `${stub.url}/api`,
      "--input",
      "notebook=health",
      "--input",
      'parameters:={"a":1}',
    ]);
    expect(code).toBe(0);
    expect(out).toContain("NotebookExecution -> 200 (succeeded)");
    expect(out).toMatch(
      /Trace:\n\+\d+ms\s+POST\s+http:\/\/127\.0\.0\.1:\d+\/api\/NotebookExecutions\?disableRedirect=true&output=true&html=true -> 200/,
    );
    expect(stub.requests[0]?.body).toEqual({ notebook: "health", parameters: { a: 1 } });
  });

  it("prints JSON with --json and exits 1 for a failed action", async () => {
    stub = await startStubServer(() => ({ status: 404, body: { error: "no notebook" } }));
    const { code, out } = await run([
      jupyrest,
      "NotebookExecution",
      "--base-url",
      `${stub.url}/api`,
      "--input",
      "notebook=x",
      "--json",
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      ok: false,
      kind: "action",
      status: 404,
      body: { error: "no notebook" },
    });
  });

  it("exits 3 with the rule for a contract violation", async () => {
    stub = await startStubServer(() => ({ status: 202 }));
    const text = await run([
      jupyrest,
      "NotebookExecution",
      "--base-url",
      `${stub.url}/api`,
      "--input",
      "notebook=x",
    ]);
    expect(text.code).toBe(3);
    expect(text.err).toContain("ContractViolationError: Contract violation [async.missingLocation]");
    expect(text.err).toContain("Trace:");
    const json = await run([
      jupyrest,
      "NotebookExecution",
      "--base-url",
      `${stub.url}/api`,
      "--input",
      "notebook=x",
      "--json",
    ]);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      error: { rule: "async.missingLocation", code: "contractViolation" },
    });
  });

  it("runs a polling trigger with Basic credentials", async () => {
    stub = await startStubServer(() => ({ status: 200, body: [{ id: "1" }, { id: "2" }] }));
    const { code, out } = await run([
      jira,
      "OnNewIssue",
      "--base-url",
      stub.url,
      "--input",
      "projectKey=P",
      "--username",
      "u",
      "--password",
      "p",
      "--max-polls",
      "1",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      kind: "pollingTrigger",
      splitOn: "@triggerBody()",
      runs: [{ body: { id: "1" } }, { body: { id: "2" } }],
    });
  });

  it("subscribes a webhook, waits for a notification, and unsubscribes", async () => {
    stub = await startStubServer((req, s) => {
      if (req.method === "POST") {
        const callback = (req.body as { callback_url: string }).callback_url;
        setTimeout(() => {
          request(callback, { method: "POST", body: JSON.stringify({ email: "x@example.org" }) }).then(
            (r) => r.body.dump(),
            () => {},
          );
        }, 20);
        return { status: 201, headers: { location: `${s.url}/webhooks/5` } };
      }
      return { status: 200 };
    });
    const { code, out, err } = await run([
      gravity,
      "CreateWebhook",
      "--base-url",
      stub.url,
      "--api-key",
      "k",
      "--input",
      "form_id=1",
      "--wait-ms",
      "5000",
    ]);
    expect(err).toContain("Callback URL: http://127.0.0.1:");
    expect(code).toBe(0);
    expect(out).toContain('run 1: {"email":"x@example.org"}');
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /webhooks",
      "DELETE /webhooks/5",
    ]);
  });

  it("prints a dynamic dropdown", async () => {
    stub = await startStubServer(() => ({ status: 200, body: [{ id: "1", form_name: "Contact" }] }));
    const { code, out } = await run([
      gravity,
      "CreateWebhook",
      "--base-url",
      stub.url,
      "--dynamic-values",
      "form_id",
    ]);
    expect(code).toBe(0);
    expect(out).toBe('"1"\tContact\n');
  });

  it("exits 2 with usage for bad arguments, missing files and missing inputs", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([jupyrest, "X", "--bogus"])).err).toContain("Unknown option '--bogus'");
    expect((await run([jupyrest, "X", "--input", "novalue"])).err).toContain("--input needs name=value");
    expect((await run([jupyrest, "X", "--input", "a:={bad"])).err).toContain("needs valid JSON");
    expect((await run([jupyrest, "X", "--max-polls", "-1"])).code).toBe(2);
    expect((await run([jupyrest, "X", "--username", "u"])).err).toContain(
      "--username and --password go together",
    );
    expect((await run(["/nonexistent.json", "X"])).code).toBe(2);
    const missing = await run([jupyrest, "GetNotebookExecution", "--base-url", "http://127.0.0.1:9/api"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("missing required input: executionId (query)");
    const refused = await run([jupyrest, "NotebookExecution", "--base-url", "http://127.0.0.1:9/api"]);
    expect(refused.code).toBe(4);
    expect(refused.err).toContain("SimulatorError: POST http://127.0.0.1:9/api/NotebookExecutions");
    expect((await run([jupyrest, "Nope", "--base-url", "http://127.0.0.1:9"])).err).toContain(
      "has no operation 'Nope'",
    );
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: connectorkit simulate");
  });
});
