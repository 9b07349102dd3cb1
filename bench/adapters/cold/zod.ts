/** Cold start baseline: import zod alone and parse one value. */
// performance.now() counts from the start of the process, so Node bootstrap and module parsing are included.
const { z } = await import("zod");
const tImported = performance.now();
z.object({ n: z.number() }).parse({ n: 1 });
const t1 = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: tImported, firstResponseMs: t1 })}\n`);
