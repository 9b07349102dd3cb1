import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import {
  checkCallbackUrl,
  DEFAULT_CALLBACK_HOSTS,
  isPrivateAddress,
  publicOnlyLookup,
  resolveCallbackPolicy,
} from "./callback-policy";

const secure = resolveCallbackPolicy({ allowInsecureCallbacks: false });

describe("callback URL policy", () => {
  it("accepts the platform's callback hosts over https", () => {
    for (const url of [
      "https://prod-03.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x",
      "https://default1234.09.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/1/triggers/manual/paths/invoke",
      "https://prod-01.usgovvirginia.logic.azure.us/workflows/1",
      "https://prod-01.chinaeast2.logic.azure.cn/workflows/1",
    ]) {
      expect(checkCallbackUrl(url, secure), url).toMatchObject({ ok: true });
    }
  });

  it.each([
    ["not a url", "absolute URL"],
    ["", "non-empty"],
    ["http://prod-03.westus.logic.azure.com/x", "https"],
    ["ftp://prod-03.westus.logic.azure.com/x", "https"],
    ["https://a:b@prod-03.westus.logic.azure.com/x", "user info"],
    ["https://prod-03.westus.logic.azure.com:8443/x", "port 8443"],
    ["https://127.0.0.1/x", "private"],
    ["https://10.0.0.5/x", "private"],
    ["https://169.254.169.254/latest/meta-data", "private"],
    ["https://[::1]/x", "private"],
    ["https://[::ffff:127.0.0.1]/x", "private"],
    ["https://[fd00::1]/x", "private"],
    ["https://0x7f000001/x", "private"],
    ["https://2130706433/x", "private"],
    ["https://20.42.18.188/x", "IP address"],
    ["https://localhost/x", "not allowed"],
    ["https://evil.com/x", "not an allowed callback host"],
    ["https://logic.azure.com/x", "not an allowed callback host"],
    ["https://logic.azure.com.evil.com/x", "not an allowed callback host"],
    ["https://evillogic.azure.com/x", "not an allowed callback host"],
    [`https://prod-03.westus.logic.azure.com/${"a".repeat(5000)}`, "at most"],
  ])("refuses %s", (url, reason) => {
    const result = checkCallbackUrl(url, secure);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toContain(reason);
  });

  it("refuses non-strings", () => {
    expect(checkCallbackUrl(42, secure).ok).toBe(false);
    expect(checkCallbackUrl({ href: "https://x" }, secure).ok).toBe(false);
  });

  it("is configurable: hosts, ports, any public host", () => {
    const custom = resolveCallbackPolicy({
      allowedHosts: ["hooks.contoso.com"],
      allowedPorts: [8443],
      allowInsecureCallbacks: false,
    });
    expect(checkCallbackUrl("https://hooks.contoso.com:8443/x", custom).ok).toBe(true);
    expect(checkCallbackUrl("https://prod-03.westus.logic.azure.com/x", custom).ok).toBe(false);
    const any = resolveCallbackPolicy({ allowedHosts: ["*"], allowInsecureCallbacks: false });
    expect(checkCallbackUrl("https://example.org/x", any).ok).toBe(true);
    expect(checkCallbackUrl("https://192.168.1.1/x", any).ok).toBe(false);
    expect(() => resolveCallbackPolicy({ allowedPorts: [70000] })).toThrow(/port/);
    expect(() => resolveCallbackPolicy({ allowedHosts: "x" as never })).toThrow(/array/);
  });

  it("allows http and loopback only in insecure (development/test) mode", () => {
    const dev = resolveCallbackPolicy({ allowInsecureCallbacks: true });
    expect(checkCallbackUrl("http://127.0.0.1:3000/cb", dev).ok).toBe(true);
    expect(checkCallbackUrl("http://u:p@127.0.0.1:3000/cb", dev).ok).toBe(false);
    expect(checkCallbackUrl("file:///etc/passwd", dev).ok).toBe(false);
  });

  it("defaults insecure mode from NODE_ENV development/test only", () => {
    const before = process.env["NODE_ENV"];
    try {
      for (const [env, expected] of [
        ["test", true],
        ["development", true],
        ["production", false],
        [undefined, false],
        ["staging", false],
      ] as const) {
        if (env === undefined) delete process.env["NODE_ENV"];
        else process.env["NODE_ENV"] = env;
        expect(resolveCallbackPolicy().allowInsecure, String(env)).toBe(expected);
      }
    } finally {
      process.env["NODE_ENV"] = before;
    }
    expect(resolveCallbackPolicy({}).allowedHosts).toEqual(DEFAULT_CALLBACK_HOSTS);
  });

  it("classifies addresses", () => {
    expect(isPrivateAddress("100.64.1.1")).toBe(true);
    expect(isPrivateAddress("::ffff:10.0.0.1")).toBe(true);
    expect(isPrivateAddress("fe80::1")).toBe(true);
    expect(isPrivateAddress("8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
    expect(isPrivateAddress("not-an-ip")).toBe(true);
  });

  it("refuses, at connect time, host names that resolve to private addresses (DNS rebinding)", async () => {
    const result = await new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      publicOnlyLookup("localhost", { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(result.error?.code).toBe("ERR_CALLBACK_PRIVATE_ADDRESS");
    const single = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnlyLookup("localhost", {}, (error) => resolve(error)),
    );
    expect(single?.code).toBe("ERR_CALLBACK_PRIVATE_ADDRESS");
    const literal = await new Promise<{
      error: NodeJS.ErrnoException | null;
      address: string | LookupAddress[];
    }>((resolve) => publicOnlyLookup("8.8.8.8", {}, (error, address) => resolve({ error, address })));
    expect(literal).toEqual({ error: null, address: "8.8.8.8" });
  });
});
