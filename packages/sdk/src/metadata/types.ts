/**
 * Typed values of the platform's `x-ms-*` extensions. Keys are never typed by users: the SDK writes them.
 * @module
 */

/**
 * `x-ms-visibility`: `important` shows first, `advanced` hides behind "Show advanced options", `internal` hides.
 *
 * @example
 * ```ts
 * const v: Visibility = "advanced";
 * ```
 */
export type Visibility = "important" | "advanced" | "internal";

/**
 * The connector categories the platform publishes (`x-ms-connector-metadata` → Categories). At most two.
 *
 * @example
 * ```ts
 * import { CONNECTOR_CATEGORIES } from "@connectorkit/sdk";
 * CONNECTOR_CATEGORIES.includes("Productivity"); // true
 * ```
 */
export const CONNECTOR_CATEGORIES = [
  "AI",
  "Business Management",
  "Business Intelligence",
  "Collaboration",
  "Commerce",
  "Communication",
  "Content and Files",
  "Finance",
  "Data",
  "Human Resources",
  "Internet of Things",
  "IT Operations",
  "Lifestyle and Entertainment",
  "Marketing",
  "Productivity",
  "Sales and CRM",
  "Security",
  "Social Media",
  "Website",
] as const;

/**
 * One of {@link CONNECTOR_CATEGORIES}.
 *
 * @example
 * ```ts
 * const category: ConnectorCategory = "IT Operations";
 * ```
 */
export type ConnectorCategory = (typeof CONNECTOR_CATEGORIES)[number];

/**
 * String formats the platform understands (`format`), including its own `date-no-tz` and `html`.
 *
 * @example
 * ```ts
 * const f: StringFormat = "html";
 * ```
 */
export type StringFormat =
  | "byte"
  | "binary"
  | "date"
  | "date-time"
  | "password"
  | "date-no-tz"
  | "email"
  | "html"
  | "uri"
  | "uuid";

/**
 * `x-ms-api-annotation` on an operation: family, revision and status for operational versioning.
 *
 * @example
 * ```ts
 * const a: ApiAnnotation = { family: "GetTicket", revision: 2, status: "Production" };
 * ```
 */
export interface ApiAnnotation {
  /** Operation family; defaults to the operationId on the platform. */
  family?: string;
  /** Revision within the family, from 1. */
  revision?: number;
  /** Release status of the operation. */
  status?: "Preview" | "Production";
}

/**
 * `x-ms-openai-data` on an operation (Copilot / AI plugin metadata).
 *
 * @example
 * ```ts
 * const o: OpenAiData = { enabled: true, requireUserConfirmation: true };
 * ```
 */
export interface OpenAiData {
  /** Whether copilots may call the operation (`openai-enabled`). */
  enabled: boolean;
  /** Whether a copilot must ask the user before calling it (`x-ms-require-user-confirmation`). */
  requireUserConfirmation?: boolean;
}
