/** Cold start floor: a Node process that imports nothing (times since the process started). */
const t = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: t, firstResponseMs: t })}\n`);
