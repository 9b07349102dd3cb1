import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectorError } from "../errors/connector-error";
import { type ApiKeyVerify, apiKeyId } from "./api-key";
import { auth } from "./auth";
import { type BasicVerify, decodeBasic } from "./basic";
import { constantTimeEqual, MAX_CREDENTIAL_LENGTH } from "./credentials";
import { principalFingerprint } from "./principal-fingerprint";
import type { AuthRequest } from "./types";
import { CredentialRejectedError } from "./verify-result";

const req = (headers: AuthRequest["headers"] = {}, query: AuthRequest["query"] = {}): AuthRequest => ({
  method: "POST",
  path: "/tickets",
  headers,
  query,
});
const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("auth.apiKey", () => {
  const verify = auth.apiKey.keys([
    { key: "acme-key-0001", principal: { tenant: "acme" } },
    { key: "blocked-key-01", principal: { tenant: "blocked" } },
  ]);
  const keyAuth = auth.apiKey({
    in: "header",
    name: "X-API-Key",
    verify,
    authorize: (p) => p.tenant !== "blocked",
  });

  it("accepts a listed key and returns its principal", async () => {
    expect(await keyAuth.authenticate(req({ "x-api-key": "acme-key-0001" }))).toEqual({ tenant: "acme" });
  });
  it("missing key: 401 with the ApiKey challenge", async () => {
    const e = await refusal(keyAuth.authenticate(req()));
    expect([e.status, e.message, e.headers?.["www-authenticate"]]).toEqual([
      401,
      "Missing credentials",
      'ApiKey realm="connector"',
    ]);
    expect((await refusal(keyAuth.authenticate(req({ "x-api-key": "" })))).message).toBe(
      "Missing credentials",
    );
  });
  it.each([
    ["wrong key", { "x-api-key": "acme-key-0002" }],
    ["prefix of a key", { "x-api-key": "acme-key-000" }],
    ["repeated header", { "x-api-key": ["acme-key-0001", "acme-key-0001"] }],
    ["oversized", { "x-api-key": "k".repeat(100_000) }],
  ])("%s: 401 invalid_key", async (_n, headers) => {
    const e = await refusal(keyAuth.authenticate(req(headers)));
    expect(e.status).toBe(401);
    expect(e.message).toBe("Invalid credentials");
    expect(e.headers?.["www-authenticate"]).toBe('ApiKey realm="connector", error="invalid_key"');
  });
  it("a key the authorize hook rejects: 403", async () => {
    const e = await refusal(keyAuth.authenticate(req({ "x-api-key": "blocked-key-01" })));
    expect(e.status).toBe(403);
  });
  it("reads query keys and custom scheme / realm", async () => {
    const q = auth.apiKey({
      in: "query",
      name: "code",
      verify: auth.apiKey.keys(["query-key-1"]),
      scheme: "FunctionKey",
      realm: "tickets",
    });
    expect(await q.authenticate(req({}, { code: "query-key-1" }))).toEqual({
      keyId: apiKeyId("query-key-1"),
    });
    const e = await refusal(q.authenticate(req({ "x-api-key": "query-key-1" })));
    expect(e.headers?.["www-authenticate"]).toBe('FunctionKey realm="tickets"');
  });
  it("does not read inherited properties as credentials", async () => {
    const headers = Object.create({ "x-api-key": "acme-key-0001" }) as AuthRequest["headers"];
    expect((await refusal(keyAuth.authenticate(req(headers)))).message).toBe("Missing credentials");
  });
  it("verifier errors: ConnectorError kept, CredentialRejectedError mapped, crashes propagate", async () => {
    const mk = (verify: () => never) => auth.apiKey({ in: "header", name: "k", verify });
    const teapot = new ConnectorError("TooManyRequests");
    await expect(
      mk(() => {
        throw teapot;
      }).authenticate(req({ k: "x" })),
    ).rejects.toBe(teapot);
    expect(
      (
        await refusal(
          mk(() => {
            throw new CredentialRejectedError("unavailable");
          }).authenticate(req({ k: "x" })),
        )
      ).status,
    ).toBe(503);
    await expect(
      mk(() => {
        throw new Error("db down");
      }).authenticate(req({ k: "x" })),
    ).rejects.toThrow("db down");
  });
  it("keys() refuses empty or short key lists", () => {
    expect(() => auth.apiKey.keys([])).toThrow(/at least one/);
    expect(() => auth.apiKey.keys({})).toThrow(/at least one/);
    expect(() => auth.apiKey.keys(["short"])).toThrow(/8 characters/);
  });
  it("keys() refuses malformed, duplicate, oversized and hostile entries", () => {
    const bad: unknown[] = [
      null,
      undefined,
      "not a list",
      [null],
      [42],
      [{ key: "k".repeat(8) }],
      [{ id: "", key: "k".repeat(8) }],
      [{ id: "x".repeat(129), key: "k".repeat(8) }],
      [{ id: "sha256:0123", key: "k".repeat(8) }],
      [{ id: 7, key: "k".repeat(8) }],
      [{ id: "a", key: 12345678 }],
      [{ key: "k".repeat(8), principal: undefined }],
      [
        { id: "a", key: "k".repeat(8) },
        { id: "a", key: "j".repeat(8) },
      ],
      ["k".repeat(8), "k".repeat(8)],
      [{ id: "a", key: "k".repeat(8) }, "k".repeat(8)],
      { a: "k".repeat(8), b: "k".repeat(8) },
      { a: "short" },
      ["k".repeat(MAX_CREDENTIAL_LENGTH + 1)],
    ];
    for (const input of bad) {
      expect(() => auth.apiKey.keys(input as never), JSON.stringify(input)?.slice(0, 60)).toThrow(TypeError);
    }
  });

  // Finding 4: the principal was the key's list position, so after key A was removed from "A,B", key B became
  // { keyIndex: 0 } and read A's jobs and subscriptions.
  describe("identity does not depend on a key's position", () => {
    const A = "key-a-0000000001";
    const B = "key-b-0000000002";
    const who = async (verify: ApiKeyVerify<unknown>, key: string) =>
      auth.apiKey({ in: "header", name: "X-API-Key", verify }).authenticate(req({ "x-api-key": key }));

    it("bare keys: the identity is a hash of the key, the same after another key is removed", async () => {
      const before = await who(auth.apiKey.keys([A, B]), B);
      const after = await who(auth.apiKey.keys([B]), B);
      expect(after).toEqual(before);
      expect(before).toEqual({ keyId: apiKeyId(B) });
      expect(await who(auth.apiKey.keys([A, B]), A)).not.toEqual(before);
      expect(principalFingerprint(after)).toBe(principalFingerprint(before));
      expect(principalFingerprint(await who(auth.apiKey.keys([B, A]), A))).not.toBe(
        principalFingerprint(before),
      );
      // the key itself never appears in the principal
      expect(JSON.stringify(before)).not.toContain(B);
      expect(apiKeyId(B)).toMatch(/^sha256:[0-9a-f]{32}$/);
    });

    it("named keys: the author's id, in the record and the { id, key } forms", async () => {
      expect(await who(auth.apiKey.keys({ primary: A, rotated: B }), B)).toEqual({ keyId: "rotated" });
      expect(await who(auth.apiKey.keys({ rotated: B }), B)).toEqual({ keyId: "rotated" });
      expect(await who(auth.apiKey.keys([{ id: "primary", key: A }, B]), A)).toEqual({ keyId: "primary" });
      expect(await who(auth.apiKey.keys([{ id: "primary", key: A }, B]), B)).toEqual({ keyId: apiKeyId(B) });
      // the same id keeps the identity when the key behind it is rotated
      expect(await who(auth.apiKey.keys({ primary: B }), B)).toEqual(
        await who(auth.apiKey.keys({ primary: A }), A),
      );
    });

    it("keys with author-given principals keep them (two keys may share one to rotate)", async () => {
      const verify = auth.apiKey.keys([
        { key: A, principal: { tenant: "acme" } },
        { key: B, principal: { tenant: "acme" } },
      ]);
      expect(await who(verify, A)).toEqual({ tenant: "acme" });
      expect(await who(verify, B)).toEqual({ tenant: "acme" });
    });
  });
});

