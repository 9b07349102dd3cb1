import type { TableClient } from "@azure/data-tables";
import type { TableClientLike } from "../optional-peers";
import {
  checkKey,
  checkListArgs,
  checkTtl,
  pageSize,
  StoreUnavailableError,
  serializeValue,
} from "./store-errors";
import { decodeTableKey, encodeTableKey, TABLE_KEY_UPPER } from "./table-key-codec";
import type { ConnectorStore, ListOptions, ListPage, PutOptions, PutResult, StoreEntry } from "./types";

/**
 * Options of {@link azureTableStore}: a connection string and table name, or a ready `TableClient`.
 *
 * @example
 * ```ts
 * const options: AzureTableStoreOptions = { connectionString: process.env.AzureWebJobsStorage!, table: "connectorstate" };
 * ```
 */
export type AzureTableStoreOptions =
  | {
      /** Storage account connection string (Azurite's works too). */
      connectionString: string;
      /** Table name: 3-63 letters and digits, starting with a letter. Created if missing. */
      table: string;
      /** Allow `http:` endpoints (Azurite). @default true when the endpoint is 127.0.0.1/localhost */
      allowInsecureConnection?: boolean | undefined;
      /** Largest value, as characters of JSON. @default 480000 (Table Storage's 1 MiB entity limit) */
      maxValueChars?: number | undefined;
    }
  | {
      /** A `TableClient` for the table; you keep ownership. */
      client: TableClientLike;
      /** Create the table if missing. @default true */
      createTable?: boolean | undefined;
      /** Largest value, as characters of JSON. @default 480000 */
      maxValueChars?: number | undefined;
    };

/**
 * A {@link ConnectorStore} on Azure Table Storage, with a bulk clean-up of expired rows.
 *
 * @example
 * ```ts
 * const store = await azureTableStore({ connectionString: process.env.STORAGE!, table: "connectorstate" });
 * const removed = await store.purgeExpired();
 * ```
 */
export interface AzureTableStore extends ConnectorStore {
  /**
   * Deletes rows whose TTL has passed (Table Storage has no native TTL: reads skip expired rows, `get` deletes
   * the ones it meets, and this removes the rest; call it from a timer).
   * @returns how many rows were deleted.
   */
  purgeExpired(options?: { maxRows?: number | undefined }): Promise<number>;
}

/*
 * Mapping. Keys may hold characters Table Storage forbids in keys (/ \\ # ? and control characters), so
 * both keys go through the order-preserving `encodeTableKey` (letters and digits kept, everything else
 * escaped), so RowKey order is key order (JavaScript string order, like memoryStore) and a key prefix is a
 * RowKey prefix. A key's encoding must fit Table Storage's key limit (512 characters).
 *   PartitionKey = encode(key up to and including its first ':', or the whole key)   e.g. "sub:" -> "sub@3a"
 *   RowKey       = encode(key)
 * "job:", "sub:<op>:", "dlq:" records land in partitions "job:", "sub:", "dlq:". Because that segment is a
 * prefix of the key, ordering by (PartitionKey, RowKey) equals ordering by key, so one cursor (the last key)
 * works across partitions; a prefix containing ':' is a single-partition RowKey range query.
 *
 * Value: JSON text (non-ASCII escaped as \uXXXX) split into string properties V0..Vn (<= 32,000 characters each; a string property holds
 * at most 64 KiB), with N = count. Expiry: X (Int64 epoch ms), filtered on read.
 * Version: "<expiresAt>~<etag>" -- the ETag gives optimistic concurrency (If-Match), and carrying expiresAt
 * lets a conditional write against an expired row fail without an extra read.
 */

const CHUNK = 32_000;
const MAX_CHUNKS = 15;
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

interface Row {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  N?: number;
  X?: bigint | number;
  [property: string]: unknown;
}

const MAX_TABLE_KEY = 512;
const enc = (s: string) => encodeTableKey(s);
const rowKeyOf = (key: string) => {
  const rk = encodeTableKey(key);
  if (rk.length > MAX_TABLE_KEY) {
    throw new RangeError(
      `Store key is ${rk.length} characters once encoded for Table Storage; the limit is ${MAX_TABLE_KEY} ` +
        "(letters and digits count 1, other ASCII 3, other characters 5)",
    );
  }
  return rk;
};
const segment = (key: string) => {
  const colon = key.indexOf(":");
  return colon === -1 ? key : key.slice(0, colon + 1);
};

/**
 * Escapes non-ASCII characters of JSON text as `\uXXXX` (they can only occur inside string literals). Stored
 * text is then pure ASCII, which also sidesteps Azurite's request-body decoding (it joins raw chunks as
 * strings, so a multi-byte UTF-8 character split across TCP chunks turns into U+FFFD).
 */
