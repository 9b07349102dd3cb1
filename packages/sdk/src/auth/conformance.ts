/**
 * Conformance groups for connection auth, in the shape of `testing/conformance`: every adapter must refuse
 * missing, malformed, wrong, expired, wrong-audience, wrong-issuer and wrong-signature credentials exactly as
 * the core does (401 + `WWW-Authenticate`, the standard error body, nothing beyond a short code), accept a valid
 * one and hand the verified principal to the handler (echoed back), and answer 403 when an `authorize` hook
 * refuses. Covers API key (header and query), Basic, OAuth 2.0 bearer with {@link jwtVerifier}, Entra ID with
 * {@link entraIdVerifier}, `auth.multiple`, and the long-running status / webhook list and delete routes.
 *
 * Token groups serve a JWKS on loopback (`node:http` on 127.0.0.1, port 0) from their `setup`, mint tokens with
 * `jose` when each case runs, and rotate keys mid-group (a newly rotated-in key is accepted, a removed one refused).
 * @internal
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { z } from "zod";
import { longRunning } from "../long-running/long-running";
import { action } from "../operation/action";
import { type Connector, defineConnector } from "../operation/define-connector";
import { memoryStore } from "../store/memory-store";
import type { ConformanceCase, ConformanceExpectation, ConformanceGroup } from "../testing/conformance/types";
import { webhookTrigger } from "../triggers/webhook/webhook-trigger";
import { aad } from "./aad";
import { apiKey } from "./api-key";
import { basic } from "./basic";
import { entraIdVerifier, jwtVerifier } from "./jwt-verifier";
import { multiple } from "./multiple";
import { oauth2 } from "./oauth2";
import type { ConnectorAuth } from "./types";

// ---------------------------------------------------------------------------------------------------------------
// Loopback JWKS and token minting
// ---------------------------------------------------------------------------------------------------------------

type SigningKey = { kid: string; privateKey: CryptoKey; jwk: JWK };

async function makeKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** The keys every token group uses (generated once per process; each group publishes its own key list). */
interface KeySet {
  /** Published at setup; removed by the rotation. */
  current: SigningKey;
  /** Published by the rotation. */
  next: SigningKey;
  /** Same kid as `current`, different key: a forged signature. */
  forged: SigningKey;
  /** A kid that is never published. */
  unknown: SigningKey;
}

let keySet: Promise<KeySet> | undefined;
function keys(): Promise<KeySet> {
  keySet ??= Promise.all([makeKey("current"), makeKey("next"), makeKey("current"), makeKey("unknown")]).then(
    ([current, next, forged, unknown]) => ({ current, next, forged, unknown }),
  );
  return keySet;
}

/** A JWKS endpoint on loopback (`GET /keys`) whose key list a group changes between cases. */
interface JwksFixture {
  readonly jwksUri: string;
  readonly origin: string;
  readonly keys: KeySet;
  /** Replaces the published keys with `next` only (rotation: `current` is removed). */
  rotate(): void;
  close(): Promise<void>;
}

async function startJwks(): Promise<JwksFixture> {
  const set = await keys();
  let published: JWK[] = [set.current.jwk];
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/keys") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject).listen(0, "127.0.0.1", () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    jwksUri: `${origin}/keys`,
    origin,
    keys: set,
    rotate: () => {
      published = [set.next.jwk];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Holds the fixture of one token group; `setup` starts it, connector factories and cases read it. */
function fixtureSlot(groupName: string) {
  let current: JwksFixture | undefined;
  return {
    get(): JwksFixture {
      if (current === undefined) throw new Error(`auth conformance: "${groupName}" used before its setup`);
      return current;
    },
    async setup() {
      const started = await startJwks();
      current = started;
      return {
        teardown: async () => {
          if (current === started) current = undefined;
          await started.close();
        },
      };
    },
  };
}

const HOUR = 3600;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

interface MintOptions {
  key?: keyof KeySet;
  /** Seconds from now; negative for an expired token. @default 300 */
  expiresIn?: number;
}

/** Signs a token with the fixture's keys (`iat` now, `exp` from `expiresIn`). */
async function mint(fx: JwksFixture, claims: JWTPayload, options: MintOptions = {}): Promise<string> {
  const key = fx.keys[options.key ?? "current"];
  const iat = nowSeconds();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuedAt(options.expiresIn !== undefined && options.expiresIn < 0 ? iat - 2 * HOUR : iat)
    .setExpirationTime(iat + (options.expiresIn ?? 300))
    .sign(key.privateKey);
}

/** A validly signed token whose payload was replaced afterwards. */
async function tampered(fx: JwksFixture, claims: JWTPayload, forgedClaims: JWTPayload): Promise<string> {
  const [header, , signature] = (await mint(fx, claims)).split(".");
  const payload = Buffer.from(JSON.stringify({ ...forgedClaims, exp: nowSeconds() + HOUR })).toString(
    "base64url",
  );
  return `${header}.${payload}.${signature}`;
}

/** An unsigned token (`alg: none`). */
function unsigned(claims: JWTPayload): string {
  const header = Buffer.from(JSON.stringify({ alg: "none", kid: "current", typ: "JWT" })).toString(
    "base64url",
  );
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: nowSeconds() + HOUR })).toString("base64url");
  return `${header}.${payload}.`;
}

