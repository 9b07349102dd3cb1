/**
 * On-disk format of {@link fileStore}'s append-only log.
 *
 * A log file is the 8-byte magic `CKSLOG1\n` followed by frames. A frame is
 * `u32le length | u32le crc32(length bytes + payload) | payload`, where the payload is UTF-8:
 * a JSON header line, and for puts a `\n` and the value's JSON text (kept as text, never re-parsed on replay).
 *
 * - put: `{"o":"p","k":key,"n":version,"x":expiresAt|null}\n<value JSON>`
 * - delete: `{"o":"d","k":key}`
 * - meta: `{"o":"m","n":highestVersionEverIssued}` (first frame of a compacted log, so versions never repeat)
 *
 * A crash can leave a torn last frame (short, or with a bad checksum). {@link scanLog} stops at the first bad
 * frame and reports the length of the valid prefix; the store truncates the file there on open.
 * @module
 */
import { crc32 } from "node:zlib";

/** First bytes of every log file. */
export const LOG_MAGIC = Buffer.from("CKSLOG1\n", "latin1");

/** Largest payload the format accepts (a larger length field means a torn or foreign frame). */
export const MAX_FRAME_PAYLOAD = 256 * 1024 * 1024;

const FRAME_HEADER = 8;

/**
 * One decoded log record.
 *
 * @example
 * ```ts
 * const r: LogRecord = { o: "p", k: "job:1", n: 3, x: null, v: '{"state":"done"}' };
 * ```
 */
export type LogRecord =
  | { o: "p"; k: string; n: number; x: number | null; v: string }
  | { o: "d"; k: string }
  | { o: "m"; n: number };

/**
 * Encodes one record as a frame.
 *
 * @param record - the record.
 * @returns the frame bytes.
 * @example
 * ```ts
 * const frame = encodeRecord({ o: "d", k: "job:1" });
 * ```
 */
export function encodeRecord(record: LogRecord): Buffer {
  let text: string;
  if (record.o === "p") {
    text = `{"o":"p","k":${JSON.stringify(record.k)},"n":${record.n},"x":${record.x ?? "null"}}\n${record.v}`;
  } else if (record.o === "d") {
    text = `{"o":"d","k":${JSON.stringify(record.k)}}`;
  } else {
    text = `{"o":"m","n":${record.n}}`;
  }
  const payloadLength = Buffer.byteLength(text, "utf8");
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payloadLength);
  frame.writeUInt32LE(payloadLength, 0);
  frame.write(text, FRAME_HEADER, "utf8");
  frame.writeUInt32LE(frameChecksum(frame, payloadLength), 4);
  return frame;
}

function frameChecksum(frame: Buffer, payloadLength: number): number {
  const lengthCrc = crc32(frame.subarray(0, 4));
  return crc32(frame.subarray(FRAME_HEADER, FRAME_HEADER + payloadLength), lengthCrc);
}

/**
 * Result of {@link scanLog}.
 *
 * @example
 * ```ts
 * const r: ScanResult = { validLength: 8, records: 0, stoppedAt: undefined };
 * ```
 */
export interface ScanResult {
  /** Bytes from the start of the file that hold the magic and whole, valid frames. */
  validLength: number;
  /** Number of valid records. */
  records: number;
  /** Why scanning stopped before the end of the buffer, if it did. */
  stoppedAt: string | undefined;
}

/**
 * Replays a log buffer, calling `apply` for every valid record, and stops at the first torn or corrupt frame.
 *
 * @param buf - the whole file (must start with {@link LOG_MAGIC}).
 * @param apply - called for each record in order.
 * @returns where the valid prefix ends.
 * @example
 * ```ts
 * const { validLength } = scanLog(await readFile(path), (r) => console.log(r.o));
 * ```
 */
