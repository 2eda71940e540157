// A URL variable's first binding, drawn from what the sample contacts actually have: a
// documented field of the same name, or a custom attribute key at any depth that the samples
// carry, rather than a guessed `contact.custom_attributes.<name>`.
import type { Contact } from "../api/generated";

const DOCUMENTED: Record<string, string> = {
  id: "contact.id",
  contact_id: "contact.id",
  phone: "contact.phone",
  first_name: "contact.first_name",
  last_name: "contact.last_name",
  entry_point: "contact.entry_point",
};

function attributePaths(prefix: string, value: unknown, out: Map<string, string>, depth: number): void {
  if (depth > 4 || typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    const path = `${prefix}.${key}`;
    if (inner !== null && typeof inner !== "object" && !out.has(key.toLowerCase())) out.set(key.toLowerCase(), path);
    attributePaths(path, inner, out, depth + 1);
  }
}

/** The suggested expression for `{variable}`, or null when the samples have nothing like it. */
export function suggestBinding(variable: string, contacts: Contact[]): string | null {
  const name = variable.toLowerCase();
  const bare = name.replace(/^contact_/, "");
  if (DOCUMENTED[name]) return DOCUMENTED[name];
  if (DOCUMENTED[bare]) return DOCUMENTED[bare];
  const found = new Map<string, string>();
  for (const c of contacts) attributePaths("contact.custom_attributes", c.custom_attributes, found, 0);
  return found.get(name) ?? found.get(bare) ?? null;
}
