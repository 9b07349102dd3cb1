import type { LookupAddress } from "node:dns";
import fc from "fast-check";
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

  // Finding 10: with allowedHosts ["*"], IPv6 embeddings of loopback passed the private-address check.
  it.each([
    ["[::127.0.0.1]", "IPv4-compatible loopback"],
    ["[::ffff:0:7f00:1]", "IPv4-translated loopback (RFC 6145)"],
    ["[::ffff:7f00:1]", "IPv4-mapped loopback, hex"],
    ["[::ffff:127.0.0.1]", "IPv4-mapped loopback, dotted"],
    ["[::ffff:169.254.169.254]", "IPv4-mapped metadata address"],
    ["[::10.0.0.1]", "IPv4-compatible private"],
    ["[::8.8.8.8]", "IPv4-compatible public (deprecated form, refused whatever it embeds)"],
    ["[64:ff9b::127.0.0.1]", "NAT64 loopback"],
    ["[64:ff9b::a9fe:a9fe]", "NAT64 metadata address"],
    ["[64:ff9b:1::808:808]", "local-use NAT64 prefix"],
    ["[2002:7f00:1::1]", "6to4 embedding loopback"],
    ["[2002:c0a8:101::1]", "6to4 embedding 192.168.1.1"],
    ["[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "Teredo"],
    ["[fe80::1]", "link-local"],
    ["[fd12:3456::1]", "unique-local"],
    ["[fec0::1]", "site-local (deprecated)"],
    ["[ff02::1]", "multicast"],
    ["[::]", "unspecified"],
    ["[::1]", "loopback"],
    ["[2001:db8::1]", "documentation"],
    ["[100::1]", "discard"],
    ["[4000::1]", "outside global unicast"],
    ["0.0.0.0", "unspecified v4"],
    ["255.255.255.255", "broadcast"],
    ["0177.0.0.1", "octal loopback (the URL parser normalises it)"],
    ["127.1", "short loopback (the URL parser normalises it)"],
  ])("refuses %s (%s) even with allowedHosts ['*']", (host) => {
    const any = resolveCallbackPolicy({ allowedHosts: ["*"], allowInsecureCallbacks: false });
    const result = checkCallbackUrl(`https://${host}/cb`, any);
    expect(result.ok ? "" : result.reason).toContain("private");
  });

  it("allows public IPv6 literals and public embeddings with allowedHosts ['*']", () => {
    const any = resolveCallbackPolicy({ allowedHosts: ["*"], allowInsecureCallbacks: false });
    for (const host of [
      "[2606:4700::1111]",
      "[::ffff:8.8.8.8]",
      "[64:ff9b::808:808]",
      "[2002:808:808::1]",
      "8.8.8.8",
    ]) {
      expect(checkCallbackUrl(`https://${host}/cb`, any), host).toMatchObject({ ok: true });
    }
  });

  it("classifies every IPv6 embedding of an IPv4 address like the address itself", () => {
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), ([a, b, c, d]) => {
        const v4 = `${a}.${b}.${c}.${d}`;
        const expected = isPrivateAddress(v4);
        const [hi, lo] = [hex(a, b), hex(c, d)];
        for (const form of [
          `::ffff:${v4}`,
          `::ffff:${hi}:${lo}`,
          `[::ffff:${hi}:${lo}]`,
          `::ffff:0:${hi}:${lo}`,
          `::ffff:0:${v4}`,
          `64:ff9b::${v4}`,
          `64:ff9b::${hi}:${lo}`,
          `2002:${hi}:${lo}::1`,
        ]) {
          expect(isPrivateAddress(form), form).toBe(expected);
        }
        // Forms refused whatever they embed.
        expect(isPrivateAddress(`::${v4}`)).toBe(true);
        expect(isPrivateAddress(`64:ff9b:1::${hi}:${lo}`)).toBe(true);
        expect(isPrivateAddress(`2001:0:${hi}:${lo}::1`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses malformed, hostile and oversized address input", () => {
    for (const value of [
      "",
      "[]",
      "[::1",
      "::1]",
      "fe80::1%eth0",
      "[fe80::1%25eth0]",
      "1.2.3.4.5",
      "0x7f000001",
      "::ffff:1.2.3",
      "1".repeat(100),
      `${"1:".repeat(40)}1`,
      "example.com",
      42 as unknown as string,
      undefined as unknown as string,
    ]) {
      expect(isPrivateAddress(value), String(value)).toBe(true);
    }
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
