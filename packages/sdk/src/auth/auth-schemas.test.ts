import { describe, expect, it } from "vitest";
import {
  apiPropertiesSchemaErrors,
  readConnector,
  swaggerSchemaErrors,
} from "../api-properties/ms-schemas.test-helper";
import { toApiProperties } from "../api-properties/to-api-properties";
import { auth } from "./auth";
import type { ConnectorAuth } from "./types";

const never = () => undefined;

function swaggerAround(a: ConnectorAuth<unknown>) {
  const parts = a.toSwagger();
  return {
    swagger: "2.0",
    info: { title: "Contoso Tickets", version: "1.0.0" },
    host: "api.contoso.com",
    basePath: "/",
    schemes: ["https"],
    paths: {},
    ...(parts === undefined
      ? {}
      : { securityDefinitions: parts.securityDefinitions, security: parts.security }),
  };
}

function expectValid(a: ConnectorAuth<unknown>) {
  expect(swaggerSchemaErrors(swaggerAround(a))).toEqual([]);
  const doc = toApiProperties({ auth: a, iconBrandColor: "#0f6cbd" });
  expect(apiPropertiesSchemaErrors(doc)).toEqual([]);
  return doc;
}

function realProperties(name: string) {
  return readConnector(name, "apiProperties.json").properties;
}
function realSwagger(name: string) {
  return readConnector(name, "apiDefinition.swagger.json");
}

describe("auth.none — ChuckNorris.io", () => {
  it("validates and matches the independent-publisher example exactly", () => {
    const a = auth.none();
    expectValid(a);
    expect(a.toSwagger()).toBeUndefined();
    const doc = toApiProperties({
      auth: a,
      independentPublisher: true,
      publisher: "Daniel Laskewitz",
      stackOwner: "ChuckNorris.io",
    });
    expect(apiPropertiesSchemaErrors(doc)).toEqual([]);
    expect(doc.properties).toEqual(realProperties("ChuckNorris.io"));
    const real = realSwagger("ChuckNorris.io");
    expect(Object.keys(real.securityDefinitions)).toEqual([]);
  });
});

describe("auth.apiKey — Gravity Forms by reenhanced", () => {
  it("validates and equals the real connection parameter and security definition", () => {
    const a = auth.apiKey({
      in: "header",
      name: "license-key",
      verify: never,
      ui: {
        displayName: "License Key",
        description: "The License Key for this api",
        tooltip: "Provide your License Key",
      },
    });
    const doc = expectValid(a);
    expect(doc.properties.connectionParameters).toEqual(
      realProperties("Gravity Forms by reenhanced").connectionParameters,
    );
    const real = realSwagger("Gravity Forms by reenhanced");
    expect(a.toSwagger()).toEqual({ securityDefinitions: real.securityDefinitions, security: real.security });
  });
  it("query keys validate too", () => {
    expectValid(auth.apiKey({ in: "query", name: "code", verify: never }));
  });
});

describe("auth.basic — touchSMS", () => {
  it("validates and equals the real username/password parameters and security definition", () => {
    const a = auth.basic({
      verify: never,
      usernameType: "securestring",
      ui: {
        username: {
          displayName: "Access Token",
          description: "The access token from your touchSMS account",
          tooltip: "Provide the Access Token",
        },
        password: {
          displayName: "Token ID",
          description: "The Token ID  from your touchSMS account",
          tooltip: "Provide the Token ID",
        },
      },
    });
    const doc = expectValid(a);
    expect(doc.properties.connectionParameters).toEqual(realProperties("touchSMS").connectionParameters);
    const real = realSwagger("touchSMS");
    expect(a.toSwagger()).toEqual({ securityDefinitions: real.securityDefinitions, security: real.security });
  });
  it("a plain-text username (JIRA style) validates", () => {
    const doc = expectValid(auth.basic({ verify: never }));
    expect(doc.properties.connectionParameters["username"]).toMatchObject({ type: "string" });
  });
});

