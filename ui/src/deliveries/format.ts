// How the deliveries screens write times, durations and sizes.

/** The day (null when it is today) and the time of day, for cells that may put them on two lines. */
export function timeParts(ms: number): { day: string | null; time: string } {
  const d = new Date(ms);
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const sameDay = d.toDateString() === new Date().toDateString();
  return { day: sameDay ? null : d.toLocaleDateString(undefined, { month: "short", day: "numeric" }), time };
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const { day, time } = timeParts(ms);
  return day === null ? time : `${day} ${time}`;
}

export function formatFullTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return new Date(ms).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** Pretty JSON when the text is JSON, else `null`. */
export function prettyJson(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}
