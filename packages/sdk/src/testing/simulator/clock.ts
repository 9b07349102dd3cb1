import type { Clock } from "./types";

/**
 * A {@link Clock} that never waits: `sleep(ms)` advances `now()` by `ms` and resolves on the next macrotask,
 * so servers in the same process still get to run. `sleeps` records every wait, for assertions.
 *
 * @param start - Initial `now()` value in milliseconds.
 * @returns A virtual clock.
 *
 * @example
 * ```ts
 * const clock = virtualClock();
 * await clock.sleep(86_400_000); // returns at once
 * clock.now(); // 86400000
 * clock.sleeps; // [86400000]
 * ```
 */
export function virtualClock(start = 0): Clock & { readonly sleeps: readonly number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      const wait = Number.isFinite(ms) && ms > 0 ? ms : 0;
      sleeps.push(wait);
      now += wait;
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
    sleeps,
  };
}

/**
 * The real {@link Clock}: `Date.now()` and `setTimeout`. The simulator's default.
 *
 * @returns A clock on real time.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ swagger, clock: realClock() });
 * ```
 */
export function realClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
}
