import { SimulatorError } from "./errors";
import { isObject, own, type SwaggerIndex } from "./swagger-document";
import type { SimulatorConnection } from "./types";

/**
 * What the connection adds to every call to the connector's own origin.
 * @internal
 */
export interface ConnectionCredentials {
  headers: Record<string, string>;
  query: [string, string][];
}

/**
 * Turns a connection into headers/query parameters the way the platform sends them (POWER-PLATFORM.md §5.6),
 * reading the swagger's `securityDefinitions` (the ones listed in the root `security` first).
 * A connection whose kind the swagger does not declare is refused with `invalidConnection`.
 *
 * @internal
 * @example
 * ```ts
 * toCredentials(index, { apiKey: "k" }); // { headers: { "x-api-key": "k" }, query: [] }
 * ```
 */
export function toCredentials(
  index: SwaggerIndex,
  connection: SimulatorConnection | undefined,
): ConnectionCredentials {
  const out: ConnectionCredentials = { headers: {}, query: [] };
  if (connection === undefined) return out;
  const defs = orderedDefinitions(index);
  if ("apiKey" in connection) {
    const def = defs.find((d) => own(d, "type") === "apiKey");
    const name = own(def, "name");
    const where = own(def, "in");
    if (typeof name !== "string" || (where !== "header" && where !== "query")) {
      throw new SimulatorError(
        "invalidConnection",
        "The connection has an apiKey but the swagger's securityDefinitions declare no apiKey (with 'name' and 'in').",
      );
    }
    if (where === "header") out.headers[name.toLowerCase()] = connection.apiKey;
    else out.query.push([name, connection.apiKey]);
  } else if ("username" in connection) {
    if (!defs.some((d) => own(d, "type") === "basic")) {
      throw new SimulatorError(
        "invalidConnection",
        "The connection has a username/password but the swagger's securityDefinitions declare no 'basic' scheme.",
      );
    }
    const raw = `${connection.username}:${connection.password}`;
    out.headers["authorization"] = `Basic ${Buffer.from(raw, "utf8").toString("base64")}`;
  } else if ("token" in connection) {
    if (!defs.some((d) => own(d, "type") === "oauth2")) {
      throw new SimulatorError(
        "invalidConnection",
        "The connection has a token but the swagger's securityDefinitions declare no 'oauth2' scheme.",
      );
    }
    out.headers["authorization"] = `Bearer ${connection.token}`;
  }
  for (const [k, v] of Object.entries(connection.headers ?? {})) out.headers[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(out.headers)) {
    if (/[\r\n]/.test(v) || /[\r\n:]/.test(k)) {
      throw new SimulatorError("invalidConnection", `The connection header '${k}' contains a line break.`);
    }
  }
  return out;
}

function orderedDefinitions(index: SwaggerIndex): unknown[] {
  const defs = own(index.doc, "securityDefinitions");
  if (!isObject(defs)) return [];
  const security = own(index.doc, "security");
  const preferred = Array.isArray(security)
    ? security.flatMap((s) => (isObject(s) ? Object.keys(s) : []))
    : [];
  const names = [...new Set([...preferred.filter((n) => Object.hasOwn(defs, n)), ...Object.keys(defs)])];
  return names.map((n) => defs[n]);
}
