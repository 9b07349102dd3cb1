/**
 * The error a credential verifier throws to refuse a credential with a precise short code, and the runner
 * that turns verifier outcomes into 401 / 403 / 503 `ConnectorError`s.
 * @module
 */
import { ConnectorError } from "../errors/connector-error";
import { unauthorized } from "./credentials";

/**
 * Short, non-revealing reasons a credential is refused.
 *
 * @example
 * ```ts
 * const r: CredentialRejectionReason = "invalid_token";
 * ```
 */
export type CredentialRejectionReason = "invalid_token" | "insufficient_scope" | "unavailable";

/**
 * Thrown by verifiers (e.g. {@link jwtVerifier}) to refuse a credential. The scheme turns it into a 401
 * (`invalid_token`), 403 (`insufficient_scope`) or 503 (`unavailable`, e.g. the JWKS endpoint is down) with the
 * right `WWW-Authenticate` challenge. The underlying reason stays in `cause` and is never rendered.
 *
 * @example
 * ```ts
 * const verify = async (token: string) => {
 *   if (token.length < 10) throw new CredentialRejectedError("invalid_token");
 *   return { subject: token };
 * };
 * ```
 */
export class CredentialRejectedError extends Error {
  override readonly name = "CredentialRejectedError";
  /** The short code written into `WWW-Authenticate` (`error="..."`). */
  readonly reason: CredentialRejectionReason;
  /** For `insufficient_scope`: the scopes that were required. */
  readonly requiredScopes: readonly string[] | undefined;
  constructor(
    reason: CredentialRejectionReason,
    options: { cause?: unknown; requiredScopes?: readonly string[] } = {},
  ) {
    super(
      `Credential rejected: ${reason}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = reason;
    this.requiredScopes = options.requiredScopes;
  }
}

/**
 * @internal Runs a user verifier. `undefined`/`null` => 401 `invalidChallenge`; `CredentialRejectedError` => mapped;
 * `ConnectorError` => kept; other throws propagate (the core renders 500 without details).
 */
export async function runVerifier<TPrincipal>(
  run: () => TPrincipal | undefined | null | Promise<TPrincipal | undefined | null>,
  challenges: { invalid: string; insufficientScope?: (scopes: readonly string[]) => string },
): Promise<TPrincipal> {
  let principal: TPrincipal | undefined | null;
  try {
    principal = await run();
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (error instanceof CredentialRejectedError) {
      if (error.reason === "insufficient_scope") {
        throw new ConnectorError("Forbidden", {
          message: "Insufficient scope",
          ...(challenges.insufficientScope === undefined
            ? {}
            : { headers: { "www-authenticate": challenges.insufficientScope(error.requiredScopes ?? []) } }),
          cause: error,
        });
      }
      if (error.reason === "unavailable") {
        throw new ConnectorError("ServiceUnavailable", {
          message: "Unable to verify credentials",
          headers: { "retry-after": "30" },
          cause: error,
        });
      }
      throw unauthorized(challenges.invalid, false, error);
    }
    throw error;
  }
  if (principal === undefined || principal === null) throw unauthorized(challenges.invalid, false);
  return principal;
}
