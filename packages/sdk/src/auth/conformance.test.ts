import { describe, expect, it } from "vitest";
import { createHandler } from "../http/create-handler";
import { runConformance, toReferenceRequest } from "../testing/conformance/run-conformance";
import type {
  ConformanceCase,
  ConformanceGroup,
  ConformanceRequest,
  ConformanceResponse,
} from "../testing/conformance/types";
import { authConformanceCases } from "./conformance";

// The table itself runs through the core (testing/conformance), Express and Azure Functions (adapters-*/src/
// conformance.test.ts). These tests check the table is complete and discriminating, and the runner extensions.

const group = (name: RegExp): ConformanceGroup => {
  const found = authConformanceCases.find((g) => name.test(g.name));
  if (!found) throw new Error(`no group ${name}`);
  return found;
};

describe("the auth conformance table covers every refusal for every scheme", () => {
  const common = [/: missing -> 401/, /malformed/, /-> 200/, /-> 403/];
  const tokens = [
    ...common,
    /: expired -> 401/,
    /: wrong audience -> 401/,
    /: wrong issuer -> 401/,
    /: wrong signature .*-> 401/,
    /newly rotated-in key -> 200/,
    /removed key -> 401/,
  ];
  it.each([
    [/API key in a header/, [...common, /wrong key -> 401/]],
    [/API key in the query/, [...common, /wrong key -> 401/]],
    [/Basic/, [...common, /wrong password -> 401/]],
    [/OAuth 2.0 bearer/, tokens],
    [/Entra ID/, [...tokens, /another tenant's token -> 401/]],
    [
      /multiple/,
      [
        /no credentials -> 401/,
        /Basic only -> 401/,
        /expired/,
        /wrong audience/,
        /wrong issuer/,
        /wrong signature/,
        /-> 403/,
      ],
    ],
  ])("%s", (name, patterns) => {
    const names = group(name).cases.map((c) => c.name);
    for (const pattern of patterns)
      expect(
        names.some((n) => pattern.test(n)),
        String(pattern),
      ).toBe(true);
  });

  it("multiple accepts each of its options", () => {
    const names = group(/multiple/).cases.map((c) => c.name);
    for (const option of ["api-key", "basic-auth", "oauth"]) {
      expect(names).toContain(
        `multiple: valid ${option === "api-key" ? "API key" : option === "basic-auth" ? "Basic" : "bearer token"} -> 200 { option: ${option} }`,
      );
    }
  });

  it("the long-running status, webhook list and webhook delete routes are each refused without credentials", () => {
    const cases = group(/long-running and webhook routes/).cases;
    for (const [method, path] of [
      ["GET", /^\/_connectorkit\/jobs\//],
      ["GET", /\/subscriptions$/],
      ["DELETE", /^\/hooks\/tickets\/[A-Z]{24}$/],
    ] as const) {
      const unauthenticated = cases.filter(
        (c) =>
          c.request.method === method &&
          path.test(c.request.path) &&
          c.request.headers === undefined &&
          c.runtimeHeaders === undefined,
      );
      expect(unauthenticated.map((c) => c.expect.status)).toEqual([401]);
    }
  });

  it("every refusal expects a challenge and the standard error body, and checks for leaks", () => {
    for (const g of authConformanceCases) {
      for (const c of g.cases.filter((x) => x.expect.status === 401)) {
        expect(c.expect.headers?.["www-authenticate"], c.name).toMatch(
          /^(ApiKey|Basic|Bearer) realm="connector"/,
        );
        expect(c.expect.json, c.name).toMatchObject({ error: { code: "Unauthorized" } });
        expect(c.expect.bodyExcludes, c.name).toEqual(
          expect.arrayContaining(["expired", "signature", "details"]),
        );
      }
    }
  });
});

/** The request with every credential removed (headers, `code` / `X-API-Key` query parameters). */
function withoutCredentials(request: ConformanceRequest): ConformanceRequest {
  const [path, query = ""] = request.path.split("?");
  const params = new URLSearchParams(query);
  params.delete("code");
  params.delete("X-API-Key");
  const rest = params.toString();
  return { method: request.method, path: rest === "" ? path! : `${path}?${rest}` };
}

async function headersOf(c: ConformanceCase): Promise<ConformanceRequest> {
  if (!c.runtimeHeaders) return c.request;
  return { ...c.request, headers: { ...c.request.headers, ...(await c.runtimeHeaders()) } };
}

describe("accepting cases depend on the credential reaching the core (a host that drops it fails the table)", () => {
  for (const g of authConformanceCases) {
    it(g.name, async () => {
      const fixture = await g.setup?.();
      try {
        const handler = createHandler(g.connector(), g.options ?? {});
        const base = "https://conformance.example.com/api";
        let checked = 0;
        for (const c of g.cases) {
          // Keep the group's order: rotation cases change the fixture when their headers are produced.
          const request = await headersOf(c);
          const res = await handler.handle(toReferenceRequest(request, base));
          expect(res.status, c.name).toBe(c.expect.status);
          if (c.expect.status === 401) continue;
          const stripped = await handler.handle(toReferenceRequest(withoutCredentials(request), base));
          expect(stripped.status, `${c.name} without credentials`).toBe(401);
          checked++;
        }
        expect(checked).toBeGreaterThan(0);
      } finally {
        await fixture?.teardown();
      }
    });
  }

  it("a token group's connector cannot be built outside its setup", () => {
    expect(() => group(/OAuth 2.0 bearer/).connector()).toThrow(/used before its setup/);
  });
});

// The runner extensions: `setup` runs before the connector is built and is torn down after the group;
// `runtimeHeaders` are produced once per case and the same headers reach the host.
const events: string[] = [];
const seen: ConformanceRequest[] = [];
const bearerGroup = group(/OAuth 2.0 bearer/);
const recording: ConformanceGroup = {
  name: "recording",
  setup: async () => {
    events.push("setup");
    const inner = await bearerGroup.setup!();
    return {
      teardown: async () => {
        events.push("teardown");
        await inner.teardown();
      },
    };
  },
  connector: () => {
    events.push("connector");
    return bearerGroup.connector();
  },
  cases: bearerGroup.cases.filter((c) => /valid token -> 200/.test(c.name)),
};
runConformance(
  "recording driver",
  {
    async start(connector, options) {
      const handler = createHandler(connector, options);
      const baseUrl = "https://recording.example.com/api";
      return {
        baseUrl,
        async request(request): Promise<ConformanceResponse> {
          seen.push(request);
          const res = await handler.handle(toReferenceRequest(request, baseUrl));
          return { status: res.status, headers: res.headers, body: res.body ?? "" };
        },
        close: async () => {
          events.push("close");
        },
      };
    },
  },
  [recording],
);

describe("runner extensions", () => {
  it("setup ran before the connectors were built, teardown after the server closed", () => {
    expect(events).toEqual(["setup", "connector", "connector", "close", "teardown"]);
  });
  it("runtime headers reached the host, merged over the static ones", () => {
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers?.["authorization"]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
