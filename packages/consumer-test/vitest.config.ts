import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "consumer",
    include: ["test/**/*.test.ts"],
    // Packs, installs with npm and type-checks five apps: minutes on a busy machine, seconds per assertion after.
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
});
