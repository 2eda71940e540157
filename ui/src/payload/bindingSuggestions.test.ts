import { describe, expect, it } from "vitest";
import type { Contact } from "../api/generated";
import { suggestBinding } from "./bindingSuggestions";

const contacts = [
  { id: "ct_1", custom_attributes: { email: "zoe@example.com", loyalty: { tier: "gold" } } },
  { id: "ct_2", custom_attributes: { email: null, company: { name: "O'Neill & Sons" } } },
] as unknown as Contact[];

describe("suggestBinding", () => {
  it("binds documented fields by name", () => {
    expect(suggestBinding("contact_id", contacts)).toBe("contact.id");
    expect(suggestBinding("phone", contacts)).toBe("contact.phone");
  });
  it("finds attribute keys the samples have, at any depth", () => {
    expect(suggestBinding("email", contacts)).toBe("contact.custom_attributes.email");
    expect(suggestBinding("contact_email", contacts)).toBe("contact.custom_attributes.email");
    expect(suggestBinding("tier", contacts)).toBe("contact.custom_attributes.loyalty.tier");
  });
  it("does not guess a path the samples do not have", () => {
    expect(suggestBinding("list_id", contacts)).toBeNull();
  });
});
