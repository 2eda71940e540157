import { describe, expect, it } from "vitest";
import type { DeliveryState } from "../api/generated";
import { tallyOutcome } from "./bulkOutcome";

describe("tallyOutcome", () => {
  it("counts delivered, failed again and still on their way", () => {
    const latest = new Map<string, { state: DeliveryState }>(
      (
        [
          ["a", "succeeded"],
          ["b", "exhausted"],
          ["c", "in_flight"],
          ["d", "scheduled"],
          ["e", "failed"],
        ] as const
      ).map(([id, state]) => [id, { state }]),
    );
    expect(tallyOutcome(["a", "b", "c", "d", "e", "f"], latest)).toEqual({ delivered: 1, failed: 2, pending: 3 });
  });

  it("ignores deliveries that were not retried", () => {
    expect(tallyOutcome(["a"], new Map([["z", { state: "succeeded" as const }]]))).toEqual({ delivered: 0, failed: 0, pending: 1 });
  });
});
