import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderValidatorRulesMarkdown } from "./render-rules-doc";
import { VALIDATOR_RULES } from "./rules";

describe("docs/validator-rules.md", () => {
  it("is in sync with VALIDATOR_RULES (regenerate: npx tsx src/validate/write-rules-doc.ts)", () => {
    const path = fileURLToPath(new URL("../../../../docs/validator-rules.md", import.meta.url));
    expect(readFileSync(path, "utf8")).toBe(renderValidatorRulesMarkdown());
  });

  it("lists every rule id once", () => {
    const md = renderValidatorRulesMarkdown();
    for (const rule of VALIDATOR_RULES) expect(md.split(`| \`${rule.id}\` |`).length - 1, rule.id).toBe(1);
  });
});
