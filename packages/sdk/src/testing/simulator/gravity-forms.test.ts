import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator } from "./create-simulator";
import { ContractViolationError, SimulatorError } from "./errors";
import {
  fixturePath,
  type StubReply,
  type StubRequest,
  type StubServer,
  startStubServer,
} from "./stub-server";
import { loadSwaggerFile } from "./swagger-document";

// Gravity Forms by reenhanced (certified connector): webhook trigger CreateWebhook (callback_url marked
// x-ms-notification-url, 201 + Location, internal DELETE /webhooks/{id}), API key header `license-key`,
// dynamic values/list and a notification schema resolved through x-ms-dynamic-schema/-properties.
const swagger = await loadSwaggerFile(fixturePath("gravity-forms"));
const BASE = "/gravity-flow/api/power_automate";
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function postJson(url: string, body: unknown): Promise<number> {
  const res = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.body.dump();
  return res.statusCode;
}

function gravity(onRegister: (req: StubRequest, stub: StubServer) => StubReply): Promise<StubServer> {
  return startStubServer((req, s) => {
    if (req.method === "POST" && req.path === `${BASE}/webhooks`) return onRegister(req, s);
    if (req.method === "DELETE" && req.path.startsWith(`${BASE}/webhooks/`)) return { status: 200 };
    if (req.method === "GET" && req.path === `${BASE}/forms`) {
      return {
        status: 200,
        body: [
          { id: "1", name: "Contact", form_name: "Contact us" },
          { id: "2", name: "Order", form_name: "Order form" },
        ],
      };
    }
    if (req.method === "GET" && req.path === `${BASE}/domains`)
      return { status: 200, body: [{ id: 7, name: "example.org" }] };
    if (req.method === "GET" && req.path.startsWith(`${BASE}/forms/`)) {
      return {
        status: 200,
        body: { schema: { type: "object", properties: { email: { type: "string" } } }, form: req.path },
      };
    }
    return { status: 404 };
  });
}

