import { render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatClock, formatDay, formatTimestamp } from "../lib/format";
import { TimeCell } from "./LogCells";

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the log's Created cell", () => {
  it("is relative within the hour", () => {
    const { container } = render(<TimeCell ms={NOW - 2 * 60_000} />);
    expect(container.textContent).toMatch(/^2 min/);
    expect(container.querySelector("time")?.getAttribute("title")).toBe(formatTimestamp(NOW - 2 * 60_000));
  });

  it("has its date after that, even earlier today", () => {
    const earlier = NOW - 3 * 3600_000;
    const { container } = render(<TimeCell ms={earlier} />);
    expect(container.textContent).toBe(`${formatDay(earlier)} ${formatClock(earlier)}`);
    expect(formatDay(earlier)).toMatch(/\d/);
    expect(container.querySelector("time")?.getAttribute("title")).toBe(formatTimestamp(earlier));
  });
});
