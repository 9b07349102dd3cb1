import { describe, expectTypeOf, it } from "vitest";
import { type PolicyTemplateInstance, policy, type SetHeaderPolicy } from "./policy";

describe("policy builders are typed", () => {
  it("exact parameter keys", () => {
    const p = policy.setHeader({ name: "X", value: "y" });
    expectTypeOf(p).toEqualTypeOf<SetHeaderPolicy>();
    expectTypeOf(p.parameters["x-ms-apimTemplateParameter.name"]).toEqualTypeOf<string>();
    expectTypeOf(p).toExtend<PolicyTemplateInstance>();
    // @ts-expect-error misspelled parameter key does not exist
    p.parameters["x-ms-apimTemplateParameter.nmae"];
  });
  it("refuses wrong options", () => {
    // @ts-expect-error existsAction is a closed set
    policy.setQueryParameter({ name: "a", value: "b", existsAction: "replace" });
    // @ts-expect-error operations take ids or operation objects
    policy.dynamicHostUrl({ urlTemplate: "https://x", operations: [42] });
  });
});
