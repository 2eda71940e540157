import { describe, expect, it } from "vitest";
import type { DeliveryState } from "../api/generated";
import { tallyOutcome } from "./bulkOutcome";

describe("tallyOutcome", () => {
  it("counts delivered, failed again and still on their way", () => {
    const latest = new Map<string, DeliveryState>([
      ["a", "succeeded"],
      ["b", "exhausted"],
      ["c", "in_flight"],
      ["d", "scheduled"],
      ["e", "failed"],
    ]);
    expect(tallyOutcome(["a", "b", "c", "d", "e", "f"], latest)).toEqual({ delivered: 1, failed: 2, pending: 3 });
  });

  it("ignores deliveries that were not retried", () => {
    expect(tallyOutcome(["a"], new Map([["z", "succeeded"]]))).toEqual({ delivered: 0, failed: 0, pending: 1 });
  });
});
