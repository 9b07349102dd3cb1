import { describe, expect, it } from "vitest";
import { auth } from "../auth/auth";
import { ApiPropertiesError } from "./api-properties-error";
import { apiPropertiesSchemaErrors, readConnector } from "./ms-schemas.test-helper";
import { policy } from "./policy";
import { toApiProperties } from "./to-api-properties";

const listTasks = { operationId: "ListTasks_V2" };

describe("toApiProperties", () => {
  it("emits a schema-valid document with a stable key order", () => {
    const options = {
      auth: auth.apiKey({ in: "header" as const, name: "X-API-Key", verify: () => undefined }),
      iconBrandColor: "#0F6CBD",
      capabilities: ["actions", "triggers"],
      publisher: "Contoso",
      stackOwner: "Contoso Ltd",
      policies: [policy.updateNextLink({ nextLinkPropertyName: "@odata.nextLink", operations: [listTasks] })],
    };
    const a = toApiProperties(options);
    const b = toApiProperties(options);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Object.keys(a.properties)).toEqual([
      "connectionParameters",
      "iconBrandColor",
      "capabilities",
      "policyTemplateInstances",
      "publisher",
      "stackOwner",
    ]);
    expect(a.properties.iconBrandColor).toBe("#0f6cbd");
    expect(apiPropertiesSchemaErrors(a)).toEqual([]);
  });

  it("no auth and defaults", () => {
    expect(toApiProperties({ iconBrandColor: "#123456" })).toEqual({
      properties: { connectionParameters: {}, iconBrandColor: "#123456", capabilities: [] },
    });
  });

  it("independent publisher: #da3b01 by default, anything else refused, publisher/stackOwner required", () => {
    const ok = toApiProperties({ independentPublisher: true, publisher: "Jane Doe", stackOwner: "Contoso" });
    expect(ok.properties.iconBrandColor).toBe("#da3b01");
    expect(() =>
      toApiProperties({
        independentPublisher: true,
        iconBrandColor: "#123456",
        publisher: "J",
        stackOwner: "C",
      }),
    ).toThrow(/#da3b01/);
    expect(() => toApiProperties({ independentPublisher: true, publisher: "J" })).toThrow(/stackOwner/);
  });

  it("certified: white and the default blue are refused; colours must be #RRGGBB", () => {
    expect(() => toApiProperties({ iconBrandColor: "#FFFFFF" })).toThrow(ApiPropertiesError);
    expect(() => toApiProperties({ iconBrandColor: "#007ee5" })).toThrow(/not white/);
    for (const bad of ["red", "#fff", "#12345g", "#1234567", "", undefined]) {
      expect(() => toApiProperties({ iconBrandColor: bad as string })).toThrow(/iconBrandColor/);
    }
  });

  it("merges the auth's capabilities (gateway) without duplicates", () => {
    const doc = toApiProperties({
      auth: auth.windowsGateway({ verify: () => undefined }),
      iconBrandColor: "#0058a9",
      capabilities: ["actions", "gateway"],
    });
    expect(doc.properties.capabilities).toEqual(["actions", "gateway"]);
  });

  it("scriptOperations from operation objects or ids (not in the schema, read by paconn)", () => {
    const doc = toApiProperties({
      iconBrandColor: "#0058a9",
      scriptOperations: [{ operationId: "FormatQuery" }, "FormatQuery", "Other"],
    });
    expect(doc.properties.scriptOperations).toEqual(["FormatQuery", "Other"]);
    expect(() => toApiProperties({ iconBrandColor: "#0058a9", scriptOperations: ["bad id!"] })).toThrow(
      /operationId/,
    );
  });

  it("refuses a client secret from a hand-written auth scheme", () => {
    const leaky = {
      ...auth.none(),
      toApiProperties: () => ({
        connectionParameters: {
          token: {
            type: "oauthSetting",
            oAuthSettings: { identityProvider: "oauth2", clientSecret: "s3cr3t" },
          },
        },
      }),
    };
    expect(() => toApiProperties({ auth: leaky, iconBrandColor: "#123456" })).toThrow(/client secret/);
  });

  it("does not share objects with the auth scheme (callers may mutate the result)", () => {
    const a = auth.apiKey({ in: "header", name: "k", verify: () => undefined });
    const doc = toApiProperties({ auth: a, iconBrandColor: "#123456" });
    (doc.properties.connectionParameters["api_key"] as { type: string }).type = "string";
    expect(
      toApiProperties({ auth: a, iconBrandColor: "#123456" }).properties.connectionParameters["api_key"],
    ).toMatchObject({
      type: "securestring",
    });
  });
});

