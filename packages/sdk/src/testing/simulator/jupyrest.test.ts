import { afterEach, describe, expect, it } from "vitest";
import { virtualClock } from "./clock";
import { createSimulator } from "./create-simulator";
import { ContractViolationError } from "./errors";
import { fixturePath, type StubServer, startStubServer } from "./stub-server";
import { loadSwaggerFile } from "./swagger-document";
import { formatTrace } from "./trace";

// Jupyrest (certified connector, not made by this SDK): long-running NotebookExecution
// (202 + location + retry-after, final 200 NotebookResponse), dynamic values and dynamic schema.
const swagger = await loadSwaggerFile(fixturePath("jupyrest"));
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe("Jupyrest long-running action", () => {
  it("follows 202 + Location + Retry-After until 200 and returns the final body", async () => {
    let polls = 0;
    stub = await startStubServer((req, s) => {
      if (req.method === "POST" && req.path === "/api/NotebookExecutions") {
        return {
          status: 202,
          headers: {
            location: `${s.url}/api/NotebookExecutionStatus?executionId=e1`,
            "retry-after": "30",
            execution_id: "e1",
          },
        };
      }
      if (req.method === "GET" && req.path === "/api/NotebookExecutionStatus") {
        polls += 1;
        if (polls < 3)
          return {
            status: 202,
            headers: { location: `${s.url}/api/NotebookExecutionStatus?executionId=e1`, "retry-after": "30" },
          };
        return { status: 200, body: { id: "e1", status: "Succeeded", notebook: "health", output: [1, 2] } };
      }
      return { status: 404 };
    });
    const clock = virtualClock();
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock });
    const result = await sim.runAction("NotebookExecution", {
      notebook: "health",
      parameters: { region: "westus" },
    });

    expect(result).toMatchObject({ status: 200, succeeded: true, body: { id: "e1", status: "Succeeded" } });
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000]);
    expect(clock.now()).toBe(90_000);
    const [start] = stub.requests;
    // internal required parameters get their defaults; optional `report` is not sent
    expect(Object.fromEntries(start?.query ?? [])).toEqual({
      disableRedirect: "true",
      output: "true",
      html: "true",
    });
    expect(start?.body).toEqual({ notebook: "health", parameters: { region: "westus" } });
    expect(result.trace.map((t) => t.status)).toEqual([202, 202, 202, 200]);
    expect(formatTrace(result.trace)).toMatch(
      /\+1m30s\s+GET\s+http:\/\/127\.0\.0\.1:\d+\/api\/NotebookExecutionStatus\?executionId=e1 -> 200 \(\d+ ms\) status poll 3, waited 30s \(Retry-After\)/,
    );
  });

  it("accepts the whole body under the body parameter's name, even when a property has the same name", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { id: "x" } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock: virtualClock() });
    await sim.runAction("NotebookExecution", { parameters: { notebook: "n", parameters: { a: 1 } } });
    expect(stub.requests[0]?.body).toEqual({ notebook: "n", parameters: { a: 1 } });
  });

  it("fails with async.missingLocation on a 202 without Location", async () => {
    stub = await startStubServer(() => ({ status: 202, headers: { "retry-after": "5" } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock: virtualClock() });
    const error = await sim.runAction("NotebookExecution", { notebook: "n" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toMatchObject({ rule: "async.missingLocation", operationId: "NotebookExecution" });
    expect((error as Error).message).toMatch(
      /^Contract violation \[async\.missingLocation\] \(operation 'NotebookExecution'\): POST http.* answered 202 without a Location header/,
    );
    expect((error as ContractViolationError).trace).toHaveLength(1);
  });

  it("fails with async.relativeLocation on a relative Location", async () => {
    stub = await startStubServer(() => ({
      status: 202,
      headers: { location: "/api/NotebookExecutionStatus?executionId=1" },
    }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock: virtualClock() });
    await expect(sim.runAction("NotebookExecution", { notebook: "n" })).rejects.toMatchObject({
      name: "ContractViolationError",
      rule: "async.relativeLocation",
      message: expect.stringContaining("relative Location '/api/NotebookExecutionStatus?executionId=1'"),
    });
  });

  it("fails with timeout.async when the job outlives the asynchronous limit, without waiting in real time", async () => {
    stub = await startStubServer((_req, s) => ({
      status: 202,
      headers: { location: `${s.url}/api/status`, "retry-after": "3600" },
    }));
    const clock = virtualClock();
    const sim = createSimulator({
      swagger,
      baseUrl: `${stub.url}/api`,
      clock,
      limits: { asyncTimeoutMs: 24 * 3600_000 },
    });
    const started = performance.now();
    await expect(sim.runAction("NotebookExecution", { notebook: "n" })).rejects.toMatchObject({
      rule: "timeout.async",
    });
    expect(clock.now()).toBe(24 * 3600_000);
    expect(stub.requests).toHaveLength(25);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("uses the engine's default 1 s interval when Retry-After is missing", async () => {
    let n = 0;
    stub = await startStubServer((_req, s) =>
      n++ === 0 ? { status: 202, headers: { location: `${s.url}/api/s` } } : { status: 200, body: {} },
    );
    const clock = virtualClock();
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock });
    await sim.runAction("NotebookExecution", { notebook: "n" });
    expect(clock.sleeps).toEqual([1000]);
  });

  it("checks the final response against NotebookResponse like the platform", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { id: 42, output: "none" } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock: virtualClock() });
    const error = (await sim
      .runAction("NotebookExecution", { notebook: "n" })
      .catch((e: unknown) => e)) as ContractViolationError;
    expect(error.rule).toBe("response.schemaMismatch");
    expect(error.message).toContain(
      "The API operation 'NotebookExecution' requires the property 'body/id' to be of type 'String' but is of type 'Integer'.",
    );
    expect(error.message).toContain(
      "requires the property 'body/output' to be of type 'Array' but is of type 'String'.",
    );
  });

  it("returns a non-2xx final status as a failed action (not a contract violation)", async () => {
    stub = await startStubServer(() => ({ status: 500, body: { error: "boom" } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock: virtualClock() });
    const result = await sim.runAction("NotebookExecution", { notebook: "n" });
    expect(result).toMatchObject({ status: 500, succeeded: false, body: { error: "boom" } });
  });

  it("returns the first 202 as is with disableAsyncPattern", async () => {
    stub = await startStubServer(() => ({ status: 202, headers: { location: "relative-is-not-checked" } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api`, clock: virtualClock() });
    const result = await sim.runAction("NotebookExecution", { notebook: "n" }, { disableAsyncPattern: true });
    expect(result.status).toBe(202);
  });
});

describe("Jupyrest dynamic values and dynamic schema", () => {
  it("resolves the notebook dropdown (x-ms-dynamic-values on a body property)", async () => {
    stub = await startStubServer((req) =>
      req.path === "/api/Notebooks"
        ? { status: 200, body: [{ notebook: "health" }, { notebook: "billing" }] }
        : { status: 404 },
    );
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api` });
    await expect(sim.resolveDynamicValues("NotebookExecution", "notebook")).resolves.toEqual([
      { value: "health", title: "health" },
      { value: "billing", title: "billing" },
    ]);
    await expect(sim.resolveDynamicValues("NotebookExecution", "parameters/notebook")).resolves.toHaveLength(
      2,
    );
  });

  it("resolves the parameters schema from GetNotebookMetadata at value-path 'input'", async () => {
    const input = { type: "object", properties: { region: { type: "string" } } };
    stub = await startStubServer((req) =>
      req.path === "/api/NotebookMetadata"
        ? { status: 200, body: { input, seen: req.query.get("notebook") } }
        : { status: 404 },
    );
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api` });
    await expect(
      sim.resolveDynamicSchema("NotebookExecution", "parameters/parameters", { notebook: "health" }),
    ).resolves.toEqual(input);
    expect(stub.requests[0]?.query.get("notebook")).toBe("health");
    // x-ms-dynamic-properties form (parameterReference "parameters/notebook") gives the same schema
    await expect(
      sim.resolveDynamicSchema(
        "NotebookExecution",
        "parameters/parameters",
        { notebook: "health" },
        { extension: "x-ms-dynamic-properties" },
      ),
    ).resolves.toEqual(input);
  });

  it("refuses to resolve before the referenced input is filled in", async () => {
    const sim = createSimulator({ swagger, baseUrl: "http://127.0.0.1:9/api" });
    await expect(
      sim.resolveDynamicSchema("NotebookExecution", "parameters/parameters", {}),
    ).rejects.toMatchObject({
      code: "missingInput",
      message: expect.stringContaining("needs the input 'notebook'"),
    });
  });

  it("fails with dynamicSchema.invalid when value-path is missing from the response", async () => {
    stub = await startStubServer(() => ({ status: 200, body: { other: 1 } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}/api` });
    await expect(
      sim.resolveDynamicSchema("NotebookExecution", "parameters/parameters", { notebook: "x" }),
    ).rejects.toMatchObject({
      rule: "dynamicSchema.invalid",
      message: expect.stringContaining(
        "does not contain a valid OpenAPI schema object: the property 'input' is missing",
      ),
    });
  });
});
