// Small formatting helpers shared by screens.

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
