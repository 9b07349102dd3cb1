import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTableKey, encodeTableKey, TABLE_KEY_UPPER } from "./table-key-codec";

// Any UTF-16 code units, biased towards the interesting boundaries.
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(
    0x00,
    0x1f,
    0x23,
    0x25,
    0x2f,
    0x30,
    0x39,
    0x3a,
    0x3f,
    0x40,
    0x41,
    0x5a,
    0x5c,
    0x5f,
    0x61,
    0x7a,
    0x7e,
    0x7f,
    0x9f,
    0xa0,
    0xffff,
  ),
);
const key = fc.array(unit, { maxLength: 20 }).map((units) => String.fromCharCode(...units));
// Table Storage forbids / \ # ? and U+0000-U+001F, U+007F-U+009F; % + ' " are trouble in URLs.
const isForbidden = (s: string) =>
  [...s].some(
    (ch) =>
      "/\\#?%+'\"".includes(ch) ||
      ch.charCodeAt(0) <= 0x1f ||
      (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f),
  );

describe("encodeTableKey", () => {
  it("round-trips and uses only letters, digits and - @ _ ~", () => {
    fc.assert(
      fc.property(key, (k) => {
        const e = encodeTableKey(k);
        expect(e).toMatch(/^[0-9A-Za-z\-@_~]*$/);
        expect(isForbidden(e)).toBe(false);
        expect(decodeTableKey(e)).toBe(k);
      }),
      { numRuns: 2000 },
    );
  });

  it("preserves order (JavaScript string order) and prefixes", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const ea = encodeTableKey(a);
        const eb = encodeTableKey(b);
        expect(Math.sign(ea < eb ? -1 : ea > eb ? 1 : 0)).toBe(Math.sign(a < b ? -1 : a > b ? 1 : 0));
        expect(eb.startsWith(ea)).toBe(b.startsWith(a));
        if (b.startsWith(a)) expect(eb < ea + TABLE_KEY_UPPER).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps letters and digits readable", () => {
    expect(encodeTableKey("sub:onNewItem:42")).toBe("sub@3aonNewItem@3a42");
    expect(encodeTableKey("a/b#c?d\\e")).toBe("a-2fb-23c@3fd_5ce");
    expect(encodeTableKey("€")).toBe("~20ac");
  });

  it("rejects malformed encodings", () => {
    for (const bad of ["-2", "~12", "a!b", "@zz", "_"]) expect(() => decodeTableKey(bad)).toThrow(TypeError);
  });
});
