/**
 * The certification `readme.md` skeleton (headings of PowerPlatformConnectors' `templates/readme.md`).
 * @module
 */
import type { Connector } from "@connectorkit/sdk";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** One line per paragraph; strips characters that would break a markdown heading. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

interface ListedOperation {
  id: string;
  summary: string;
  description: string | undefined;
  trigger: boolean;
  deprecated: boolean;
}

function listOperations(swagger: Json): ListedOperation[] {
  const out: ListedOperation[] = [];
  const paths = isObject(swagger["paths"]) ? swagger["paths"] : {};
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (method.startsWith("x-") || method === "parameters" || !isObject(op)) continue;
      if (op["x-ms-visibility"] === "internal") continue;
      const id = text(op["operationId"]) ?? `${method.toUpperCase()} operation`;
      out.push({
        id,
        summary: text(op["summary"]) ?? id,
        description: text(op["description"]),
        trigger: op["x-ms-trigger"] !== undefined,
        deprecated: op["deprecated"] === true,
      });
    }
  }
  return out.sort((a, b) =>
    a.summary === b.summary ? a.id.localeCompare(b.id) : a.summary.localeCompare(b.summary),
  );
}

function credentialsSection(connector: Connector, swagger: Json, apiProperties: Json): string[] {
  const definitions = isObject(swagger["securityDefinitions"]) ? swagger["securityDefinitions"] : {};
  const props = isObject(apiProperties["properties"]) ? apiProperties["properties"] : {};
  const params = isObject(props["connectionParameters"]) ? props["connectionParameters"] : {};
  const identityProviders = Object.values(params)
    .map((p) =>
      isObject(p) && isObject(p["oAuthSettings"]) ? text(p["oAuthSettings"]["identityProvider"]) : undefined,
    )
    .filter((p): p is string => p !== undefined);
  const owner = connector.stackOwner ?? connector.publisher ?? "the service";
  const lines: string[] = [];
  const schemes = Object.entries(definitions).filter(([, s]) => isObject(s)) as Array<[string, Json]>;
  if (schemes.length === 0 && identityProviders.length === 0) {
    lines.push("This connector needs no credentials: connections are created without signing in.");
    return lines;
  }
  if (schemes.length > 1 || isObject(props["connectionParameterSets"])) {
    lines.push("When creating a connection, choose one of the authentication types below.", "");
  }
  for (const [name, scheme] of schemes) {
    const type = scheme["type"];
    if (type === "apiKey") {
      lines.push(
        `- **API key** (\`${String(scheme["name"])}\` ${scheme["in"] === "query" ? "query parameter" : "header"}): get an API key from your ${owner} account and paste it when creating the connection.`,
      );
    } else if (type === "basic") {
      lines.push(`- **Basic authentication**: sign in with your ${owner} user name and password.`);
    } else if (type === "oauth2") {
      const provider = identityProviders[0];
      const who =
        provider === "aad" || provider === "aadcertificate" ? "Microsoft Entra ID" : `${owner} (OAuth 2.0)`;
      lines.push(
        `- **OAuth 2.0** via ${who}, flow \`${String(scheme["flow"] ?? "accessCode")}\`: register an application, allow the redirect URLs \`https://global.consent.azure-apim.net/redirect\` and \`https://global-test.consent.azure-apim.net/redirect\`, and enter its client id and secret when deploying the connector (never in apiProperties.json).`,
      );
      const scopes = isObject(scheme["scopes"]) ? Object.keys(scheme["scopes"]) : [];
      if (scopes.length > 0) lines.push(`  Scopes: ${scopes.map((s) => `\`${s}\``).join(", ")}.`);
    } else {
      lines.push(`- **${name}** (${String(type)}).`);
    }
  }
  if (schemes.length === 0) lines.push(`- Connections use ${identityProviders.join(", ")} credentials.`);
  return lines;
}

/**
 * Builds the `readme.md` skeleton certification asks for, with the headings of the PowerPlatformConnectors readme
 * template: title and description, Publisher, Prerequisites, Supported Operations (every visible operation of the
 * swagger with its summary and description, triggers separately), Obtaining Credentials (per auth type), Getting
 * Started, Known Issues and Limitations, Frequently Asked Questions and Deployment Instructions. Deterministic.
 *
 * @param connector - The connector (publisher, stack owner).
 * @param swagger - The emitted swagger document.
 * @param apiProperties - The emitted apiProperties document (connection parameters).
 * @returns The markdown text, ending with a newline.
 * @example
 * ```ts
 * const swagger = toSwagger(connector);
 * writeFileSync("readme.md", toReadme(connector, swagger, toApiProperties({ auth: connector.auth })));
 * ```
 */
export function toReadme(
  connector: Connector,
  swagger: Record<string, unknown>,
  apiProperties: Record<string, unknown>,
): string {
  const info = isObject(swagger["info"]) ? swagger["info"] : {};
  const title = oneLine(text(info["title"]) ?? connector.title);
  const description = oneLine(text(info["description"]) ?? connector.description);
  const operations = listOperations(swagger);
  const publisher = connector.publisher ?? connector.stackOwner ?? "(publisher name)";
  const out: string[] = [`# ${title}`, description, "", `## Publisher: ${oneLine(publisher)}`, ""];
  out.push("## Prerequisites");
  out.push(
    connector.stackOwner === undefined
      ? "You need an account with the service this connector calls."
      : `You need an account with ${oneLine(connector.stackOwner)}.`,
    "",
  );
  out.push("## Supported Operations");
  out.push("The connector supports the following operations:", "");
  const groups: Array<[string, ListedOperation[]]> = [
    ["Actions", operations.filter((o) => !o.trigger)],
    ["Triggers", operations.filter((o) => o.trigger)],
  ];
  for (const [heading, list] of groups) {
    if (list.length === 0) continue;
    if (groups.every(([, l]) => l.length > 0)) out.push(`**${heading}**`, "");
    for (const op of list) {
      const marked = op.deprecated && !/deprecated/i.test(op.summary);
      out.push(`### ${oneLine(op.summary)}${marked ? " (deprecated)" : ""}`);
      out.push(op.description === undefined ? `Operation \`${op.id}\`.` : oneLine(op.description), "");
    }
  }
  if (operations.length === 0) out.push("This connector has no visible operations.", "");
  out.push("## Obtaining Credentials", ...credentialsSection(connector, swagger, apiProperties), "");
  out.push(
    "## Getting Started",
    `Create a connection to ${title}, then add one of the operations above to a flow or app.`,
    "",
  );
  out.push("## Known Issues and Limitations", "There are no known issues at this time.", "");
  out.push("## Frequently Asked Questions", "None yet.", "");
  out.push(
    "## Deployment Instructions",
    "Deploy the connector as a custom connector with the Power Platform CLI:",
    "",
    "```",
    "pac connector create --api-definition-file apiDefinition.swagger.json --api-properties-file apiProperties.json",
    "```",
    "",
    "or with paconn: `paconn create --settings settings.json`.",
  );
  return `${out.join("\n")}\n`;
}
