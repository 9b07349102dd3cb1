/**
 * Checks of apiProperties.json (connectorkit rules: Microsoft's catalogue covers only the swagger).
 * @internal
 * @module
 */
import type { Reporter } from "./context";
import { entriesOf, isObject, type JsonObject, ptr, show } from "./util";

/** Options of {@link checkApiProperties}. @internal */
export interface ApiPropertiesCheckOptions {
  independentPublisher: boolean;
  /** operationIds of the swagger, when it parsed. */
  operationIds: ReadonlySet<string> | undefined;
}

function checkConnectionParameters(reporter: Reporter, params: unknown, pointer: string): void {
  for (const [name, param] of entriesOf(params)) {
    const p = ptr(pointer, name);
    if (!isObject(param)) continue;
    const constraints = isObject(param["uiDefinition"]) ? param["uiDefinition"]["constraints"] : undefined;
    if (isObject(constraints)) {
      for (const key of ["required", "hidden"]) {
        const v = constraints[key];
        if (v !== undefined && v !== "true" && v !== "false") {
          reporter.report(
            "ApiPropertiesConstraintNotString",
            ptr(p, "uiDefinition", "constraints", key),
            `'constraints.${key}' must be the string "true" or "false" (found ${show(v)}).`,
          );
        }
      }
    }
    const oauth = param["oAuthSettings"];
    if (isObject(oauth) && oauth["clientSecret"] !== undefined && oauth["clientSecret"] !== "") {
      reporter.report(
        "ApiPropertiesClientSecretPresent",
        ptr(p, "oAuthSettings", "clientSecret"),
        "Do not commit 'clientSecret': paconn / pac inject it at upload time (--secret).",
      );
    }
  }
}

/** Runs the apiProperties.json checks. @internal */
export function checkApiProperties(
  reporter: Reporter,
  doc: unknown,
  options: ApiPropertiesCheckOptions,
): void {
  const props = isObject(doc) ? doc["properties"] : undefined;
  if (!isObject(props)) {
    reporter.report(
      "ApiPropertiesPropertiesMissing",
      "",
      "apiProperties.json must have a top-level 'properties' object.",
    );
    return;
  }
  const color = props["iconBrandColor"];
  if (typeof color !== "string" || !/^#[0-9a-fA-F]{6}$/.test(color)) {
    reporter.report(
      "ApiPropertiesIconBrandColorInvalid",
      color === undefined ? "/properties" : "/properties/iconBrandColor",
      `'iconBrandColor' must be a '#rrggbb' colour (found ${show(color)}).`,
    );
  } else {
    const lower = color.toLowerCase();
    if (options.independentPublisher && lower !== "#da3b01") {
      reporter.report(
        "ApiPropertiesIndependentPublisherColor",
        "/properties/iconBrandColor",
        `Independent-publisher connectors must use iconBrandColor '#da3b01' (found '${color}').`,
      );
    } else if (!options.independentPublisher && (lower === "#007ee5" || lower === "#ffffff")) {
      reporter.report(
        "ApiPropertiesIconBrandColorNotAllowed",
        "/properties/iconBrandColor",
        `'${color}' is not allowed as iconBrandColor for a certified connector.`,
      );
    }
  }
  checkConnectionParameters(reporter, props["connectionParameters"], "/properties/connectionParameters");
  const sets = props["connectionParameterSets"];
  if (isObject(sets) && Array.isArray(sets["values"])) {
    sets["values"].forEach((set, i) => {
      if (isObject(set))
        checkConnectionParameters(
          reporter,
          set["parameters"],
          ptr("/properties/connectionParameterSets/values", i, "parameters"),
        );
    });
  }
  for (const key of ["publisher", "stackOwner"]) {
    const v = props[key];
    if (typeof v !== "string" || v.trim() === "")
      reporter.report(
        "ApiPropertiesPublisherMissing",
        "/properties",
        `'${key}' is required for certification.`,
      );
  }
  const ids = options.operationIds;
  if (ids === undefined) return;
  const scriptOps = props["scriptOperations"];
  if (Array.isArray(scriptOps)) {
    scriptOps.forEach((id, i) => {
      if (typeof id !== "string" || !ids.has(id))
        reporter.report(
          "ApiPropertiesUnknownOperation",
          ptr("/properties/scriptOperations", i),
          `scriptOperations names '${show(id)}', which is not an operationId of the swagger.`,
        );
    });
  }
  const policies = props["policyTemplateInstances"];
  if (Array.isArray(policies)) {
    policies.forEach((policy, i) => {
      const params = isObject(policy) ? policy["parameters"] : undefined;
      const names = isObject(params) ? (params as JsonObject)["x-ms-apimTemplate-operationName"] : undefined;
      if (!Array.isArray(names)) return;
      names.forEach((id, j) => {
        if (typeof id !== "string" || !ids.has(id)) {
          reporter.report(
            "ApiPropertiesUnknownOperation",
            ptr("/properties/policyTemplateInstances", i, "parameters", "x-ms-apimTemplate-operationName", j),
            `The policy names operation '${show(id)}', which is not an operationId of the swagger.`,
          );
        }
      });
    });
  }
}
