/**
 * @module @connectorkit/sdk CLI internals (`connectorkit` bin): build, validate, diff, postman, simulate.
 * Build-time only: never imported by `src/index.ts` or `src/http.ts`.
 */

// Running the CLI
export type { CliContext } from "./cli-context";
export { CliError } from "./cli-error";
// Package emission
export type {
  ConnectorPackage,
  ConnectorPackageFile,
  ConnectorPackageOptions,
} from "./connector-package";
export { buildConnectorPackage, PACKAGE_FILES, PACONN_DEFAULTS } from "./connector-package";
export type { ExitCode } from "./exit-codes";
export { EXIT_CODES } from "./exit-codes";
export { loadConnector } from "./load-connector";
export { runCli } from "./run-cli";
export { toOpenApi3 } from "./to-openapi3";
export { toReadme } from "./to-readme";