describe("Gravity Forms webhook trigger", () => {
  it("registers with the callback URL, yields one run per notification, and deletes the Location on stop", async () => {
    stub = await gravity((_req, s) => ({
      status: 201,
      headers: { location: `${s.url}${BASE}/webhooks/42` },
    }));
    const sim = createSimulator({
      swagger,
      baseUrl: `${stub.url}${BASE}`,
      connection: { apiKey: "lic-123" },
    });
    const sub = await sim.subscribeWebhook("CreateWebhook", { form_id: "1" });

    const registration = stub.requests[0];
    expect(registration?.headers["license-key"]).toBe("lic-123");
    expect(registration?.body).toEqual({ form_id: "1", callback_url: sub.callbackUrl });
    expect(sub.callbackUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/workflows\/[0-9a-f]+\/triggers\/CreateWebhook\/paths\/invoke\?.*sig=/,
    );
    expect(sub.location).toBe(`${stub.url}${BASE}/webhooks/42`);

    expect(await postJson(sub.callbackUrl, { email: "a@example.org" })).toBe(202);
    expect(await postJson(sub.callbackUrl, { email: "b@example.org" })).toBe(202);
    await expect(sub.next()).resolves.toMatchObject({ body: { email: "a@example.org" } });
    await expect(sub.next()).resolves.toMatchObject({ body: { email: "b@example.org" } });
    expect(sub.runs()).toHaveLength(2);

    await expect(sub.stop()).resolves.toEqual({ status: 200 });
    const del = stub.requests.at(-1);
    expect(del).toMatchObject({ method: "DELETE", path: `${BASE}/webhooks/42` });
    expect(del?.headers["license-key"]).toBe("lic-123");
    await expect(sub.stop()).resolves.toEqual({ status: 200 }); // idempotent
    expect(stub.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    await expect(sub.next()).rejects.toMatchObject({ code: "subscriptionStopped" });
    await expect(postJson(sub.callbackUrl, {})).rejects.toThrow(); // receiver closed
    expect(sub.trace.map((t) => `${t.method} ${t.status}`)).toEqual([
      "POST 201",
      "POST 202",
      "POST 202",
      "DELETE 200",
    ]);
  });

  it("rejects callbacks with a wrong signature or method, and fails the run for a non-JSON or mismatching notification", async () => {
    stub = await gravity((_req, s) => ({ status: 201, headers: { location: `${s.url}${BASE}/webhooks/1` } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    const sub = await sim.subscribeWebhook("CreateWebhook", { form_id: "1" });
    try {
      expect(await postJson(sub.callbackUrl.replace(/sig=[^&]+/, "sig=forged"), {})).toBe(401);
      const get = await request(sub.callbackUrl, { method: "GET" });
      await get.body.dump();
      expect(get.statusCode).toBe(405);
      const bad = await request(sub.callbackUrl, { method: "POST", body: "not json" });
      await bad.body.dump();
      expect(bad.statusCode).toBe(400);
      await expect(sub.next()).rejects.toMatchObject({ rule: "notification.notJson" });
      expect(await postJson(sub.callbackUrl, [1, 2])).toBe(202);
      const error = (await sub.next().catch((e: unknown) => e)) as ContractViolationError;
      expect(error.rule).toBe("notification.schemaMismatch");
      expect(error.message).toContain(
        "requires the property 'body' to be of type 'Object' but is of type 'Array'",
      );
      expect(sub.runs()).toHaveLength(0);
      await expect(sub.next({ timeoutMs: 30 })).rejects.toMatchObject({ code: "notificationTimeout" });
    } finally {
      await sub.stop();
    }
  });

  it("fails with webhook.missingLocation when the registration has no Location", async () => {
    stub = await gravity(() => ({ status: 201, body: { id: 42 } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    const error = await sim.subscribeWebhook("CreateWebhook", { form_id: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toMatchObject({ rule: "webhook.missingLocation" });
    expect((error as Error).message).toContain("[webhook.missingLocation]");
    expect((error as Error).message).toContain("cannot delete the webhook");
  });

  it("fails with webhook.missingDelete when no DELETE operation matches the Location", async () => {
    stub = await gravity((_req, s) => ({
      status: 201,
      headers: { location: `${s.url}${BASE}/subscriptions/42` },
    }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    await expect(sim.subscribeWebhook("CreateWebhook", { form_id: "1" })).rejects.toMatchObject({
      rule: "webhook.missingDelete",
      message: expect.stringContaining(
        "no DELETE operation in the swagger matches the registration's Location path '/subscriptions/42'",
      ),
    });
  });

  it("fails with webhook.missingDelete for a swagger without any DELETE operation", async () => {
    const noDelete = structuredClone(swagger);
    delete (noDelete.paths as Record<string, unknown>)["/webhooks/{id}"];
    stub = await gravity((_req, s) => ({
      status: 201,
      headers: { location: `${s.url}${BASE}/webhooks/42` },
    }));
    const sim = createSimulator({ swagger: noDelete, baseUrl: `${stub.url}${BASE}` });
    await expect(sim.subscribeWebhook("CreateWebhook", { form_id: "1" })).rejects.toMatchObject({
      rule: "webhook.missingDelete",
    });
  });

  it("fails with webhook.relativeLocation and webhook.foreignLocation", async () => {
    stub = await gravity(() => ({ status: 201, headers: { location: `${BASE}/webhooks/42` } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    await expect(sim.subscribeWebhook("CreateWebhook", { form_id: "1" })).rejects.toMatchObject({
      rule: "webhook.relativeLocation",
    });
    await stub.close();
    stub = await gravity(() => ({
      status: 201,
      headers: { location: "https://elsewhere.example/webhooks/42" },
    }));
    const sim2 = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    await expect(sim2.subscribeWebhook("CreateWebhook", { form_id: "1" })).rejects.toMatchObject({
      rule: "webhook.foreignLocation",
    });
  });

  it("reports a failed registration as operationFailed, and a missing required input before calling", async () => {
    stub = await gravity(() => ({ status: 401, body: { message: "bad key" } }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    await expect(sim.subscribeWebhook("CreateWebhook", { form_id: "1" })).rejects.toMatchObject({
      code: "operationFailed",
      message: expect.stringContaining("failed with 401"),
    });
    const before = stub.requests.length;
    await expect(sim.subscribeWebhook("CreateWebhook", {})).rejects.toMatchObject({
      code: "missingInput",
      message: "Operation 'CreateWebhook' is missing required input: webhook/form_id (body).",
    });
    expect(stub.requests.length).toBe(before);
    await expect(sim.subscribeWebhook("GetForms", {})).rejects.toBeInstanceOf(SimulatorError);
  });
});

describe("Gravity Forms dynamic values and schema", () => {
  it("shows the form dropdown with value-path/value-title (body property and path parameter)", async () => {
    stub = await gravity(() => ({ status: 500 }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}`, connection: { apiKey: "k" } });
    await expect(sim.resolveDynamicValues("CreateWebhook", "form_id")).resolves.toEqual([
      { value: "1", title: "Contact us" },
      { value: "2", title: "Order form" },
    ]);
    await expect(sim.resolveDynamicValues("CreateWebhook", "webhook/form_id")).resolves.toHaveLength(2);
    await expect(sim.resolveDynamicValues("GetFormSchema", "form_id")).resolves.toEqual([
      { value: "1", title: "Contact" },
      { value: "2", title: "Order" },
    ]);
    expect(stub.requests.every((r) => r.headers["license-key"] === "k")).toBe(true);
  });

  it("resolves the notification schema via x-ms-dynamic-schema and x-ms-dynamic-properties", async () => {
    stub = await gravity(() => ({ status: 500 }));
    const sim = createSimulator({ swagger, baseUrl: `${stub.url}${BASE}` });
    const expected = { type: "object", properties: { email: { type: "string" } } };
    await expect(
      sim.resolveDynamicSchema("CreateWebhook", "notification", { form_id: "a b" }),
    ).resolves.toEqual(expected);
    await expect(
      sim.resolveDynamicSchema(
        "CreateWebhook",
        "notification",
        { form_id: "3" },
        { extension: "x-ms-dynamic-properties" },
      ),
    ).resolves.toEqual(expected);
    expect(stub.requests.map((r) => r.path)).toEqual([`${BASE}/forms/a%20b`, `${BASE}/forms/3`]);
  });

  it("fails clearly for a parameter without dynamic values and for an unknown path", async () => {
    const sim = createSimulator({ swagger, baseUrl: "http://127.0.0.1:9" });
    await expect(sim.resolveDynamicValues("CreateWebhook", "callback_url")).rejects.toMatchObject({
      code: "wrongOperationKind",
    });
    await expect(sim.resolveDynamicValues("CreateWebhook", "nope")).rejects.toMatchObject({
      code: "invalidInput",
    });
    await expect(sim.resolveDynamicValues("Nope", "x")).rejects.toMatchObject({ code: "unknownOperation" });
  });
});