describe("auth.oauth2 — Formstack Forms", () => {
  it("validates and equals the real oauthSetting and accessCode security definition", () => {
    const a = auth.oauth2({
      authorizationUrl: "https://www.formstack.com/api/v2/oauth2/authorize",
      tokenUrl: "https://www.formstack.com/api/v2/oauth2/token",
      refreshUrl: "https://www.formstack.com/api/v2/oauth2/authorize",
      clientId: "XXXXX",
      verify: never,
    });
    const doc = expectValid(a);
    expect(doc.properties.connectionParameters).toEqual(
      realProperties("Formstack Forms").connectionParameters,
    );
    const real = realSwagger("Formstack Forms");
    expect(a.toSwagger()).toEqual({ securityDefinitions: real.securityDefinitions, security: real.security });
  });
  it("never writes a client secret, even if one is smuggled into the options", () => {
    const a = auth.oauth2({
      authorizationUrl: "https://idp.contoso.com/authorize",
      tokenUrl: "https://idp.contoso.com/token",
      clientId: "abc",
      verify: never,
      ...({ clientSecret: "s3cr3t" } as object),
    });
    expect(JSON.stringify(toApiProperties({ auth: a, iconBrandColor: "#0f6cbd" }))).not.toContain("s3cr3t");
  });
});

describe("auth.oauth2Generic — SurveyMonkey", () => {
  const a = auth.oauth2Generic({
    authorizationUrlTemplate: "https://api.surveymonkey.net/oauth/authorize",
    authorizationUrlQueryStringTemplate:
      "?client_id={ClientId}&response_type=code&redirect_uri={RedirectUrl}&state={state}",
    tokenUrlTemplate: "https://api.surveymonkey.net/oauth/token",
    tokenUrlQueryStringTemplate: "",
    scopes: ["View Surveys", "View Collectors", "View Responses", "View Response Details"],
    clientId: "<<Please add your clientID here>>",
    redirectMode: "Direct",
    verify: never,
    ui: {
      displayName: "Log in with your credentials",
      description: "Log in with your credentials",
      tooltip: "Log in with your credentials",
    },
  });
  it("validates against both schemas", () => {
    expectValid(a);
  });
  it("agrees with SurveyMonkey (custom parameter names compared case-insensitively, null templates = omitted)", () => {
    const real = realProperties("SurveyMonkey").connectionParameters.token;
    const ours = toApiProperties({ auth: a, iconBrandColor: "#0f6cbd" }).properties.connectionParameters[
      "token"
    ] as any;
    const lower = (o: Record<string, { value: unknown }>) =>
      Object.fromEntries(
        Object.entries(o)
          .filter(([, v]) => v.value !== null)
          .map(([k, v]) => [k.toLowerCase(), v.value]),
      );
    // SurveyMonkey omits `scopeListDelimiter` only if absent; it sets " " like our default.
    expect(lower(ours.oAuthSettings.customParameters)).toEqual(lower(real.oAuthSettings.customParameters));
    expect(ours.oAuthSettings.identityProvider).toBe(real.oAuthSettings.identityProvider);
    expect(ours.oAuthSettings.scopes).toEqual(real.oAuthSettings.scopes);
    expect(ours.oAuthSettings.clientId).toBe(real.oAuthSettings.clientId);
    // The real file writes "direct", which the schema's enum ("Global" | "Direct") refuses; we write "Direct".
    expect(ours.oAuthSettings.redirectMode.toLowerCase()).toBe(real.oAuthSettings.redirectMode.toLowerCase());
    expect(ours.uiDefinition).toEqual(real.uiDefinition);
  });
  it("emits token:xxx parameters for templated URLs (Tribal - Maytas shape) and no swagger definition", () => {
    const t = auth.oauth2Generic({
      authorizationUrlTemplate: "https://identity{environment}/{region}/ids/{tenantId}/connect/authorize",
      tokenUrlTemplate: "https://identity{environment}/{region}/ids/{tenantId}/connect/token",
      tokenParameters: {
        environment: { displayName: "Environment", description: "Environment host suffix" },
        region: { displayName: "Region", description: "Data region", allowedValues: ["emea", "apac"] },
        tenantId: { displayName: "Tenant", description: "Your tenant id" },
      },
      verify: never,
    });
    const doc = expectValid(t);
    expect(t.toSwagger()).toBeUndefined();
    const realKeys = Object.keys(realProperties("Tribal - Maytas").connectionParameters).sort();
    expect(Object.keys(doc.properties.connectionParameters).sort()).toEqual(realKeys);
    expect(doc.properties.connectionParameters["token:region"]).toMatchObject({
      type: "string",
      allowedValues: [{ value: "emea" }, { value: "apac" }],
    });
  });
  it("refuses templates that reference unknown placeholders and a token:TenantId parameter", () => {
    expect(() =>
      auth.oauth2Generic({
        authorizationUrlTemplate: "https://{nope}.x.com",
        tokenUrlTemplate: "https://x.com",
        verify: never,
      }),
    ).toThrow(/\{nope\}/);
    expect(() =>
      auth.oauth2Generic({
        authorizationUrlTemplate: "https://x.com/a",
        tokenUrlTemplate: "https://x.com/t",
        tokenParameters: { TenantId: { displayName: "T", description: "T" } },
        verify: never,
      }),
    ).toThrow(/TenantId/);
  });
});

