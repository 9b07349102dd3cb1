import type { TableClient } from "@azure/data-tables";
import type { QueueClient } from "@azure/storage-queue";
import type { Redis } from "ioredis";
import { describe, expectTypeOf, it } from "vitest";
import type {
  AzureTableStoreOptions,
  QueueClientLike,
  RedisClientLike,
  RedisStoreOptions,
  StorageQueueTarget,
  TableClientLike,
} from "./index";

describe("the optional peers' real clients fit the SDK's client shapes", () => {
  it("ioredis Redis is a RedisClientLike and a redisStore client", () => {
    expectTypeOf<Redis>().toExtend<RedisClientLike>();
    expectTypeOf<{ client: Redis; keyPrefix: string }>().toExtend<RedisStoreOptions>();
  });
  it("@azure/data-tables TableClient is a TableClientLike and an azureTableStore client", () => {
    expectTypeOf<TableClient>().toExtend<TableClientLike>();
    expectTypeOf<{ client: TableClient }>().toExtend<AzureTableStoreOptions>();
  });
  it("@azure/storage-queue QueueClient is a QueueClientLike and a queue target", () => {
    expectTypeOf<QueueClient>().toExtend<QueueClientLike>();
    expectTypeOf<{ queueClient: QueueClient }>().toExtend<StorageQueueTarget>();
  });
  it("other objects are not clients", () => {
    expectTypeOf<{ get(): void }>().not.toExtend<RedisClientLike>();
    expectTypeOf<{ tableName: string }>().not.toExtend<TableClientLike>();
    expectTypeOf<{ name: string; sendMessage(): void }>().not.toExtend<QueueClientLike>();
  });
});
