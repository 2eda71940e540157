import { describe, expect, it } from "vitest";
import { lineDiff } from "./lineDiff";
import { matchesFilter, readFilter, toDeliveryFilter, writeFilter } from "./filterParams";

describe("lineDiff", () => {
  it("marks what was removed and added around what stayed", () => {
    expect(lineDiff("a\nb\nc", "a\nB\nc")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "B" },
      { kind: "same", text: "c" },
    ]);
  });
  it("finds no change in equal texts", () => {
    expect(lineDiff("x\ny", "x\ny").every((l) => l.kind === "same")).toBe(true);
  });
});

describe("filter in the URL", () => {
  it("round-trips", () => {
    const state = readFilter(new URLSearchParams("status=server_error,pending&destination=dst_1&range=24h&q=zoe"));
    expect(state).toEqual({
      categories: ["server_error"],
      pending: true,
      destination: "dst_1",
      rule: "",
      range: "24h",
      text: "zoe",
    });
    expect(writeFilter(state).toString()).toBe("status=server_error%2Cpending&destination=dst_1&range=24h&q=zoe");
    const filter = toDeliveryFilter(state, 100_000_000);
    expect(filter.since).toBe(100_000_000 - 86_400_000);
  });
  it("decides whether a pushed delivery belongs on screen", () => {
    const filter = toDeliveryFilter(readFilter(new URLSearchParams("status=success")), 0);
    const d = { last_category: "success", destination_id: "dst_1", rule_id: null, created_at: 5 } as never;
    expect(matchesFilter(filter, d)).toBe(true);
    expect(matchesFilter({ ...filter, categories: ["server_error"] }, d)).toBe(false);
  });
});