describe("auth.aad — Microsoft Bookings", () => {
  const a = auth.aad({
    resourceUri: "https://outlook.office.com/",
    scopes: ["Bookings.ReadWrite.All Bookings.Read.All"],
    verify: never,
  });
  it("validates and agrees with Bookings (its clientId is blank; ours is omitted)", () => {
    const doc = expectValid(a);
    const real = structuredClone(realProperties("Microsoft Bookings").connectionParameters);
    delete real.token.oAuthSettings.clientId;
    expect(doc.properties.connectionParameters).toEqual(real);
  });
  it("swagger: accessCode on {loginUri}/{tenant}/oauth2/authorize like Bookings", () => {
    const real = realSwagger("Microsoft Bookings").securityDefinitions.oauth2_auth;
    const ours = a.toSwagger()!.securityDefinitions["oauth2_auth"] as any;
    expect(ours.type).toBe(real.type);
    expect(ours.flow).toBe(real.flow);
    expect(ours.authorizationUrl).toBe(real.authorizationUrl);
    // Bookings repeats the authorize URL as tokenUrl (a portal quirk); we write the real token endpoint.
    expect(ours.tokenUrl).toBe("https://login.windows.net/common/oauth2/token");
  });
  it("token:TenantId claim (ModuleQ shape) validates", () => {
    const doc = expectValid(
      auth.aad({ resourceUri: "https://graph.microsoft.com", tenantClaim: true, verify: never }),
    );
    expect(doc.properties.connectionParameters["token:TenantId"]).toEqual(
      realProperties("Planner").connectionParameters["token:TenantId"],
    );
  });
  it("on-behalf-of login writes the portal's keys; only enableOnbehalfOfLogin is unknown to the schema", () => {
    const obo = auth.aad({
      resourceUri: "api://tickets",
      tenantId: "contoso.onmicrosoft.com",
      enableOnBehalfOfLogin: true,
      verify: never,
    });
    const doc = toApiProperties({ auth: obo, iconBrandColor: "#0f6cbd" });
    const settings = (doc.properties.connectionParameters["token"] as any).oAuthSettings;
    expect(settings.properties).toEqual({
      IsFirstParty: "False",
      AzureActiveDirectoryResourceId: "api://tickets",
      IsOnbehalfofLoginSupported: true,
    });
    expect(settings.customParameters.enableOnbehalfOfLogin).toEqual({ value: "true" });
    const errors = apiPropertiesSchemaErrors(doc);
    expect(errors.length).toBeGreaterThan(0);
    delete settings.customParameters.enableOnbehalfOfLogin;
    expect(apiPropertiesSchemaErrors(doc)).toEqual([]);
  });
});

describe("auth.aadCertificate — Planner", () => {
  it("validates and equals Planner's connection parameters (incl. token:TenantId) with no swagger security", () => {
    const a = auth.aadCertificate({
      resourceUri: "https://graph.microsoft.com/",
      scopes: ["Group.ReadWrite.All offline_access"],
      clientId: "<<Please add your clientID here>>",
      verify: never,
    });
    const doc = expectValid(a);
    expect(doc.properties.connectionParameters).toEqual(realProperties("Planner").connectionParameters);
    expect(a.toSwagger()).toBeUndefined();
    expect(realSwagger("Planner").securityDefinitions).toBeUndefined();
  });
});

describe("auth.oauth2Provider", () => {
  it("facebook validates (schema's 'unknown identifier' branch)", () => {
    expectValid(
      auth.oauth2Provider({ provider: "facebook", clientId: "123", scopes: ["email"], verify: never }),
    );
  });
  it("refuses providers outside the schema with a reason", () => {
    expect(() => auth.oauth2Provider({ provider: "github" as "facebook", verify: never })).toThrow(
      /only "facebook"/,
    );
  });
});

