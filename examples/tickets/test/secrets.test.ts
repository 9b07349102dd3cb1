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
});
