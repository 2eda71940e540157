// How the deliveries screens write counts and JSON; moments, durations and sizes are in lib/format.

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
