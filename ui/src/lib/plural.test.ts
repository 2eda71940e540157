import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, "delivery", "deliveries")).toBe("1 delivery");
    expect(plural(0, "delivery", "deliveries")).toBe("0 deliveries");
    expect(plural(2, "rule")).toBe("2 rules");
  });
});