describe("auth.basic", () => {
  const basicAuth = auth.basic({
    verify: auth.basic.users({ alice: "correct horse battery", bob: "pässwörd:with:colons" }),
  });
  it("accepts listed users (UTF-8, colons in the password)", async () => {
    expect(
      await basicAuth.authenticate(req({ authorization: basicHeader("alice", "correct horse battery") })),
    ).toEqual({ username: "alice" });
    expect(
      await basicAuth.authenticate(req({ authorization: basicHeader("bob", "pässwörd:with:colons") })),
    ).toEqual({ username: "bob" });
    expect(
      await basicAuth.authenticate(
        req({ authorization: `basic ${Buffer.from("alice:correct horse battery").toString("base64")}` }),
      ),
    ).toEqual({ username: "alice" });
  });
  it("missing: 401 with a Basic realm challenge", async () => {
    const e = await refusal(basicAuth.authenticate(req()));
    expect([e.status, e.message, e.headers?.["www-authenticate"]]).toEqual([
      401,
      "Missing credentials",
      'Basic realm="connector", charset="UTF-8"',
    ]);
  });
  it.each([
    ["wrong password", basicHeader("alice", "wrong")],
    ["unknown user", basicHeader("mallory", "correct horse battery")],
    ["user with another's password", basicHeader("alice", "pässwörd:with:colons")],
    ["not base64", "Basic !!!"],
    ["no colon", `Basic ${Buffer.from("alice").toString("base64")}`],
    ["empty user", `Basic ${Buffer.from(":pw").toString("base64")}`],
    ["invalid UTF-8", `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString("base64")}`],
    ["control characters", `Basic ${Buffer.from("alice:pw\u0000x").toString("base64")}`],
    ["bearer instead", "Bearer abc"],
    ["oversized", `Basic ${"QUFB".repeat(5000)}`],
  ])("%s: 401", async (_n, header) => {
    const e = await refusal(basicAuth.authenticate(req({ authorization: header })));
    expect(e.status).toBe(401);
    expect(e.message).toBe("Invalid credentials");
    expect(e.headers?.["www-authenticate"]).toBe('Basic realm="connector", charset="UTF-8"');
  });
  it("403 via authorize", async () => {
    const strict = auth.basic({
      verify: auth.basic.users({ carol: "carols-password" }),
      authorize: () => false,
    });
    expect(
      (await refusal(strict.authenticate(req({ authorization: basicHeader("carol", "carols-password") }))))
        .status,
    ).toBe(403);
  });
  it("decodeBasic never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = decodeBasic(s);
        return r === undefined || (typeof r.username === "string" && r.username.length > 0);
      }),
      { numRuns: 500 },
    );
  });
  it("users() refuses weak tables", () => {
    expect(() => auth.basic.users({})).toThrow(/at least one/);
    expect(() => auth.basic.users({ "a:b": "long-enough-pw" })).toThrow(/username/);
    expect(() => auth.basic.users({ a: "short" })).toThrow(/8 characters/);
  });
});

