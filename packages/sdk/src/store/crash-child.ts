/**
 * Child process of the file store crash test: writes to a {@link fileStore} as fast as it can and prints each
 * acknowledged operation to stdout once it has resolved (`put <key>`, `hot <key> <i>`,
 * `deleting <key>`, `del <key>` lines). The parent kills it with SIGKILL at random points and checks that every
 * acknowledged write survived.
 *
 * Usage: `node --import tsx crash-child.ts <dir> <tag>`
 * @module
 */
import { fileStore } from "./file-store";

const [dir, tag] = process.argv.slice(2);
if (!dir || !tag) {
  process.stderr.write("usage: crash-child.ts <dir> <tag>\n");
  process.exit(2);
}
const store = await fileStore({ path: dir, compactAfter: 300 });
async function writer(w: number): Promise<void> {
  for (let i = 0; ; i++) {
    const key = `crash:${tag}:${w}:${String(i).padStart(6, "0")}`;
    await store.put(key, { key, i, pad: "p".repeat((i * 37) % 1500) });
    process.stdout.write(`put ${key}\n`);
    // an overwritten hot key: its value must never go back below an acknowledged i
    await store.put(`hot:${tag}:${w}`, { i });
    process.stdout.write(`hot hot:${tag}:${w} ${i}\n`);
    if (i % 5 === 4) {
      const previous = `crash:${tag}:${w}:${String(i - 1).padStart(6, "0")}`;
      process.stdout.write(`deleting ${previous}\n`); // from here on the key may or may not exist
      await store.delete(previous);
      process.stdout.write(`del ${previous}\n`);
    }
  }
}
process.stdout.write("ready\n");
await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
