/**
 * Script: regenerates docs/validator-rules.md. Run `npx tsx src/validate/write-rules-doc.ts` from packages/sdk.
 * @internal
 * @module
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderValidatorRulesMarkdown } from "./render-rules-doc";

const target = fileURLToPath(new URL("../../../../docs/validator-rules.md", import.meta.url));
writeFileSync(target, renderValidatorRulesMarkdown());
process.stdout.write(`wrote ${target}\n`);
