/**
 * Order-preserving encoding of store keys into Azure Table Storage key characters.
 *
 * Table keys forbid `/ \ # ?` and control characters, and some others (`%`, `+`, `'`) cause trouble in
 * request URLs. The encoding keeps ASCII letters and digits and escapes every other UTF-16 code unit with
 * an escape character chosen from the gap it falls in, followed by a fixed-width lowercase hex value:
 *
 * | code units          | encoded as       | escape sorts between |
 * |---------------------|------------------|----------------------|
 * | U+0000–U+002F       | `-` + 2 hex      | (nothing) and `0`    |
 * | U+003A–U+0040       | `@` + 2 hex      | `9` and `A`          |
 * | U+005B–U+0060       | `_` + 2 hex      | `Z` and `a`          |
 * | U+007B–U+FFFF       | `~` + 4 hex      | `z` and (nothing)    |
 *
 * Code words are prefix-free and ordered like the code units they stand for, so for any keys `a`, `b`:
 * `a < b` (JavaScript string order) iff `encode(a) < encode(b)` (ordinal ASCII order), and `b` starts with
 * `a` iff `encode(b)` starts with `encode(a)`. Prefix queries become RowKey range queries.
 * @module
 */

/** A string greater than every code word: `encodeTableKey(p) + TABLE_KEY_UPPER` bounds keys starting with `p`. */
export const TABLE_KEY_UPPER = "~~";

const isAlnum = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Encodes a key (any string) into letters, digits and `- @ _ ~`.
 *
 * @param key - the store key.
 * @returns the Table-safe, order-preserving encoding.
 * @example
 * ```ts
 * encodeTableKey("sub:a/b"); // "sub@3aa-2fb"
 * ```
 */
export function encodeTableKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (isAlnum(c)) out += key[i];
    else if (c < 0x30) out += `-${c.toString(16).padStart(2, "0")}`;
    else if (c < 0x41) out += `@${c.toString(16)}`;
    else if (c < 0x61) out += `_${c.toString(16)}`;
    else out += `~${c.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/**
 * Reverses {@link encodeTableKey}.
 *
 * @param encoded - an encoded key.
 * @returns the original key.
 * @throws TypeError when `encoded` is not a valid encoding.
 * @example
 * ```ts
 * decodeTableKey("sub@3aa-2fb"); // "sub:a/b"
 * ```
 */
export function decodeTableKey(encoded: string): string {
  let out = "";
  let i = 0;
  while (i < encoded.length) {
    const ch = encoded[i]!;
    const width = ch === "~" ? 4 : ch === "-" || ch === "@" || ch === "_" ? 2 : 0;
    if (width === 0) {
      if (!isAlnum(ch.charCodeAt(0)))
        throw new TypeError(`Invalid encoded table key ${JSON.stringify(encoded)}`);
      out += ch;
      i += 1;
      continue;
    }
    const digits = encoded.slice(i + 1, i + 1 + width);
    if (digits.length !== width || !/^[0-9a-f]+$/.test(digits)) {
      throw new TypeError(`Invalid encoded table key ${JSON.stringify(encoded)}`);
    }
    out += String.fromCharCode(Number.parseInt(digits, 16));
    i += 1 + width;
  }
  return out;
}
