import type { ChangeSeverity } from "./types";

/**
 * Every rule `diffConnectors` can report, with its default severity and what it means.
 * Some rules are reported with a lower severity in context (for example a removed input that was `internal`,
 * or a new required input that has a `default`); the table gives the usual one.
 *
 * @example
 * ```ts
 * import { DIFF_RULES } from "@connectorkit/sdk/diff";
 * DIFF_RULES["operation-removed"].severity; // "breaking"
 * ```
 */
export const DIFF_RULES = {
  "connector-title-changed": {
    severity: "breaking",
    description: "info.title changed: the connector is identified by its title; renames are not allowed.",
  },
  "host-changed": {
    severity: "breaking",
    description: "host changed: existing connections call the old host.",
  },
  "base-path-changed": { severity: "breaking", description: "basePath changed: every operation URL moves." },
  "scheme-removed": { severity: "breaking", description: "A URL scheme (http/https) is no longer served." },
  "security-definition-removed": {
    severity: "breaking",
    description: "An authentication scheme was removed: existing connections stop working.",
  },
  "security-definition-added": {
    severity: "breaking",
    description: "An authentication scheme was added: existing connections lack the new credentials.",
  },
  "security-type-changed": {
    severity: "breaking",
    description: "The type of an authentication scheme changed (apiKey/basic/oauth2).",
  },
  "security-changed": {
    severity: "breaking",
    description: "An authentication scheme's settings changed (apiKey name/location, OAuth flow or URLs).",
  },
  "security-scopes-changed": {
    severity: "warning",
    description: "OAuth scopes changed: users may have to re-consent.",
  },
  "operation-removed": {
    severity: "breaking",
    description: "An operation was removed: flows using it fail.",
  },
  "operation-renamed": {
    severity: "breaking",
    description: "Same method and path, different operationId: flows reference operations by operationId.",
  },
  "operation-moved": {
    severity: "breaking",
    description: "Same operationId, different method or path.",
  },
  "operation-added": { severity: "info", description: "A new operation." },
  "operation-deprecated": {
    severity: "info",
    description: "The operation is now deprecated: existing flows keep working, the designer hides it.",
  },
  "operation-made-internal": {
    severity: "warning",
    description:
      "The operation is now x-ms-visibility internal: hidden from the designer, existing flows keep working.",
  },
  "trigger-kind-changed": {
    severity: "breaking",
    description: "x-ms-trigger changed (action ↔ trigger, single ↔ batch).",
  },
  "parameter-removed": {
    severity: "breaking",
    description: "An input parameter that flows may set was removed.",
  },
  "parameter-location-changed": {
    severity: "breaking",
    description: "A parameter moved between path, query, header, body or formData.",
  },
  "required-parameter-added": {
    severity: "breaking",
    description: "A new required parameter: existing flows do not send it (warning when it has a default).",
  },
  "optional-parameter-added": { severity: "info", description: "A new optional parameter." },
  "parameter-made-required": { severity: "breaking", description: "An optional parameter became required." },
  "parameter-made-optional": { severity: "info", description: "A required parameter became optional." },
  "required-input-made-internal": {
    severity: "breaking",
    description: "A required input became x-ms-visibility internal without a default value.",
  },
  "input-made-internal": {
    severity: "warning",
    description:
      "An input became x-ms-visibility internal: values set by existing flows are no longer editable.",
  },
  "type-changed": { severity: "breaking", description: "The type of an input changed." },
  "format-changed": { severity: "breaking", description: "The format of an input changed." },
  "type-widened": {
    severity: "info",
    description: "An input accepts more than before (integer → number, int32 → int64, format dropped).",
  },
  "enum-added": { severity: "breaking", description: "An input that accepted any value is now an enum." },
  "enum-value-removed": { severity: "breaking", description: "An input no longer accepts an enum value." },
  "enum-value-added": { severity: "info", description: "An input accepts a new enum value (or any value)." },
  "property-removed": {
    severity: "breaking",
    description: "A body property that flows may set was removed.",
  },
  "required-property-added": {
    severity: "breaking",
    description: "A new required body property (warning when it has a default).",
  },
  "property-added": { severity: "info", description: "A new optional body property." },
  "property-made-required": {
    severity: "breaking",
    description: "An optional body property became required.",
  },
  "property-made-optional": { severity: "info", description: "A required body property became optional." },
  "response-removed": {
    severity: "breaking",
    description: "A success response, or its schema, was removed: flows use its outputs.",
  },
  "response-property-removed": {
    severity: "breaking",
    description: "An output property was removed: flows referencing it fail.",
  },
  "response-property-added": { severity: "info", description: "A new output property." },
  "response-type-changed": { severity: "breaking", description: "The type of an output changed." },
  "response-format-changed": { severity: "warning", description: "The format of an output changed." },
  "response-enum-value-added": {
    severity: "warning",
    description: "An output can hold a new enum value that flows may not handle.",
  },
  "diff-truncated": {
    severity: "warning",
    description: "The change limit (maxChanges) was reached; later changes are not reported.",
  },
} as const satisfies Record<string, { severity: ChangeSeverity; description: string }>;

/**
 * Identifier of a rule in {@link DIFF_RULES}.
 *
 * @example
 * ```ts
 * const rule: DiffRuleId = "operation-renamed";
 * ```
 */
export type DiffRuleId = keyof typeof DIFF_RULES;
