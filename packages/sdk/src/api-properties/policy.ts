import { ApiPropertiesError } from "./api-properties-error";

/**
 * An operation a policy applies to: its id, or the operation object itself (anything with an `operationId`),
 * so a renamed operation updates the policy too.
 *
 * @example
 * ```ts
 * const refs: OperationRef[] = ["ListTasks", getTicket];
 * ```
 */
export type OperationRef = string | { readonly operationId: string };

/**
 * The policy section a template runs in.
 *
 * @example
 * ```ts
 * const s: PolicySection = "Request";
 * ```
 */
export type PolicySection = "Request" | "Response";

/**
 * `existsAction` of `setheader` / `setqueryparameter`.
 *
 * @example
 * ```ts
 * const a: ExistsAction = "skip";
 * ```
 */
export type ExistsAction = "override" | "skip" | "append";

/**
 * Options every policy builder accepts.
 *
 * @example
 * ```ts
 * const common: PolicyCommonOptions = { title: "Default page size", operations: ["ListTickets"] };
 * ```
 */
export interface PolicyCommonOptions {
  /** Shown in the portal. Defaults to a description of what the policy does. */
  title?: string;
  /** The operations the policy applies to; omitted means all operations. */
  operations?: readonly OperationRef[];
}

type OperationNameParameter = { "x-ms-apimTemplate-operationName"?: string[] };
type SectionParameter<TSection extends string = PolicySection> = {
  "x-ms-apimTemplate-policySection"?: TSection;
};
type P = "x-ms-apimTemplateParameter";

interface Instance<TId extends string, TParameters> {
  templateId: TId;
  title: string;
  parameters: OperationNameParameter & TParameters;
}

/**
 * A `setheader` instance.
 *
 * @example
 * ```ts
 * const p: SetHeaderPolicy = policy.setHeader({ name: "X-Region", value: "eu" });
 * ```
 */
export type SetHeaderPolicy = Instance<
  "setheader",
  SectionParameter<PolicySection | "Failure"> & {
    [K in `${P}.name` | `${P}.value`]: string;
  } & { [K in `${P}.existsAction`]?: ExistsAction }
>;
/**
 * A `setqueryparameter` instance.
 *
 * @example
 * ```ts
 * const p: SetQueryParameterPolicy = policy.setQueryParameter({ name: "$top", value: "50" });
 * ```
 */
export type SetQueryParameterPolicy = Instance<
  "setqueryparameter",
  { [K in `${P}.name` | `${P}.value`]: string } & { [K in `${P}.existsAction`]?: ExistsAction }
>;
/**
 * A `routerequesttoendpoint` instance.
 *
 * @example
 * ```ts
 * const p: RouteRequestToEndpointPolicy = policy.routeRequestToEndpoint({ newPath: "/v2/items" });
 * ```
 */
export type RouteRequestToEndpointPolicy = Instance<
  "routerequesttoendpoint",
  { [K in `${P}.newPath`]: string } & { [K in `${P}.httpMethod`]?: RouteHttpMethod }
>;
/**
 * A `dynamichosturl` instance.
 *
 * @example
 * ```ts
 * const p: DynamicHostUrlPolicy = policy.dynamicHostUrl({ urlTemplate: "https://@connectionParameters('host')/api" });
 * ```
 */
export type DynamicHostUrlPolicy = Instance<"dynamichosturl", { [K in `${P}.urlTemplate`]: string }>;
/**
 * A `setproperty` instance.
 *
 * @example
 * ```ts
 * const p: SetPropertyPolicy = policy.setProperty({ newPropertyParentPathTemplate: "@body()", newPropertySubPathTemplate: "source", propertyValuePathTemplate: "flow" });
 * ```
 */
export type SetPropertyPolicy = Instance<
  "setproperty",
  SectionParameter & {
    [K in `${P}.${"newPropertyParentPathTemplate" | "newPropertySubPathTemplate" | "propertyValuePathTemplate"}`]: string;
  }
