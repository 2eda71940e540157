import { describe, expect, it } from "vitest";
import { changedElsewhere } from "./changedElsewhere";

describe("changedElsewhere", () => {
  it("matches a data change that names one of the kinds", () => {
    const destinations = changedElsewhere("destinations");
    expect(destinations({ kind: "data_changed", kinds: ["contacts", "destinations"] })).toBe(true);
    expect(destinations({ kind: "data_changed", kinds: ["contacts"] })).toBe(false);
    expect(changedElsewhere("rules", "destinations")({ kind: "data_changed", kinds: ["destinations"] })).toBe(true);
  });

  it("ignores other events", () => {
    expect(changedElsewhere("deliveries")({ kind: "deliveries_pruned", count: 3 })).toBe(false);
  });
});
