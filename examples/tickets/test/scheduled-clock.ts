/**
 * A virtual clock with a timetable: things that happen in the world (a user closes a ticket) while the flow
 * engine waits between polls, without any real waiting.
 */
import { type Clock, virtualClock } from "@connectorkit/sdk/testing";

/**
 * A {@link Clock} built on `virtualClock()` that also runs scheduled events. `at(ms, event)` runs `event` once,
 * during the first `sleep` that reaches `ms` (virtual milliseconds since the clock started), before that sleep
 * returns; events run in time order. `sleeps` records every wait, as on `virtualClock()`.
 *
 * @returns the clock.
 * @example
 * ```ts
 * const clock = scheduledClock();
 * clock.at(90_000, () => closeTwoTickets());
 * await sim.pollTrigger("WhenTicketClosed", { projectId: "helpdesk" }, { maxPolls: 4 }); // polls at 0, 60, 120, 180 s
 * ```
 */
export function scheduledClock(): Clock & {
  readonly sleeps: readonly number[];
  at(ms: number, event: () => unknown): void;
} {
  const inner = virtualClock();
  const events: { at: number; run: () => unknown }[] = [];
  return {
    now: () => inner.now(),
    sleeps: inner.sleeps,
    at(ms, run) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`scheduledClock.at: bad time ${ms}`);
      events.push({ at: ms, run });
      events.sort((a, b) => a.at - b.at);
    },
    async sleep(ms) {
      await inner.sleep(ms);
      while (events.length > 0 && events[0]!.at <= inner.now()) await events.shift()!.run();
    },
  };
}