const bearer = async (token: string | Promise<string>): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await token}`,
});

// ---------------------------------------------------------------------------------------------------------------
// The connectors and expectations
// ---------------------------------------------------------------------------------------------------------------

const JSON_TYPE = "application/json; charset=utf-8";
const ME = "/me";
const REALM = "connector";

/** Words that would reveal why a credential was refused (or internals); none may appear in a refusal body. */
const LEAKS = [
  "details",
  "expired",
  "audience",
  "issuer",
  "signature",
  "tenant",
  "JWS",
  "JWT",
  "JWKS",
  "claim",
  "kid",
  "jose",
  "Error:",
  "    at ",
];

/**
 * An action that answers its caller's verified principal, so a case can check what reached the handler.
 */
function echoConnector(title: string, connectorAuth: ConnectorAuth<unknown>): Connector {
  const whoAmI = action({
    operationId: "WhoAmI",
    summary: "Who am I",
    description: "Answers the verified principal of the caller.",
    method: "get",
    path: ME,
    responses: { 200: z.object({ principal: z.unknown() }) },
    handler: async (_input, ctx) => ({ status: 200, body: { principal: ctx.principal } }),
  });
  return defineConnector({
    title,
    description: "Connection auth conformance connector for adapters.",
    host: "conformance.example.com",
    basePath: "/api",
    auth: connectorAuth,
    operations: [whoAmI],
  });
}

/** 401 with the standard error body and exactly this challenge. */
function refused(challenge: string, options: { missing?: boolean; secrets?: string[] } = {}) {
  const expectation: ConformanceExpectation = {
    status: 401,
    headers: { "www-authenticate": challenge, "content-type": JSON_TYPE },
    json: {
      error: {
        code: "Unauthorized",
        message: options.missing ? "Missing credentials" : "Invalid credentials",
      },
    },
    bodyExcludes: [...LEAKS, ...(options.secrets ?? [])],
  };
  return expectation;
}

/** 403 from an `authorize` hook: no challenge, the standard error body. */
const FORBIDDEN: ConformanceExpectation = {
  status: 403,
  headers: { "www-authenticate": null, "content-type": JSON_TYPE },
  json: { error: { code: "Forbidden", message: "Access denied" } },
  bodyExcludes: LEAKS,
};

/** 200 with the principal the handler received. */
const accepted = (principal: unknown): ConformanceExpectation => ({
  status: 200,
  headers: { "content-type": JSON_TYPE, "www-authenticate": null },
  json: { principal },
});

const get = (headers?: Record<string, string>, path = ME) =>
  headers === undefined ? { method: "GET", path } : { method: "GET", path, headers };

// ---------------------------------------------------------------------------------------------------------------
// API key (header and query)
// ---------------------------------------------------------------------------------------------------------------

const ACME_KEY = "ck_live_4f9a2c7e1b";
const BLOCKED_KEY = "ck_live_blocked0001";
/** Needs percent-encoding in a query string. */
const QUERY_KEY = "k3y+with/special=chars&more";
const apiKeyVerify = apiKey.keys([
  { key: ACME_KEY, principal: { tenant: "acme" } },
  { key: BLOCKED_KEY, principal: { tenant: "blocked" } },
  { key: QUERY_KEY, principal: { tenant: "query" } },
]);
const notBlocked = (p: { tenant: string }) => p.tenant !== "blocked";

const API_KEY_CHALLENGE = `ApiKey realm="${REALM}"`;
const API_KEY_INVALID = `ApiKey realm="${REALM}", error="invalid_key"`;

const apiKeyHeaderCases: ConformanceCase[] = [
  {
    name: "API key (header): missing -> 401 + challenge",
    request: get(),
    expect: refused(API_KEY_CHALLENGE, { missing: true }),
  },
  {
    name: "API key (header): empty value counts as missing",
    request: get({ "X-API-Key": "" }),
    expect: refused(API_KEY_CHALLENGE, { missing: true }),
  },
  {
    name: "API key (header): sent as a query parameter instead -> 401 missing",
    request: get(undefined, `${ME}?X-API-Key=${ACME_KEY}`),
    expect: refused(API_KEY_CHALLENGE, { missing: true }),
  },
  {
    name: "API key (header): wrong key -> 401 invalid_key",
    request: get({ "X-API-Key": "ck_live_wrong00000" }),
    expect: refused(API_KEY_INVALID, { secrets: ["ck_live_wrong00000", ACME_KEY] }),
  },
  {
    name: "API key (header): wrong case of a valid key -> 401 invalid_key",
    request: get({ "X-API-Key": ACME_KEY.toUpperCase() }),
    expect: refused(API_KEY_INVALID, { secrets: [ACME_KEY] }),
  },
  {
    name: "API key (header): malformed (two keys joined, as a repeated header arrives) -> 401",
    request: get({ "X-API-Key": `${ACME_KEY},${ACME_KEY}` }),
    expect: refused(API_KEY_INVALID, { secrets: [ACME_KEY] }),
  },
  {
    name: "API key (header): valid key -> 200, principal reaches the handler",
    request: get({ "X-API-Key": ACME_KEY }),
    expect: accepted({ tenant: "acme" }),
  },
  {
    name: "API key (header): header name is case-insensitive",
    request: get({ "x-api-key": ACME_KEY }),
    expect: accepted({ tenant: "acme" }),
  },
  {
    name: "API key (header): authorize hook refuses the principal -> 403",
    request: get({ "X-API-Key": BLOCKED_KEY }),
    expect: FORBIDDEN,
  },
];

const apiKeyQueryCases: ConformanceCase[] = [
  {
    name: "API key (query): missing -> 401 + challenge",
    request: get(),
    expect: refused(API_KEY_CHALLENGE, { missing: true }),
  },
  {
    name: "API key (query): sent as a header instead -> 401 missing",
    request: get({ code: ACME_KEY }),
    expect: refused(API_KEY_CHALLENGE, { missing: true }),
  },
  {
    name: "API key (query): wrong key -> 401 invalid_key",
    request: get(undefined, `${ME}?code=ck_live_wrong00000`),
    expect: refused(API_KEY_INVALID, { secrets: ["ck_live_wrong00000"] }),
  },
  {
    name: "API key (query): malformed (repeated parameter) -> 401 invalid_key",
    request: get(undefined, `${ME}?code=${ACME_KEY}&code=${ACME_KEY}`),
    expect: refused(API_KEY_INVALID, { secrets: [ACME_KEY] }),
  },
  {
    name: "API key (query): a literal + decodes to a space, so the unencoded key is wrong -> 401",
    request: get(undefined, `${ME}?code=k3y+with/special=chars`),
    expect: refused(API_KEY_INVALID),
  },
  {
    name: "API key (query): valid key -> 200, principal reaches the handler",
    request: get(undefined, `${ME}?code=${ACME_KEY}`),
    expect: accepted({ tenant: "acme" }),
  },
  {
    name: "API key (query): percent-encoded key is decoded before the check",
    request: get(undefined, `${ME}?code=${encodeURIComponent(QUERY_KEY)}&other=1`),
    expect: accepted({ tenant: "query" }),
  },
  {
    name: "API key (query): authorize hook refuses the principal -> 403",
    request: get(undefined, `${ME}?code=${BLOCKED_KEY}`),
    expect: FORBIDDEN,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Basic
// ---------------------------------------------------------------------------------------------------------------

const USERS = { alice: "correct horse battery", mallory: "mallory-password-1", zoë: "pässwörd ✓ 日本" };
const basicHeader = (user: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`,
});
const basicVerify = basic.users(USERS);
const BASIC_CHALLENGE = `Basic realm="${REALM}", charset="UTF-8"`;