>;
/**
 * A `setvaluefromurl` instance.
 *
 * @example
 * ```ts
 * const p: SetValueFromUrlPolicy = policy.setValueFromUrl({ parameterTemplate: "@headers('If-Match')", parameterValueUrl: "/items/{id}", parameterValuePathTemplate: "@body().etag" });
 * ```
 */
export type SetValueFromUrlPolicy = Instance<
  "setvaluefromurl",
  SectionParameter & {
    [K in `${P}.${"parameterTemplate" | "parameterValueUrl" | "parameterValuePathTemplate"}`]: string;
  } & { [K in `${P}.httpMethod`]?: "GET" | "POST" | "PUT" }
>;
/**
 * A `pollingtrigger` instance.
 *
 * @example
 * ```ts
 * const p: PollingTriggerPolicy = policy.pollingTrigger({ triggerConfig: { since: "@{triggerBody().value[0].created}" }, triggerDataPath: "@triggerBody().value" });
 * ```
 */
export interface PollingTriggerPolicy
  extends Instance<
    "pollingtrigger",
    { [K in `${P}.triggerConfig`]: Record<string, string> } & { [K in `${P}.triggerDataPath`]: string }
  > {
  type: "PollingTrigger";
}
/**
 * An `updatenextlink` instance.
 *
 * @example
 * ```ts
 * const p: UpdateNextLinkPolicy = policy.updateNextLink({ nextLinkPropertyName: "@odata.nextLink" });
 * ```
 */
export type UpdateNextLinkPolicy = Instance<
  "updatenextlink",
  { [K in `${P}.nextLinkPropertyName`]: string } & { [K in `${P}.nextLinkParentPropertyPath`]?: string }
>;
type SubPath = { [K in `${P}.propertySubPath`]?: string };
/**
 * A `stringtoarray` instance.
 *
 * @example
 * ```ts
 * const p: StringToArrayPolicy = policy.stringToArray({ propertyParentPath: "@body()", delimiterList: ",", childPropertyName: "tag", newPropertyPath: "@body().tags" });
 * ```
 */
export type StringToArrayPolicy = Instance<
  "stringtoarray",
  SectionParameter &
    SubPath & {
      [K in `${P}.${"propertyParentPath" | "delimiterList" | "childPropertyName" | "newPropertyPath"}`]: string;
    }
>;
/**
 * A `convertarraytoobject` instance.
 *
 * @example
 * ```ts
 * const p: ConvertArrayToObjectPolicy = policy.convertArrayToObject({ propertyParentPath: "@body()", keyWithinCollectionPath: "id", newPropertyPath: "@body().byId" });
 * ```
 */
export type ConvertArrayToObjectPolicy = Instance<
  "convertarraytoobject",
  SectionParameter &
    SubPath & {
      [K in `${P}.${"propertyParentPath" | "keyWithinCollectionPath" | "newPropertyPath"}`]: string;
    } & {
      [K in `${P}.retainKey`]?: "true" | "false";
    }
>;
/**
 * A `convertobjecttoarray` instance.
 *
 * @example
 * ```ts
 * const p: ConvertObjectToArrayPolicy = policy.convertObjectToArray({ propertyParentPath: "@body()", newPropertyPath: "@body().pairs" });
 * ```
 */
export type ConvertObjectToArrayPolicy = Instance<
  "convertobjecttoarray",
  SectionParameter &
    SubPath & { [K in `${P}.${"propertyParentPath" | "newPropertyPath"}`]: string } & {
      [K in `${P}.${"keyName" | "valueName"}`]?: string;
    }
>;
/**
 * A `stringreplace` instance.
 *
 * @example
 * ```ts
 * const p: StringReplacePolicy = policy.stringReplace({ propertyParentPath: "@body()", sourceString: " ", replacementString: "_", newPropertyPath: "@body().name" });
 * ```
 */
export type StringReplacePolicy = Instance<
  "stringreplace",
  SectionParameter &
    SubPath & {
      [K in `${P}.${"propertyParentPath" | "sourceString" | "replacementString" | "newPropertyPath"}`]: string;
    }
>;
/**
 * An `encodepropertyvalue` instance.
 *
 * @example
 * ```ts
 * const p: EncodePropertyValuePolicy = policy.encodePropertyValue({ propertyParentPath: "@body()", newPropertyPath: "@body().q" });
 * ```
 */
