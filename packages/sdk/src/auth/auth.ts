import { aad, aadCertificate } from "./aad";
import { apiKey } from "./api-key";
import { basic } from "./basic";
import { multiple } from "./multiple";
import { none } from "./none";
import { oauth2, oauth2Generic, oauth2Provider } from "./oauth2";
import { windowsGateway } from "./windows-gateway";

/**
 * Connection-auth factories. Each returns a `ConnectorAuth<TPrincipal>` that yields swagger security, the
 * `apiProperties.json` connection parameters and run-time verification from one declaration.
 *
 * | factory | identity provider / parameters |
 * |---|---|
 * | `none()` | no parameters |
 * | `apiKey({ in, name, verify })` | `api_key` securestring; `apiKey.keys([...])` for fixed keys |
 * | `basic({ verify })` | `username` / `password`; `basic.users({...})` for fixed users |
 * | `oauth2({ authorizationUrl, tokenUrl, verify })` | `token` oauthSetting, provider `oauth2` |
 * | `oauth2Generic({ ...templates, tokenParameters, verify })` | provider `oauth2generic` + `token:xxx` |
 * | `oauth2Provider({ provider: "facebook", verify })` | provider `facebook` |
 * | `aad({ resourceUri, verify })` | provider `aad` |
 * | `aadCertificate({ resourceUri, verify })` | provider `aadcertificate` (first-party) + `token:TenantId` |
 * | `windowsGateway({ verify })` | `authType` windows, `username`, `password`, `gateway` |
 * | `multiple({ options })` | `connectionParameterSets` |
 *
 * @example
 * ```ts
 * import { auth, entraIdVerifier } from "@connectorkit/sdk";
 * const connectorAuth = auth.aad({
 *   resourceUri: "api://contoso-tickets",
 *   verify: entraIdVerifier({ tenantId: process.env.TENANT_ID!, audience: "api://contoso-tickets" }),
 * });
 * ```
 */
export const auth = {
  none,
  apiKey,
  basic,
  oauth2,
  oauth2Generic,
  oauth2Provider,
  aad,
  aadCertificate,
  windowsGateway,
  multiple,
} as const;