const basicCases: ConformanceCase[] = [
  {
    name: "Basic: missing -> 401 + challenge",
    request: get(),
    expect: refused(BASIC_CHALLENGE, { missing: true }),
  },
  {
    name: "Basic: malformed (not base64) -> 401",
    request: get({ authorization: "Basic %%%not-base64%%%" }),
    expect: refused(BASIC_CHALLENGE),
  },
  {
    name: "Basic: malformed (no colon) -> 401",
    request: get({ authorization: `Basic ${Buffer.from("alice").toString("base64")}` }),
    expect: refused(BASIC_CHALLENGE),
  },
  {
    name: "Basic: malformed (another scheme) -> 401",
    request: get({ authorization: "Bearer abc.def.ghi" }),
    expect: refused(BASIC_CHALLENGE),
  },
  {
    name: "Basic: wrong password -> 401",
    request: get(basicHeader("alice", "wrong horse battery")),
    expect: refused(BASIC_CHALLENGE, { secrets: ["wrong horse battery", "alice"] }),
  },
  {
    name: "Basic: unknown user -> 401",
    request: get(basicHeader("eve", USERS.alice)),
    expect: refused(BASIC_CHALLENGE, { secrets: ["eve", USERS.alice] }),
  },
  {
    name: "Basic: valid -> 200, principal reaches the handler",
    request: get(basicHeader("alice", USERS.alice)),
    expect: accepted({ username: "alice" }),
  },
  {
    name: "Basic: valid UTF-8 username and password, lower-case scheme",
    request: get({
      authorization: basicHeader("zoë", USERS["zoë"])["authorization"]!.replace("Basic", "basic"),
    }),
    expect: accepted({ username: "zoë" }),
  },
  {
    name: "Basic: authorize hook refuses the principal -> 403",
    request: get(basicHeader("mallory", USERS.mallory)),
    expect: FORBIDDEN,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// OAuth 2.0 bearer + jwtVerifier
// ---------------------------------------------------------------------------------------------------------------

const ISSUER = "https://idp.conformance.test/";
const AUDIENCE = "api://conformance";
const CLAIMS: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: "user-1", scope: "tickets.read tickets.write" };
const BEARER_CHALLENGE = `Bearer realm="${REALM}"`;
const BEARER_INVALID = `Bearer realm="${REALM}", error="invalid_token"`;
const BEARER_BAD_REQUEST = `Bearer realm="${REALM}", error="invalid_request"`;

function bearerAuth(fx: JwksFixture) {
  return oauth2({
    authorizationUrl: "https://idp.conformance.test/authorize",
    tokenUrl: "https://idp.conformance.test/token",
    // cooldownMs 0: a token with an unknown kid refetches the JWKS at once (rotation within one test run).
    verify: jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: fx.jwksUri, jwks: { cooldownMs: 0 } }),
    authorize: (p) => p.subject !== "blocked-user",
  });
}