export type EncodePropertyValuePolicy = Instance<
  "encodepropertyvalue",
  SectionParameter & SubPath & { [K in `${P}.${"propertyParentPath" | "newPropertyPath"}`]: string }
>;

/**
 * One entry of `policyTemplateInstances`, typed per template so every `x-ms-apimTemplateParameter.*` key is exact.
 *
 * @example
 * ```ts
 * const p: PolicyTemplateInstance = policy.dynamicHostUrl({ urlTemplate: "https://@connectionParameters('host')/api" });
 * ```
 */
export type PolicyTemplateInstance =
  | SetHeaderPolicy
  | SetQueryParameterPolicy
  | RouteRequestToEndpointPolicy
  | DynamicHostUrlPolicy
  | SetPropertyPolicy
  | SetValueFromUrlPolicy
  | PollingTriggerPolicy
  | UpdateNextLinkPolicy
  | StringToArrayPolicy
  | ConvertArrayToObjectPolicy
  | ConvertObjectToArrayPolicy
  | StringReplacePolicy
  | EncodePropertyValuePolicy;

/**
 * `httpMethod` of `routerequesttoendpoint`.
 *
 * @example
 * ```ts
 * const m: RouteHttpMethod = "@Request.OriginalHTTPMethod";
 * ```
 */
export type RouteHttpMethod =
  | "GET"
  | "POST"
  | "PUT"
  | "PATCH"
  | "DELETE"
  | "OPTIONS"
  | "HEAD"
  | "@Request.OriginalHTTPMethod";

const OPERATION_ID = /^[A-Za-z0-9_.-]+$/;

