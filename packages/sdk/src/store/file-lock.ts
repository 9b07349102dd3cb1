/**
 * An exclusive, crash-tolerant lock file for {@link fileStore}: one writer process per store directory.
 *
 * Acquire: write `{pid, host, startedAt}` to a private temp file, then `link()` it to `LOCK` (atomic, fails
 * if `LOCK` exists, and `LOCK` never appears half-written). If `LOCK` exists and names a process on this
 * host that no longer runs, the lock is stale: it is broken under a short-lived `LOCK.break` guard (itself
 * created exclusively) after checking the content did not change, so two processes breaking the same stale
 * lock cannot both win. A lock held by another host is always treated as live.
 * @module
 */
import { randomBytes } from "node:crypto";
import { link, readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { StoreLockedError } from "./store-errors";

/**
 * A held lock.
 *
 * @example
 * ```ts
 * const lock = await acquireLock("/var/lib/app/store/LOCK");
 * await lock.release();
 * ```
 */
export interface HeldLock {
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  host: string;
}

const BREAK_GUARD_STALE_MS = 10_000;
const UNREADABLE_LOCK_STALE_MS = 5_000;

/**
 * Takes the lock at `lockPath`, breaking it if its holder died.
 *
 * @param lockPath - path of the lock file.
 * @returns the held lock.
 * @throws StoreLockedError when a live process holds it.
 * @example
 * ```ts
 * const lock = await acquireLock("./data/LOCK");
 * ```
 */
export async function acquireLock(lockPath: string): Promise<HeldLock> {
  const content = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
  const tmp = `${lockPath}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, content, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await link(tmp, lockPath);
        await removeDeadTempFiles(lockPath);
        return { release: () => releaseLock(lockPath, content) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const raw = await readIfExists(lockPath);
      if (raw === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(raw);
      if (holder === undefined) {
        // Not written by this module, or damaged. Break it only when it has been there a while.
        const age = await ageMs(lockPath);
        if (age !== undefined && age < UNREADABLE_LOCK_STALE_MS) {
          throw new StoreLockedError(`Store lock ${lockPath} exists and is not readable yet; retry later`);
        }
      } else if (isAlive(holder)) {
        throw new StoreLockedError(
          `Store is locked by process ${holder.pid} on ${holder.host} (${lockPath}). ` +
            "Only one process may open a file store; remove the lock file only if that process is gone.",
          holder.pid,
        );
      }
      await breakStaleLock(lockPath, raw);
    }
    throw new StoreLockedError(`Could not acquire store lock ${lockPath}: it keeps changing hands`);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

async function breakStaleLock(lockPath: string, staleContent: string): Promise<void> {
  const guard = `${lockPath}.break`;
  try {
    await writeFile(guard, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = await ageMs(guard);
    if (age !== undefined && age > BREAK_GUARD_STALE_MS) await unlink(guard).catch(() => {});
    else await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  try {
    // Only remove the lock if it is still the stale one we judged (another process may have replaced it).
    if ((await readIfExists(lockPath)) === staleContent) await unlink(lockPath).catch(() => {});
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/** Removes `LOCK.<pid>.<rand>.tmp` files left by processes killed between writing and linking them. */
async function removeDeadTempFiles(lockPath: string): Promise<void> {
  const pattern = new RegExp(
    `^${basename(lockPath).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`,
  );
  const names = await readdir(dirname(lockPath)).catch(() => [] as string[]);
  for (const name of names) {
    const match = pattern.exec(name);
    if (match && !isAlive({ pid: Number(match[1]), host: hostname() })) {
      await unlink(join(dirname(lockPath), name)).catch(() => {});
    }
  }
}

async function releaseLock(lockPath: string, content: string): Promise<void> {
  if ((await readIfExists(lockPath)) === content) await unlink(lockPath).catch(() => {});
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function ageMs(path: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

function parseHolder(raw: string): Holder | undefined {
  try {
    const { pid, host } = JSON.parse(raw) as { pid?: unknown; host?: unknown };
    if (typeof pid === "number" && Number.isInteger(pid) && pid > 0 && typeof host === "string")
      return { pid, host };
  } catch {
    // fall through
  }
  return undefined;
}

function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true; // cannot check another machine's processes
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
