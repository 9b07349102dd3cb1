import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "./backoff";

describe("backoff", () => {
  it("is full jitter under an exponential, capped ceiling", () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffDelay(4, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(30, 100, 10_000, () => 0.5)).toBe(5000);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (retry, r) => {
          const d = backoffDelay(retry, 250, 30_000, () => r);
          return d >= 0 && d < Math.min(30_000, 250 * 2 ** (retry - 1)) + 1;
        },
      ),
    );
  });

  it("parses Retry-After seconds and HTTP-dates, ignores garbage", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(["0", "9"], now)).toBe(0);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now)).toBe(0);
    for (const bad of [undefined, "", "-1", "1.5", "soon", "12345678901", "9".repeat(40)])
      expect(parseRetryAfter(bad, now), String(bad)).toBeUndefined();
  });
});