describe("auth.windowsGateway — Connect Bridge", () => {
  const a = auth.windowsGateway({ verify: never });
  it("validates when gatewaySettings is left out (the schema's gatewaySetting branch does not list it)", () => {
    expectValid(auth.windowsGateway({ verify: never, gatewaySettings: false }));
  });
  it("by default writes gatewaySettings as the portal does; everything else validates", () => {
    const doc = toApiProperties({ auth: a, iconBrandColor: "#0058a9" });
    expect(apiPropertiesSchemaErrors(doc).some((e) => e.includes("gatewaySettings"))).toBe(true);
    delete (doc.properties.connectionParameters["gateway"] as any).gatewaySettings;
    expect(apiPropertiesSchemaErrors(doc)).toEqual([]);
    expect(swaggerSchemaErrors(swaggerAround(a))).toEqual([]);
  });
  it("agrees with Connect Bridge: gateway parameter, capability constraints, capabilities", () => {
    const real = realProperties("Connect Bridge");
    const doc = toApiProperties({ auth: a, iconBrandColor: "#0058a9" });
    const ours = doc.properties.connectionParameters as any;
    expect(ours.gateway).toEqual(real.connectionParameters.gateway);
    expect(doc.properties.capabilities).toEqual(real.capabilities);
    for (const name of ["authType", "username", "password", "gateway"]) {
      expect(ours[name].uiDefinition.constraints.capability).toEqual(["gateway"]);
      expect(ours[name].uiDefinition.constraints.required).toBe("true");
    }
    // Connect Bridge is anonymous (authType "none"); Windows auth uses the same parameter with value "windows".
    expect(ours.authType.type).toBe(real.connectionParameters.authType.type);
    expect(ours.authType.allowedValues).toEqual([{ value: "windows" }]);
    expect(ours.authType.uiDefinition.displayName).toBe(
      real.connectionParameters.authType.uiDefinition.displayName,
    );
    expect(a.toSwagger()).toBeUndefined();
    expect(realSwagger("Connect Bridge").security).toEqual([]);
  });
});

