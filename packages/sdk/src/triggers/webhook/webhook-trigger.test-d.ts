import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { memoryStore } from "../../store/memory-store";
import { createDispatcher } from "./dispatcher";
import type { DeliveryReport } from "./types";
import { webhookTrigger } from "./webhook-trigger";

const trigger = webhookTrigger({
  operationId: "OnTicketCreated",
  summary: "When a ticket is created",
  description: "Triggers when a ticket is created.",
  path: "/hooks/tickets",
  params: z.object({ project: z.string(), priority: z.number().optional() }),
  event: z.object({ id: z.string(), count: z.coerce.number() }),
  match: (params, event) => {
    expectTypeOf(params).toEqualTypeOf<{ project: string; priority?: number | undefined }>();
    expectTypeOf(event).toEqualTypeOf<{ id: string; count: number }>();
    return true;
  },
  onSubscribe: (sub) => {
    expectTypeOf(sub.params.project).toEqualTypeOf<string>();
    return { state: { upstream: 1 } };
  },
});

describe("webhookTrigger types", () => {
  it("fire accepts only the event's input type and types the where params", () => {
    const store = memoryStore();
    expectTypeOf(trigger.fire({ id: "T-1", count: "3" }, { store })).toEqualTypeOf<Promise<DeliveryReport>>();
    trigger.fire({ id: "T-1", count: 3 }, { store, where: (p) => p.project === "P1" });
    // @ts-expect-error missing id
    trigger.fire({ count: 3 }, { store });
    // @ts-expect-error wrong type
    trigger.fire({ id: 1, count: 3 }, { store });
    // @ts-expect-error params have no such key
    trigger.fire({ id: "T-1", count: 3 }, { store, where: (p) => p.nope === 1 });
    // @ts-expect-error a store or a dispatcher is required
    trigger.fire({ id: "T-1", count: 3 }, {});
    // @ts-expect-error not both
    trigger.fire({ id: "T-1", count: 3 }, { store, dispatcher: createDispatcher({ store }) });
  });

  it("dispatcher.fire is typed by the trigger", () => {
    const dispatcher = createDispatcher({ store: memoryStore() });
    dispatcher.fire(trigger, { id: "T-1", count: 1 }, { where: (p) => p.priority === 1 });
    // @ts-expect-error wrong event
    dispatcher.fire(trigger, { id: "T-1" });
  });

  it("params default to an empty object", () => {
    const t = webhookTrigger({
      operationId: "OnPing",
      summary: "When pinged",
      description: "Triggers on ping.",
      path: "/hooks/ping",
      event: z.object({ at: z.string() }),
    });
    expectTypeOf(t.params).toEqualTypeOf<z.ZodObject<{}>>();
  });
});
