/**
 * A smaller run of bench/stores (100 registrations, 1,000 deliveries per store) over real HTTP on loopback:
 * zero loss on every store (memory, file, Redis via redis-server, Azure Table via Azurite).
 */
import { describe, expect, it } from "vitest";
import { type LoadStoreKind, runStoreLoad } from "./__fixtures__/store-load";

describe("webhook runtime under load, per store", () => {
  it.each(["memory", "file", "redis", "azureTable"] as LoadStoreKind[])(
    "%s: 100 concurrent registrations and 1,000 deliveries, none lost",
    async (kind) => {
      const [result] = await runStoreLoad({
        stores: [kind],
        subscriptions: 100,
        deliveries: 1000,
        timeBudgetMs: 40_000,
        warmUp: false,
      });
      expect(result).toMatchObject({
        store: kind,
        subscriptions: 100,
        events: 10,
        expectedDeliveries: 1000,
        lostSubscriptions: 0,
        lostDeliveries: 0,
        unexpectedDeliveries: 0,
        failedDeliveries: 0,
      });
      expect(result!.duplicateDeliveries).toBe(0); // the receiver always acknowledges: no retries
    },
    60_000,
  );
});
