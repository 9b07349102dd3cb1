import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HeldLock } from "./file-lock";
import { acquireLock } from "./file-lock";
import { countFrames, encodeRecord, findNextFrame, LOG_MAGIC, type LogRecord, scanLog } from "./log-format";
import {
  checkKey,
  checkListArgs,
  checkTtl,
  pageSize,
  StoreCorruptError,
  StoreUnavailableError,
  serializeValue,
} from "./store-errors";
import type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./types";

/**
 * Options of {@link fileStore}.
 *
 * @example
 * ```ts
 * const options: FileStoreOptions = { path: "./data/store", fsync: true, compactAfter: 10_000 };
 * ```
 */
export interface FileStoreOptions {
  /** Directory of the store (created if missing). It holds `store.log` and `LOCK`. */
  path: string;
  /**
   * `true`: a write resolves only after `fdatasync` (survives power loss). `false`: after `write(2)` to the OS
   * (survives a process crash, not a machine crash).
   * @default true
   */
  fsync?: boolean | undefined;
  /**
   * Rewrite the log once it holds at least this many obsolete records (overwritten, deleted or expired) and at
   * least as many obsolete records as live ones.
   * @default 10000
   */
  compactAfter?: number | undefined;
  /** Largest value, as characters of JSON. @default 16 MiB */
  maxValueChars?: number | undefined;
  /** Clock in epoch milliseconds, for tests. @default Date.now */
  now?: (() => number) | undefined;
  /**
   * Where recoveries on open are reported (a cut torn tail, a truncation): `warn(details, message)`, the shape of
   * pino's and bunyan's loggers. `false` reports nothing. @default a logger writing to `console.warn`
   */
  logger?: FileStoreLogger | false | undefined;
  /**
   * What to do with a log that cannot be trusted: damaged in the middle (valid records after a bad one) or empty
   * where a log should be. `"refuse"`: throw {@link StoreCorruptError} and change nothing. `"truncate"`: keep
   * the valid prefix (or start empty), save the cut bytes beside the log, report it, and open. A torn last
   * record (what a crash leaves) is always cut and reported. A file that is not a store log at all is always
   * refused. @default "refuse"
   */
  onCorruption?: "refuse" | "truncate" | undefined;
}

/**
 * A logger for {@link FileStoreOptions.logger}: pino-compatible `warn(details, message)`.
 *
 * @example
 * ```ts
 * const logger: FileStoreLogger = { warn: (details, message) => console.warn(message, details) };
 * ```
 */
export interface FileStoreLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * What opening a {@link fileStore} found and did; see {@link FileStore.recovery}.
 *
 * @example
 * ```ts
 * const r: FileStoreRecovery = { action: "truncated-tail", droppedBytes: 37, droppedRecords: 1, reason: "checksum mismatch", offset: 1024, savedTo: "store.log.torn-1" };
 * ```
 */
export interface FileStoreRecovery {
  /**
   * `"none"`: the log was whole. `"created"`: there was no log. `"truncated-tail"`: a torn last record was cut.
   * `"truncated-corruption"`: damage in the middle was cut with everything after it (`onCorruption: "truncate"`).
   * `"reset-empty"`: an empty log was replaced by a new one (`onCorruption: "truncate"`).
   */
  action: "none" | "created" | "truncated-tail" | "truncated-corruption" | "reset-empty";
  /** Bytes cut off. */
  droppedBytes: number;
  /**
   * Records lost: the valid records inside the cut bytes, or 1 for a torn tail (its one partial record: usually a
   * write a crash interrupted before it was acknowledged, but damage to the end of the file looks the same).
   */
  droppedRecords: number;
  /** Why the log was cut. */
  reason?: string | undefined;
  /** Byte offset where the cut starts. */
  offset?: number | undefined;
  /** File the cut bytes were saved to. */
  savedTo?: string | undefined;
}

const consoleLogger: FileStoreLogger = {
  warn: (details, message) => console.warn(`connectorkit fileStore: ${message}`, details),
};

/**
 * What opening the store found; see {@link FileStore.stats}.
 *
 * @example
 * ```ts
 * const s: FileStoreStats = { liveKeys: 1, logRecords: 3, compactions: 0, commits: 2, recoveredBytes: 0, recoveryReason: undefined };
 * ```
 */
