import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError } from "../errors/connector-error";
import { auth } from "./auth";
import { entraIdVerifier, jwtVerifier } from "./jwt-verifier";
import type { AuthRequest } from "./types";

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };

async function makeKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** A JWKS endpoint on loopback whose key list the test changes. */
let server: Server;
let base = "";
let published: JWK[] = [];
let fetches = 0;
let failing = false;

beforeAll(async () => {
  server = createServer((_req, res) => {
    fetches++;
    if (failing) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ISSUER = "https://idp.contoso.test/";
const AUDIENCE = "api://tickets";

async function sign(key: Key, claims: JWTPayload = {}, opts: { exp?: string | number; alg?: string } = {}) {
  return new SignJWT({ scope: "tickets.read tickets.write", ...claims })
    .setProtectedHeader({ alg: opts.alg ?? "RS256", kid: key.kid })
    .setIssuer((claims.iss as string | undefined) ?? ISSUER)
    .setAudience((claims.aud as string | undefined) ?? AUDIENCE)
    .setSubject((claims.sub as string | undefined) ?? "user-1")
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? "5m")
    .sign(key.privateKey);
}

const req = (authorization?: string | string[]): AuthRequest => ({
  method: "GET",
  path: "/tickets",
  headers: authorization === undefined ? {} : { authorization },
  query: {},
});

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("auth.oauth2 + jwtVerifier against a loopback JWKS", () => {
  let keyA: Key;
  let stranger: Key;
  const scheme = () =>
    auth.oauth2({
      authorizationUrl: "https://idp.contoso.test/authorize",
      tokenUrl: "https://idp.contoso.test/token",
      verify: jwtVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUri: `${base}/keys`,
        jwks: { cooldownMs: 0 },
      }),
      authorize: (p) => p.subject !== "blocked-user",
    });
  let oauth: ReturnType<typeof scheme>;

  beforeAll(async () => {
    keyA = await makeKey("key-a");
    stranger = await makeKey("key-a"); // same kid, different key: a forged signature
    published = [keyA.jwk];
    oauth = scheme();
  });

  it("accepts a valid token and returns a typed principal", async () => {
    const principal = await oauth.authenticate(req(`Bearer ${await sign(keyA)}`));
    expect(principal.subject).toBe("user-1");
    expect(principal.scopes).toEqual(["tickets.read", "tickets.write"]);
    expect(principal.claims.iss).toBe(ISSUER);
  });

  it("missing credentials: 401 with a Bearer challenge and no error code", async () => {
    const e = await refusal(oauth.authenticate(req()));
    expect(e.status).toBe(401);
    expect(e.message).toBe("Missing credentials");
    expect(e.headers?.["www-authenticate"]).toBe('Bearer realm="connector"');
  });

  it.each([
    ["another scheme", "Basic dXNlcjpwYXNz", "invalid_request"],
    ["no token", "Bearer ", "invalid_request"],
    ["not a JWT", "Bearer abc.def", "invalid_token"],
    ["garbage segments", "Bearer a.b.c", "invalid_token"],
    ["oversized", `Bearer ${"a".repeat(20_000)}`, "invalid_request"],
  ])("malformed (%s): 401 %s", async (_name, header, code) => {
    const e = await refusal(oauth.authenticate(req(header)));
    expect(e.status).toBe(401);
    expect(e.message).toBe("Invalid credentials");
    expect(e.headers?.["www-authenticate"]).toBe(`Bearer realm="connector", error="${code}"`);
  });

  it("repeated Authorization headers are refused", async () => {
    const token = await sign(keyA);
    const e = await refusal(oauth.authenticate(req([`Bearer ${token}`, `Bearer ${token}`])));
    expect(e.status).toBe(401);
  });

  const refusedTokens: Array<[string, () => Promise<string>]> = [
    ["expired", () => sign(keyA, {}, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ["wrong audience", () => sign(keyA, { aud: "api://other" })],
    ["wrong issuer", () => sign(keyA, { iss: "https://evil.test/" })],
    ["wrong signature (same kid, other key)", () => sign(stranger)],
    ["unknown key", async () => sign(await makeKey("key-unknown"))],
    [
      "alg none",
      async () =>
        `${Buffer.from('{"alg":"none","kid":"key-a"}').toString("base64url")}.${Buffer.from(
          JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: "x", exp: 9_999_999_999 }),
        ).toString("base64url")}.x`,
    ],
    [
      "tampered payload",
      async () => {
        const [h, , s] = (await sign(keyA)).split(".");
        const forged = Buffer.from(
          JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: "admin", exp: 9_999_999_999 }),
        ).toString("base64url");
        return `${h}.${forged}.${s}`;
      },
    ],
  ];
  it.each(refusedTokens)("%s: 401 invalid_token, no jose text leaked", async (_name, make) => {
    const e = await refusal(oauth.authenticate(req(`Bearer ${await make()}`)));
    expect(e.status).toBe(401);
    expect(e.message).toBe("Invalid credentials");
    expect(e.headers?.["www-authenticate"]).toBe('Bearer realm="connector", error="invalid_token"');
    expect(JSON.stringify(e.toBody())).not.toMatch(/exp|aud|iss|signature|JWS|JWT/i);
  });

  it("a principal the authorize hook rejects: 403", async () => {
    const e = await refusal(oauth.authenticate(req(`Bearer ${await sign(keyA, { sub: "blocked-user" })}`)));
    expect(e.status).toBe(403);
    expect(e.code).toBe("Forbidden");
  });

  it("missing required scope: 403 insufficient_scope naming the scope", async () => {
    const strict = auth.oauth2({
      authorizationUrl: "https://idp.contoso.test/authorize",
      tokenUrl: "https://idp.contoso.test/token",
      verify: jwtVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUri: `${base}/keys`,
        requiredScopes: ["tickets.admin"],
      }),
    });
    const e = await refusal(strict.authenticate(req(`Bearer ${await sign(keyA)}`)));
    expect(e.status).toBe(403);
    expect(e.headers?.["www-authenticate"]).toBe(
      'Bearer realm="connector", error="insufficient_scope", scope="tickets.admin"',
    );
  });
});

