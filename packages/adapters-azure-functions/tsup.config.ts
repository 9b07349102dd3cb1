import { defineConfig } from "tsup";

// ESM only, like @connectorkit/sdk (see docs/installing.md, "Module formats"). No source maps: the sources
// they would point to are not shipped.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: false,
  target: "node20",
});
