/**
 * The shapes of the optional peers' clients that the public API accepts. The stores and the queue job runner
 * take a ready client from `ioredis`, `@azure/data-tables` or `@azure/storage-queue`, but the SDK's type
 * declarations must not import those packages' types: an app that does not install a peer would then fail to
 * compile with `skipLibCheck: false`. These interfaces name only what identifies such a client; a real client
 * satisfies them, and the implementation narrows to the peer's own type after loading it.
 * @module
 */

type AnyMethod = (...args: any[]) => unknown;

/**
 * The part of an `ioredis` client (`Redis`) that {@link redisStore} relies on.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { type RedisClientLike, redisStore } from "@connectorkit/sdk";
 * const client: RedisClientLike = new Redis(process.env.REDIS_URL!);
 * const store = await redisStore({ client, keyPrefix: "todo-connector:" });
 * ```
 */
export interface RedisClientLike {
  get: AnyMethod;
  defineCommand: AnyMethod;
  connect: AnyMethod;
  disconnect: AnyMethod;
  quit: AnyMethod;
  on: AnyMethod;
}

/**
 * The part of an `@azure/data-tables` `TableClient` that {@link azureTableStore} relies on.
 *
 * @example
 * ```ts
 * import { TableClient } from "@azure/data-tables";
 * import { azureTableStore, type TableClientLike } from "@connectorkit/sdk";
 * const client: TableClientLike = TableClient.fromConnectionString(process.env.AzureWebJobsStorage!, "state");
 * const store = await azureTableStore({ client });
 * ```
 */
export interface TableClientLike {
  readonly tableName: string;
  createTable: AnyMethod;
  getEntity: AnyMethod;
  createEntity: AnyMethod;
  upsertEntity: AnyMethod;
  updateEntity: AnyMethod;
  deleteEntity: AnyMethod;
  listEntities: AnyMethod;
}

/**
 * The part of an `@azure/storage-queue` `QueueClient` that the queue job runner relies on.
 *
 * @example
 * ```ts
 * import { QueueClient } from "@azure/storage-queue";
 * import { type QueueClientLike, storageQueueJobRunner } from "@connectorkit/sdk";
 * const queueClient: QueueClientLike = new QueueClient(process.env.AzureWebJobsStorage!, "connector-jobs");
 * const runner = storageQueueJobRunner({ queueClient });
 * ```
 */
export interface QueueClientLike {
  readonly name: string;
  createIfNotExists: AnyMethod;
  sendMessage: AnyMethod;
  receiveMessages: AnyMethod;
  deleteMessage: AnyMethod;
}
