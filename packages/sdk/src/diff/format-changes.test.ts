import { describe, expect, it } from "vitest";
import { formatChanges } from "./format-changes";
import type { ConnectorChange } from "./types";

const changes: ConnectorChange[] = [
  {
    ruleId: "operation-added",
    severity: "info",
    message: "Operation added.",
    pointer: "/paths/~1a/get",
    operationId: "A",
  },
  {
    ruleId: "operation-removed",
    severity: "breaking",
    message: "Operation removed.",
    pointer: "/paths/~1b/get",
  },
  {
    ruleId: "input-made-internal",
    severity: "warning",
    message: "Now\ninternal.",
    pointer: "/paths/~1c/get",
  },
];

describe("formatChanges", () => {
  it("groups by severity, breaking first, with rule ids, pointers and a summary", () => {
    expect(formatChanges(changes)).toBe(
      [
        "Breaking changes (1):",
        "  ✗ [operation-removed] Operation removed.  (/paths/~1b/get)",
        "",
        "Warnings (1):",
        "  ! [input-made-internal] Now internal.  (/paths/~1c/get)",
        "",
        "Other changes (1):",
        "  + [operation-added] Operation added.  (/paths/~1a/get)",
        "",
        "1 breaking, 1 warning, 1 info",
      ].join("\n"),
    );
  });

  it("filters by minimum severity and can omit pointers", () => {
    const text = formatChanges(changes, { minSeverity: "warning", pointers: false });
    expect(text).not.toContain("operation-added");
    expect(text).toContain("  ✗ [operation-removed] Operation removed.\n");
    expect(formatChanges(changes.slice(0, 1), { minSeverity: "breaking" })).toBe(
      "No changes at this severity.\n\n0 breaking, 0 warnings, 1 info",
    );
  });

  it("says so when there are no changes", () => {
    expect(formatChanges([])).toBe("No changes.");
  });
});
