/**
 * The fuzz harness itself: it must fail (naming the seed) on each kind of wrong answer, and its generators must
 * reach every body kind and every Object.prototype name.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzConnector } from "./fuzz-connector";
import { BODY_KINDS, type FuzzRequest, fuzzRequests, PROTOTYPE_NAMES } from "./requests";
import {
  checkResponse,
  type FuzzResponse,
  type FuzzSend,
  lowReach,
  type ReachCounts,
  runFuzz,
} from "./run-fuzz";

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
const error = (code: string) => JSON.stringify({ error: { code, message: "m" } });

/**
 * A stand-in host that answers every request correctly (our JSON 404), except where `replace` answers, so each
 * test shows the harness notices one kind of wrong answer (independent of the real core's state).
 */
function broken(replace: (req: FuzzRequest) => FuzzResponse | undefined) {
  const { connector, reached } = fuzzConnector();
  const send: FuzzSend = async (req) =>
    replace(req) ?? { status: 404, headers: JSON_TYPE, body: error("NotFound") };
  return { connector, reached, send };
}

const safeQuery = (req: FuzzRequest): boolean =>
  ![...new URLSearchParams(req.query).keys()].some((k) => PROTOTYPE_NAMES.includes(k));

describe("checkResponse", () => {
  it("accepts 2xx answers and our JSON error bodies", () => {
    expect(() => checkResponse("GET", { status: 200, headers: {}, body: "" })).not.toThrow();
    expect(() =>
      checkResponse("GET", { status: 404, headers: JSON_TYPE, body: error("NotFound") }),
    ).not.toThrow();
    expect(() => checkResponse("HEAD", { status: 404, headers: JSON_TYPE, body: "" })).not.toThrow();
  });

  it("rejects 5xx, HTML, non-JSON and JSON without { error: { code, message } }", () => {
    expect(() => checkResponse("GET", { status: 500, headers: JSON_TYPE, body: error("X") })).toThrow(/500/);
    expect(() => checkResponse("GET", { status: 503, headers: {}, body: "" })).toThrow(/503/);
    expect(() =>
      checkResponse("POST", {
        status: 415,
        headers: { "content-type": "text/html" },
        body: "<!DOCTYPE html>",
      }),
    ).toThrow(/text\/html/);
    expect(() => checkResponse("GET", { status: 400, headers: {}, body: "" })).toThrow(/content-type ""/);
    expect(() => checkResponse("GET", { status: 400, headers: JSON_TYPE, body: "{" })).toThrow(/not JSON/);
    expect(() => checkResponse("GET", { status: 400, headers: JSON_TYPE, body: '{"message":"x"}' })).toThrow(
      /without/,
    );
    expect(() =>
      checkResponse("GET", { status: 400, headers: JSON_TYPE, body: '{"error":{"code":"","message":"x"}}' }),
    ).toThrow(/without/);
    expect(() => checkResponse("GET", { status: 400, headers: JSON_TYPE, body: "null" })).toThrow(/without/);
  });
});

describe("runFuzz fails, naming the seed", () => {
  it("when the host answers an HTML error page", async () => {
    const host = broken((req) =>
      req.method === "DELETE"
        ? { status: 404, headers: { "content-type": "text/html" }, body: "<!DOCTYPE html>" }
        : undefined,
    );
    await expect(
      runFuzz({ name: "html", ...host, numRuns: 300, seed: 1, filter: safeQuery }),
    ).rejects.toThrow(/seed 1 \(replay: FUZZ_SEED=1\)[\s\S]*text\/html[\s\S]*DELETE/);
  });

  it("when the host answers 5xx", async () => {
    const host = broken((req) =>
      req.kind === "xml" ? { status: 502, headers: JSON_TYPE, body: error("BadGateway") } : undefined,
    );
    await expect(runFuzz({ name: "5xx", ...host, numRuns: 300, seed: 2, filter: safeQuery })).rejects.toThrow(
      /answered 502/,
    );
  });

  it("when the host rejects", async () => {
    const host = broken((req) => {
      if (req.path.includes("versions")) throw new Error("socket hang up");
      return undefined;
    });
    await expect(
      runFuzz({ name: "reject", ...host, numRuns: 300, seed: 3, filter: safeQuery }),
    ).rejects.toThrow(/the host failed[\s\S]*socket hang up/);
  });

  it("when Object.prototype changes", async () => {
    const host = broken((req) => {
      if (req.method === "PATCH") (Object.prototype as Record<string, unknown>)["polluted"] = "yes";
      return undefined;
    });
    try {
      await expect(
        runFuzz({ name: "pollute", ...host, numRuns: 300, seed: 4, filter: safeQuery }),
      ).rejects.toThrow(/Object.prototype changed \(polluted=yes\)/);
    } finally {
      delete (Object.prototype as Record<string, unknown>)["polluted"];
    }
  });

  it("when a body of a media type the operation does not take reaches its handler", async () => {
    const host = broken(() => undefined);
    const send: FuzzSend = async (req, signal) => {
      const res = await host.send(req, signal);
      if (req.kind === "text" && req.target === "CreateRecord") host.reached.add(req.headers["x-fuzz-id"]!);
      return res;
    };
    await expect(
      runFuzz({ name: "media", ...host, send, numRuns: 500, seed: 5, filter: safeQuery }),
    ).rejects.toThrow(/a text body reached/);
  });
});

describe("lowReach", () => {
  const counts = (json: [number, number], none: [number, number]): ReachCounts =>
    Object.fromEntries(
      BODY_KINDS.map((k) => [
        k,
        k === "json"
          ? { accepted: true, reached: json[0], sent: json[1] }
          : k === "none"
            ? { accepted: true, reached: none[0], sent: none[1] }
            : { accepted: false, reached: 0, sent: 0 },
      ]),
    ) as ReachCounts;

  it("names each accepted kind below the share, and a kind never sent", () => {
    expect(lowReach(counts([30, 100], [50, 100]), 0.3)).toEqual([]);
    expect(lowReach(counts([29, 100], [50, 100]), 0.3)).toEqual(["json: 29/100"]);
    expect(lowReach(counts([0, 0], [50, 100]), 0.3)).toEqual(["json: 0/0"]);
  });
});

describe("fuzzRequests", () => {
  it("generate every body kind and every Object.prototype name as a query key", () => {
    const sample = fc.sample(fuzzRequests, { numRuns: 1_500, seed: 42 });
    expect(new Set(sample.map((r) => r.kind))).toEqual(new Set(BODY_KINDS));
    const keys = new Set(sample.flatMap((r) => [...new URLSearchParams(r.query).keys()]));
    expect(PROTOTYPE_NAMES.filter((name) => !keys.has(name))).toEqual([]);
    const methods = new Set(sample.map((r) => r.method));
    expect([...methods].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
  });
});
