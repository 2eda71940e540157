import { describe, expect, it } from "vitest";
import type { DeliveryState, DeliverySummary } from "../api/generated";
import { deliverySummary } from "../test/deliveries";
import { applyPushed, isCurrent, recordNewest } from "./livePatch";

function summary(id: string, created_at: number, revision: number, state: DeliveryState = "scheduled"): DeliverySummary {
  return deliverySummary(id, revision, state, created_at);
}

const all = () => true;

describe("isCurrent", () => {
  it("takes a newer or the same revision, not an older one", () => {
    expect(isCurrent({ revision: 3 }, { revision: 2 })).toBe(true);
    expect(isCurrent({ revision: 2 }, { revision: 2 })).toBe(true);
    expect(isCurrent({ revision: 1 }, { revision: 2 })).toBe(false);
    expect(isCurrent({ revision: 0 }, undefined)).toBe(true);
  });
});

describe("recordNewest", () => {
  it("keeps the succeeded state when the retry's older scheduled state arrives after it", () => {
    let seen: ReadonlyMap<string, DeliverySummary> = new Map();
    seen = recordNewest(seen, [summary("a", 1, 4, "in_flight")]);
    seen = recordNewest(seen, [summary("a", 1, 5, "succeeded")]);
    const before = seen;
    seen = recordNewest(seen, [summary("a", 1, 3, "scheduled")]);
    expect(seen).toBe(before);
    expect(seen.get("a")?.state).toBe("succeeded");
  });

  it("takes the newest of each delivery from one batch, in any order", () => {
    const seen = recordNewest(new Map(), [
      summary("a", 1, 2, "succeeded"),
      summary("b", 2, 0, "scheduled"),
      summary("a", 1, 1, "in_flight"),
    ]);
    expect(seen.get("a")?.state).toBe("succeeded");
    expect(seen.get("b")?.state).toBe("scheduled");
  });
});

describe("applyPushed", () => {
  it("replaces a row with a newer change and ignores an older one", () => {
    const list = { items: [summary("b", 2, 1, "in_flight"), summary("a", 1, 2, "succeeded")], next: null };
    const newer = applyPushed(list, summary("b", 2, 2, "succeeded"), all);
    expect(newer.items.map((d) => d.state)).toEqual(["succeeded", "succeeded"]);
    expect(applyPushed(newer, summary("b", 2, 1, "in_flight"), all)).toBe(newer);
  });

  it("adds a new delivery in order when it matches and is within the loaded pages", () => {
    const list = { items: [summary("c", 3, 0), summary("a", 1, 0)], next: null };
    expect(applyPushed(list, summary("b", 2, 0), all).items.map((d) => d.id)).toEqual(["c", "b", "a"]);
    expect(applyPushed(list, summary("b", 2, 0), () => false)).toBe(list);
  });

  it("leaves out a delivery older than the last loaded row while more pages remain", () => {
    const list = { items: [summary("c", 3, 0)], next: { created_at: 3, id: "c" } };
    expect(applyPushed(list, summary("a", 1, 0), all)).toBe(list);
    expect(applyPushed(list, summary("d", 4, 0), all).items.map((d) => d.id)).toEqual(["d", "c"]);
  });
});
