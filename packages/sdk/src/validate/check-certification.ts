/**
 * Certification wording rules for the title, description, summaries and parameter titles.
 * @internal
 * @module
 */
import type { ValidationContext } from "./context";
import { isObject, ptr } from "./util";

const PRODUCT_NAMES =
  /\b(power ?apps|power ?automate|power ?platform|power ?bi|power ?virtual ?agents?|power ?pages|logic ?apps|microsoft ?flow|copilot ?studio|dataverse)\b/i;
const API_WORD = /\bapis?\b/i;
const CONNECTOR_WORD = /\bconnectors?\b/i;
const RESTRICTED_SUMMARY_CHARS = /[/\\<>{}[\]|*;\r\n\t]/;

function notEnglish(text: string): boolean {
  for (const ch of text) if (/\p{L}/u.test(ch) && !/\p{Script=Latin}/u.test(ch)) return true;
  return false;
}

function endsBadly(text: string): boolean {
  return !/[\p{L}\p{N})]$/u.test(text);
}

function restricted(
  ctx: ValidationContext,
  value: string,
  pointer: string,
  words: RegExp[],
  operationId?: string,
): void {
  const hits = words.map((w) => w.exec(value)?.[0]).filter((h): h is string => h !== undefined);
  if (hits.length > 0) {
    ctx.report(
      "ValueContainsRestrictedWords",
      pointer,
      `The value '${value}' contains at least one of the restricted words: '${hits.join("', '")}'.`,
      operationId,
    );
  }
}

/** Runs the certification wording checks. @internal */
export function checkCertification(ctx: ValidationContext): void {
  if (!ctx.reporter.certification) return;
  const info = ctx.doc["info"];
  if (isObject(info)) {
    const title = info["title"];
    if (typeof title === "string" && title !== "") {
      if (title.length > 30)
        ctx.report(
          "FieldLengthExceeded",
          "/info/title",
          "The 'title' value goes over the character limit '30'",
        );
      restricted(ctx, title, "/info/title", [API_WORD, CONNECTOR_WORD, PRODUCT_NAMES]);
      if (notEnglish(title))
        ctx.report("ValueMustBeInEnglish", "/info/title", "The 'title' value must be written in English.");
      if (endsBadly(title))
        ctx.report(
          "ValueMustEndWithAlphanumeric",
          "/info/title",
          "The 'title' value must end with alphanumeric character.",
        );
    }
    const description = info["description"];
    if (description === undefined)
      ctx.report("RequiredPropertyMissing", "/info", "The 'description' property is required.");
    else if (typeof description === "string") {
      if (description.length < 30 || description.length > 500) {
        ctx.report(
          "FieldLengthNotInRange",
          "/info/description",
          `The 'description' value must be between '30' and '500' characters (found ${description.length}).`,
        );
      }
      restricted(ctx, description, "/info/description", [API_WORD, PRODUCT_NAMES]);
      if (notEnglish(description))
        ctx.report(
          "ValueMustBeInEnglish",
          "/info/description",
          "The 'description' value must be written in English.",
        );
    }
    const contact = info["contact"];
    if (!isObject(contact))
      ctx.report("RequiredPropertyMissing", "/info", "The 'contact' property is required.");
  }
  for (const op of ctx.operations) {
    const opId = op.id;
    const hidden = op.op["x-ms-visibility"] === "internal";
    const summary = op.op["summary"];
    const sp = ptr(op.pointer, "summary");
    if (summary === undefined) {
      if (!hidden)
        ctx.report("RequiredPropertyMissing", op.pointer, "The 'summary' property is required.", opId);
    } else if (typeof summary === "string") {
      if (summary.length > 80)
        ctx.report("FieldLengthExceeded", sp, "The 'summary' value goes over the character limit '80'", opId);
      if (RESTRICTED_SUMMARY_CHARS.test(summary)) {
        ctx.report(
          "RestrictedCharactersInSummary",
          sp,
          "Summary string contains any of the restricted characters [/ \\ < > { } [ ] | * ; line breaks]",
          opId,
        );
      }
      if (summary !== "" && endsBadly(summary))
        ctx.report(
          "ValueMustEndWithAlphanumeric",
          sp,
          "The 'summary' value must end with alphanumeric character.",
          opId,
        );
      restricted(ctx, summary, sp, [PRODUCT_NAMES], opId);
      if (notEnglish(summary))
        ctx.report("ValueMustBeInEnglish", sp, "The 'summary' value must be written in English.", opId);
    }
    const description = op.op["description"];
    if (description === undefined) {
      if (!hidden)
        ctx.report("RequiredPropertyMissing", op.pointer, "The 'description' property is required.", opId);
    } else if (typeof description === "string") {
      restricted(ctx, description, ptr(op.pointer, "description"), [PRODUCT_NAMES], opId);
      if (notEnglish(description))
        ctx.report(
          "ValueMustBeInEnglish",
          ptr(op.pointer, "description"),
          "The 'description' value must be written in English.",
          opId,
        );
    }
    for (const p of ctx.parameters(op)) {
      const s = p.param["x-ms-summary"];
      if (typeof s === "string") {
        if (s.length > 80)
          ctx.report(
            "FieldLengthExceeded",
            ptr(p.defPointer, "x-ms-summary"),
            "The 'x-ms-summary' value goes over the character limit '80'",
            opId,
          );
        restricted(ctx, s, ptr(p.defPointer, "x-ms-summary"), [PRODUCT_NAMES], opId);
      }
    }
  }
}