describe("policy builders", () => {
  const all = [
    policy.setHeader({
      name: "X-Region",
      value: "@connectionParameters('region')",
      existsAction: "override",
      section: "Failure",
    }),
    policy.setQueryParameter({
      name: "$top",
      value: "50",
      existsAction: "skip",
      operations: ["ListTickets"],
    }),
    policy.routeRequestToEndpoint({ newPath: "/v2/items/{id}", httpMethod: "@Request.OriginalHTTPMethod" }),
    policy.dynamicHostUrl({ urlTemplate: "https://@connectionParameters('instance').contoso.com/api" }),
    policy.setProperty({
      newPropertyParentPathTemplate: "@body()",
      newPropertySubPathTemplate: "source",
      propertyValuePathTemplate: "@connectionParameters('source')",
      section: "Request",
    }),
    policy.setValueFromUrl({
      parameterTemplate: "@headers('If-Match')",
      parameterValueUrl: "/v1.0/planner/tasks/{id}/details",
      parameterValuePathTemplate: "@body()['@odata.etag']",
      httpMethod: "GET",
      section: "Request",
      operations: [{ operationId: "UpdateTaskDetails_V2" }],
    }),
    policy.pollingTrigger({
      triggerConfig: { last_requested_at: "@{triggerBody().requested_at}" },
      triggerDataPath: "@triggerBody().results",
      operations: ["FormCompletion"],
    }),
    policy.updateNextLink({ nextLinkPropertyName: "@odata.nextLink", nextLinkParentPropertyPath: "@body()" }),
    policy.stringToArray({
      propertyParentPath: "@body()",
      propertySubPath: "tags",
      delimiterList: ",",
      childPropertyName: "tag",
      newPropertyPath: "@body().tagList",
    }),
    policy.convertArrayToObject({
      propertyParentPath: "@body()",
      propertySubPath: "references",
      keyWithinCollectionPath: "resourceLink",
      newPropertyPath: "@body().references",
      retainKey: false,
      section: "Request",
      operations: ["UpdateTaskDetails_V2"],
    }),
    policy.convertObjectToArray({
      propertyParentPath: "@body()",
      newPropertyPath: "@body().pairs",
      keyName: "k",
      valueName: "v",
    }),
    policy.stringReplace({
      propertyParentPath: "@body()",
      propertySubPath: "name",
      sourceString: " ",
      replacementString: "",
      newPropertyPath: "@body().name",
      section: "Response",
    }),
    policy.encodePropertyValue({
      propertyParentPath: "@body()",
      propertySubPath: "q",
      newPropertyPath: "@body().q",
    }),
  ];

  it("every template validates against Microsoft's schema", () => {
    const doc = toApiProperties({ iconBrandColor: "#123456", policies: all });
    expect(apiPropertiesSchemaErrors(doc)).toEqual([]);
    expect(new Set(all.map((p) => p.templateId)).size).toBe(13);
  });

  it("each instance matches only its own template (schema oneOf) — a wrong key is refused", () => {
    const broken = structuredClone(all[0]!) as { parameters: Record<string, unknown> };
    broken.parameters["x-ms-apimTemplateParameter.nmae"] = "typo";
    expect(
      apiPropertiesSchemaErrors({
        properties: { iconBrandColor: "#123456", policyTemplateInstances: [broken] },
      }).length,
    ).toBeGreaterThan(0);
  });

  it("reproduces Planner's and Feathery Forms' real instances", () => {
    const planner = readConnector("Planner", "apiProperties.json").properties.policyTemplateInstances;
    const lower = (p: { templateId: string; parameters: unknown }) => ({
      templateId: p.templateId.toLowerCase(),
      parameters: p.parameters,
    });
    const byTemplate = (id: string) =>
      planner.filter((p: { templateId: string }) => p.templateId.toLowerCase() === id).map(lower);
    expect(byTemplate("setvaluefromurl")).toContainEqual(lower(all[5]!));
    expect(byTemplate("convertarraytoobject")).toContainEqual(lower(all[9]!));
    const next = policy.updateNextLink({
      nextLinkPropertyName: "@odata.nextLink",
      operations: [{ operationId: "ListTasks_V2" }, "ListTasks_V3", "ListMyTasks_V2"],
      title: "Updates next link to make paging work",
    });
    expect(next).toEqual(planner.find((p: { templateId: string }) => p.templateId === "updatenextlink"));
    const feathery = readConnector("Feathery Forms", "apiProperties.json").properties
      .policyTemplateInstances[0];
    expect({ ...all[6]!, title: feathery.title }).toEqual(feathery);
  });

  it("refuses missing, empty or out-of-range values with the template named", () => {
    expect(() => policy.setHeader({ name: "", value: "x" })).toThrow(/setheader: name/);
    expect(() => policy.setHeader({ name: "X", value: "x", section: "Middle" as "Request" })).toThrow(
      /section/,
    );
    expect(() =>
      policy.setQueryParameter({ name: "a", value: "b", existsAction: "replace" as "skip" }),
    ).toThrow(/existsAction/);
    expect(() => policy.routeRequestToEndpoint({ newPath: "v2/items" })).toThrow(/start with/);
    expect(() =>
      policy.setValueFromUrl({
        parameterTemplate: "a",
        parameterValueUrl: "/b",
        parameterValuePathTemplate: "c",
        httpMethod: "PATCH" as "GET",
      }),
    ).toThrow(/httpMethod/);
    expect(() =>
      policy.pollingTrigger({ triggerConfig: {}, triggerDataPath: "@triggerBody().value" }),
    ).toThrow(/triggerConfig/);
    expect(() => policy.dynamicHostUrl({ urlTemplate: "https://x", operations: [] })).toThrow(/non-empty/);
    expect(() =>
      policy.dynamicHostUrl({ urlTemplate: "https://x", operations: [{ operationId: "" }] }),
    ).toThrow(/operationId/);
    expect(() => policy.dynamicHostUrl({ urlTemplate: undefined as unknown as string })).toThrow(
      /urlTemplate/,
    );
  });

  it("operations are de-duplicated and keep their order", () => {
    const p = policy.dynamicHostUrl({
      urlTemplate: "https://x",
      operations: ["B", { operationId: "A" }, "B"],
    });
    expect(p.parameters["x-ms-apimTemplate-operationName"]).toEqual(["B", "A"]);
  });
});
