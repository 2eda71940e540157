import { describe, expect, it } from "vitest";
import { formatDelay, parseDelay } from "./format";

describe("delays", () => {
  it("formats the default schedule the way people say it", () => {
    expect([5, 30, 120, 600, 1800, 3600, 7200].map(formatDelay)).toEqual([
      "5 s",
      "30 s",
      "2 min",
      "10 min",
      "30 min",
      "1 h",
      "2 h",
    ]);
    expect(formatDelay(5400)).toBe("1 h 30 min");
  });

  it("parses what people type and refuses the rest", () => {
    expect(parseDelay("90")).toBe(90);
    expect(parseDelay("5 min")).toBe(300);
    expect(parseDelay("1h30m")).toBe(5400);
    expect(parseDelay("2 h")).toBe(7200);
    expect(parseDelay("soon")).toBeNull();
    expect(parseDelay("5 parsecs")).toBeNull();
  });
});