describe("JWKS key rotation", () => {
  it("picks up a new kid after the first fetch and refuses the removed key afterwards", async () => {
    const oldKey = await makeKey("old");
    const newKey = await makeKey("new");
    published = [oldKey.jwk];
    const verify = jwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: `${base}/rotating`,
      jwks: { cooldownMs: 0 },
    });
    const bearer = auth.oauth2({
      authorizationUrl: "https://i.test/a",
      tokenUrl: "https://i.test/t",
      verify,
    });
    const before = fetches;
    const oldToken = await sign(oldKey);
    expect((await bearer.authenticate(req(`Bearer ${oldToken}`))).subject).toBe("user-1");
    expect(fetches).toBe(before + 1);
    await bearer.authenticate(req(`Bearer ${oldToken}`)); // cached: no refetch
    expect(fetches).toBe(before + 1);

    published = [newKey.jwk]; // rotation: new kid appears, old one is removed
    expect((await bearer.authenticate(req(`Bearer ${await sign(newKey, { sub: "user-2" })}`))).subject).toBe(
      "user-2",
    );
    expect(fetches).toBe(before + 2);
    const e = await refusal(bearer.authenticate(req(`Bearer ${oldToken}`)));
    expect(e.status).toBe(401);
  });

  it("does not refetch on every unknown kid within the cooldown (kid spraying)", async () => {
    const key = await makeKey("steady");
    published = [key.jwk];
    const verify = jwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: `${base}/cooldown`,
      jwks: { cooldownMs: 60_000 },
    });
    await verify(await sign(key), req());
    const before = fetches;
    const spray = await makeKey("spray");
    for (let i = 0; i < 20; i++) {
      await expect(verify(await sign({ ...spray, kid: `spray-${i}` }), req())).rejects.toMatchObject({
        reason: "invalid_token",
      });
    }
    expect(fetches - before).toBeLessThanOrEqual(1);
  });

  it("an unreachable JWKS answers 503, not 401", async () => {
    failing = true;
    try {
      const key = await makeKey("k");
      const bearer = auth.oauth2({
        authorizationUrl: "https://i.test/a",
        tokenUrl: "https://i.test/t",
        verify: jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${base}/down` }),
      });
      const e = await refusal(bearer.authenticate(req(`Bearer ${await sign(key)}`)));
      expect(e.status).toBe(503);
      expect(e.message).toBe("Unable to verify credentials");
    } finally {
      failing = false;
    }
  });
});

describe("entraIdVerifier", () => {
  const tenant = "11111111-2222-3333-4444-555555555555";
  const otherTenant = "99999999-2222-3333-4444-555555555555";
  let key: Key;
  beforeAll(async () => {
    key = await makeKey("entra");
    published = [key.jwk];
  });
  const verifier = (tenantId: string, extra: { allowedTenants?: string[] } = {}) =>
    entraIdVerifier({
      tenantId,
      audience: AUDIENCE,
      authority: `${base}/login`,
      v1IssuerBase: `${base}/sts`,
      jwksUri: `${base}/entra-keys`,
      ...extra,
    });

  it("accepts v1 and v2 issuers of the tenant and types the principal", async () => {
    published = [key.jwk];
    const verify = verifier(tenant);
    const v1 = await verify(
      await sign(key, {
        iss: `${base}/sts/${tenant}/`,
        tid: tenant,
        oid: "o-1",
        appid: "app-1",
        scp: "Tickets.Read",
      }),
      req(),
    );
    expect(v1).toMatchObject({
      tenantId: tenant,
      objectId: "o-1",
      clientAppId: "app-1",
      tokenVersion: "1.0",
      scopes: ["Tickets.Read"],
    });
    const v2 = await verify(
      await sign(key, {
        iss: `${base}/login/${tenant}/v2.0`,
        tid: tenant,
        azp: "app-2",
        roles: ["Tickets.All"],
      }),
      req(),
    );
    expect(v2).toMatchObject({ tokenVersion: "2.0", clientAppId: "app-2", roles: ["Tickets.All"] });
  });

  it("refuses another tenant's token, and a tid that does not match the issuer", async () => {
    published = [key.jwk];
    const verify = verifier(tenant);
    await expect(
      verify(await sign(key, { iss: `${base}/sts/${otherTenant}/`, tid: otherTenant }), req()),
    ).rejects.toMatchObject({
      reason: "invalid_token",
    });
    await expect(
      verify(await sign(key, { iss: `${base}/sts/${tenant}/`, tid: otherTenant }), req()),
    ).rejects.toMatchObject({
      reason: "invalid_token",
    });
  });

  it("multi-tenant: issuer must match the token's own tid, and allowedTenants restricts", async () => {
    published = [key.jwk];
    const any = verifier("organizations");
    expect(
      (await any(await sign(key, { iss: `${base}/login/${otherTenant}/v2.0`, tid: otherTenant }), req()))
        ?.tenantId,
    ).toBe(otherTenant);
    await expect(
      any(await sign(key, { iss: `${base}/login/${tenant}/v2.0`, tid: otherTenant }), req()),
    ).rejects.toBeDefined();
    const restricted = verifier("common", { allowedTenants: [tenant] });
    await expect(
      restricted(await sign(key, { iss: `${base}/login/${otherTenant}/v2.0`, tid: otherTenant }), req()),
    ).rejects.toBeDefined();
    expect(
      (await restricted(await sign(key, { iss: `${base}/login/${tenant}/v2.0`, tid: tenant }), req()))
        ?.tenantId,
    ).toBe(tenant);
  });

  it("works inside auth.aad, with 401 on a wrong audience", async () => {
    published = [key.jwk];
    const a = auth.aad({ resourceUri: AUDIENCE, verify: verifier(tenant) });
    const ok = await a.authenticate(
      req(`Bearer ${await sign(key, { iss: `${base}/sts/${tenant}/`, tid: tenant })}`),
    );
    expect(ok.tenantId).toBe(tenant);
    const e = await refusal(
      a.authenticate(
        req(`Bearer ${await sign(key, { iss: `${base}/sts/${tenant}/`, tid: tenant, aud: "api://x" })}`),
      ),
    );
    expect(e.status).toBe(401);
  });

  it("defaults to Microsoft's common JWKS and issuers", () => {
    expect(() => entraIdVerifier({ tenantId: tenant, audience: AUDIENCE })).not.toThrow();
  });
});

describe("verifier configuration", () => {
  it("refuses insecure or symmetric setups", () => {
    expect(() =>
      jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: "http://idp.contoso.test/keys" }),
    ).toThrow(/https/);
    expect(() =>
      jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: "https://x.test/k", algorithms: ["HS256"] }),
    ).toThrow(/HS256/);
    expect(() => jwtVerifier({ issuer: [], audience: AUDIENCE, jwksUri: "https://x.test/k" })).toThrow(
      /issuer/,
    );
    expect(() => entraIdVerifier({ tenantId: "contoso", audience: AUDIENCE })).toThrow(/GUID/);
    expect(() =>
      entraIdVerifier({
        tenantId: "11111111-2222-3333-4444-555555555555",
        audience: AUDIENCE,
        allowedTenants: ["x"],
      }),
    ).toThrow(/multi-tenant/);
  });
});
