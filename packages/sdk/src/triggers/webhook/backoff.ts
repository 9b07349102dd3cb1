/**
 * Retry timing for webhook deliveries: exponential backoff with full jitter, and `Retry-After` parsing.
 * @module
 */

/**
 * Full-jitter exponential backoff: a random delay in `[0, min(maxMs, baseMs * 2^(retry-1)))`.
 *
 * @param retry - 1 for the first retry, 2 for the second, ...
 * @param baseMs - delay scale of the first retry.
 * @param maxMs - cap.
 * @param random - a `[0, 1)` source (for tests).
 * @returns the delay in milliseconds.
 * @example
 * ```ts
 * backoffDelay(3, 200, 10_000, () => 0.5); // 400
 * ```
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(retry - 1, 30)));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP-date.
 *
 * @param value - the header value (first one if repeated).
 * @param now - the current time in epoch milliseconds.
 * @returns the delay in milliseconds (0 for a date in the past), or `undefined` when absent or malformed.
 * @example
 * ```ts
 * parseRetryAfter("2", Date.now()); // 2000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:58 GMT")); // 2000
 * ```
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d{1,10}$/.test(raw)) return Number(raw) * 1000;
  if (!/[A-Za-z]/.test(raw)) return undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
