import type { TraceEntry } from "./types";

/**
 * Renders a trace as one line per call: clock offset, method, URL, status, duration and note.
 *
 * @param trace - Entries from a result, a subscription or a `SimulatorError`.
 * @returns Printable text (no trailing newline).
 *
 * @example
 * ```ts
 * console.log(formatTrace(result.trace));
 * // +0s      POST http://127.0.0.1:5123/export -> 202 (3 ms)
 * // +10s     GET  http://127.0.0.1:5123/jobs/1 -> 200 (1 ms) waited 10 s (Retry-After)
 * ```
 */
export function formatTrace(trace: readonly TraceEntry[]): string {
  return trace
    .map((e) => {
      const at = `+${formatDuration(e.at)}`.padEnd(9);
      const status = e.status === 0 ? "no response" : String(e.status);
      const note = e.note === undefined ? "" : ` ${e.note}`;
      return `${at}${e.method.padEnd(6)} ${e.url} -> ${status} (${Math.round(e.durationMs)} ms)${note}`;
    })
    .join("\n");
}

/**
 * Formats milliseconds compactly (`250ms`, `15s`, `3m`, `2h30m`, `1d`).
 *
 * @internal
 * @example
 * ```ts
 * formatDuration(90_000); // "1m30s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let s = Math.round(ms / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].filter(Boolean);
  return parts.join("") || "0s";
}
