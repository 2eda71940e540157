// How a contact is named on screen: "First Last", else the phone number, else the id.
import type { Contact } from "../api/generated";

export function contactName(c: Contact): string {
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ");
  return name || c.phone || c.id;
}
