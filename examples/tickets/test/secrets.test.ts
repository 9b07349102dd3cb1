import { auth, defineConnector } from "@connectorkit/sdk";
import { createHandler } from "@connectorkit/sdk/http";
import { describe, expect, it } from "vitest";
import { MissingSecretsError, readExampleSecrets, requireExampleSecrets } from "../src/secrets";

describe("the example's secrets", () => {
  it("under NODE_ENV development or test, generates a random API key per process and leaves the state key to the SDK", () => {
    const a = readExampleSecrets({ NODE_ENV: "development" });
    const b = readExampleSecrets({ NODE_ENV: "test" });
    expect(a.generated).toEqual(["TICKETS_API_KEYS"]);
    expect(a.missing).toEqual([]);
    expect(a.apiKeys).toHaveLength(1);
    expect(a.apiKeys[0]!.length).toBeGreaterThanOrEqual(24);
    expect(a.stateSecret).toBeUndefined();
    // random, not a fixed published value
    expect(b.apiKeys[0]).not.toBe(a.apiKeys[0]);
    expect(requireExampleSecrets(a)).toEqual({ apiKeys: a.apiKeys });
  });

  it("counts an unset or unknown NODE_ENV as production (Azure Functions sets none)", () => {
    for (const env of [{}, { NODE_ENV: "staging" }]) {
      const s = readExampleSecrets(env);
      expect(s.generated).toEqual([]);
      expect(s.missing).toEqual(["TICKETS_API_KEYS", "CONNECTORKIT_STATE_SECRET"]);
      expect(() => requireExampleSecrets(s)).toThrow(MissingSecretsError);
    }
  });

  it("uses the configured values, trimmed, and generates nothing", () => {
    const s = readExampleSecrets({
      NODE_ENV: "production",
      TICKETS_API_KEYS: " key-number-one , key-number-two,,",
      CONNECTORKIT_STATE_SECRET: "k".repeat(40),
    });
    expect(s.apiKeys).toEqual(["key-number-one", "key-number-two"]);
    expect(s.stateSecret).toBe("k".repeat(40));
    expect(s.generated).toEqual([]);
    expect(requireExampleSecrets(s)).toEqual({ apiKeys: s.apiKeys, stateSecret: s.stateSecret });
  });

  it("in production, reports missing, empty or blank variables by name and generates nothing", () => {
    for (const env of [
      { NODE_ENV: "production" },
      { NODE_ENV: "production", TICKETS_API_KEYS: "", CONNECTORKIT_STATE_SECRET: "" },
      { NODE_ENV: "production", TICKETS_API_KEYS: " , ,", CONNECTORKIT_STATE_SECRET: "   " },
    ]) {
      const s = readExampleSecrets(env);
      expect(s.missing).toEqual(["TICKETS_API_KEYS", "CONNECTORKIT_STATE_SECRET"]);
      expect(s.generated).toEqual([]);
      expect(s.apiKeys).toEqual([]);
      expect(s.stateSecret).toBeUndefined();
      expect(() => requireExampleSecrets(s)).toThrow(MissingSecretsError);
      expect(() => requireExampleSecrets(s)).toThrow(/set TICKETS_API_KEYS and CONNECTORKIT_STATE_SECRET\./);
    }
  });

  it("in production, names only the variable that is missing", () => {
    const noState = readExampleSecrets({ NODE_ENV: "production", TICKETS_API_KEYS: "key-number-one" });
    expect(() => requireExampleSecrets(noState)).toThrow(/set CONNECTORKIT_STATE_SECRET\./);
    const noKeys = readExampleSecrets({ NODE_ENV: "production", CONNECTORKIT_STATE_SECRET: "k".repeat(40) });
    try {
      requireExampleSecrets(noKeys);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingSecretsError);
      expect((error as MissingSecretsError).variables).toEqual(["TICKETS_API_KEYS"]);
      expect((error as Error).message).not.toContain("k".repeat(40));
    }
  });

  it("keeps hostile values as opaque strings (an oversized list, control characters)", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `key-${String(i).padStart(6, "0")}`).join(",");
    expect(readExampleSecrets({ NODE_ENV: "production", TICKETS_API_KEYS: many }).apiKeys).toHaveLength(
      10_000,
    );
    const odd = readExampleSecrets({ NODE_ENV: "production", TICKETS_API_KEYS: "a\u0000b\nc-key-long" });
    expect(odd.apiKeys).toEqual(["a\u0000b\nc-key-long"]);
  });

  it("reports keys under 8 characters and a state secret under 32 bytes by name and rule, never echoing them", () => {
    for (const NODE_ENV of ["production", "development", undefined]) {
      const s = readExampleSecrets({
        ...(NODE_ENV === undefined ? {} : { NODE_ENV }),
        TICKETS_API_KEYS: "Xq7#z",
        CONNECTORKIT_STATE_SECRET: "Zz9!",
      });
      expect(s.missing).toEqual([]);
      expect(s.generated).toEqual([]);
      expect(s.apiKeys).toEqual([]); // nothing the SDK would refuse reaches it; every key is refused
      expect(s.stateSecret).toBeUndefined();
      expect(s.invalid.map((i) => i.variable)).toEqual(["TICKETS_API_KEYS", "CONNECTORKIT_STATE_SECRET"]);
      try {
        requireExampleSecrets(s);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(MissingSecretsError);
        const { message, variables, invalid } = error as MissingSecretsError;
        expect(variables).toEqual([]);
        expect(invalid).toEqual(s.invalid);
        expect(message).toMatch(/will not start with invalid secrets/);
        expect(message).toContain("TICKETS_API_KEYS key 1 of 1 is shorter than 8 characters");
        expect(message).toContain("CONNECTORKIT_STATE_SECRET is shorter than 32 bytes");
        expect(message).not.toMatch(/Xq7#z|Zz9!/);
        expect(message).not.toContain("without its secrets");
      }
    }
  });

  it("names which keys are too short or too long, and one variable alone", () => {
    const keys = readExampleSecrets({
      NODE_ENV: "production",
      TICKETS_API_KEYS: "good-key-1,bad,good-key-2,also,x".concat(",", "k".repeat(16_385)),
      CONNECTORKIT_STATE_SECRET: "s".repeat(32),
    });
    expect(keys.invalid.map((i) => i.problem)).toEqual([
      "TICKETS_API_KEYS keys 2, 4, 5 of 6 are shorter than 8 characters",
      "TICKETS_API_KEYS key 6 of 6 is longer than 16384 characters",
    ]);
    expect(keys.stateSecret).toBe("s".repeat(32));
    expect(() => requireExampleSecrets(keys)).toThrow(/invalid secrets: TICKETS_API_KEYS keys 2, 4, 5 of 6/);
    const state = readExampleSecrets({
      NODE_ENV: "production",
      TICKETS_API_KEYS: "key-number-one",
      // 31 bytes: the rule counts UTF-8 bytes, not characters ("é" is two)
      CONNECTORKIT_STATE_SECRET: `${"s".repeat(29)}é`,
    });
    expect(state.apiKeys).toEqual(["key-number-one"]);
    expect(state.invalid).toEqual([
      {
        variable: "CONNECTORKIT_STATE_SECRET",
        problem: "CONNECTORKIT_STATE_SECRET is shorter than 32 bytes",
      },
    ]);
    const ok = readExampleSecrets({
      NODE_ENV: "production",
      TICKETS_API_KEYS: "k".repeat(8),
      CONNECTORKIT_STATE_SECRET: `${"s".repeat(30)}é`,
    });
    expect(ok.invalid).toEqual([]);
  });

  it("in production, names a missing variable and an invalid one together", () => {
    const s = readExampleSecrets({ NODE_ENV: "production", CONNECTORKIT_STATE_SECRET: "abc" });
    expect(s.missing).toEqual(["TICKETS_API_KEYS"]);
    expect(() => requireExampleSecrets(s)).toThrow(
      /without its secrets: set TICKETS_API_KEYS\. .*invalid secrets: CONNECTORKIT_STATE_SECRET is shorter than 32 bytes\./,
    );
  });

  it("lists a repeated key once (the SDK refuses duplicates)", () => {
    const s = readExampleSecrets({
      NODE_ENV: "production",
      TICKETS_API_KEYS: "key-number-one,key-number-one",
    });
    expect(s.apiKeys).toEqual(["key-number-one"]);
    expect(s.invalid).toEqual([]);
  });

  it("passes the SDK's own checks whenever requireExampleSecrets passes", () => {
    const s = readExampleSecrets({
      NODE_ENV: "production",
      TICKETS_API_KEYS: `${"k".repeat(8)},${"k".repeat(16_384)},key-number-one,key-number-one`,
      CONNECTORKIT_STATE_SECRET: "s".repeat(32),
    });
    const { apiKeys, stateSecret } = requireExampleSecrets(s);
    expect(() => auth.apiKey.keys(apiKeys)).not.toThrow();
    const connector = defineConnector({ title: "Probe", description: "Checks the secrets.", operations: [] });
    expect(() => createHandler(connector, { pollingSecret: stateSecret! })).not.toThrow();
  });
});
