/**
 * Cost of the callback private-address check (run at every webhook registration and before every delivery):
 * `isPrivateAddress` (ipaddr.js ranges, URL-normalised IPv6) against a baseline in the same run, the former
 * node:net BlockList check (which missed IPv4-compatible and IPv4-translated embeddings).
 *
 *   cd bench && node --conditions=@connectorkit/source --import tsx auth/private-address.ts
 *
 * Prints the median ns per call over interleaved rounds and the ratio to the baseline.
 */
import { BlockList, isIP } from "node:net";
import { isPrivateAddress } from "@connectorkit/sdk";

const baseline = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  baseline.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  baseline.addSubnet(net, prefix, "ipv6");
const baselineCheck = (a: string): boolean => {
  const family = isIP(a);
  return family === 0 || baseline.check(a, family === 4 ? "ipv4" : "ipv6");
};

const ADDRESSES = [
  "20.42.18.188",
  "10.1.2.3",
  "127.0.0.1",
  "8.8.8.8",
  "2606:4700::1111",
  "::1",
  "fe80::1",
  "::ffff:127.0.0.1",
  "::ffff:0:7f00:1",
  "::127.0.0.1",
  "64:ff9b::808:808",
  "2002:808:808::1",
];
const CALLS = 20_000;
const ROUNDS = 15;

function time(check: (a: string) => boolean): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) if (check(ADDRESSES[i % ADDRESSES.length]!)) sink++;
  const ns = Number(process.hrtime.bigint() - start) / CALLS;
  if (sink < 0) console.log(sink);
  return ns;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ours: number[] = [];
const base: number[] = [];
time(isPrivateAddress);
time(baselineCheck);
for (let r = 0; r < ROUNDS; r++) {
  base.push(time(baselineCheck));
  ours.push(time(isPrivateAddress));
}
const b = median(base);
const o = median(ours);
console.log(
  `isPrivateAddress, ${ADDRESSES.length} mixed addresses, ${CALLS} calls x ${ROUNDS} interleaved rounds`,
);
console.log(`  baseline (node:net BlockList): ${b.toFixed(0)} ns/call (median)`);
console.log(
  `  isPrivateAddress (ipaddr.js):  ${o.toFixed(0)} ns/call (median), ${(o / b).toFixed(2)}x the baseline`,
);
