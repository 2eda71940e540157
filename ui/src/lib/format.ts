// How every screen writes delays, moments, durations and byte sizes: one place, one style.

/** 5 → "5 s", 120 → "2 min", 5400 → "1 h 30 min". */
export function formatDelay(secs: number): string {
  if (secs === 0) return "immediately";
  if (secs < 60) return `${secs} s`;
  if (secs < 3600) {
    const m = Math.floor(secs / 60);
    const s = secs % 60;
    return s ? `${m} min ${s} s` : `${m} min`;
  }
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Parses "90", "90s", "5 min", "2h", "1h30m" into seconds; null when it cannot. */
export function parseDelay(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, "");
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+)(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)/g;
  let total = 0;
  let consumed = 0;
  for (const match of t.matchAll(re)) {
    const n = Number(match[1]);
    const unit = match[2] ?? "s";
    total += unit.startsWith("h") ? n * 3600 : unit.startsWith("m") ? n * 60 : n;
    consumed += match[0].length;
  }
  return consumed === t.length && consumed > 0 ? total : null;
}

// ---- Dates and times -------------------------------------------------------------------------
// Every screen writes a moment the same way: relative while it is recent ("5 min. ago"), then
// the date and time in the user's locale, and the full timestamp (with its time zone) on hover.
// `locale`, `timeZone` and `now` default to the user's; tests pass them explicitly.

export type TimeOptions = { locale?: string; timeZone?: string; now?: number };

/** Milliseconds since the epoch from a number or an RFC 3339 string (any fraction of a second). */
export function toMillis(value: number | string): number {
  if (typeof value === "number") return value;
  // Engines only promise to read three digits of a fraction: "…37.554552777Z" → "…37.554Z".
  return Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
}

/** A moment within this long of now is written relative to it. */
export const RECENT_MS = 60 * 60 * 1000;

/** "now", "5 min. ago", "in 20 min." within the hour; else {@link formatDateTime}. */
export function formatWhen(value: number | string, opts: TimeOptions = {}): string {
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return String(value);
  const now = opts.now ?? Date.now();
  const diff = ms - now;
  if (Math.abs(diff) >= RECENT_MS) return formatDateTime(ms, opts);
  const rtf = new Intl.RelativeTimeFormat(opts.locale, { numeric: "auto", style: "short" });
  const minutes = Math.trunc(diff / 60_000);
  return minutes === 0 ? rtf.format(0, "second") : rtf.format(minutes, "minute");
}

/** The date and time of day, the year only when it is not this year's: "Nov 28, 12:14 AM". */
export function formatDateTime(value: number | string, opts: TimeOptions = {}): string {
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return String(value);
  return new Intl.DateTimeFormat(opts.locale, {
    ...dateParts(ms, opts),
    hour: "2-digit",
    minute: "2-digit",
    timeZone: opts.timeZone,
  }).format(ms);
}

/** The day alone, as {@link formatDateTime} writes it: "Nov 28" (or "Nov 28, 2025"). */
export function formatDay(value: number | string, opts: TimeOptions = {}): string {
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return String(value);
  return new Intl.DateTimeFormat(opts.locale, { ...dateParts(ms, opts), timeZone: opts.timeZone }).format(ms);
}

/** The time of day to the second: "12:14:37 AM". */
export function formatClock(value: number | string, opts: TimeOptions = {}): string {
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return String(value);
  return new Intl.DateTimeFormat(opts.locale, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: opts.timeZone,
  }).format(ms);
}

/** Everything, for a tooltip: "Saturday, November 28, 2026 at 12:14:37 AM UTC". */
export function formatTimestamp(value: number | string, opts: TimeOptions = {}): string {
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return String(value);
  return new Intl.DateTimeFormat(opts.locale, { dateStyle: "full", timeStyle: "long", timeZone: opts.timeZone }).format(ms);
}

/** The day (null when it is today) and the time to the second, for cells that may put them on two lines. */
export function timeParts(value: number | string, opts: TimeOptions = {}): { day: string | null; time: string } {
  const ms = toMillis(value);
  const today = sameDay(ms, opts.now ?? Date.now(), opts.timeZone);
  return { day: today ? null : formatDay(ms, opts), time: formatClock(ms, opts) };
}

/** A time of day, with its day in front unless it is today: "12:14:37 AM", "Nov 28 12:14:37 AM". */
export function formatTime(value: number | string | null | undefined, opts: TimeOptions = {}): string {
  if (value === null || value === undefined) return "—";
  const { day, time } = timeParts(value, opts);
  return day === null ? time : `${day} ${time}`;
}

/** The date and the time to the second: "Nov 28, 2026, 12:14:37 AM". */
export function formatFullTime(value: number | string | null | undefined, opts: TimeOptions = {}): string {
  if (value === null || value === undefined) return "—";
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return String(value);
  return new Intl.DateTimeFormat(opts.locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: opts.timeZone,
  }).format(ms);
}

function dateParts(ms: number, opts: TimeOptions): Intl.DateTimeFormatOptions {
  const thisYear = yearOf(opts.now ?? Date.now(), opts.timeZone) === yearOf(ms, opts.timeZone);
  return thisYear ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" };
}

function yearOf(ms: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone }).format(ms);
}

function sameDay(a: number, b: number, timeZone: string | undefined): boolean {
  const day = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "2-digit", day: "2-digit", timeZone });
  return day.format(a) === day.format(b);
}

// ---- Durations and sizes ---------------------------------------------------------------------

/** 850 → "850 ms", 1234 → "1.23 s", 12345 → "12.3 s", 125000 → "2 min 5 s", 5400000 → "1 h 30 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const secs = Math.round(ms / 1000);
  if (secs < 86_400) return formatDelay(secs);
  const days = Math.floor(secs / 86_400);
  const hours = Math.floor((secs % 86_400) / 3600);
  return hours ? `${days} d ${hours} h` : `${days} d`;
}

const BYTE_UNITS = ["KB", "MB", "GB", "TB"];

/** 512 → "512 bytes", 1536 → "1.5 KB", 10 * 1024 ** 2 → "10 MB" (units of 1024). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return "—";
  if (n < 1024) return n === 1 ? "1 byte" : `${n} bytes`;
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (Math.round(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = value < 10 ? value.toFixed(1).replace(/\.0$/, "") : String(Math.round(value));
  return `${text} ${BYTE_UNITS[unit]}`;
}