describe("constantTimeEqual", () => {
  it("compares by value, including different lengths", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)),
      { numRuns: 300 },
    );
  });
});

describe("auth.none", () => {
  it("lets everyone in", async () => {
    expect(await auth.none().authenticate(req())).toBeUndefined();
  });
});

describe("auth.windowsGateway", () => {
  const gw = auth.windowsGateway({
    verify: (r) => {
      const user = r.headers["x-windows-user"];
      return typeof user === "string" ? { user } : undefined;
    },
    authorize: (p) => p.user.startsWith("CONTOSO\\"),
  });
  it("accepts an identified user, 401 Negotiate otherwise, 403 via authorize", async () => {
    expect(await gw.authenticate(req({ "x-windows-user": "CONTOSO\\alice" }))).toEqual({
      user: "CONTOSO\\alice",
    });
    const e = await refusal(gw.authenticate(req()));
    expect([e.status, e.headers?.["www-authenticate"]]).toEqual([401, "Negotiate"]);
    expect((await refusal(gw.authenticate(req({ "x-windows-user": "FABRIKAM\\eve" })))).status).toBe(403);
  });
});

describe("auth.multiple", () => {
  const keyAuth = auth.apiKey({
    in: "header",
    name: "X-API-Key",
    verify: auth.apiKey.keys(["the-api-key-1"]),
  });
  const basicAuth = auth.basic({ verify: auth.basic.users({ alice: "alice-password" }) });
  const either = auth.multiple({
    options: [
      { name: "api-key", displayName: "API key", description: "Use an API key.", auth: keyAuth },
      { name: "basic-auth", displayName: "Password", description: "Use a password.", auth: basicAuth },
    ],
    authorize: (p) => !(p.option === "basic-auth" && p.principal.username === "blocked"),
  });
  it("accepts whichever option's credentials are present, tagged with the option", async () => {
    expect(await either.authenticate(req({ "x-api-key": "the-api-key-1" }))).toEqual({
      option: "api-key",
      principal: { keyId: apiKeyId("the-api-key-1") },
    });
    expect(await either.authenticate(req({ authorization: basicHeader("alice", "alice-password") }))).toEqual(
      {
        option: "basic-auth",
        principal: { username: "alice" },
      },
    );
  });
  it("basic.users identifies by user name, not by position", async () => {
    const login = (verify: BasicVerify<{ username: string }>) =>
      auth.basic({ verify }).authenticate(req({ authorization: basicHeader("bob", "bob-password") }));
    const both = await login(auth.basic.users({ alice: "alice-password", bob: "bob-password" }));
    expect(both).toEqual({ username: "bob" });
    expect(await login(auth.basic.users({ bob: "bob-password" }))).toEqual(both);
  });
  it("tries every present option: a bad key does not hide a good password", async () => {
    expect(
      await either.authenticate(
        req({ "x-api-key": "wrong-key-0000", authorization: basicHeader("alice", "alice-password") }),
      ),
    ).toMatchObject({ option: "basic-auth" });
  });
  it("none present: 401 with every challenge; bad one: the option's 401", async () => {
    const e = await refusal(either.authenticate(req()));
    expect(e.status).toBe(401);
    expect(e.headers?.["www-authenticate"]).toBe(
      'ApiKey realm="connector", Basic realm="connector", charset="UTF-8"',
    );
    const bad = await refusal(either.authenticate(req({ "x-api-key": "wrong-key-0000" })));
    expect(bad.headers?.["www-authenticate"]).toBe('ApiKey realm="connector", error="invalid_key"');
  });
  it("403 via the multiple-level authorize hook", async () => {
    const m = auth.multiple({
      options: [
        { name: "api-key", displayName: "API key", description: "Use an API key.", auth: keyAuth },
        { name: "basic-auth", displayName: "Password", description: "Use a password.", auth: basicAuth },
      ],
      authorize: (p) => p.option !== "api-key",
    });
    expect((await refusal(m.authenticate(req({ "x-api-key": "the-api-key-1" })))).status).toBe(403);
  });
});
