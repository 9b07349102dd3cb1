#!/usr/bin/env node
/**
 * What a production install of the runtime packages costs: packs @connectorkit/sdk and @connectorkit/express
 * (run `pnpm run build` first), installs the tarballs with `npm install --omit=dev` into an empty project in a
 * temp dir, and prints the installed size and package count, split into zod + express (and their dependencies)
 * and everything else, with each remaining package's own size.
 *   node scripts/install-size.mjs
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), "connectorkit-install-size-"));
try {
  const tarballs = ["sdk", "adapters-express"].map((dir) => {
    const out = execFileSync("pnpm", ["pack", "--pack-destination", work], {
      cwd: path.join(root, "packages", dir),
      encoding: "utf8",
    });
    return out.trim().split("\n").at(-1);
  });
  const app = path.join(work, "app");
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(
    path.join(app, "package.json"),
    '{ "name": "install-size", "version": "0.0.0", "private": true }\n',
  );
  const cache = path.join(os.tmpdir(), "connectorkit-consumer-npm-cache");
  execFileSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", `--cache=${cache}`, ...tarballs], {
    cwd: app,
    stdio: "inherit",
  });

  const nm = path.join(app, "node_modules");
  const du = (p) =>
    readdirSync(p, { withFileTypes: true }).reduce(
      (t, e) => t + (e.isDirectory() ? du(path.join(p, e.name)) : statSync(path.join(p, e.name)).size),
      0,
    );
  const pkgs = new Map();
  for (const e of readdirSync(nm)) {
    if (e.startsWith(".")) continue;
    const names = e.startsWith("@") ? readdirSync(path.join(nm, e)).map((n) => `${e}/${n}`) : [e];
    for (const name of names) {
      const pj = JSON.parse(readFileSync(path.join(nm, name, "package.json"), "utf8"));
      const deps = Object.keys({ ...pj.dependencies, ...pj.peerDependencies }).filter(
        (d) => !pj.peerDependenciesMeta?.[d]?.optional,
      );
      pkgs.set(name, { size: du(path.join(nm, name)), deps });
    }
  }
  const closure = (roots, stop = new Set()) => {
    const seen = new Set();
    const stack = [...roots];
    while (stack.length > 0) {
      const n = stack.pop();
      if (seen.has(n) || stop.has(n) || !pkgs.has(n)) continue;
      seen.add(n);
      stack.push(...pkgs.get(n).deps);
    }
    return seen;
  };
  const sum = (names) => [...names].reduce((t, n) => t + pkgs.get(n).size, 0);
  const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
  const peers = closure(["zod", "express"]);
  const rest = [...pkgs.keys()]
    .filter((n) => !peers.has(n))
    .sort((a, b) => pkgs.get(b).size - pkgs.get(a).size);
  console.log(`\ninstalled: ${pkgs.size} packages, ${mb(sum(pkgs.keys()))} (file bytes)`);
  console.log(`zod + express and their dependencies: ${peers.size} packages, ${mb(sum(peers))}`);
  console.log(`connectorkit and its own dependencies: ${rest.length} packages, ${mb(sum(rest))}`);
  for (const n of rest) console.log(`  ${n.padEnd(32)} ${mb(pkgs.get(n).size).padStart(9)}`);
  const tools = ["tsx", "esbuild", "typescript"].filter((n) => pkgs.has(n));
  console.log(`dev-time tools installed: ${tools.length === 0 ? "none" : tools.join(", ")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
