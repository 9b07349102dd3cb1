import { defineConfig } from "tsup";

// ESM only (see docs/installing.md, "Module formats"): one module instance of every class and registry, and
// CommonJS apps load it through require(esm), unflagged on our engines floor (Node >= 20.19).
// Splitting puts code shared by several entries (ConnectorError, the metadata registry, ...) in shared chunks.
// No source maps: the sources they would point to are not shipped.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    http: "src/http.ts",
    swagger: "src/swagger.ts",
    testing: "src/testing.ts",
    validate: "src/validate.ts",
    diff: "src/diff.ts",
    postman: "src/postman.ts",
  },
  format: ["esm"],
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: false,
  target: "node20",
});
