import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type ParseError, parse } from "jsonc-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceConnectorFile, referenceConnectorNames } from "../../test/fixtures";
import { compileCollectionValidator } from "./collection-schema.test-helper";
import { toPostmanCollection } from "./to-postman-collection";
import type { PostmanCollection, PostmanFolder, PostmanItem } from "./types";

/** Reads a connector file the way the platform does: tolerates a BOM and trailing commas (seen in the corpus). */
function readSwagger(file: string): any {
  const errors: ParseError[] = [];
  const doc = parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${file}: ${errors.length} JSON parse errors`);
  return doc;
}

function operationCount(swagger: any): number {
  let n = 0;
  for (const item of Object.values<any>(swagger.paths)) {
    for (const key of Object.keys(item))
      if (["get", "put", "post", "delete", "options", "head", "patch"].includes(key)) n++;
  }
  return n;
}

function allItems(collection: PostmanCollection): PostmanItem[] {
  return collection.item.flatMap((i) => ("request" in i ? [i] : (i as PostmanFolder).item));
}

const validate = compileCollectionValidator();

/** Structural checks beyond the JSON schema: every variable used is declared somewhere. */
function checkCollection(collection: PostmanCollection, swagger: any): void {
  expect(validate(collection), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  const items = allItems(collection);
  expect(items).toHaveLength(operationCount(swagger));
  const declared = new Set(collection.variable.map((v) => v.key));
  for (const item of items) {
    const { url } = item.request;
    expect(url.raw.startsWith("{{baseUrl}}/")).toBe(true);
    const urlVariables = new Set((url.variable ?? []).map((v) => v.key));
    for (const segment of url.path) {
      if (segment.startsWith(":"))
        expect(urlVariables.has(segment.slice(1)), `${item.name}: ${segment}`).toBe(true);
    }
    const text = JSON.stringify([
      url.raw,
      url.path,
      item.request.header,
      item.request.body ?? null,
      collection.auth ?? null,
    ]);
    for (const match of text.matchAll(/\{\{([^{}]+)\}\}/g)) {
      expect(declared.has(match[1]!), `${item.name}: {{${match[1]}}} is not a collection variable`).toBe(
        true,
      );
    }
    if (item.request.body?.mode === "raw" && item.request.body.raw !== "") {
      expect(() => JSON.parse((item.request.body as { raw: string }).raw)).not.toThrow();
    }
  }
  // Survives a trip through a .json file.
  expect(JSON.parse(JSON.stringify(collection))).toEqual(collection);
}

// The reference connectors (MIT, microsoft/PowerPlatformConnectors), vendored in fixtures/ (see fixtures/SOURCES.md).
const swaggerOf = (name: string) => referenceConnectorFile(name, "apiDefinition.swagger.json")!;

describe("toPostmanCollection on real connectors", () => {
  it("touchSMS: basic auth, webhook trigger, header parameters", () => {
    const swagger = readSwagger(swaggerOf("touchSMS"));
    const collection = toPostmanCollection(swagger);
    checkCollection(collection, swagger);
    expect(collection.auth?.type).toBe("basic");
    expect(collection.variable[0]).toEqual({
      key: "baseUrl",
      value: "https://app.touchsms.com.au/api",
      type: "string",
    });
    const subscribe = allItems(collection).find((i) => i.id === "InboundMessage")!;
    expect(subscribe.request.url.raw).toBe("{{baseUrl}}/v2/integrations/power-automate/subscribe");
    expect(subscribe.request.header.map((h) => h.key)).toEqual(["Content-Type", "Accept"]);
    const unsubscribe = allItems(collection).find((i) => i.id === "PowerAutomateUnsubscribe")!;
    expect(unsubscribe.request.url.path.at(-1)).toBe(":webhookId");
  });

  it("Gravity Forms: API key header, tags as folders, #/parameters references", () => {
    const swagger = readSwagger(swaggerOf("Gravity Forms by reenhanced"));
    const collection = toPostmanCollection(swagger);
    checkCollection(collection, swagger);
    expect(collection.auth).toMatchObject({
      type: "apikey",
      apikey: [{ key: "key", value: "license-key" }, {}, { value: "header" }],
    });
    expect(collection.item.every((i) => "item" in i)).toBe(true);
  });

  it("Miro: OAuth 2.0 as bearer token, #/responses references", () => {
    const swagger = readSwagger(swaggerOf("Miro"));
    const collection = toPostmanCollection(swagger, { grouping: "flat" });
    checkCollection(collection, swagger);
    expect(collection.auth).toEqual({
      type: "bearer",
      bearer: [{ key: "token", value: "{{accessToken}}", type: "string" }],
    });
    expect(collection.item.every((i) => "request" in i)).toBe(true);
  });

  describe("touchSMS collection run by newman against a loopback stand-in", { timeout: 30_000 }, () => {
    const received: string[] = [];
    let server: Server;
    let baseUrl: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          received.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
          res
            .writeHead(req.url?.startsWith("/api/v2/") ? 200 : 404, { "content-type": "application/json" })
            .end("{}");
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("runs every request with basic auth and the documented paths", async () => {
      const newman = createRequire(import.meta.url)("newman") as {
        run(o: object, cb: (e: Error | null, s: { run: { failures: unknown[]; stats: any } }) => void): void;
      };
      const collection = toPostmanCollection(readSwagger(swaggerOf("touchSMS")));
      const summary = await new Promise<{ run: { failures: unknown[]; stats: any } }>((resolve, reject) =>
        newman.run(
          {
            collection,
            envVar: [
              { key: "baseUrl", value: baseUrl },
              { key: "username", value: "u" },
              { key: "password", value: "p" },
            ],
            reporters: [],
            timeoutRequest: 5_000,
          },
          (e, s) => (e ? reject(e) : resolve(s)),
        ),
      );
      expect(summary.run.failures).toEqual([]);
      expect(summary.run.stats.assertions).toMatchObject({ total: 6, failed: 0 });
      expect(received).toHaveLength(6);
      expect(received.every((r) => r.endsWith(" Basic dTpw"))).toBe(true);
      expect(received).toContain("DELETE /api/v2/integrations/power-automate/unsubscribe/0 Basic dTpw");
    });
  });
});

const corpusFiles = referenceConnectorNames().map(swaggerOf);

describe("toPostmanCollection over the reference corpus", () => {
  it("exports every reference connector to a structurally valid collection", { timeout: 30_000 }, () => {
    const started = performance.now();
    for (const file of corpusFiles) {
      const swagger = readSwagger(file);
      checkCollection(toPostmanCollection(swagger), swagger);
    }
    expect(corpusFiles.length).toBeGreaterThanOrEqual(20);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
