import { describe, expect, it } from "vitest";
import type { Contact } from "../api/generated";
import { charToUtf16, contextPaths } from "./contextPaths";

const contact = (attrs: Record<string, unknown>): Contact => ({
  id: "ct_x",
  phone: null,
  first_name: null,
  last_name: null,
  entry_point: null,
  tags: [],
  custom_attributes: attrs,
  subscriptions: { transactional: "subscribed", marketing: "subscribed" },
});

describe("contextPaths", () => {
  it("offers documented paths and every custom attribute key, nested", () => {
    const paths = contextPaths([contact({ email: "a", loyalty: { tier: "gold" } }), contact({ "odd key": 1 })], {
      id: "t",
      name: "T",
      custom_attributes: { store_name: "S" },
    });
    expect(paths).toContain("contact.first_name");
    expect(paths).toContain("contact.custom_attributes.email");
    expect(paths).toContain("contact.custom_attributes.loyalty.tier");
    expect(paths).toContain('contact.custom_attributes."odd key"');
    expect(paths).toContain("team.custom_attributes.store_name");
    expect(paths).toContain("event.type");
  });

  it("converts character offsets to CodeMirror positions across emoji", () => {
    expect(charToUtf16("🌸ab", 1)).toBe(2);
    expect(charToUtf16("abc", 2)).toBe(2);
  });
});
