/**
 * Tolerant parsing of connector files (JSON with BOM, comments, trailing commas).
 * @module
 */
import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { ValidationProblem } from "./types";
import { parsePointer } from "./util";

/** Deepest nesting accepted before parsing (protects the parser's and the validator's stack). */
const MAX_NESTING = 512;

/**
 * Result of {@link parseConnectorFile}.
 *
 * @example
 * ```ts
 * import { parseConnectorFile } from "@connectorkit/sdk";
 * const parsed: ParsedConnectorFile = parseConnectorFile('{"swagger":"2.0"}');
 * ```
 */
export interface ParsedConnectorFile {
  /** `true` when `value` holds the parsed document (possibly with warnings). */
  ok: boolean;
  /** The parsed value; `undefined` when the text is not JSON. */
  value: unknown;
  /** Syntax problems: errors for invalid JSON, warnings for BOM, comments and trailing commas. */
  problems: ValidationProblem[];
  /** Maps a JSON pointer into the text to its 1-based line and column, when the node exists. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

/**
 * Options of {@link parseConnectorFile}.
 *
 * @example
 * ```ts
 * const options: ParseConnectorFileOptions = { file: "apiProperties" };
 * ```
 */
export interface ParseConnectorFileOptions {
  /** Which file the text is, used in reported problems. @default "apiDefinition" */
  file?: "apiDefinition" | "apiProperties";
}

/**
 * Parses the text of `apiDefinition.swagger.json` or `apiProperties.json`. Never throws: invalid JSON comes back
 * as `JsonSyntaxError` problems with line and column; a BOM, comments and trailing commas are tolerated and
 * reported as warnings.
 *
 * @param text - The file's text.
 * @param options - Which file it is.
 * @returns The parsed value, problems, and a pointer → line/column locator.
 * @example
 * ```ts
 * import { parseConnectorFile } from "@connectorkit/sdk";
 * const { ok, value, problems } = parseConnectorFile('{ "swagger": "2.0", } // draft');
 * // ok === true, problems: JsonTrailingCommaFound, JsonCommentFound (warnings)
 * ```
 */
export function parseConnectorFile(
  text: string,
  options: ParseConnectorFileOptions = {},
): ParsedConnectorFile {
  const file = options.file ?? "apiDefinition";
  const problems: ValidationProblem[] = [];
  const noLocation = () => undefined;
  if (typeof text !== "string") {
    problems.push({
      ruleId: "JsonSyntaxError",
      severity: "error",
      message: "The file content is not text.",
      pointer: "",
      file,
    });
    return { ok: false, value: undefined, problems, locate: noLocation };
  }
  let body = text;
  let shift = 0;
  if (body.charCodeAt(0) === 0xfeff) {
    body = body.slice(1);
    shift = 1;
    problems.push({
      ruleId: "JsonByteOrderMarkFound",
      severity: "warning",
      message: "The file starts with a UTF-8 byte order mark; save it without BOM.",
      pointer: "",
      file,
      line: 1,
      column: 1,
    });
  }
  const lines = lineStarts(body);
  const position = (offset: number) => toLineColumn(lines, offset, shift);

  const depth = maxNesting(body, MAX_NESTING);
  if (depth.exceeded) {
    problems.push({
      ruleId: "DocumentTooDeep",
      severity: "error",
      message: `The file nests deeper than ${MAX_NESTING} levels; it was not validated.`,
      pointer: "",
      file,
      ...position(depth.offset),
    });
    return { ok: false, value: undefined, problems, locate: noLocation };
  }

  const lenientErrors: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(body, lenientErrors, {
      allowTrailingComma: true,
      disallowComments: false,
      allowEmptyContent: false,
    });
  } catch (error) {
    problems.push({
      ruleId: "JsonSyntaxError",
      severity: "error",
      message: `The file could not be parsed: ${error instanceof Error ? error.message : String(error)}.`,
      pointer: "",
      file,
    });
    return { ok: false, value: undefined, problems, locate: noLocation };
  }
  if (lenientErrors.length > 0 || tree === undefined) {
    for (const e of lenientErrors.slice(0, 10)) {
      const where = position(e.offset);
      problems.push({
        ruleId: "JsonSyntaxError",
        severity: "error",
        message: `Invalid JSON at line ${where.line}, column ${where.column}: ${describeParseError(printParseErrorCode(e.error))}.`,
        pointer: "",
        file,
        ...where,
      });
    }
    if (lenientErrors.length === 0) {
      problems.push({
        ruleId: "JsonSyntaxError",
        severity: "error",
        message: "The file is empty.",
        pointer: "",
        file,
      });
    }
    return { ok: false, value: undefined, problems, locate: noLocation };
  }

  const strictErrors: ParseError[] = [];
  parseTree(body, strictErrors, { allowTrailingComma: false, disallowComments: true });
  let comments = 0;
  let commas = 0;
  for (const e of strictErrors) {
    const code = printParseErrorCode(e.error);
    const where = position(e.offset);
    if (code === "InvalidCommentToken") {
      if (comments++ < 10) {
        problems.push({
          ruleId: "JsonCommentFound",
          severity: "warning",
          message: `Comment at line ${where.line}, column ${where.column}: the platform expects plain JSON.`,
          pointer: "",
          file,
          ...where,
        });
      }
    } else if (commas++ < 10) {
      problems.push({
        ruleId: "JsonTrailingCommaFound",
        severity: "warning",
        message: `Trailing comma before line ${where.line}, column ${where.column}: the platform expects plain JSON.`,
        pointer: "",
        file,
        ...where,
      });
    }
  }

  const root = tree;
  const value = nodeValue(root);
  return {
    ok: true,
    value,
    problems,
    locate(pointer: string) {
      const tokens = parsePointer(pointer);
      if (tokens === undefined) return undefined;
      const path = tokens.map((t, i) => (isArrayAt(root, tokens, i) && /^\d+$/.test(t) ? Number(t) : t));
      const node = findNodeAtLocation(root, path);
      return node === undefined ? undefined : position(node.offset);
    },
  };
}

function isArrayAt(root: Node, tokens: readonly string[], index: number): boolean {
  const parent = index === 0 ? root : findNodeAtLocation(root, tokens.slice(0, index));
  return parent?.type === "array";
}

/** Builds the value from the tree iteratively-safe (depth is bounded by MAX_NESTING). Keeps `__proto__` keys as data. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, val] = prop.children ?? [];
        if (key === undefined || typeof key.value !== "string") continue;
        Object.defineProperty(out, key.value, {
          value: val === undefined ? undefined : nodeValue(val),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeParseError(code: string): string {
  const text: Record<string, string> = {
    InvalidSymbol: "unexpected symbol",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: "end of file expected",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return text[code] ?? code;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function toLineColumn(
  starts: readonly number[],
  offset: number,
  shift: number,
): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const column = offset - (starts[lo] ?? 0) + 1 + (lo === 0 ? shift : 0);
  return { line: lo + 1, column };
}

/** Scans brackets outside strings and comments; stops at the first position deeper than `limit`. */
function maxNesting(text: string, limit: number): { exceeded: boolean; offset: number } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length; i++) {
        const d = text[i];
        if (d === "\\") i++;
        else if (d === '"' || d === "\n") break;
      }
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === "{" || c === "[") {
      if (++depth > limit) return { exceeded: true, offset: i };
    } else if (c === "}" || c === "]") {
      depth--;
    }
  }
  return { exceeded: false, offset: 0 };
}