/** The refusals every bearer-token scheme must produce, for tokens built from `claims`. */
function tokenRefusals(
  label: string,
  slot: ReturnType<typeof fixtureSlot>,
  claims: () => JWTPayload,
): ConformanceCase[] {
  const token = (make: (fx: JwksFixture) => string | Promise<string>) => () => bearer(make(slot.get()));
  return [
    {
      name: `${label}: malformed (Basic scheme instead of Bearer) -> 401 invalid_request`,
      request: get({ authorization: "Basic dXNlcjpwYXNzd29yZA==" }),
      expect: refused(BEARER_BAD_REQUEST),
    },
    {
      name: `${label}: malformed (Bearer without a token) -> 401 invalid_request`,
      request: get({ authorization: "Bearer" }),
      expect: refused(BEARER_BAD_REQUEST),
    },
    {
      name: `${label}: malformed (not a JWT) -> 401 invalid_token`,
      request: get({ authorization: "Bearer not-a-jwt" }),
      expect: refused(BEARER_INVALID),
    },
    {
      name: `${label}: malformed (three garbage segments) -> 401 invalid_token`,
      request: get({ authorization: "Bearer a.b.c" }),
      expect: refused(BEARER_INVALID),
    },
    {
      name: `${label}: wrong (signed by a key not in the JWKS) -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token((fx) => mint(fx, claims(), { key: "unknown" })),
      expect: refused(BEARER_INVALID),
    },
    {
      name: `${label}: wrong (payload tampered after signing) -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token((fx) => tampered(fx, claims(), { ...claims(), sub: "admin" })),
      expect: refused(BEARER_INVALID, { secrets: ["admin"] }),
    },
    {
      name: `${label}: wrong (unsigned, alg none) -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token(() => unsigned(claims())),
      expect: refused(BEARER_INVALID),
    },
    {
      name: `${label}: expired -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token((fx) => mint(fx, claims(), { expiresIn: -HOUR })),
      expect: refused(BEARER_INVALID),
    },
    {
      name: `${label}: wrong audience -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token((fx) => mint(fx, { ...claims(), aud: "api://someone-else" })),
      expect: refused(BEARER_INVALID, { secrets: ["someone-else"] }),
    },
    {
      name: `${label}: wrong issuer -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token((fx) => mint(fx, { ...claims(), iss: "https://evil.example/" })),
      expect: refused(BEARER_INVALID, { secrets: ["evil.example"] }),
    },
    {
      name: `${label}: wrong signature (same kid, another key) -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: token((fx) => mint(fx, claims(), { key: "forged" })),
      expect: refused(BEARER_INVALID),
    },
  ];
}

/**
 * Rotation through the host: the current key is accepted (and cached), then the JWKS publishes only the next key;
 * a token signed with the new key is accepted (the verifier refetches the JWKS), one signed with the removed key
 * is refused. Cases of a group run in order, so these three must stay together and last.
 */
function rotationCases(
  label: string,
  slot: ReturnType<typeof fixtureSlot>,
  claims: () => JWTPayload,
  principal: (sub: string) => unknown,
): ConformanceCase[] {
  return [
    {
      name: `${label}: key rotation, before: token signed with the current key -> 200`,
      request: get(),
      runtimeHeaders: () => bearer(mint(slot.get(), { ...claims(), sub: "user-before-rotation" })),
      expect: accepted(principal("user-before-rotation")),
    },
    {
      name: `${label}: key rotation: token signed with the newly rotated-in key -> 200`,
      request: get(),
      runtimeHeaders: () => {
        slot.get().rotate();
        return bearer(mint(slot.get(), { ...claims(), sub: "user-rotated" }, { key: "next" }));
      },
      expect: accepted(principal("user-rotated")),
    },
    {
      name: `${label}: key rotation: token signed with the removed key -> 401 invalid_token`,
      request: get(),
      runtimeHeaders: () => bearer(mint(slot.get(), claims())),
      expect: refused(BEARER_INVALID),
    },
  ];
}

const bearerSlot = fixtureSlot("OAuth 2.0 bearer");
const bearerCases: ConformanceCase[] = [
  {
    name: "OAuth 2.0 bearer: missing -> 401 + Bearer challenge",
    request: get(),
    expect: refused(BEARER_CHALLENGE, { missing: true }),
  },
  ...tokenRefusals("OAuth 2.0 bearer", bearerSlot, () => CLAIMS),
  {
    name: "OAuth 2.0 bearer: valid token -> 200, verified principal reaches the handler",
    request: get(),
    runtimeHeaders: () => bearer(mint(bearerSlot.get(), CLAIMS)),
    expect: accepted({
      subject: "user-1",
      scopes: ["tickets.read", "tickets.write"],
      roles: [],
      claims: { iss: ISSUER, aud: AUDIENCE, sub: "user-1" },
    }),
  },
  {
    name: "OAuth 2.0 bearer: authorize hook refuses the principal -> 403",
    request: get(),
    runtimeHeaders: () => bearer(mint(bearerSlot.get(), { ...CLAIMS, sub: "blocked-user" })),
    expect: FORBIDDEN,
  },
  ...rotationCases(
    "OAuth 2.0 bearer",
    bearerSlot,
    () => CLAIMS,
    (sub) => ({ subject: sub }),
  ),
];

// ---------------------------------------------------------------------------------------------------------------
// Entra ID: auth.aad + entraIdVerifier with the JWKS URL and issuer bases pointed at the loopback fixture
// ---------------------------------------------------------------------------------------------------------------

const TENANT = "11111111-2222-3333-4444-555555555555";
const OTHER_TENANT = "99999999-8888-7777-6666-555555555555";
const BLOCKED_OID = "00000000-0000-0000-0000-00000000dead";
const entraSlot = fixtureSlot("Entra ID");
const v1Issuer = (tid: string) => `${entraSlot.get().origin}/sts/${tid}/`;
const v2Issuer = (tid: string) => `${entraSlot.get().origin}/login/${tid}/v2.0`;
const entraClaims = (): JWTPayload => ({
  iss: v1Issuer(TENANT),
  aud: AUDIENCE,
  sub: "entra-user",
  tid: TENANT,
  oid: "00000000-0000-0000-0000-0000000000a1",
  appid: "00000000-0000-0000-0000-0000000000c1",
  scp: "Tickets.Read",
});

function entraAuth(fx: JwksFixture) {
  return aad({
    resourceUri: AUDIENCE,
    verify: entraIdVerifier({
      tenantId: TENANT,
      audience: AUDIENCE,
      authority: `${fx.origin}/login`,
      v1IssuerBase: `${fx.origin}/sts`,
      jwksUri: fx.jwksUri,
      jwks: { cooldownMs: 0 },
    }),
    authorize: (p) => p.objectId !== BLOCKED_OID,
  });
}

const entraCases: ConformanceCase[] = [
  {
    name: "Entra ID: missing -> 401 + Bearer challenge",
    request: get(),
    expect: refused(BEARER_CHALLENGE, { missing: true }),
  },
  ...tokenRefusals("Entra ID", entraSlot, entraClaims),
  {
    name: "Entra ID: Microsoft's real issuer is wrong for an overridden authority -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () =>
      bearer(
        mint(entraSlot.get(), {
          ...entraClaims(),
          iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        }),
      ),
    expect: refused(BEARER_INVALID),
  },
  {
    name: "Entra ID: another tenant's token -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () =>
      bearer(mint(entraSlot.get(), { ...entraClaims(), iss: v2Issuer(OTHER_TENANT), tid: OTHER_TENANT })),
    expect: refused(BEARER_INVALID, { secrets: [OTHER_TENANT] }),
  },
  {
    name: "Entra ID: tid that does not match the issuer's tenant -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () => bearer(mint(entraSlot.get(), { ...entraClaims(), tid: OTHER_TENANT })),
    expect: refused(BEARER_INVALID),
  },
  {
    name: "Entra ID: valid v1 token -> 200, verified principal reaches the handler",
    request: get(),
    runtimeHeaders: () => bearer(mint(entraSlot.get(), entraClaims())),
    expect: accepted({
      subject: "entra-user",
      tenantId: TENANT,
      objectId: "00000000-0000-0000-0000-0000000000a1",
      clientAppId: "00000000-0000-0000-0000-0000000000c1",
      tokenVersion: "1.0",
      scopes: ["Tickets.Read"],
    }),
  },
  {
    name: "Entra ID: valid v2 token (app roles) -> 200",
    request: get(),
    runtimeHeaders: () =>
      bearer(
        mint(entraSlot.get(), {
          iss: v2Issuer(TENANT),
          aud: AUDIENCE,
          sub: "daemon",
          tid: TENANT,
          azp: "00000000-0000-0000-0000-0000000000c2",
          roles: ["Tickets.ReadWrite.All"],
        }),
      ),
    expect: accepted({
      subject: "daemon",
      tenantId: TENANT,
      clientAppId: "00000000-0000-0000-0000-0000000000c2",
      tokenVersion: "2.0",
      roles: ["Tickets.ReadWrite.All"],
    }),
  },
  {
    name: "Entra ID: authorize hook refuses the principal -> 403",
    request: get(),
    runtimeHeaders: () => bearer(mint(entraSlot.get(), { ...entraClaims(), oid: BLOCKED_OID })),
    expect: FORBIDDEN,
  },
  ...rotationCases("Entra ID", entraSlot, entraClaims, (sub) => ({ subject: sub, tenantId: TENANT })),
];

// ---------------------------------------------------------------------------------------------------------------
// auth.multiple: API key, Basic or bearer token
// ---------------------------------------------------------------------------------------------------------------

const multiSlot = fixtureSlot("multiple");

function multipleAuth(fx: JwksFixture) {
  return multiple({
    options: [
      {
        name: "api-key",
        displayName: "API key",
        description: "Use an API key.",
        auth: apiKey({ in: "header", name: "X-API-Key", verify: apiKeyVerify }),
      },
      {
        name: "basic-auth",
        displayName: "Username and password",
        description: "Use your account.",
        auth: basic({ verify: basicVerify }),
      },
      {
        name: "oauth",
        displayName: "Sign in",
        description: "Sign in with your identity provider.",
        auth: oauth2({
          authorizationUrl: "https://idp.conformance.test/authorize",
          tokenUrl: "https://idp.conformance.test/token",
          verify: jwtVerifier({
            issuer: ISSUER,
            audience: AUDIENCE,
            jwksUri: fx.jwksUri,
            jwks: { cooldownMs: 0 },
          }),
        }),
      },
    ],
    authorize: (p) => !(p.option === "basic-auth" && p.principal.username === "mallory"),
  });
}

const multiCases: ConformanceCase[] = [
  {
    name: "multiple: no credentials -> 401 with every option's challenge",
    request: get(),
    expect: refused(`${API_KEY_CHALLENGE}, ${BASIC_CHALLENGE}, ${BEARER_CHALLENGE}`, { missing: true }),
  },
  {
    name: "multiple: wrong API key only -> 401 invalid_key",
    request: get({ "X-API-Key": "ck_live_wrong00000" }),
    expect: refused(API_KEY_INVALID, { secrets: ["ck_live_wrong00000"] }),
  },
  {
    name: "multiple: malformed Basic only -> 401 Basic challenge",
    request: get({ authorization: "Basic %%%" }),
    expect: refused(BASIC_CHALLENGE),
  },
  {
    name: "multiple: expired bearer token only -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () => bearer(mint(multiSlot.get(), CLAIMS, { expiresIn: -HOUR })),
    expect: refused(BEARER_INVALID),
  },
  {
    name: "multiple: bearer token with the wrong audience -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () => bearer(mint(multiSlot.get(), { ...CLAIMS, aud: "api://someone-else" })),
    expect: refused(BEARER_INVALID),
  },
  {
    name: "multiple: bearer token with the wrong issuer -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () => bearer(mint(multiSlot.get(), { ...CLAIMS, iss: "https://evil.example/" })),
    expect: refused(BEARER_INVALID),
  },
  {
    name: "multiple: bearer token with a wrong signature -> 401 invalid_token",
    request: get(),
    runtimeHeaders: () => bearer(mint(multiSlot.get(), CLAIMS, { key: "forged" })),
    expect: refused(BEARER_INVALID),
  },
  {
    name: "multiple: valid API key -> 200 { option: api-key }",
    request: get({ "X-API-Key": ACME_KEY }),
    expect: accepted({ option: "api-key", principal: { tenant: "acme" } }),
  },
  {
    name: "multiple: valid Basic -> 200 { option: basic-auth }",
    request: get(basicHeader("alice", USERS.alice)),
    expect: accepted({ option: "basic-auth", principal: { username: "alice" } }),
  },
  {
    name: "multiple: valid bearer token -> 200 { option: oauth }",
    request: get(),
    runtimeHeaders: () => bearer(mint(multiSlot.get(), CLAIMS)),
    expect: accepted({
      option: "oauth",
      principal: { subject: "user-1", scopes: ["tickets.read", "tickets.write"] },
    }),
  },
  {
    name: "multiple: wrong API key plus valid Basic -> the valid option wins",
    request: get({ "X-API-Key": "ck_live_wrong00000", ...basicHeader("alice", USERS.alice) }),
    expect: accepted({ option: "basic-auth", principal: { username: "alice" } }),
  },
  {
    name: "multiple: authorize hook refuses the principal -> 403",
    request: get(basicHeader("mallory", USERS.mallory)),
    expect: FORBIDDEN,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The same auth on runtime routes: long-running status, webhook registration / listing / deletion
// ---------------------------------------------------------------------------------------------------------------

const routesSlot = fixtureSlot("protected runtime routes");
const STATUS = "/_connectorkit/jobs/ExportReport/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const HOOK = "/hooks/tickets";
const SUBSCRIPTION = `${HOOK}/AAAAAAAAAAAAAAAAAAAAAAAA`;
const LIST = `${HOOK}/subscriptions`;
const PLATFORM_CALLBACK =
  "https://prod-03.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=conformance";

function protectedRoutesConnector(): Connector {
  const exportReport = longRunning({
    operationId: "ExportReport",
    summary: "Export a report",
    description: "Exports the monthly report.",
    method: "post",
    path: "/reports/export",
    request: { body: z.object({ month: z.string() }) },
    responses: { 200: z.object({ url: z.string() }) },
    retryAfter: 10,
    handler: async () => ({ status: 200, body: { url: "https://files.example.com/r.csv" } }),
  });
  const onTicketCreated = webhookTrigger({
    operationId: "OnTicketCreated",
    summary: "When a ticket is created",
    description: "Triggers when a ticket is created.",
    path: HOOK,
    params: z.object({ project: z.string().min(1) }),
    event: z.object({ id: z.string() }),
    callbacks: { allowInsecureCallbacks: false },
  });
  return defineConnector({
    title: "Conformance Protected Routes",
    description: "Long-running and webhook routes behind a bearer-token auth.",
    basePath: "/api",
    auth: bearerAuth(routesSlot.get()),
    operations: [exportReport, onTicketCreated],
  });
}

function protectedRouteCases(): ConformanceCase[] {
  const routes = [
    { label: "long-running status", method: "GET", path: STATUS },
    { label: "webhook listing", method: "GET", path: LIST },
    { label: "webhook deletion", method: "DELETE", path: SUBSCRIPTION },
  ];
  const cases: ConformanceCase[] = [];
  for (const route of routes) {
    cases.push(
      {
        name: `${route.label}: no credentials -> 401 + Bearer challenge`,
        request: { method: route.method, path: route.path },
        expect: refused(BEARER_CHALLENGE, { missing: true }),
      },
      {
        name: `${route.label}: expired token -> 401 invalid_token`,
        request: { method: route.method, path: route.path },
        runtimeHeaders: () => bearer(mint(routesSlot.get(), CLAIMS, { expiresIn: -HOUR })),
        expect: refused(BEARER_INVALID),
      },
      {
        name: `${route.label}: wrong-signature token -> 401 invalid_token`,
        request: { method: route.method, path: route.path },
        runtimeHeaders: () => bearer(mint(routesSlot.get(), CLAIMS, { key: "forged" })),
        expect: refused(BEARER_INVALID),
      },
    );
  }
  cases.push(
    {
      name: "long-running status: valid token -> past auth (unknown job 404)",
      request: get(undefined, STATUS),
      runtimeHeaders: () => bearer(mint(routesSlot.get(), CLAIMS)),
      expect: { status: 404, json: { error: { code: "NotFound" } } },
    },
    {
      name: "webhook listing: valid token -> 200",
      request: get(undefined, LIST),
      runtimeHeaders: () => bearer(mint(routesSlot.get(), CLAIMS)),
      expect: { status: 200, json: { value: [] } },
    },
    {
      name: "webhook deletion: valid token -> 200",
      request: { method: "DELETE", path: SUBSCRIPTION },
      runtimeHeaders: () => bearer(mint(routesSlot.get(), CLAIMS)),
      expect: { status: 200, emptyBody: true },
    },
    {
      name: "webhook registration: no credentials -> 401",
      request: {
        method: "POST",
        path: HOOK,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ project: "P1", callbackUrl: PLATFORM_CALLBACK }),
      },
      expect: refused(BEARER_CHALLENGE, { missing: true }),
    },
    {
      name: "long-running start: no credentials -> 401",
      request: {
        method: "POST",
        path: "/reports/export",
        headers: { "content-type": "application/json" },
        body: '{"month":"2025-01"}',
      },
      expect: refused(BEARER_CHALLENGE, { missing: true }),
    },
  );
  return cases;
}

/**
 * The connection-auth conformance groups: API key (header, query), Basic, OAuth 2.0 bearer + `jwtVerifier`,
 * Entra ID (`auth.aad` + `entraIdVerifier`), `auth.multiple`, and the long-running / webhook routes behind a
 * bearer auth. Token groups start a loopback JWKS in `setup` and mint tokens as each case runs.
 *
 * @example
 * ```ts
 * runConformance("express", driver, [...conformanceCases, ...authConformanceCases]);
 * ```
 * @internal
 */
export const authConformanceCases: ConformanceGroup[] = [
  {
    name: "auth: API key in a header",
    connector: () =>
      echoConnector(
        "Conformance API Key Header",
        apiKey({ in: "header", name: "X-API-Key", verify: apiKeyVerify, authorize: notBlocked }),
      ),
    cases: apiKeyHeaderCases,
  },
  {
    name: "auth: API key in the query",
    connector: () =>
      echoConnector(
        "Conformance API Key Query",
        apiKey({ in: "query", name: "code", verify: apiKeyVerify, authorize: notBlocked }),
      ),
    cases: apiKeyQueryCases,
  },
  {
    name: "auth: Basic",
    connector: () =>
      echoConnector(
        "Conformance Basic",
        basic({ verify: basicVerify, authorize: (p) => p.username !== "mallory" }),
      ),
    cases: basicCases,
  },
  {
    name: "auth: OAuth 2.0 bearer + jwtVerifier (loopback JWKS)",
    setup: () => bearerSlot.setup(),
    connector: () => echoConnector("Conformance OAuth", bearerAuth(bearerSlot.get())),
    cases: bearerCases,
  },
  {
    name: "auth: Entra ID (aad + entraIdVerifier, loopback JWKS)",
    setup: () => entraSlot.setup(),
    connector: () => echoConnector("Conformance Entra ID", entraAuth(entraSlot.get())),
    cases: entraCases,
  },
  {
    name: "auth: multiple (API key, Basic, bearer)",
    setup: () => multiSlot.setup(),
    connector: () => echoConnector("Conformance Multiple", multipleAuth(multiSlot.get())),
    cases: multiCases,
  },
  {
    name: "auth: long-running and webhook routes use the connector's auth",
    setup: () => routesSlot.setup(),
    connector: protectedRoutesConnector,
    get options() {
      return { jobRunner: { schedule: () => {} }, validateResponses: true, store: memoryStore() };
    },
    cases: protectedRouteCases(),
  },
];
