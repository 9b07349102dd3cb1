/**
 * The `connectorkit` command line as a library: build, validate, diff, postman, simulate.
 * A dev-time package (`npm i -D @connectorkit/cli`): it owns tsx, which loads TypeScript connectors, so a
 * production install of `@connectorkit/sdk` carries none of it.
 * @module @connectorkit/cli
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
