/**
 * Which callback URLs a webhook subscription may register, so a caller cannot turn the connector into a
 * request forwarder (SSRF): https only, an allow-list of the platform's callback hosts, no credentials in the
 * URL, no unexpected ports, no private or loopback addresses (also checked again when connecting, after DNS).
 * @module
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Hosts the Power Platform and Logic Apps engines use for trigger callback URLs, as `*.suffix` patterns.
 *
 * Sources:
 * - `*.logic.azure.com`: Logic Apps and Power Automate callback URLs are `https://prod-NN.<region>.logic.azure.com:443/workflows/…/triggers/…`
 *   (learn.microsoft.com `Get-AzLogicAppTriggerCallbackUrl`; reference/POWER-PLATFORM.md §5.4; azure-docs
 *   `logic-apps-http-endpoint.md`).
 * - `*.environment.api.powerplatform.com`: newer Power Automate trigger URLs
 *   (`https://<env>.NN.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/…/triggers/…`,
 *   public walkthroughs of Power Automate HTTP triggers, 2024-2025).
 * - `*.azure-apim.net`: the connector gateway (API Management) host of Power Platform connections.
 * - Sovereign clouds, by the same naming pattern: `*.logic.azure.us` (Azure Government), `*.logic.azure.cn`
 *   (Azure operated by 21Vianet, docs.azure.cn `logic-apps-http-endpoint`), and the Power Platform API domains
 *   `*.environment.api.powerplatform.us` (GCC), `*.environment.api.high.powerplatform.microsoft.us` (GCC High),
 *   `*.environment.api.appsplatform.us` (DoD), `*.environment.api.powerplatform.partner.microsoftonline.cn` (China)
 *   **[inferred from each cloud's published domain suffixes; not seen in a captured callback URL]**.
 *
 * Override with `callbacks.allowedHosts` when your tenant sees another host.
 *
 * @example
 * ```ts
 * import { DEFAULT_CALLBACK_HOSTS } from "@connectorkit/sdk";
 * const hosts = [...DEFAULT_CALLBACK_HOSTS, "hooks.contoso.com"];
 * ```
 */
export const DEFAULT_CALLBACK_HOSTS: readonly string[] = Object.freeze([
  "*.logic.azure.com",
  "*.environment.api.powerplatform.com",
  "*.azure-apim.net",
  "*.logic.azure.us",
  "*.logic.azure.cn",
  "*.environment.api.powerplatform.us",
  "*.environment.api.high.powerplatform.microsoft.us",
  "*.environment.api.appsplatform.us",
  "*.environment.api.powerplatform.partner.microsoftonline.cn",
]);

/**
 * Longest callback URL accepted by default (platform callback URLs are a few hundred characters).
 *
 * @example
 * ```ts
 * const callbacks: CallbackPolicyOptions = { maxUrlLength: 2 * MAX_CALLBACK_URL_LENGTH };
 * ```
 */
export const MAX_CALLBACK_URL_LENGTH = 4096;

/**
 * Options of the callback URL policy of a webhook trigger (`webhookTrigger({ callbacks })`).
 *
 * @example
 * ```ts
 * const callbacks: CallbackPolicyOptions = { allowedHosts: ["*.logic.azure.com"], allowInsecureCallbacks: false };
 * ```
 */
export interface CallbackPolicyOptions {
  /**
   * Host names callbacks may point to: exact names (`hooks.contoso.com`) or `*.suffix` patterns (any
   * subdomain depth). `["*"]` allows any public host name (private, loopback and link-local addresses stay refused).
   * @default DEFAULT_CALLBACK_HOSTS
   */
  allowedHosts?: readonly string[];
  /** Ports allowed besides the scheme's default (443). @default [] */
  allowedPorts?: readonly number[];
  /**
   * Development and tests only: allow `http:`, loopback/private addresses, any host and any port.
   * @default true when `NODE_ENV` is `"development"` or `"test"`, else false (so an unset NODE_ENV is secure)
   */
  allowInsecureCallbacks?: boolean;
  /** Longest accepted URL. @default 4096 */
  maxUrlLength?: number;
}

/**
 * A callback URL policy with defaults filled in, as {@link resolveCallbackPolicy} returns it and
 * {@link checkCallbackUrl} takes it. Host names are lower case.
 *
 * @example
 * ```ts
 * const policy: CallbackPolicy = resolveCallbackPolicy({ allowedHosts: ["hooks.contoso.com"], allowInsecureCallbacks: false });
 * policy.allowedPorts; // []
 * policy.maxUrlLength; // 4096
 * ```
 */
export interface CallbackPolicy {
  readonly allowedHosts: readonly string[];
  readonly allowedPorts: readonly number[];
  readonly allowInsecure: boolean;
  readonly maxUrlLength: number;
}

