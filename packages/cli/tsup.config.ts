import { defineConfig } from "tsup";

// ESM only, like @connectorkit/sdk (see docs/installing.md, "Module formats"). The SDK stays external, so a
// connector loaded by `connectorkit build` and the CLI's emitters share one copy of its metadata registry.
export default defineConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: ["esm"],
  splitting: true,
  dts: { entry: { index: "src/index.ts" } },
  clean: true,
  sourcemap: false,
  target: "node20",
});
