/**
 * Every TypeScript sample in docs/*.md must compile. Each ```ts block is written to a temporary directory (one
 * per guide, under os.tmpdir()) and the lot is typechecked in one program with the repository's strict options,
 * `@connectorkit/*` resolved to the workspace sources and `zod`, `express`, `@azure/functions` and `vitest` to the
 * workspace's installed copies.
 *
 * Conventions for guide authors:
 * - A block whose first line is `// file: name.ts` is written as `name.ts`, so later blocks of the same guide can
 *   `import { connector } from "./name"`. Other blocks are written as `block-<n>.ts`.
 * - A block whose first line is `// not-compiled` (optionally followed by `: why`) is skipped. Use it only for
 *   fragments that cannot stand alone.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const docsDir = join(root, "docs");
const sdk = join(root, "packages/sdk");
const express = join(root, "packages/adapters-express");
const azure = join(root, "packages/adapters-azure-functions");

/** One fenced TypeScript block of a guide. */
interface DocSample {
  /** Guide file name, e.g. `triggers.md`. */
  doc: string;
  /** 1-based number of the block among the guide's ts blocks. */
  block: number;
  /** 1-based line of the opening fence. */
  line: number;
  /** Name the block is written under. */
  fileName: string;
  code: string;
  skipped: boolean;
}

const FENCE = /^(\s*)```(ts|typescript)\s*$/;
const FILE_DIRECTIVE = /^\/\/ file: ([\w.-]+\.ts)\s*$/;

/**
 * Extracts the ```ts blocks of one markdown text.
 *
 * @param doc - the guide's file name (for messages).
 * @param markdown - its text.
 * @returns the blocks in order.
 */
function extractSamples(doc: string, markdown: string): DocSample[] {
  const lines = markdown.split(/\r?\n/);
  const out: DocSample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const indent = open[1] ?? "";
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ""); i++) {
      const text = lines[i] ?? "";
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text);
    }
    if (i >= lines.length) throw new Error(`${doc}:${start + 1}: unterminated code fence`);
    const block = out.length + 1;
    const first = body[0]?.trim() ?? "";
    const named = FILE_DIRECTIVE.exec(first);
    out.push({
      doc,
      block,
      line: start + 1,
      fileName: named?.[1] ?? `block-${block}.ts`,
      code: `${body.join("\n")}\n`,
      skipped: first === "// not-compiled" || first.startsWith("// not-compiled:"),
    });
  }
  return out;
}

function compilerOptions(): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile);
  if (base.error) throw new Error(ts.flattenDiagnosticMessageText(base.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    typeRoots: [join(sdk, "node_modules/@types")],
    paths: {
      "@connectorkit/sdk": [join(sdk, "src/index.ts")],
      "@connectorkit/sdk/*": [join(sdk, "src/*.ts")],
      "@connectorkit/express": [join(express, "src/index.ts")],
      "@connectorkit/azure-functions": [join(azure, "src/index.ts")],
      "@azure/functions": [join(azure, "node_modules/@azure/functions")],
      zod: [join(sdk, "node_modules/zod")],
      express: [join(express, "node_modules/@types/express")],
      vitest: [join(sdk, "node_modules/vitest")],
    },
  };
}

const docs = readdirSync(docsDir)
  .filter((name) => name.endsWith(".md"))
  .sort();
const samples = [
  ...docs.flatMap((doc) => extractSamples(doc, readFileSync(join(docsDir, doc), "utf8"))),
  // the root README's samples too (reported as docs/../README.md)
  ...extractSamples("../README.md", readFileSync(join(docsDir, "..", "README.md"), "utf8")),
];
const compiled = samples.filter((s) => !s.skipped);
const workDir = mkdtempSync(join(tmpdir(), "connectorkit-docs-samples-"));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("docs samples", () => {
  it("extracts blocks, honours `// file:` and `// not-compiled`, and rejects an unterminated fence", () => {
    const md = [
      "text",
      "```ts",
      "// file: connector.ts",
      "export const a = 1;",
      "```",
      "```ts",
      "// not-compiled: a fragment",
      "app.use(x)",
      "```",
      "  ```typescript",
      "  const b = 2;",
      "  ```",
      "```sh",
      "echo no",
      "```",
    ].join("\n");
    const got = extractSamples("x.md", md);
    expect(got.map((s) => [s.block, s.line, s.fileName, s.skipped])).toEqual([
      [1, 2, "connector.ts", false],
      [2, 6, "block-2.ts", true],
      [3, 10, "block-3.ts", false],
    ]);
    expect(got[2]?.code).toBe("const b = 2;\n");
    expect(() => extractSamples("y.md", "```ts\nconst c = 1;\n")).toThrow("y.md:1: unterminated code fence");
  });

  it("no two blocks of a guide share a file name", () => {
    const seen = new Set<string>();
    const duplicates: string[] = [];
    for (const s of compiled) {
      const key = `${s.doc}/${s.fileName}`;
      if (seen.has(key)) duplicates.push(`${s.doc} block ${s.block}: ${s.fileName}`);
      seen.add(key);
    }
    expect(duplicates).toEqual([]);
  });

  it("every ```ts block of docs/*.md typechecks", { timeout: 120_000 }, () => {
    expect(compiled.length).toBeGreaterThan(0);
    const files = new Map<string, DocSample>();
    for (const s of compiled) {
      const dir = join(workDir, s.doc.replace(/\.md$/, ""));
      mkdirSync(dir, { recursive: true });
      const file = join(dir, s.fileName);
      // `export {}` keeps each block a module, so blocks never collide in the global scope.
      writeFileSync(file, `${s.code}export {};\n`);
      files.set(file, s);
    }
    const program = ts.createProgram({ rootNames: [...files.keys()], options: compilerOptions() });
    const problems: string[] = [];
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const sample = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
      if (diagnostic.file && sample && diagnostic.start !== undefined) {
        const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        problems.push(
          `docs/${sample.doc} block ${sample.block} (fence at line ${sample.line}; sample line ${line + 1}:${character + 1}): TS${diagnostic.code} ${message}`,
        );
      } else if (diagnostic.file) {
        problems.push(`${relative(root, diagnostic.file.fileName)}: TS${diagnostic.code} ${message}`);
      } else {
        problems.push(`TS${diagnostic.code} ${message}`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
    console.info(`${compiled.length} docs samples compiled (${samples.length - compiled.length} skipped)`);
  });
});