describe("auth.multiple — Azure Communication Services SMS Events", () => {
  // connectionParameterSets is not in Microsoft's paconn schema (its `properties` object has
  // additionalProperties: false), so the sets are compared against the real multi-auth connector instead, and
  // each set's parameters are validated as if they were the connection parameters.
  const sets = auth.multiple({
    options: [
      {
        name: "aadOauth",
        displayName: "Azure AD Integrated",
        description: "Use Azure Active Directory to access ACS event resources.",
        allowSharing: false,
        auth: auth.aadCertificate({
          resourceUri: "https://management.core.windows.net",
          clientId: "<<Please add your clientID here>>",
          tenantClaim: false,
          ui: {
            displayName: "Login with your Azure Active Directory Credentials",
            description: "Login with your Azure Active Directory Credentials",
            tooltip: "Provide Azure Active Directory Credentials",
          },
          verify: never,
        }),
      },
      {
        name: "aadOauthClientCredentials",
        displayName: "Service principal (Azure AD application) Authentication",
        description:
          "Use Azure Active Directory Authentication to access your Azure Communication Service resource.",
        allowSharing: false,
        auth: auth.aad({
          resourceUri: "https://management.core.windows.net",
          tenantClaim: true,
          verify: never,
        }),
      },
    ],
  });
  const doc = toApiProperties({ auth: sets, iconBrandColor: "#3c1d6e" });
  const real = realProperties("Azure Communication Services SMS Events");

  it("has the real connector's set structure", () => {
    const ours = doc.properties.connectionParameterSets!;
    expect(ours.uiDefinition).toEqual(real.connectionParameterSets.uiDefinition);
    expect(ours.values.map((v) => [v.name, v.uiDefinition, v.metadata])).toEqual(
      real.connectionParameterSets.values.map((v: any) => [v.name, v.uiDefinition, v.metadata]),
    );
    expect(ours.values.map((v) => Object.keys(v).sort())).toEqual(
      real.connectionParameterSets.values.map((v: any) => Object.keys(v).sort()),
    );
    const first = ours.values[0]!.parameters["token"] as any;
    const realFirst = real.connectionParameterSets.values[0].parameters.token;
    expect(first.oAuthSettings.identityProvider).toBe(realFirst.oAuthSettings.identityProvider);
    expect(first.uiDefinition).toEqual(realFirst.uiDefinition);
    expect(Object.keys(ours.values[1]!.parameters)).toContain("token:TenantId");
  });
  it("like the real connector, repeats the first set's parameters as connectionParameters", () => {
    expect(doc.properties.connectionParameters).toEqual(
      doc.properties.connectionParameterSets!.values[0]!.parameters,
    );
    expect(Object.keys(real.connectionParameters)).toEqual(
      Object.keys(real.connectionParameterSets.values[0].parameters),
    );
  });
  it("every set's parameters, and the rest of the document, validate against the schema", () => {
    const { connectionParameterSets, ...rest } = doc.properties;
    expect(apiPropertiesSchemaErrors({ properties: rest })).toEqual([]);
    for (const set of connectionParameterSets!.values) {
      const parameters = structuredClone(set.parameters) as Record<string, any>;
      // `uiDefinition.schema` is the multi-auth guide's description slot; the paconn schema does not know it.
      for (const p of Object.values(parameters)) delete p.uiDefinition?.schema;
      expect(
        apiPropertiesSchemaErrors({
          properties: { iconBrandColor: "#3c1d6e", connectionParameters: parameters },
        }),
      ).toEqual([]);
    }
    expect(swaggerSchemaErrors(swaggerAround(sets))).toEqual([]);
  });
  it("matches the multi-auth guide's API key + Basic example (names, types, schema descriptions)", () => {
    const m = auth.multiple({
      options: [
        {
          name: "basic-auth",
          displayName: "Use your X credentials",
          description: "Log in using your username and password for X.",
          auth: auth.basic({ verify: never, ui: { username: { description: "The username for X" } } }),
        },
        {
          name: "api-auth",
          displayName: "Use X API Key",
          description: "Log in using X's API Key.",
          auth: auth.apiKey({
            in: "header",
            name: "X-Key",
            verify: never,
            ui: { description: "Enter your API Key for X" },
          }),
        },
      ],
    });
    const out = toApiProperties({ auth: m, iconBrandColor: "#0f6cbd" }).properties.connectionParameterSets!;
    const [b, k] = out.values as any[];
    expect(Object.keys(b.parameters)).toEqual(["username", "password"]);
    expect(b.parameters.username.uiDefinition.schema).toEqual({
      type: "string",
      description: "The username for X",
    });
    expect(k.parameters.api_key.uiDefinition.schema).toEqual({
      type: "securestring",
      description: "Enter your API Key for X",
    });
    const swagger = m.toSwagger()!;
    expect(swagger.security).toEqual([{ "basic-auth": [] }, { "API Key": [] }]);
    expect(swaggerSchemaErrors(swaggerAround(m))).toEqual([]);
  });
  it("renames clashing swagger definitions instead of dropping one", () => {
    const m = auth.multiple({
      options: [
        {
          name: "a",
          displayName: "A",
          description: "A.",
          auth: auth.oauth2({
            authorizationUrl: "https://a.com/auth",
            tokenUrl: "https://a.com/t",
            verify: never,
          }),
        },
        {
          name: "b",
          displayName: "B",
          description: "B.",
          auth: auth.aad({ resourceUri: "api://x", verify: never }),
        },
      ],
    });
    const s = m.toSwagger()!;
    expect(Object.keys(s.securityDefinitions)).toEqual(["oauth2_auth", "oauth2_auth-b"]);
    expect(s.security).toEqual([{ oauth2_auth: [] }, { "oauth2_auth-b": [] }]);
    expect(swaggerSchemaErrors(swaggerAround(m))).toEqual([]);
  });
  it("refuses fewer than two options, duplicate names and nesting", () => {
    const one = { name: "a", displayName: "A", description: "A.", auth: auth.none() };
    expect(() => auth.multiple({ options: [one] })).toThrow(/at least two/);
    expect(() => auth.multiple({ options: [one, one] })).toThrow(/twice/);
    const inner = auth.multiple({ options: [one, { ...one, name: "b" }] });
    expect(() => auth.multiple({ options: [one, { ...one, name: "c", auth: inner }] })).toThrow(
      /cannot themselves/,
    );
  });
});

describe("configuration errors", () => {
  it("refuse bad options with a clear message", () => {
    expect(() => auth.apiKey({ in: "cookie" as "header", name: "k", verify: never })).toThrow(
      /header" or "query/,
    );
    expect(() => auth.apiKey({ in: "header", name: "bad header", verify: never })).toThrow(
      /valid HTTP header/,
    );
    expect(() => auth.apiKey({ in: "header", name: "", verify: never })).toThrow(/non-empty/);
    expect(() =>
      auth.oauth2({ authorizationUrl: "http://x.com/a", tokenUrl: "https://x.com/t", verify: never }),
    ).toThrow(/https/);
    expect(() =>
      auth.oauth2({ authorizationUrl: "not a url", tokenUrl: "https://x.com/t", verify: never }),
    ).toThrow(/absolute URL/);
    expect(() => auth.aad({ resourceUri: "", verify: never })).toThrow(/resourceUri/);
    expect(() =>
      auth.oauth2({
        authorizationUrl: "https://x.com/a",
        tokenUrl: "https://x.com/t",
        redirectMode: "Nope" as "Global",
        verify: never,
      }),
    ).toThrow(/redirectMode/);
    expect(() => auth.basic({ verify: "no" as never })).toThrow(/function/);
  });
});
