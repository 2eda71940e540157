// The paths an expression can use, for completion: the documented ones plus every custom
// attribute key found in the sample contacts and the team profile.
import type { Contact, Team } from "../api/generated";

const DOCUMENTED = [
  "team.id",
  "team.name",
  "team.custom_attributes",
  "contact.id",
  "contact.phone",
  "contact.first_name",
  "contact.last_name",
  "contact.entry_point",
  "contact.tags",
  "contact.custom_attributes",
  "contact.subscriptions",
  "contact.subscriptions.transactional",
  "contact.subscriptions.marketing",
  "event.id",
  "event.type",
  "event.occurred_at",
  "event.data",
];

function walk(prefix: string, value: unknown, out: Set<string>, depth: number): void {
  if (depth > 4 || typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
    const path = `${prefix}.${name}`;
    out.add(path);
    walk(path, inner, out, depth + 1);
  }
}

export function contextPaths(contacts: Contact[], team: Team | null, eventData?: unknown): string[] {
  const out = new Set(DOCUMENTED);
  if (eventData !== undefined) walk("event.data", eventData, out, 0);
  for (const c of contacts) walk("contact.custom_attributes", c.custom_attributes, out, 0);
  if (team) walk("team.custom_attributes", team.custom_attributes, out, 0);
  return Array.from(out).sort();
}

/** CodeMirror counts UTF-16 units; the core counts characters. */
export function charToUtf16(text: string, charOffset: number): number {
  let units = 0;
  let chars = 0;
  for (const ch of text) {
    if (chars === charOffset) break;
    units += ch.length;
    chars += 1;
  }
  return units;
}
