import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatDelay,
  formatDateTime,
  formatDuration,
  formatFullTime,
  formatTime,
  formatTimestamp,
  formatWhen,
  parseDelay,
  timeParts,
  toMillis,
} from "./format";

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

// 2026-11-28T00:14:37.554Z: still the 27th in New York, already the morning of the 28th in Tokyo.
const AT = Date.UTC(2026, 10, 28, 0, 14, 37, 554);
const utc = { locale: "en-US", timeZone: "UTC" };

describe("toMillis", () => {
  it("reads RFC 3339 with nanoseconds, and numbers as they are", () => {
    expect(toMillis("2026-11-28T00:14:37.554552777Z")).toBe(AT);
    expect(toMillis("2026-11-28T09:14:37.554+09:00")).toBe(AT);
    expect(toMillis(AT)).toBe(AT);
  });
});

describe("formatWhen", () => {
  it("is relative within the hour, in the past and the future", () => {
    expect(formatWhen(AT, { ...utc, now: AT + 20_000 })).toBe("now");
    expect(formatWhen(AT, { ...utc, now: AT + 2 * 60_000 + 5_000 })).toBe("2 min. ago");
    expect(formatWhen(AT, { ...utc, now: AT + 59 * 60_000 })).toBe("59 min. ago");
    expect(formatWhen(AT + 5 * 60_000, { ...utc, now: AT })).toBe("in 5 min.");
    expect(formatWhen(AT, { locale: "de-DE", timeZone: "UTC", now: AT + 2 * 60_000 })).toBe("vor 2 Min.");
  });

  it("is the date and time after that, in the time zone and locale asked for", () => {
    const now = AT + 3 * 3600_000;
    expect(formatWhen(AT, { ...utc, now })).toBe("Nov 28, 12:14 AM");
    expect(formatWhen(AT, { locale: "en-US", timeZone: "America/New_York", now })).toBe("Nov 27, 07:14 PM");
    expect(formatWhen(AT, { locale: "en-GB", timeZone: "Asia/Tokyo", now })).toBe("28 Nov, 09:14");
    expect(formatWhen(AT, { locale: "de-DE", timeZone: "Europe/Berlin", now })).toBe("28. Nov., 01:14");
  });

  it("names the year only when it is not this one", () => {
    expect(formatDateTime(AT, { ...utc, now: Date.UTC(2027, 0, 2) })).toBe("Nov 28, 2026, 12:14 AM");
    // New Year's Eve in New York is already next year in UTC.
    const nye = Date.UTC(2027, 0, 1, 2);
    expect(formatDateTime(nye, { locale: "en-US", timeZone: "America/New_York", now: Date.UTC(2027, 0, 5) })).toBe(
      "Dec 31, 2026, 09:00 PM",
    );
  });

  it("gives back what it cannot read", () => {
    expect(formatWhen("not a date", utc)).toBe("not a date");
  });
});

describe("full timestamps", () => {
  it("says everything, time zone included, for a tooltip", () => {
    expect(formatTimestamp("2026-11-28T00:14:37.554552777Z", utc)).toBe("Saturday, November 28, 2026 at 12:14:37 AM UTC");
    expect(formatTimestamp(AT, { locale: "en-US", timeZone: "Asia/Tokyo" })).toBe(
      "Saturday, November 28, 2026 at 9:14:37 AM GMT+9",
    );
    expect(formatFullTime(AT, utc)).toBe("Nov 28, 2026, 12:14:37 AM");
    expect(formatFullTime(null)).toBe("—");
  });

  it("leaves out today's date from a time of day", () => {
    expect(timeParts(AT, { ...utc, now: AT + 3600_000 })).toEqual({ day: null, time: "12:14:37 AM" });
    expect(formatTime(AT, { ...utc, now: AT + 86_400_000 })).toBe("Nov 28 12:14:37 AM");
    // An hour later it is still the 27th in New York; six hours later it is the 28th there too.
    const now = AT + 3600_000;
    expect(timeParts(AT, { locale: "en-US", timeZone: "America/New_York", now }).day).toBeNull();
    expect(timeParts(AT, { locale: "en-US", timeZone: "America/New_York", now: AT + 6 * 3600_000 }).day).toBe("Nov 27");
  });
});

describe("formatDuration", () => {
  it("from milliseconds to days", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1.23 s");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(5_400_000)).toBe("1 h 30 min");
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000 + 59_000)).toBe("3 d 4 h");
    expect(formatDuration(400 * 86_400_000)).toBe("400 d");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("formatBytes", () => {
  it("from bytes to terabytes, never 1024 of a unit", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1023 bytes");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(64 * 1024)).toBe("64 KB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(10 * 1024 ** 2)).toBe("10 MB");
    expect(formatBytes(5 * 1024 ** 5)).toBe("5120 TB");
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(undefined)).toBe("—");
  });
});
