/**
 * How much a change matters to flows and apps that already use the connector.
 * - `breaking`: existing flows can fail or silently change behaviour; the platform's Breaking Change Detector rejects it.
 * - `warning`: probably safe, but worth a look (for example a new required input that has a default).
 * - `info`: additive and safe (new operation, new optional input, new output property).
 *
 * @example
 * ```ts
 * const severity: ChangeSeverity = "breaking";
 * ```
 */
export type ChangeSeverity = "breaking" | "warning" | "info";

/**
 * One difference between two versions of a connector's `apiDefinition.swagger.json`.
 *
 * @example
 * ```ts
 * const change: ConnectorChange = {
 *   ruleId: "operation-removed",
 *   severity: "breaking",
 *   message: 'Operation "GetItems" (GET /items) was removed.',
 *   pointer: "/paths/~1items/get",
 *   operationId: "GetItems",
 * };
 * ```
 */
export interface ConnectorChange {
  /** Stable identifier of the rule that fired; see `DIFF_RULES`. */
  ruleId: string;
  /** How much the change matters. */
  severity: ChangeSeverity;
  /** Human-readable sentence. */
  message: string;
  /**
   * JSON pointer (RFC 6901) to the changed node in the NEW document, or in the OLD document when the node was removed.
   * For nodes reached through `$ref` it points at the referenced definition.
   */
  pointer: string;
  /** The operation the change affects, when it affects one (the new operationId when it was renamed). */
  operationId?: string;
}

/**
 * Result of `diffConnectors`.
 *
 * @example
 * ```ts
 * const result: DiffResult = { changes: [], breaking: 0 };
 * ```
 */
export interface DiffResult {
  /** Every change found, ordered: connector-level first, then operations in document order. */
  changes: ConnectorChange[];
  /** Number of changes whose severity is `breaking`. */
  breaking: number;
}

/**
 * Options of `diffConnectors`.
 *
 * @example
 * ```ts
 * const options: DiffOptions = { ignoreRules: ["connector-title-changed"], severityOverrides: { "scheme-removed": "warning" } };
 * ```
 */
export interface DiffOptions {
  /** Rule ids to drop from the result. @default [] */
  ignoreRules?: readonly string[];
  /** Per-rule severity overrides, e.g. to treat `host-changed` as a warning while moving hosts. @default {} */
  severityOverrides?: Readonly<Record<string, ChangeSeverity>>;
  /**
   * How deep schemas are compared (nested properties/items). Deeper levels are not compared.
   * @default 32
   */
  maxSchemaDepth?: number;
  /**
   * Stop after this many changes (protects callers from pathological inputs).
   * @default 10000
   */
  maxChanges?: number;
}