export interface FileStoreStats {
  /** Records currently held (expired ones may still be counted until they are noticed). */
  liveKeys: number;
  /** Records in the current log file. */
  logRecords: number;
  /** Compactions since the store was opened. */
  compactions: number;
  /** Group commits (one write + fsync each) since the store was opened. */
  commits: number;
  /** Bytes of torn or corrupt tail cut off when the store was opened (saved beside the log first). */
  recoveredBytes: number;
  /** Why the tail was cut, when it was. */
  recoveryReason: string | undefined;
}

/**
 * A {@link ConnectorStore} on local disk, with compaction and statistics.
 *
 * @example
 * ```ts
 * const store = await fileStore({ path: "./data/store" });
 * await store.compact();
 * console.log(store.stats());
 * ```
 */
export interface FileStore extends ConnectorStore {
  /** Rewrites the log with only the live records (snapshot file, fsync, atomic rename, directory fsync). */
  compact(): Promise<void>;
  /** Counters for monitoring and tests. */
  stats(): FileStoreStats;
  /** What opening the store found and did (also reported to the logger when anything was cut). */
  readonly recovery: FileStoreRecovery;
}

interface Slot {
  value: string;
  version: number;
  expiresAt: number | undefined;
}

/** A queued mutation; `slot` undefined means delete. Object identity tells whether a later op superseded it. */
interface Pending {
  key: string;
  slot: Slot | undefined;
  frame: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const LOG_FILE = "store.log";
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Opens (or creates) a durable embedded store in a directory: an append-only log with per-record CRC32,
 * group commit, crash recovery and compaction. No server, no native addon. One process per directory (a lock
 * file with the pid enforces it; a lock left by a dead process is taken over).
 *
 * Guarantees: a `put`/`delete` resolves only after its record is written (and, with `fsync: true`,
 * `fdatasync`ed); reads only ever see written records. A torn last record after a crash is detected by its
 * checksum and cut off on open (the cut bytes are saved to `store.log.torn-<time>`, and the cut is reported to
 * `logger` and in {@link FileStore.recovery}), never touching earlier records. A log it cannot trust (damaged
 * in the middle, or empty) is refused with {@link StoreCorruptError} unless `onCorruption: "truncate"`; a file
 * that is not a store log is always refused. If a write or fsync fails, the store fails closed: that write and all later ones reject with
 * {@link StoreUnavailableError}; reopen to recover from what is on disk.
 *
 * Keys list in JavaScript string order (UTF-16 code units), like {@link memoryStore}.
 *
 * @param options - directory, fsync and compaction settings.
 * @returns the opened store.
 * @throws StoreLockedError when another live process has the directory open.
 * @throws StoreCorruptError when the log is damaged in the middle or empty (see `onCorruption`).
 * @example
 * ```ts
 * import { fileStore } from "@connectorkit/sdk";
 * const store = await fileStore({ path: "./data/connector-store" });
 * await store.put("sub:onNewItem:1", { url: "https://example.com/hook" }, { ifVersion: null });
 * await store.close();
 * ```
 */
export async function fileStore(options: FileStoreOptions): Promise<FileStore> {
  if (typeof options?.path !== "string" || options.path === "") {
    throw new TypeError("fileStore: `path` (a directory) is required");
  }
  const compactAfter = options.compactAfter ?? 10_000;
  if (!Number.isInteger(compactAfter) || compactAfter < 1) {
    throw new RangeError("fileStore: `compactAfter` must be a positive integer");
  }
  if (
    options.onCorruption !== undefined &&
    options.onCorruption !== "refuse" &&
    options.onCorruption !== "truncate"
  ) {
    throw new TypeError('fileStore: `onCorruption` must be "refuse" or "truncate"');
  }
  if (
    options.logger !== undefined &&
    options.logger !== false &&
    typeof options.logger?.warn !== "function"
  ) {
    throw new TypeError("fileStore: `logger` must have a warn(details, message) method, or be false");
  }
  await mkdir(options.path, { recursive: true });
  const lock = await acquireLock(join(options.path, "LOCK"));
  try {
    const store = new FileStoreImpl(options, compactAfter, lock);
    await store.open();
    return store;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

class FileStoreImpl implements FileStore {
  private readonly dir: string;
  private readonly logPath: string;
  private readonly fsyncEnabled: boolean;
  private readonly maxValueChars: number;
  private readonly now: () => number;
  private readonly committed = new Map<string, Slot>();
  /** Latest not-yet-durable state per key (written by conditional checks, never seen by reads). */
  private readonly overlay = new Map<string, Pending>();
  private queue: Pending[] = [];
  private handle: FileHandle | undefined;
  private counter = 0;
  private logRecords = 0;
  private compactions = 0;
  private commits = 0;
  private recoveredBytes = 0;
  private recoveryReason: string | undefined;
  recovery: FileStoreRecovery = { action: "none", droppedBytes: 0, droppedRecords: 0 };
  private readonly logger: FileStoreLogger | false;
  private readonly onCorruption: "refuse" | "truncate";
  private sortedKeys: string[] | undefined;
  private pumping: Promise<void> | undefined;
  private compactWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private failure: Error | undefined;
  private closed = false;

  constructor(
    options: FileStoreOptions,
    private readonly compactAfter: number,
    private readonly lock: HeldLock,
  ) {
    this.dir = options.path;
    this.logPath = join(options.path, LOG_FILE);
    this.fsyncEnabled = options.fsync ?? true;
    this.maxValueChars = options.maxValueChars ?? 16 * 1024 * 1024;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? consoleLogger;
    this.onCorruption = options.onCorruption ?? "refuse";
  }

  async open(): Promise<void> {
    await rm(`${this.logPath}.compact`, { force: true }); // a compaction interrupted before its rename
    await rm(`${this.logPath}.new`, { force: true }); // a creation interrupted before its rename
    let buf: Buffer | undefined;
    try {
      buf = await readFile(this.logPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (buf === undefined) {
      await this.createLog();
      this.recovery = { action: "created", droppedBytes: 0, droppedRecords: 0 };
    } else if (buf.length < LOG_MAGIC.length && LOG_MAGIC.subarray(0, buf.length).equals(buf)) {
      // Logs are created whole (temporary file + rename), so an empty one was emptied by something else.
      if (this.onCorruption !== "truncate") {
        throw new StoreCorruptError(
          `${this.logPath} is empty where a store log should be (${buf.length} bytes); its records are gone. Restore it from a backup, or open with onCorruption: "truncate" to start an empty store.`,
          0,
          0,
        );
      }
      const savedTo = buf.length > 0 ? await this.saveAside("empty", buf) : undefined;
      await this.createLog();
      this.recovery = { action: "reset-empty", droppedBytes: buf.length, droppedRecords: 0, savedTo };
      this.report("replaced an empty store log with a new one");
    } else if (!buf.subarray(0, LOG_MAGIC.length).equals(LOG_MAGIC)) {
      throw new StoreUnavailableError(`${this.logPath} is not a connectorkit store log`);
    } else {
      const scan = scanLog(buf, (record) => this.replay(record));
      this.logRecords = scan.records;
      if (scan.validLength < buf.length) await this.cut(buf, scan.validLength, scan.stoppedAt ?? "damaged");
    }
    this.handle = await open(this.logPath, "a");
    if (this.garbage() >= this.threshold()) await this.compact();
  }

  /** Handles damage at `offset`: a torn tail is cut; damage with valid records after it is refused or cut. */
  private async cut(buf: Buffer, offset: number, reason: string): Promise<void> {
    const midFile = findNextFrame(buf, offset + 1) !== -1;
    const droppedRecords = midFile ? countFrames(buf, offset) : 1;
    if (midFile && this.onCorruption !== "truncate") {
      throw new StoreCorruptError(
        `${this.logPath} is damaged at byte ${offset} (${reason}) and ${droppedRecords} valid record(s) follow; opening it would drop them. Nothing was changed. Restore the file from a backup, or open with onCorruption: "truncate" to keep the ${this.logRecords} record(s) before the damage.`,
        offset,
        droppedRecords,
      );
    }
    const savedTo = await this.saveAside(midFile ? "corrupt" : "torn", buf.subarray(offset));
    await truncate(this.logPath, offset);
    const fh = await open(this.logPath, "r+");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await this.syncDir();
    this.recoveredBytes = buf.length - offset;
    this.recoveryReason = reason;
    this.recovery = {
      action: midFile ? "truncated-corruption" : "truncated-tail",
      droppedBytes: buf.length - offset,
      droppedRecords,
      reason,
      offset,
      savedTo,
    };
    this.report(
      midFile
        ? `cut a damaged store log at byte ${offset}, dropping ${droppedRecords} record(s) after the damage`
        : "cut a torn last record, 1 record dropped (a write interrupted by a crash, or damage to the end of the log)",
    );
  }

  private async saveAside(kind: string, bytes: Buffer): Promise<string> {
    const side = `${this.logPath}.${kind}-${Date.now()}`;
    await writeFile(side, bytes);
    return side;
  }

  /** Creates an empty log atomically, so a crash never leaves a half-made one. */
  private async createLog(): Promise<void> {
    const tmp = `${this.logPath}.new`;
    await this.writeFreshFile(tmp, [LOG_MAGIC]);
    await rename(tmp, this.logPath);
    await this.syncDir();
  }

  private report(message: string): void {
    if (!this.logger) return;
    try {
      this.logger.warn({ store: this.logPath, ...this.recovery }, message);
    } catch {
      // a throwing logger must not keep the store from opening
    }
  }

  private replay(record: LogRecord): void {
    if (record.o === "p") {
      this.committed.set(record.k, { value: record.v, version: record.n, expiresAt: record.x ?? undefined });
      if (record.n > this.counter) this.counter = record.n;
    } else if (record.o === "d") {
      this.committed.delete(record.k);
    } else if (record.n > this.counter) {
      this.counter = record.n;
    }
  }

  // ---------------------------------------------------------------- reads (durable state only)

  private liveCommitted(key: string): Slot | undefined {
    const slot = this.committed.get(key);
    if (slot?.expiresAt !== undefined && slot.expiresAt <= this.now()) {
      // Forget it now (replay would find it expired too): it becomes garbage the next compaction drops.
      this.committed.delete(key);
      this.sortedKeys = undefined;
      return undefined;
    }
    return slot;
  }

  private entry<T>(key: string, slot: Slot): StoreEntry<T> {
    return {
      key,
      value: JSON.parse(slot.value) as T,
      version: String(slot.version),
      expiresAt: slot.expiresAt,
    };
  }

  async get<T = unknown>(key: string): Promise<StoreEntry<T> | undefined> {
    this.assertUsable();
    checkKey(key);
    const slot = this.liveCommitted(key);
    return slot ? this.entry<T>(key, slot) : undefined;
  }

  async list<T = unknown>(prefix: string, options: ListOptions = {}): Promise<ListPage<T>> {
    this.assertUsable();
    checkListArgs(prefix, options.cursor);
    const limit = pageSize(options.limit);
    const keys = this.keysInOrder();
    const cursor = options.cursor;
    const from = cursor !== undefined && cursor >= prefix ? cursor : prefix;
    let i = lowerBound(keys, from);
    if (cursor !== undefined && keys[i] === cursor) i += 1;
    const entries: StoreEntry<T>[] = [];
    for (; i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.startsWith(prefix)) break;
      const slot = this.liveCommitted(key);
      if (!slot) continue;
      if (entries.length === limit) return { entries, cursor: entries[entries.length - 1]!.key };
      entries.push(this.entry<T>(key, slot));
    }
    return { entries };
  }

  private keysInOrder(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.committed.keys()].sort();
    return this.sortedKeys;
  }

  // ---------------------------------------------------------------- writes

  /** Latest state including queued writes: what conditional writes are checked against. */
  private latest(key: string): Slot | undefined {
    const pending = this.overlay.get(key);
    const slot = pending ? pending.slot : this.committed.get(key);
    if (slot?.expiresAt !== undefined && slot.expiresAt <= this.now()) return undefined;
    return slot;
  }

  async put<T = unknown>(key: string, value: T, options: PutOptions = {}): Promise<PutResult> {
    this.assertUsable();
    checkKey(key);
    checkTtl(options.ttlMs);
    const ifVersion = options.ifVersion;
    if (ifVersion !== undefined && ifVersion !== null && typeof ifVersion !== "string") {
      throw new TypeError("ifVersion must be a string, null or undefined");
    }
    const text = serializeValue(key, value, this.maxValueChars);
    const current = this.latest(key);
    if (ifVersion === null && current) return { ok: false, reason: "conflict" };
    if (typeof ifVersion === "string" && (!current || String(current.version) !== ifVersion)) {
      return { ok: false, reason: "conflict" };
    }
    this.counter += 1;
    const slot: Slot = {
      value: text,
      version: this.counter,
      expiresAt: options.ttlMs === undefined ? undefined : this.now() + options.ttlMs,
    };
    const frame = encodeRecord({ o: "p", k: key, n: slot.version, x: slot.expiresAt ?? null, v: text });
    await this.enqueue(key, slot, frame);
    return { ok: true, version: String(slot.version) };
  }

  async delete(key: string, options: { ifVersion?: string | undefined } = {}): Promise<boolean> {
    this.assertUsable();
    checkKey(key);
    const current = this.latest(key);
    if (!current) return false;
    if (options.ifVersion !== undefined && String(current.version) !== options.ifVersion) return false;
    await this.enqueue(key, undefined, encodeRecord({ o: "d", k: key }));
    return true;
  }

  private enqueue(key: string, slot: Slot | undefined, frame: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { key, slot, frame, resolve, reject };
      this.overlay.set(key, pending);
      this.queue.push(pending);
      this.kick();
    });
  }

  private kick(): void {
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.queue.length > 0 || this.compactWaiters.length > 0) this.kick();
    });
  }

  /** The single writer: group-commits whatever is queued, then compacts when due. */
  private async pump(): Promise<void> {
    while (!this.failure) {
      if (this.queue.length > 0) {
        await this.commitBatch(this.takeBatch());
      } else if (this.compactWaiters.length > 0 || this.garbage() >= this.threshold()) {
        await this.runCompaction();
      } else {
        return;
      }
    }
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n]!.frame.length <= MAX_BATCH_BYTES)) {
      bytes += this.queue[n]!.frame.length;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    const buf = batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((p) => p.frame));
    try {
      await writeAll(this.handle!, buf);
      if (this.fsyncEnabled) await this.handle!.datasync();
    } catch (error) {
      this.fail(error, batch);
      return;
    }
    this.logRecords += batch.length;
    this.commits += 1;
    for (const p of batch) {
      const had = this.committed.has(p.key);
      if (p.slot) this.committed.set(p.key, p.slot);
      else this.committed.delete(p.key);
      if (had !== (p.slot !== undefined)) this.sortedKeys = undefined;
      if (this.overlay.get(p.key) === p) this.overlay.delete(p.key);
      p.resolve();
    }
  }

  /** After a failed write or fsync the file's state is unknown: refuse all further work (fail closed). */
  private fail(error: unknown, batch: Pending[]): void {
    this.failure = new StoreUnavailableError(
      `fileStore ${this.logPath}: disk write failed (${(error as Error).message}); reopen the store`,
    );
    for (const p of [...batch, ...this.queue.splice(0)]) p.reject(this.failure);
    this.overlay.clear();
    for (const w of this.compactWaiters.splice(0)) w.reject(this.failure);
  }

  private garbage(): number {
    return this.logRecords - this.committed.size;
  }

  private threshold(): number {
    return Math.max(this.compactAfter, this.committed.size);
  }

  compact(): Promise<void> {
    this.assertUsable();
    return new Promise<void>((resolve, reject) => {
      this.compactWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  private async runCompaction(): Promise<void> {
    const waiters = this.compactWaiters.splice(0);
    const tmp = `${this.logPath}.compact`;
    const now = this.now();
    const chunks: Buffer[] = [LOG_MAGIC, encodeRecord({ o: "m", n: this.counter })];
    let records = 0;
    for (const [key, slot] of this.committed) {
      if (slot.expiresAt !== undefined && slot.expiresAt <= now) {
        this.committed.delete(key);
        this.sortedKeys = undefined;
        continue;
      }
      chunks.push(
        encodeRecord({ o: "p", k: key, n: slot.version, x: slot.expiresAt ?? null, v: slot.value }),
      );
      records += 1;
    }
    try {
      await this.writeFreshFile(tmp, chunks);
    } catch (error) {
      // The old log is untouched: report and carry on with it.
      await rm(tmp, { force: true }).catch(() => {});
      for (const w of waiters) w.reject(error);
      this.logRecords = Math.max(this.logRecords, this.committed.size); // avoid retrying at once
      return;
    }
    try {
      await rename(tmp, this.logPath);
      await this.syncDir();
      const old = this.handle!;
      this.handle = await open(this.logPath, "a");
      await old.close();
    } catch (error) {
      this.fail(error, []);
      for (const w of waiters) w.reject(error);
      return;
    }
    this.logRecords = records + 1;
    this.compactions += 1;
    for (const w of waiters) w.resolve();
  }

  private async writeFreshFile(path: string, chunks: Buffer[]): Promise<void> {
    const fh = await open(path, "w");
    try {
      for (const chunk of chunks) await writeAll(fh, chunk);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  private async syncDir(): Promise<void> {
    const fh = await open(this.dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  // ---------------------------------------------------------------- lifecycle

  private assertUsable(): void {
    if (this.closed) throw new StoreUnavailableError(`fileStore ${this.logPath} is closed`);
    if (this.failure) throw this.failure;
  }

  stats(): FileStoreStats {
    return {
      liveKeys: this.committed.size,
      logRecords: this.logRecords,
      compactions: this.compactions,
      commits: this.commits,
      recoveredBytes: this.recoveredBytes,
      recoveryReason: this.recoveryReason,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.pumping) await this.pumping;
    await this.handle?.close();
    this.handle = undefined;
    await this.lock.release();
  }
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await fh.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