/**
 * The result of {@link checkCallbackUrl}.
 *
 * @example
 * ```ts
 * const check: CallbackCheck = checkCallbackUrl(body.callbackUrl, policy);
 * if (!check.ok) throw new Error(`callbackUrl ${check.reason}`);
 * check.url.hostname; // e.g. "prod-03.westus.logic.azure.com"
 * ```
 */
export type CallbackCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * The embedded IPv4 address of an IPv6 address that carries one, or `undefined`. Covers IPv4-mapped
 * (`::ffff:a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`, RFC 6145), NAT64 with the well-known prefix
 * (`64:ff9b::a.b.c.d`, RFC 6052) and 6to4 (`2002:AABB:CCDD::/48`, RFC 3056).
 */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (range) {
    case "ipv4Mapped":
    case "rfc6145":
      return v4(p[6]!, p[7]!);
    case "rfc6052":
      // 64:ff9b::/96 embeds the address in the last 32 bits; 64:ff9b:1::/48 is a local-use prefix (no embedding read).
      return p[1] === 0xff9b && p[2] === 0 ? v4(p[6]!, p[7]!) : undefined;
    case "6to4":
      return v4(p[1]!, p[2]!);
    default:
      return undefined;
  }
}

/** IPv6 ranges whose embedded IPv4 address decides (see {@link embeddedIPv4}). */
const EMBEDDING_RANGES = new Set(["ipv4Mapped", "rfc6145", "6to4"]);
/** Global unicast, `2000::/3`: the only IPv6 block with public destinations. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR("2000::/3");

function isPublicIPv4(address: ipaddr.IPv4): boolean {
  return address.range() === "unicast";
}

/**
 * Whether an IP address is anything but a public unicast address: loopback, private, link-local, unique-local,
 * shared (CGNAT), reserved, documentation, benchmarking, multicast, broadcast or unspecified. Built on
 * `ipaddr.js` ranges. IPv6 addresses that embed an IPv4 address are judged by the embedded one: IPv4-mapped
 * (`::ffff:127.0.0.1`), IPv4-translated (`::ffff:0:7f00:1`), NAT64 (`64:ff9b::7f00:1`) and 6to4
 * (`2002:7f00:1::`). IPv4-compatible addresses (`::127.0.0.1`, deprecated), the local-use NAT64 prefix
 * (`64:ff9b:1::/48`), Teredo (`2001::/32`, whose client address is obfuscated) and anything outside global
 * unicast (`2000::/3`) are refused whatever they embed. Surrounding brackets (`[::1]`) are accepted; a zone
 * id (`fe80::1%eth0`) or any non-literal is refused.
 *
 * @param address - an IPv4 or IPv6 literal, with or without brackets.
 * @returns true for non-public addresses and for anything that is not an IP literal.
 * @example
 * ```ts
 * isPrivateAddress("10.1.2.3"); // true
 * isPrivateAddress("[::127.0.0.1]"); // true (IPv4-compatible)
 * isPrivateAddress("::ffff:0:7f00:1"); // true (IPv4-translated 127.0.0.1)
 * isPrivateAddress("20.42.18.188"); // false
 * isPrivateAddress("2606:4700::1111"); // false
 * ```
 */
export function isPrivateAddress(address: string): boolean {
  if (typeof address !== "string" || address.length > 64) return true;
  const literal = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  // node:net's isIP is strict (no "0x7f.1", "127.1" or zone ids beyond what it accepts); ipaddr.js parses.
  const family = isIP(literal);
  if (family === 0 || literal.includes("%")) return true;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // ipaddr.js reads a dotted IPv6 tail as IPv4-mapped ("::8.8.8.8" becomes "::ffff:8.8.8.8"): parse the
    // WHATWG URL serialisation instead (all hex, "::808:808"), which is what a connection would use.
    parsed = ipaddr.parse(family === 6 ? new URL(`http://[${literal}]/`).hostname.slice(1, -1) : literal);
  } catch {
    return true;
  }
  if (parsed.kind() === "ipv4") return !isPublicIPv4(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDDING_RANGES.has(range) || (range === "rfc6052" && v6.parts[2] === 0)) {
    const v4 = embeddedIPv4(v6, range);
    return v4 === undefined || !isPublicIPv4(v4);
  }
  // Everything else, including IPv4-compatible "::a.b.c.d" (inside ::/8), must be plain global unicast.
  return range !== "unicast" || !v6.match(GLOBAL_UNICAST);
}

/**
 * Resolves callback policy options, filling in defaults: {@link DEFAULT_CALLBACK_HOSTS}, no extra ports,
 * {@link MAX_CALLBACK_URL_LENGTH}, and insecure mode only when `NODE_ENV` is `"development"` or `"test"`.
 * Use it with {@link checkCallbackUrl} to check a URL the way a webhook trigger does.
 *
 * @param options - the policy options (`webhookTrigger({ callbacks })`); all optional.
 * @returns the resolved, frozen policy.
 * @throws TypeError for a malformed host pattern, a port outside 1..65535 or a `maxUrlLength` below 16.
 * @example
 * ```ts
 * const policy = resolveCallbackPolicy({ allowedHosts: [...DEFAULT_CALLBACK_HOSTS, "hooks.contoso.com"] });
 * checkCallbackUrl("https://hooks.contoso.com/in", policy).ok; // true
 * ```
 */