function asciiJson(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * A {@link ConnectorStore} on Azure Table Storage (via the optional peer `@azure/data-tables`, loaded only
 * when this is called), for several instances or Azure Functions sharing state. ETag-based optimistic
 * concurrency (`createEntity` for create-only, `updateEntity(..., "Replace", { etag })` for `ifVersion`),
 * order-preserving escaped keys (any character is allowed; see `encodeTableKey`), TTL as a filtered `X` property.
 * Keys list in JavaScript string order, like {@link memoryStore}.
 *
 * @param options - connection string and table name, or a `TableClient`.
 * @returns the store, with the table created.
 * @example
 * ```ts
 * import { azureTableStore } from "@connectorkit/sdk";
 * const store = await azureTableStore({ connectionString: process.env.AzureWebJobsStorage!, table: "connectorstate" });
 * await store.put("sub:onNewItem:1", { url: "https://example.com/hook" }, { ifVersion: null });
 * ```
 */
export async function azureTableStore(options: AzureTableStoreOptions): Promise<AzureTableStore> {
  const maxValueChars = Math.min(options?.maxValueChars ?? CHUNK * MAX_CHUNKS, CHUNK * MAX_CHUNKS);
  let client: TableClient;
  let create = true;
  if (options && "client" in options) {
    client = options.client as unknown as TableClient;
    create = options.createTable ?? true;
  } else {
    if (typeof options?.connectionString !== "string" || options.connectionString === "") {
      throw new TypeError("azureTableStore: `connectionString` or `client` is required");
    }
    if (typeof options.table !== "string" || !TABLE_NAME.test(options.table)) {
      throw new TypeError(
        `azureTableStore: table name ${JSON.stringify(options.table)} is invalid (3-63 letters/digits, starting with a letter)`,
      );
    }
    const local = /(127\.0\.0\.1|localhost)/.test(options.connectionString);
    const { TableClient: Client } = await import("@azure/data-tables");
    client = Client.fromConnectionString(options.connectionString, options.table, {
      allowInsecureConnection: options.allowInsecureConnection ?? local,
    });
  }
  if (create) {
    try {
      await client.createTable();
    } catch (error) {
      if (statusOf(error) !== 409) {
        throw new StoreUnavailableError(`azureTableStore: cannot create table (${(error as Error).message})`);
      }
    }
  }

  let closed = false;
  const assertOpen = () => {
    if (closed) throw new StoreUnavailableError("azureTableStore is closed");
  };
  const expiryOf = (row: Row): number | undefined => (row.X === undefined ? undefined : Number(row.X));
  const isExpired = (row: Row) => {
    const x = expiryOf(row);
    return x !== undefined && x <= Date.now();
  };
  const versionOf = (etag: string | undefined, expiresAt: number | undefined) => {
    if (!etag) throw new StoreUnavailableError("azureTableStore: the service returned no ETag");
    return `${expiresAt ?? ""}~${etag}`;
  };
  const parseVersion = (version: string): { etag: string; expiresAt: number | undefined } | undefined => {
    const tilde = version.indexOf("~");
    if (tilde === -1 || tilde === version.length - 1) return undefined;
    const x = version.slice(0, tilde);
    if (x !== "" && !/^\d+$/.test(x)) return undefined;
    return { etag: version.slice(tilde + 1), expiresAt: x === "" ? undefined : Number(x) };
  };
  const toEntry = <T>(row: Row): StoreEntry<T> => {
    const n = Number(row.N ?? 0);
    let text = "";
    for (let i = 0; i < n; i++) text += String(row[`V${i}`] ?? "");
    const expiresAt = expiryOf(row);
    return {
      key: decodeTableKey(row.rowKey),
      value: JSON.parse(text) as T,
      version: versionOf(row.etag, expiresAt),
      expiresAt,
    };
  };
  const readRow = async (key: string): Promise<Row | undefined> => {
    try {
      return (await client.getEntity<Row>(enc(segment(key)), rowKeyOf(key))) as Row;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  };
  /** Runs a conditional call, turning 404/409/412 into `undefined` (= conflict). */
  const conditional = async <R>(call: () => Promise<R>): Promise<R | undefined> => {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 409 || status === 412) return undefined;
      throw error;
    }
  };

  return {
    async get<T = unknown>(key: string) {
      assertOpen();
      checkKey(key);
      const row = await readRow(key);
      if (!row) return undefined;
      if (isExpired(row)) {
        // Clean up lazily; the ETag makes sure a row rewritten meanwhile is kept.
        await conditional(() => client.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag! }));
        return undefined;
      }
      return toEntry<T>(row);
    },

    async put<T = unknown>(key: string, value: T, opts: PutOptions = {}): Promise<PutResult> {
      assertOpen();
      checkKey(key);
      checkTtl(opts.ttlMs);
      const ifVersion = opts.ifVersion;
      if (ifVersion !== undefined && ifVersion !== null && typeof ifVersion !== "string") {
        throw new TypeError("ifVersion must be a string, null or undefined");
      }
      const text = asciiJson(serializeValue(key, value, maxValueChars));
      if (text.length > CHUNK * MAX_CHUNKS) {
        throw new RangeError(
          `Store value for ${key} is ${text.length} characters once stored (non-ASCII escaped); the limit is ${CHUNK * MAX_CHUNKS}`,
        );
      }
      const expiresAt = opts.ttlMs === undefined ? undefined : Date.now() + opts.ttlMs;
      const entity: Row = {
        partitionKey: enc(segment(key)),
        rowKey: rowKeyOf(key),
        N: Math.ceil(text.length / CHUNK),
      };
      for (let i = 0; i * CHUNK < text.length; i++) entity[`V${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
      if (expiresAt !== undefined) entity.X = BigInt(Math.ceil(expiresAt));
      const ok = (etag: string | undefined): PutResult => ({ ok: true, version: versionOf(etag, expiresAt) });
      const conflict: PutResult = { ok: false, reason: "conflict" };

      if (ifVersion === undefined) return ok((await client.upsertEntity(entity, "Replace")).etag);
      if (typeof ifVersion === "string") {
        const parsed = parseVersion(ifVersion);
        if (!parsed || (parsed.expiresAt !== undefined && parsed.expiresAt <= Date.now())) return conflict;
        const r = await conditional(() => client.updateEntity(entity, "Replace", { etag: parsed.etag }));
        return r ? ok(r.etag) : conflict;
      }
      // create-only; an expired row still physically there counts as absent
      for (let attempt = 0; attempt < 3; attempt++) {
        const created = await conditional(() => client.createEntity(entity));
        if (created) return ok(created.etag);
        const existing = await readRow(key);
        if (!existing) continue; // deleted meanwhile: try to create again
        if (!isExpired(existing)) return conflict;
        const r = await conditional(() => client.updateEntity(entity, "Replace", { etag: existing.etag! }));
        return r ? ok(r.etag) : conflict;
      }
      return conflict;
    },

    async delete(key: string, opts: { ifVersion?: string | undefined } = {}) {
      assertOpen();
      checkKey(key);
      const pk = enc(segment(key));
      const rk = rowKeyOf(key);
      if (opts.ifVersion !== undefined) {
        const parsed = parseVersion(opts.ifVersion);
        if (!parsed || (parsed.expiresAt !== undefined && parsed.expiresAt <= Date.now())) return false;
        return (await conditional(() => client.deleteEntity(pk, rk, { etag: parsed.etag }))) !== undefined;
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const row = await readRow(key);
        if (!row) return false;
        const deleted = await conditional(() => client.deleteEntity(pk, rk, { etag: row.etag! }));
        if (deleted) return !isExpired(row);
      }
      // The row keeps changing under us; delete whatever is there now.
      return (await conditional(() => client.deleteEntity(pk, rk))) !== undefined;
    },

    async list<T = unknown>(prefix: string, opts: ListOptions = {}): Promise<ListPage<T>> {
      assertOpen();
      checkListArgs(prefix, opts.cursor);
      const limit = pageSize(opts.limit);
      const hp = enc(prefix);
      const clauses: string[] = [];
      if (prefix.includes(":")) {
        clauses.push(
          `PartitionKey eq '${enc(segment(prefix))}'`,
          `RowKey ge '${hp}'`,
          `RowKey lt '${hp}${TABLE_KEY_UPPER}'`,
        );
      } else if (prefix !== "") {
        clauses.push(`PartitionKey ge '${hp}'`, `PartitionKey lt '${hp}${TABLE_KEY_UPPER}'`);
      }
      const cursor = opts.cursor;
      if (cursor !== undefined && cursor !== "" && cursor >= prefix) {
        clauses.push(`PartitionKey ge '${enc(segment(cursor))}'`, `RowKey gt '${enc(cursor)}'`);
      }
      const queryOptions = clauses.length > 0 ? { filter: clauses.join(" and ") } : {};
      const entries: StoreEntry<T>[] = [];
      const pages = client.listEntities<Row>({ queryOptions }).byPage({ maxPageSize: limit + 1 });
      for await (const page of pages) {
        for (const row of page) {
          if (isExpired(row as Row)) continue;
          if (entries.length === limit) return { entries, cursor: entries[limit - 1]!.key };
          entries.push(toEntry<T>(row as Row));
        }
      }
      return { entries };
    },

    async purgeExpired(purgeOptions: { maxRows?: number | undefined } = {}) {
      assertOpen();
      const maxRows = purgeOptions.maxRows ?? 10_000;
      let removed = 0;
      const filter = `X le ${Date.now()}L`;
      const rows = client.listEntities<Row>({
        queryOptions: { filter, select: ["PartitionKey", "RowKey", "X"] },
      });
      for await (const row of rows) {
        if (removed >= maxRows) break;
        const deleted = await conditional(() =>
          client.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag! }),
        );
        if (deleted) removed += 1;
      }
      return removed;
    },

    async close() {
      closed = true;
    },
  };
}