export function scanLog(buf: Buffer, apply: (record: LogRecord) => void): ScanResult {
  let offset = LOG_MAGIC.length;
  let records = 0;
  while (offset < buf.length) {
    if (buf.length - offset < FRAME_HEADER)
      return { validLength: offset, records, stoppedAt: "short frame header" };
    const payloadLength = buf.readUInt32LE(offset);
    if (payloadLength > MAX_FRAME_PAYLOAD || payloadLength > buf.length - offset - FRAME_HEADER) {
      return { validLength: offset, records, stoppedAt: "frame length past end of file" };
    }
    const frame = buf.subarray(offset, offset + FRAME_HEADER + payloadLength);
    if (frame.readUInt32LE(4) !== frameChecksum(frame, payloadLength)) {
      return { validLength: offset, records, stoppedAt: "checksum mismatch" };
    }
    const record = decodePayload(frame.toString("utf8", FRAME_HEADER));
    if (!record) return { validLength: offset, records, stoppedAt: "undecodable record" };
    apply(record);
    records += 1;
    offset += FRAME_HEADER + payloadLength;
  }
  return { validLength: offset, records, stoppedAt: undefined };
}

const FRAME_START = Buffer.from('{"o":"', "latin1");

/** Whether a valid frame starts at `offset`, and its total length (0 when none does). */
function frameAt(buf: Buffer, offset: number): number {
  if (buf.length - offset < FRAME_HEADER + FRAME_START.length) return 0;
  const payloadLength = buf.readUInt32LE(offset);
  if (payloadLength < FRAME_START.length || payloadLength > buf.length - offset - FRAME_HEADER) return 0;
  // Cheap filter before the checksum: every payload starts with {"o":"
  if (
    buf.compare(
      FRAME_START,
      0,
      FRAME_START.length,
      offset + FRAME_HEADER,
      offset + FRAME_HEADER + FRAME_START.length,
    ) !== 0
  ) {
    return 0;
  }
  const frame = buf.subarray(offset, offset + FRAME_HEADER + payloadLength);
  if (frame.readUInt32LE(4) !== frameChecksum(frame, payloadLength)) return 0;
  return decodePayload(frame.toString("utf8", FRAME_HEADER)) ? FRAME_HEADER + payloadLength : 0;
}

/**
 * Looks for the next whole, valid frame at or after `from` (after a damaged one). A torn tail has none; a
 * file damaged in the middle does.
 *
 * @param buf - the whole log file.
 * @param from - where to start looking.
 * @returns the offset of the next valid frame, or -1.
 * @example
 * ```ts
 * const scan = scanLog(buf, apply);
 * const midFile = scan.stoppedAt !== undefined && findNextFrame(buf, scan.validLength + 1) !== -1;
 * ```
 */
export function findNextFrame(buf: Buffer, from: number): number {
  for (let offset = Math.max(from, LOG_MAGIC.length); offset < buf.length; offset++) {
    if (frameAt(buf, offset) > 0) return offset;
  }
  return -1;
}

/**
 * Counts the valid frames in `buf` from `from` on, resynchronising after damaged bytes (for reports of what a
 * recovery dropped).
 *
 * @param buf - the whole log file.
 * @param from - where to start.
 * @returns the number of valid frames found.
 * @example
 * ```ts
 * const dropped = countFrames(buf, scan.validLength);
 * ```
 */
export function countFrames(buf: Buffer, from: number): number {
  let count = 0;
  let offset = from;
  while (offset < buf.length) {
    const length = frameAt(buf, offset);
    if (length > 0) {
      count += 1;
      offset += length;
    } else {
      offset = findNextFrame(buf, offset + 1);
      if (offset === -1) break;
    }
  }
  return count;
}

function decodePayload(text: string): LogRecord | undefined {
  const newline = text.indexOf("\n");
  const headerText = newline === -1 ? text : text.slice(0, newline);
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    return undefined;
  }
  if (typeof header !== "object" || header === null) return undefined;
  const { o, k, n, x } = header as { o?: unknown; k?: unknown; n?: unknown; x?: unknown };
  if (o === "p" && typeof k === "string" && typeof n === "number" && newline !== -1) {
    if (x !== null && typeof x !== "number") return undefined;
    return { o, k, n, x, v: text.slice(newline + 1) };
  }
  if (o === "d" && typeof k === "string") return { o, k };
  if (o === "m" && typeof n === "number") return { o, n };
  return undefined;
}
