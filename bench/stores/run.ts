/**
 * Store load bench: for each store (memory, file, Redis via a throw-away redis-server, Azure Table via Azurite),
 * 1,000 concurrent webhook registrations through the runtime (createHandler with that store, real HTTP through
 * the Express adapter on loopback), then 10,000 deliveries (10 events x 1,000 subscriptions) fired with
 * createDispatcher to a loopback receiver. Zero loss is checked by delivery id: every subscription stored,
 * every expected delivery received. Prints throughput per store; exits 1 on any loss.
 *
 * Run: `pnpm --filter @connectorkit/bench run bench:stores`
 *   or from bench/: `node --conditions=@connectorkit/source --import tsx stores/run.ts`
 * Options: BENCH_STORES=memory,file,redis,azureTable  BENCH_SUBSCRIPTIONS=1000  BENCH_DELIVERIES=10000
 *          BENCH_BUDGET_MS=120000 (per store)
 */
import {
  type LoadStoreKind,
  runStoreLoad,
} from "../../packages/adapters-express/src/__fixtures__/store-load";

const KINDS: LoadStoreKind[] = ["memory", "file", "redis", "azureTable"];
const stores = (process.env["BENCH_STORES"] ?? KINDS.join(","))
  .split(",")
  .map((s) => s.trim())
  .filter((s): s is LoadStoreKind => (KINDS as string[]).includes(s));
// bounded: at most 5,000 registrations and 50,000 deliveries per store
const subscriptions = Math.min(5_000, Math.max(1, Number(process.env["BENCH_SUBSCRIPTIONS"] ?? 1000)));
const deliveries = Math.min(50_000, Math.max(1, Number(process.env["BENCH_DELIVERIES"] ?? 10_000)));
const timeBudgetMs = Math.min(600_000, Number(process.env["BENCH_BUDGET_MS"] ?? 120_000));

console.log(
  `bench:stores — ${subscriptions} concurrent registrations + ${deliveries} deliveries per store (${stores.join(", ")})`,
);
const results = await runStoreLoad({
  stores,
  subscriptions,
  deliveries,
  timeBudgetMs,
  log: (line) => console.log(line),
});
console.log("");
console.log("| store | registrations/s | deliveries/s | lost subscriptions | lost deliveries | duplicates |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of results) {
  console.log(
    `| ${r.store} | ${r.registrationsPerSec} | ${r.deliveriesPerSec} | ${r.lostSubscriptions} | ${r.lostDeliveries} | ${r.duplicateDeliveries} |`,
  );
}
const lossy = results.filter(
  (r) => r.lostSubscriptions + r.lostDeliveries + r.unexpectedDeliveries + r.failedDeliveries > 0,
);
if (lossy.length > 0) {
  console.error(`LOSS on ${lossy.map((r) => r.store).join(", ")}`);
  process.exit(1);
}
console.log("zero loss on every store");
process.exit(0);
