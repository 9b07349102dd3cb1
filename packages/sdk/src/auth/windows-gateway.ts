import type {
  GatewayConnectionParameter,
  ParameterUi,
  PrimitiveConnectionParameter,
} from "./connection-parameter";
import { applyAuthorize, type CommonAuthOptions, configError, quote } from "./credentials";
import type { AuthRequest, ConnectorAuth } from "./types";
import { runVerifier } from "./verify-result";

/**
 * Identifies the Windows user of a request that reached the API through the on-premises data gateway.
 * Node cannot check NTLM / Kerberos itself: put the API behind a host that does (IIS, HTTP.sys, a Kerberos
 * proxy) and read the identity it forwards, e.g. a header only that proxy can set.
 *
 * @example
 * ```ts
 * const verify: WindowsIdentityVerify<{ user: string }> = (req) => {
 *   const user = req.headers["x-iis-windowsauthuser"];
 *   return typeof user === "string" ? { user } : undefined;
 * };
 * ```
 */
export type WindowsIdentityVerify<TPrincipal> = (
  request: AuthRequest,
) => TPrincipal | undefined | Promise<TPrincipal | undefined>;

/**
 * Options of {@link windowsGateway}.
 *
 * @example
 * ```ts
 * const o: WindowsGatewayAuthOptions<{ user: string }> = { verify: () => ({ user: "CONTOSO\\alice" }) };
 * ```
 */
export interface WindowsGatewayAuthOptions<TPrincipal> extends CommonAuthOptions<TPrincipal> {
  verify: WindowsIdentityVerify<TPrincipal>;
  ui?: { username?: ParameterUi; password?: ParameterUi };
  /**
   * Write `gateway.gatewaySettings: { dataSourceType: "CustomConnector", connectionDetails: [] }` as the portal
   * does (Connect Bridge). Microsoft's paconn schema does not list `gatewaySettings`; pass `false` for a file
   * that validates against it.
   * @default true
   */
  gatewaySettings?: boolean;
}

function gatewayConstraints(tabIndex: number) {
  return { tabIndex, required: "true" as const, capability: ["gateway"] };
}

/**
 * Windows authentication through the on-premises data gateway: the user picks a gateway and types a Windows
 * username and password; the gateway calls the on-premises API as that user. Emits `authType` (allowed value
 * `windows`), `username`, `password` and `gateway` (`gatewaySetting`) parameters, each restricted to the
 * `gateway` capability, plus `capabilities: ["gateway"]`. No swagger security (like Connect Bridge).
 * A request `verify` cannot identify answers 401 with `WWW-Authenticate: Negotiate`.
 *
 * @param options - See {@link WindowsGatewayAuthOptions}.
 * @returns The scheme; its principal is what `verify` returns.
 * @example
 * ```ts
 * const onPrem = auth.windowsGateway({
 *   verify: (req) => {
 *     const user = req.headers["x-forwarded-windows-user"];
 *     return typeof user === "string" ? { user } : undefined;
 *   },
 * });
 * ```
 */
export function windowsGateway<TPrincipal>(
  options: WindowsGatewayAuthOptions<TPrincipal>,
): ConnectorAuth<TPrincipal> {
  if (typeof options.verify !== "function") throw configError("windowsGateway verify must be a function");
  const realm = options.realm;
  const challenge = realm === undefined ? "Negotiate" : `Negotiate realm=${quote(realm)}`;
  return {
    type: "windowsGateway",
    challenge,
    async authenticate(request) {
      const principal = await runVerifier(() => options.verify(request), { invalid: challenge });
      return applyAuthorize(principal, request, options.authorize);
    },
    toSwagger: () => undefined,
    toApiProperties: () => {
      const authType: PrimitiveConnectionParameter = {
        type: "string",
        allowedValues: [{ value: "windows" }],
        uiDefinition: {
          displayName: "Authentication Type",
          description: "Authentication type to connect to your API",
          tooltip: "Authentication type to connect to your API",
          constraints: { ...gatewayConstraints(1), allowedValues: [{ text: "Windows", value: "windows" }] },
        },
      };
      const username: PrimitiveConnectionParameter = {
        type: "securestring",
        uiDefinition: {
          displayName: options.ui?.username?.displayName ?? "Username",
          description: options.ui?.username?.description ?? "Windows username, e.g. DOMAIN\\user",
          tooltip: options.ui?.username?.tooltip ?? "Provide the Windows username",
          constraints: { ...gatewayConstraints(2), clearText: true },
        },
      };
      const password: PrimitiveConnectionParameter = {
        type: "securestring",
        uiDefinition: {
          displayName: options.ui?.password?.displayName ?? "Password",
          description: options.ui?.password?.description ?? "Windows password",
          tooltip: options.ui?.password?.tooltip ?? "Provide the Windows password",
          constraints: { ...gatewayConstraints(3), clearText: false },
        },
      };
      const gateway: GatewayConnectionParameter = {
        type: "gatewaySetting",
        ...(options.gatewaySettings === false
          ? {}
          : { gatewaySettings: { dataSourceType: "CustomConnector", connectionDetails: [] } }),
        uiDefinition: { constraints: gatewayConstraints(4) },
      };
      return { connectionParameters: { authType, username, password, gateway }, capabilities: ["gateway"] };
    },
  };
}