/** @internal Resolves operation references to a sorted-by-first-use, de-duplicated id list. */
export function operationIdsOf(
  refs: readonly OperationRef[] | undefined,
  where: string,
): string[] | undefined {
  if (refs === undefined) return undefined;
  if (!Array.isArray(refs) || refs.length === 0) {
    throw new ApiPropertiesError(
      `${where}: operations must be a non-empty list (omit it to apply to all operations)`,
    );
  }
  const ids: string[] = [];
  for (const ref of refs) {
    const id = typeof ref === "string" ? ref : ref?.operationId;
    if (typeof id !== "string" || !OPERATION_ID.test(id)) {
      throw new ApiPropertiesError(`${where}: ${JSON.stringify(id ?? ref)} is not a valid operationId`);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function text(value: unknown, where: string, name: string, allowEmpty = false): string {
  if (typeof value !== "string" || (!allowEmpty && value === "")) {
    throw new ApiPropertiesError(`${where}: ${name} must be a ${allowEmpty ? "" : "non-empty "}string`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, name: string): T {
  if (!allowed.includes(value as T)) {
    throw new ApiPropertiesError(
      `${where}: ${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/**
 * @internal Assembles an instance: operation names first, then the template parameters (prefixed), then the section.
 */
function build(
  templateId: string,
  defaultTitle: string,
  common: PolicyCommonOptions,
  parameters: Record<string, unknown>,
  section?: string,
): { templateId: string; title: string; parameters: Record<string, unknown> } {
  const where = `policy ${templateId}`;
  const title = common.title === undefined ? defaultTitle : text(common.title, where, "title");
  const out: Record<string, unknown> = {};
  const ids = operationIdsOf(common.operations, where);
  if (ids !== undefined) out["x-ms-apimTemplate-operationName"] = ids;
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined) out[`x-ms-apimTemplateParameter.${key}`] = value;
  }
  if (section !== undefined) out["x-ms-apimTemplate-policySection"] = section;
  return { templateId, title, parameters: out };
}

const SECTIONS: PolicySection[] = ["Request", "Response"];
const EXISTS: ExistsAction[] = ["override", "skip", "append"];

function sectionOf(value: unknown, where: string, allowed: readonly string[] = SECTIONS): string | undefined {
  return value === undefined ? undefined : oneOf(value as string, allowed, where, "section");
}

/**
 * Options of {@link policy.setHeader}.
 *
 * @example
 * ```ts
 * const o: SetHeaderOptions = { name: "X-Region", value: "@connectionParameters('region')", existsAction: "override" };
 * ```
 */
export interface SetHeaderOptions extends PolicyCommonOptions {
  name: string;
  /** A literal or an expression such as `@connectionParameters('region')`. */
  value: string;
  /** @default "override" */
  existsAction?: ExistsAction;
  section?: PolicySection | "Failure";
}
/**
 * Options of {@link policy.setQueryParameter}.
 *
 * @example
 * ```ts
 * const o: SetQueryParameterOptions = { name: "$top", value: "50", existsAction: "skip", operations: ["ListTickets"] };
 * ```
 */
export interface SetQueryParameterOptions extends PolicyCommonOptions {
  name: string;
  value: string;
  existsAction?: ExistsAction;
}
/**
 * Options of {@link policy.routeRequestToEndpoint}.
 *
 * @example
 * ```ts
 * const o: RouteRequestToEndpointOptions = { newPath: "/v2/items/{id}", httpMethod: "GET" };
 * ```
 */
export interface RouteRequestToEndpointOptions extends PolicyCommonOptions {
  /** The backend path, may use `{pathParam}` placeholders, e.g. `/v2/items/{id}`. */
  newPath: string;
  httpMethod?: RouteHttpMethod;
}
/**
 * Options of {@link policy.dynamicHostUrl}.
 *
 * @example
 * ```ts
 * const o: DynamicHostUrlOptions = { urlTemplate: "https://@connectionParameters('instance').contoso.com/api" };
 * ```
 */
export interface DynamicHostUrlOptions extends PolicyCommonOptions {
  /** e.g. `https://@connectionParameters('instance').contoso.com/api`. */
  urlTemplate: string;
}
/**
 * Options of {@link policy.setProperty}.
 *
 * @example
 * ```ts
 * const o: SetPropertyOptions = { newPropertyParentPathTemplate: "@body()", newPropertySubPathTemplate: "source", propertyValuePathTemplate: "flow" };
 * ```
 */
export interface SetPropertyOptions extends PolicyCommonOptions {
  newPropertyParentPathTemplate: string;
  newPropertySubPathTemplate: string;
  propertyValuePathTemplate: string;
  section?: PolicySection;
}
/**
 * Options of {@link policy.setValueFromUrl}.
 *
 * @example
 * ```ts
 * const o: SetValueFromUrlOptions = { parameterTemplate: "@headers('If-Match')", parameterValueUrl: "/items/{id}", parameterValuePathTemplate: "@body().etag" };
 * ```
 */
export interface SetValueFromUrlOptions extends PolicyCommonOptions {
  /** Where to put the value, e.g. `@headers('If-Match')`. */
  parameterTemplate: string;
  /** URL relative to the host, e.g. `/v1.0/planner/tasks/{id}/details`. */
  parameterValueUrl: string;
  /** Where the value is in the response, e.g. `@body()['@odata.etag']`. */
  parameterValuePathTemplate: string;
  /** @default "GET" */
  httpMethod?: "GET" | "POST" | "PUT";
  section?: PolicySection;
}
/**
 * Options of {@link policy.pollingTrigger}.
 *
 * @example
 * ```ts
 * const o: PollingTriggerOptions = { triggerConfig: { since: "@{triggerBody().value[0].created}" }, triggerDataPath: "@triggerBody().value" };
 * ```
 */
export interface PollingTriggerOptions extends PolicyCommonOptions {
  /** Query parameter name -> value expression, e.g. `{ since: "@{triggerBody().value[0].created}" }`. */
  triggerConfig: Readonly<Record<string, string>>;
  /** e.g. `@triggerBody().value`. */
  triggerDataPath: string;
}
/**
 * Options of {@link policy.updateNextLink}.
 *
 * @example
 * ```ts
 * const o: UpdateNextLinkOptions = { nextLinkPropertyName: "@odata.nextLink", operations: ["ListTickets"] };
 * ```
 */
export interface UpdateNextLinkOptions extends PolicyCommonOptions {
  /** e.g. `@odata.nextLink`. */
  nextLinkPropertyName: string;
  nextLinkParentPropertyPath?: string;
}
interface PropertyPathOptions extends PolicyCommonOptions {
  /** e.g. `@body()`. */
  propertyParentPath: string;
  propertySubPath?: string;
  /** e.g. `@body().tags`. */
  newPropertyPath: string;
  section?: PolicySection;
}
/**
 * Options of {@link policy.stringToArray}.
 *
 * @example
 * ```ts
 * const o: StringToArrayOptions = { propertyParentPath: "@body()", delimiterList: ",", childPropertyName: "tag", newPropertyPath: "@body().tags" };
 * ```
 */
export interface StringToArrayOptions extends PropertyPathOptions {
  delimiterList: string;
  childPropertyName: string;
}
/**
 * Options of {@link policy.convertArrayToObject}.
 *
 * @example
 * ```ts
 * const o: ConvertArrayToObjectOptions = { propertyParentPath: "@body()", keyWithinCollectionPath: "id", newPropertyPath: "@body().byId", retainKey: false };
 * ```
 */
export interface ConvertArrayToObjectOptions extends PropertyPathOptions {
  keyWithinCollectionPath: string;
  /** @default true */
  retainKey?: boolean;
}
/**
 * Options of {@link policy.convertObjectToArray}.
 *
 * @example
 * ```ts
 * const o: ConvertObjectToArrayOptions = { propertyParentPath: "@body()", newPropertyPath: "@body().pairs", keyName: "name" };
 * ```
 */
export interface ConvertObjectToArrayOptions extends PropertyPathOptions {
  /** @default "key" */
  keyName?: string;
  /** @default "value" */
  valueName?: string;
}
/**
 * Options of {@link policy.stringReplace}.
 *
 * @example
 * ```ts
 * const o: StringReplaceOptions = { propertyParentPath: "@body()", sourceString: " ", replacementString: "_", newPropertyPath: "@body().name" };
 * ```
 */
export interface StringReplaceOptions extends PropertyPathOptions {
  sourceString: string;
  replacementString: string;
}
/**
 * Options of {@link policy.encodePropertyValue}.
 *
 * @example
 * ```ts
 * const o: EncodePropertyValueOptions = { propertyParentPath: "@body()", newPropertyPath: "@body().q" };
 * ```
 */
export type EncodePropertyValueOptions = PropertyPathOptions;

function propertyPaths(o: PropertyPathOptions, where: string) {
  return {
    propertyParentPath: text(o.propertyParentPath, where, "propertyParentPath"),
    propertySubPath:
      o.propertySubPath === undefined ? undefined : text(o.propertySubPath, where, "propertySubPath"),
  };
}

/**
 * Builders for every documented policy template (`policyTemplateInstances` of apiProperties.json). Each returns
 * a typed instance with the exact `x-ms-apimTemplateParameter.*` keys the gateway reads; `operations` takes
 * operation objects or ids (omitted = all operations).
 *
 * @example
 * ```ts
 * const policies = [
 *   policy.dynamicHostUrl({ urlTemplate: "https://@connectionParameters('instance').contoso.com/api" }),
 *   policy.setQueryParameter({ name: "$top", value: "50", existsAction: "skip", operations: [listTickets] }),
 *   policy.updateNextLink({ nextLinkPropertyName: "@odata.nextLink", operations: ["ListTickets"] }),
 * ];
 * ```
 */
export const policy = {
  /** `setheader`: set a request / response / failure header. */
  setHeader(o: SetHeaderOptions): SetHeaderPolicy {
    const w = "policy setheader";
    const name = text(o.name, w, "name");
    return build(
      "setheader",
      `Set header ${name}`,
      o,
      {
        name,
        value: text(o.value, w, "value", true),
        existsAction:
          o.existsAction === undefined ? undefined : oneOf(o.existsAction, EXISTS, w, "existsAction"),
      },
      sectionOf(o.section, w, [...SECTIONS, "Failure"]),
    ) as SetHeaderPolicy;
  },
  /** `setqueryparameter`: set a query parameter (e.g. a default `$top`). */
  setQueryParameter(o: SetQueryParameterOptions): SetQueryParameterPolicy {
    const w = "policy setqueryparameter";
    const name = text(o.name, w, "name");
    return build("setqueryparameter", `Set query parameter ${name}`, o, {
      name,
      value: text(o.value, w, "value", true),
      existsAction:
        o.existsAction === undefined ? undefined : oneOf(o.existsAction, EXISTS, w, "existsAction"),
    }) as SetQueryParameterPolicy;
  },
  /** `routerequesttoendpoint`: send the request to another backend path (and method). */
  routeRequestToEndpoint(o: RouteRequestToEndpointOptions): RouteRequestToEndpointPolicy {
    const w = "policy routerequesttoendpoint";
    const newPath = text(o.newPath, w, "newPath");
    if (!newPath.startsWith("/")) throw new ApiPropertiesError(`${w}: newPath must start with "/"`);
    const methods: RouteHttpMethod[] = [
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "OPTIONS",
      "HEAD",
      "@Request.OriginalHTTPMethod",
    ];
    return build("routerequesttoendpoint", `Route to ${newPath}`, o, {
      newPath,
      httpMethod: o.httpMethod === undefined ? undefined : oneOf(o.httpMethod, methods, w, "httpMethod"),
    }) as RouteRequestToEndpointPolicy;
  },
  /** `dynamichosturl`: replace the host URL per connection. */
  dynamicHostUrl(o: DynamicHostUrlOptions): DynamicHostUrlPolicy {
    const w = "policy dynamichosturl";
    return build("dynamichosturl", "Set host URL", o, {
      urlTemplate: text(o.urlTemplate, w, "urlTemplate"),
    }) as DynamicHostUrlPolicy;
  },
  /** `setproperty`: set a body property. */
  setProperty(o: SetPropertyOptions): SetPropertyPolicy {
    const w = "policy setproperty";
    return build(
      "setproperty",
      "Set property",
      o,
      {
        newPropertyParentPathTemplate: text(
          o.newPropertyParentPathTemplate,
          w,
          "newPropertyParentPathTemplate",
        ),
        newPropertySubPathTemplate: text(o.newPropertySubPathTemplate, w, "newPropertySubPathTemplate"),
        propertyValuePathTemplate: text(o.propertyValuePathTemplate, w, "propertyValuePathTemplate"),
      },
      sectionOf(o.section, w),
    ) as SetPropertyPolicy;
  },
  /** `setvaluefromurl`: call a URL on the host and copy a value from its response into the request. */
  setValueFromUrl(o: SetValueFromUrlOptions): SetValueFromUrlPolicy {
    const w = "policy setvaluefromurl";
    return build(
      "setvaluefromurl",
      "Set value from URL",
      o,
      {
        parameterTemplate: text(o.parameterTemplate, w, "parameterTemplate"),
        parameterValueUrl: text(o.parameterValueUrl, w, "parameterValueUrl"),
        parameterValuePathTemplate: text(o.parameterValuePathTemplate, w, "parameterValuePathTemplate"),
        httpMethod:
          o.httpMethod === undefined
            ? undefined
            : oneOf(o.httpMethod, ["GET", "POST", "PUT"], w, "httpMethod"),
      },
      sectionOf(o.section, w),
    ) as SetValueFromUrlPolicy;
  },
  /** `pollingtrigger`: gateway-managed polling trigger state. */
  pollingTrigger(o: PollingTriggerOptions): PollingTriggerPolicy {
    const w = "policy pollingtrigger";
    const entries = Object.entries(o.triggerConfig ?? {});
    if (entries.length === 0)
      throw new ApiPropertiesError(`${w}: triggerConfig must name at least one query parameter`);
    const triggerConfig: Record<string, string> = {};
    for (const [key, value] of entries)
      triggerConfig[text(key, w, "triggerConfig key")] = text(value, w, `triggerConfig.${key}`);
    const built = build("pollingtrigger", "Polling trigger", o, {
      triggerConfig,
      triggerDataPath: text(o.triggerDataPath, w, "triggerDataPath"),
    });
    return {
      templateId: "pollingtrigger",
      title: built.title,
      type: "PollingTrigger",
      parameters: built.parameters,
    } as PollingTriggerPolicy;
  },
  /** `updatenextlink`: rewrite a paging next link so it goes through the connector. */
  updateNextLink(o: UpdateNextLinkOptions): UpdateNextLinkPolicy {
    const w = "policy updatenextlink";
    return build("updatenextlink", "Update next link to make paging work", o, {
      nextLinkPropertyName: text(o.nextLinkPropertyName, w, "nextLinkPropertyName"),
      nextLinkParentPropertyPath:
        o.nextLinkParentPropertyPath === undefined
          ? undefined
          : text(o.nextLinkParentPropertyPath, w, "nextLinkParentPropertyPath"),
    }) as UpdateNextLinkPolicy;
  },
  /** `stringtoarray`: split a delimited string into an array of objects. */
  stringToArray(o: StringToArrayOptions): StringToArrayPolicy {
    const w = "policy stringtoarray";
    return build(
      "stringtoarray",
      "String to array",
      o,
      {
        ...propertyPaths(o, w),
        delimiterList: text(o.delimiterList, w, "delimiterList"),
        childPropertyName: text(o.childPropertyName, w, "childPropertyName"),
        newPropertyPath: text(o.newPropertyPath, w, "newPropertyPath"),
      },
      sectionOf(o.section, w),
    ) as StringToArrayPolicy;
  },
  /** `convertarraytoobject`: turn an array into a dictionary. */
  convertArrayToObject(o: ConvertArrayToObjectOptions): ConvertArrayToObjectPolicy {
    const w = "policy convertarraytoobject";
    return build(
      "convertarraytoobject",
      "Convert array to object",
      o,
      {
        ...propertyPaths(o, w),
        keyWithinCollectionPath: text(o.keyWithinCollectionPath, w, "keyWithinCollectionPath"),
        newPropertyPath: text(o.newPropertyPath, w, "newPropertyPath"),
        retainKey: o.retainKey === undefined ? undefined : String(o.retainKey === true),
      },
      sectionOf(o.section, w),
    ) as ConvertArrayToObjectPolicy;
  },
  /** `convertobjecttoarray`: turn a dictionary into an array of `{ key, value }`. */
  convertObjectToArray(o: ConvertObjectToArrayOptions): ConvertObjectToArrayPolicy {
    const w = "policy convertobjecttoarray";
    return build(
      "convertobjecttoarray",
      "Convert object to array",
      o,
      {
        ...propertyPaths(o, w),
        newPropertyPath: text(o.newPropertyPath, w, "newPropertyPath"),
        keyName: o.keyName === undefined ? undefined : text(o.keyName, w, "keyName"),
        valueName: o.valueName === undefined ? undefined : text(o.valueName, w, "valueName"),
      },
      sectionOf(o.section, w),
    ) as ConvertObjectToArrayPolicy;
  },
  /** `stringreplace`: replace a substring in a property. */
  stringReplace(o: StringReplaceOptions): StringReplacePolicy {
    const w = "policy stringreplace";
    return build(
      "stringreplace",
      "String replace",
      o,
      {
        ...propertyPaths(o, w),
        sourceString: text(o.sourceString, w, "sourceString"),
        replacementString: text(o.replacementString, w, "replacementString", true),
        newPropertyPath: text(o.newPropertyPath, w, "newPropertyPath"),
      },
      sectionOf(o.section, w),
    ) as StringReplacePolicy;
  },
  /** `encodepropertyvalue`: encode a property value. */
  encodePropertyValue(o: EncodePropertyValueOptions): EncodePropertyValuePolicy {
    const w = "policy encodepropertyvalue";
    return build(
      "encodepropertyvalue",
      "Encode property value",
      o,
      {
        ...propertyPaths(o, w),
        newPropertyPath: text(o.newPropertyPath, w, "newPropertyPath"),
      },
      sectionOf(o.section, w),
    ) as EncodePropertyValuePolicy;
  },
} as const;
