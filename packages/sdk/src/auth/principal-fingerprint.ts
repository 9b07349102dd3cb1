import { createHash } from "node:crypto";
import { stableJson } from "../long-running/fingerprint";

/**
 * The identity part of a principal: JWT principals (`subject` + `tenantId`) keep only those, so refreshed
 * tokens of the same connection map to the same fingerprint; `auth.multiple` principals keep the option and the
 * inner identity; anything else is used whole.
 *
 * @param principal - what the connector's auth returned.
 * @returns the part that identifies the caller.
 * @example
 * ```ts
 * principalIdentity({ subject: "u1", tenantId: "t1", claims: { exp: 1 } }); // { subject: "u1", tenantId: "t1" }
 * ```
 */
export function principalIdentity(principal: unknown): unknown {
  if (principal && typeof principal === "object") {
    const p = principal as Record<string, unknown>;
    if (typeof p["subject"] === "string" && typeof p["claims"] === "object") {
      return { subject: p["subject"], tenantId: p["tenantId"] ?? null };
    }
    if (typeof p["option"] === "string" && "principal" in p)
      return { option: p["option"], principal: principalIdentity(p["principal"]) };
  }
  return principal;
}

/**
 * A stable, non-reversible fingerprint of a principal (SHA-256 of its canonical JSON identity). Long-running jobs
 * and webhook subscriptions store it, so a caller only sees its own, also after its OAuth token was refreshed.
 *
 * @param principal - what the connector's auth returned (undefined without auth).
 * @param principalId - optional custom identity extractor (e.g. `(p) => p.tenant`).
 * @returns `sha256:<hex>`.
 * @example
 * ```ts
 * principalFingerprint({ tenant: "acme" }) === principalFingerprint({ tenant: "acme" }); // true
 * ```
 */
export function principalFingerprint(
  principal: unknown,
  principalId?: (principal: unknown) => string,
): string {
  const identity = principalId
    ? `custom:${principalId(principal)}`
    : `json:${stableJson(principalIdentity(principal))}`;
  return `sha256:${createHash("sha256").update(identity).digest("hex")}`;
}
