/**
 * Everything `connectorkit build` writes, computed in memory (no file system access): pure and deterministic.
 * @module
 */

import type { Connector } from "@connectorkit/sdk";
import { toPostmanCollection } from "@connectorkit/sdk/postman";
import type { SwaggerDocument } from "@connectorkit/sdk/swagger";
import { toConnectorApiProperties, toSwagger } from "@connectorkit/sdk/swagger";
import { CliError } from "./cli-error";
import { toOpenApi3 } from "./to-openapi3";
import { toReadme } from "./to-readme";

/**
 * File names `connectorkit build` writes.
 *
 * @example
 * ```ts
 * const swaggerPath = path.join(outDir, PACKAGE_FILES.apiDefinition); // .../apiDefinition.swagger.json
 * ```
 */
export const PACKAGE_FILES = {
  apiDefinition: "apiDefinition.swagger.json",
  apiProperties: "apiProperties.json",
  settings: "settings.json",
  readme: "readme.md",
  openapi3: "openapi3.json",
  postman: "postman_collection.json",
  icon: "icon.png",
} as const;

/**
 * Default Power Apps / Power Automate API endpoints written into settings.json (paconn's defaults).
 *
 * @example
 * ```ts
 * PACONN_DEFAULTS.flowUrl; // "https://api.flow.microsoft.com"
 * ```
 */
export const PACONN_DEFAULTS = {
  powerAppsUrl: "https://api.powerapps.com",
  powerAppsApiVersion: "2016-11-01",
  flowUrl: "https://api.flow.microsoft.com",
  flowApiVersion: "2016-11-01",
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOST = /^[^{}/ :\\?#]+(?::\d{1,5})?$/;

/**
 * Options of {@link buildConnectorPackage}.
 *
 * @example
 * ```ts
 * const options: ConnectorPackageOptions = { host: "staging.contoso.com", environment: "00000000-0000-0000-0000-000000000000" };
 * ```
 */
export interface ConnectorPackageOptions {
  /** Host written into the swagger instead of the connector's (per environment). */
  host?: string;
  /** Power Platform environment GUID for settings.json (`environment`). */
  environment?: string;
  /** Existing connector id for settings.json (`connectorId`, needed by `paconn update`). */
  connectorId?: string;
  /** Reference an `icon.png` in settings.json. @default false */
  icon?: boolean;
  /** Also emit an OpenAPI 3.0 document (`openapi3.json`). @default false */
  openapi3?: boolean;
  /** Also emit a Postman collection (`postman_collection.json`). @default false */
  postman?: boolean;
  /** Emit `readme.md`. @default true */
  readme?: boolean;
}

/**
 * One file of the connector package.
 *
 * @example
 * ```ts
 * const file: ConnectorPackageFile = { name: "settings.json", content: "{}\n" };
 * ```
 */
export interface ConnectorPackageFile {
  /** File name inside the output directory. */
  name: string;
  /** Exact file content (JSON files: 2-space indentation and a trailing newline). */
  content: string;
}

/**
 * The emitted connector package.
 *
 * @example
 * ```ts
 * const pkg: ConnectorPackage = buildConnectorPackage(connector);
 * pkg.files.map((f) => f.name); // ["apiDefinition.swagger.json", "apiProperties.json", "settings.json", "readme.md"]
 * ```
 */
export interface ConnectorPackage {
  /** The files in a fixed order. */
  files: ConnectorPackageFile[];
  /** The swagger document (parsed). */
  swagger: SwaggerDocument;
  /** The apiProperties document (parsed). */
  apiProperties: Record<string, unknown>;
}

/** `JSON.stringify` with 2-space indentation and a trailing newline. @internal */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Computes the connector package `connectorkit build` writes: `apiDefinition.swagger.json` (via `toSwagger`),
 * `apiProperties.json` (auth connection parameters, brand colour, capabilities derived from the operations,
 * publisher, stack owner), `settings.json` for paconn / `pac connector`, the certification `readme.md` skeleton and,
 * on request, an OpenAPI 3.0 document and a Postman collection. No file system access; the same connector and
 * options always give byte-identical files.
 *
 * @param connector - The connector from `defineConnector`.
 * @param options - See {@link ConnectorPackageOptions}.
 * @returns The files and the parsed swagger/apiProperties documents.
 * @throws SwaggerConversionError naming the operation and field; ApiPropertiesError; PostmanExportError;
 * CliError for an invalid host or environment.
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * for (const file of buildConnectorPackage(connector, { host: "api.contoso.com" }).files) {
 *   writeFileSync(`connector/${file.name}`, file.content);
 * }
 * ```
 */
export function buildConnectorPackage(
  connector: Connector,
  options: ConnectorPackageOptions = {},
): ConnectorPackage {
  if (options.host !== undefined && !HOST.test(options.host)) {
    throw new CliError(
      `Host "${options.host}" must be a host name with an optional port, without scheme or path (e.g. "api.contoso.com").`,
      { kind: "invalid-host" },
    );
  }
  if (options.environment !== undefined && !GUID.test(options.environment)) {
    throw new CliError(
      `Environment "${options.environment}" is not an environment GUID (00000000-0000-0000-0000-000000000000, lower case).`,
      {
        hint: "Find it with `pac env list` or in the Power Platform admin center (Environments > your environment > Environment ID).",
        kind: "invalid-environment",
      },
    );
  }
  const swagger = toSwagger(connector, options.host === undefined ? {} : { host: options.host });
  const apiProperties = toConnectorApiProperties(connector) as unknown as Record<string, unknown>;
  const settings: Record<string, string> = {};
  if (options.connectorId !== undefined) settings["connectorId"] = options.connectorId;
  if (options.environment !== undefined) settings["environment"] = options.environment;
  settings["apiDefinition"] = PACKAGE_FILES.apiDefinition;
  settings["apiProperties"] = PACKAGE_FILES.apiProperties;
  if (options.icon === true) settings["icon"] = PACKAGE_FILES.icon;
  Object.assign(settings, PACONN_DEFAULTS);

  const files: ConnectorPackageFile[] = [
    { name: PACKAGE_FILES.apiDefinition, content: jsonFile(swagger) },
    { name: PACKAGE_FILES.apiProperties, content: jsonFile(apiProperties) },
    { name: PACKAGE_FILES.settings, content: jsonFile(settings) },
  ];
  if (options.readme !== false)
    files.push({ name: PACKAGE_FILES.readme, content: toReadme(connector, swagger, apiProperties) });
  if (options.openapi3 === true)
    files.push({ name: PACKAGE_FILES.openapi3, content: jsonFile(toOpenApi3(swagger)) });
  if (options.postman === true)
    files.push({ name: PACKAGE_FILES.postman, content: jsonFile(toPostmanCollection(swagger)) });
  return { files, swagger, apiProperties };
}
