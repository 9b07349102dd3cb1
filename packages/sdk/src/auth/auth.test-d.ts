import { describe, expectTypeOf, it } from "vitest";
import type { ApiKeyPrincipal, ApiKeyVerify } from "./api-key";
import { auth } from "./auth";
import { type EntraIdPrincipal, entraIdVerifier, type JwtPrincipal, jwtVerifier } from "./jwt-verifier";
import type { ConnectorAuth } from "./types";

describe("the principal type flows from the factory", () => {
  it("apiKey: from verify's return type", () => {
    const a = auth.apiKey({
      in: "header",
      name: "X-API-Key",
      verify: async (key) => (key === "k" ? { tenant: "acme" } : undefined),
    });
    expectTypeOf(a).toEqualTypeOf<ConnectorAuth<{ tenant: string }>>();
    expectTypeOf(auth.apiKey({ in: "query", name: "code", verify: auth.apiKey.keys(["k1"]) })).toEqualTypeOf<
      ConnectorAuth<ApiKeyPrincipal>
    >();
    expectTypeOf(auth.apiKey.keys({ primary: "k1k1k1k1" })).toEqualTypeOf<ApiKeyVerify<ApiKeyPrincipal>>();
    expectTypeOf(auth.apiKey.keys([{ id: "primary", key: "k1k1k1k1" }, "k2k2k2k2"])).toEqualTypeOf<
      ApiKeyVerify<ApiKeyPrincipal>
    >();
    // @ts-expect-error a list position is not an identity any more
    expectTypeOf<ApiKeyPrincipal>().toHaveProperty("keyIndex");
    expectTypeOf(
      auth.apiKey({
        in: "query",
        name: "code",
        verify: auth.apiKey.keys([{ key: "k", principal: { role: "admin" as const } }]),
      }),
    ).toEqualTypeOf<ConnectorAuth<{ role: "admin" }>>();
  });

  it("the authorize hook sees the same principal", () => {
    auth.apiKey({
      in: "header",
      name: "X-API-Key",
      verify: () => ({ tenant: "acme" }),
      authorize: (principal) => {
        expectTypeOf(principal).toEqualTypeOf<{ tenant: string }>();
        return true;
      },
    });
  });

  it("basic / oauth2 / aad / gateway", () => {
    expectTypeOf(auth.basic({ verify: auth.basic.users({ a: "password1" }) })).toEqualTypeOf<
      ConnectorAuth<{ username: string }>
    >();
    const jwt = jwtVerifier({ issuer: "https://i/", audience: "a", jwksUri: "https://i/k" });
    expectTypeOf(
      auth.oauth2({ authorizationUrl: "https://i/a", tokenUrl: "https://i/t", verify: jwt }),
    ).toEqualTypeOf<ConnectorAuth<JwtPrincipal>>();
    const entra = entraIdVerifier({ tenantId: "common", audience: "api://x" });
    expectTypeOf(auth.aad({ resourceUri: "api://x", verify: entra })).toEqualTypeOf<
      ConnectorAuth<EntraIdPrincipal>
    >();
    expectTypeOf(auth.windowsGateway({ verify: () => ({ user: "u" }) })).toEqualTypeOf<
      ConnectorAuth<{ user: string }>
    >();
    expectTypeOf(auth.none()).toEqualTypeOf<ConnectorAuth<undefined>>();
  });

  it("multiple: a union tagged with the option name", () => {
    const m = auth.multiple({
      options: [
        {
          name: "key",
          displayName: "Key",
          description: "Key.",
          auth: auth.apiKey({ in: "header", name: "k", verify: () => ({ tenant: "t" }) }),
        },
        {
          name: "pw",
          displayName: "Password",
          description: "Pw.",
          auth: auth.basic({ verify: auth.basic.users({ a: "password1" }) }),
        },
      ],
    });
    expectTypeOf(m).toEqualTypeOf<
      ConnectorAuth<
        { option: "key"; principal: { tenant: string } } | { option: "pw"; principal: { username: string } }
      >
    >();
  });

  it("rejects wrong options at compile time", () => {
    // @ts-expect-error "in" must be header or query
    auth.apiKey({ in: "cookie", name: "k", verify: () => ({}) });
    // @ts-expect-error verify is required
    auth.oauth2({ authorizationUrl: "https://i/a", tokenUrl: "https://i/t" });
    // @ts-expect-error only facebook is a named provider
    auth.oauth2Provider({ provider: "github", verify: () => ({}) });
  });
});