export function resolveCallbackPolicy(options: CallbackPolicyOptions = {}): CallbackPolicy {
  const env = process.env["NODE_ENV"];
  const allowedHosts = options.allowedHosts ?? DEFAULT_CALLBACK_HOSTS;
  if (!Array.isArray(allowedHosts)) throw new TypeError("callbacks.allowedHosts must be an array.");
  for (const host of allowedHosts) {
    if (typeof host !== "string" || !/^(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*)$/i.test(host)) {
      throw new TypeError(
        `callbacks.allowedHosts entry ${JSON.stringify(host)} must be a host name, "*.suffix" or "*".`,
      );
    }
  }
  const allowedPorts = options.allowedPorts ?? [];
  for (const port of allowedPorts) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new TypeError(`callbacks.allowedPorts entry ${port} is not a port.`);
  }
  const maxUrlLength = options.maxUrlLength ?? MAX_CALLBACK_URL_LENGTH;
  if (!Number.isInteger(maxUrlLength) || maxUrlLength < 16)
    throw new TypeError("callbacks.maxUrlLength must be an integer >= 16.");
  return Object.freeze({
    allowedHosts: Object.freeze(allowedHosts.map((h) => h.toLowerCase())),
    allowedPorts: Object.freeze([...allowedPorts]),
    allowInsecure: options.allowInsecureCallbacks ?? (env === "development" || env === "test"),
    maxUrlLength,
  });
}

function hostAllowed(host: string, patterns: readonly string[]): boolean {
  for (const pattern of patterns) {
    if (pattern === "*") return true;
    if (pattern.startsWith("*.")) {
      if (host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1) return true;
    } else if (host === pattern) return true;
  }
  return false;
}

/**
 * Checks a callback URL against a policy. Refuses: non-URLs, over-long URLs, schemes other than https (http
 * only in insecure mode), user info (`user:pass@`), non-default ports not allowed, IP literals in private
 * ranges, and hosts outside the allow-list.
 *
 * @param value - the URL as the caller sent it.
 * @param policy - the resolved policy.
 * @returns the parsed URL, or the reason for refusing it.
 * @example
 * ```ts
 * const policy = resolveCallbackPolicy({ allowInsecureCallbacks: false });
 * checkCallbackUrl("https://prod-03.westus.logic.azure.com:443/workflows/x/triggers/y/paths/invoke?sig=s", policy).ok; // true
 * checkCallbackUrl("http://169.254.169.254/latest/meta-data", policy).ok; // false
 * ```
 */
export function checkCallbackUrl(value: unknown, policy: CallbackPolicy): CallbackCheck {
  if (typeof value !== "string" || value.length === 0)
    return { ok: false, reason: "must be a non-empty string" };
  if (value.length > policy.maxUrlLength)
    return { ok: false, reason: `must be at most ${policy.maxUrlLength} characters` };
  if (!URL.canParse(value)) return { ok: false, reason: "must be an absolute URL" };
  const url = new URL(value);
  if (url.protocol !== "https:" && !(policy.allowInsecure && url.protocol === "http:")) {
    return { ok: false, reason: policy.allowInsecure ? "must use https or http" : "must use https" };
  }
  if (url.username !== "" || url.password !== "") return { ok: false, reason: "must not contain user info" };
  if (policy.allowInsecure) return { ok: true, url };
  if (url.port !== "" && !policy.allowedPorts.includes(Number(url.port))) {
    return { ok: false, reason: `port ${url.port} is not allowed` };
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) {
    if (isPrivateAddress(host))
      return { ok: false, reason: "must not point to a private, loopback or link-local address" };
    if (!policy.allowedHosts.includes(host) && !policy.allowedHosts.includes("*")) {
      return { ok: false, reason: "must use an allowed host name, not an IP address" };
    }
    return { ok: true, url };
  }
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".")) {
    return { ok: false, reason: "host is not allowed" };
  }
  if (!hostAllowed(host, policy.allowedHosts))
    return { ok: false, reason: `host ${host} is not an allowed callback host` };
  return { ok: true, url };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` replacement for outgoing callback connections that refuses host names resolving to a
 * private, loopback or link-local address (DNS rebinding defence). Used by the dispatcher's secure agent.
 * @internal
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, "");
      return;
    }
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) {
      const refused: NodeJS.ErrnoException = new Error(
        `refusing to connect to ${hostname}: it resolves to a non-public address`,
      );
      refused.code = "ERR_CALLBACK_PRIVATE_ADDRESS";
      callback(refused, "");
      return;
    }
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  });
}
