import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@connectorkit/source"] },
  ssr: { resolve: { conditions: ["@connectorkit/source"] } },
  test: {
    name: "cli",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: {
      enabled: true,
      include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
