import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BreakableUrl, urlPieces } from "./BreakableUrl";
import { shortenId } from "./ShortId";

describe("BreakableUrl", () => {
  it("cuts only after / ? and &", () => {
    expect(urlPieces("https://api.example.com:42937/contacts/{contact_email}?delay_ms=5&x=1")).toEqual([
      "https://",
      "api.example.com:42937/",
      "contacts/",
      "{contact_email}?",
      "delay_ms=5&",
      "x=1",
    ]);
  });

  it("keeps the whole text and offers a break only between pieces", () => {
    const url = "http://127.0.0.1:4293/leads/{email}?a=1";
    const { container } = render(<BreakableUrl url={url} />);
    expect(container.textContent).toBe(url);
    expect(container.querySelectorAll("wbr")).toHaveLength(4);
    for (const piece of container.querySelectorAll(".nowrap")) expect(piece.textContent).not.toMatch(/[/?&][^/?&]/);
  });
});

describe("shortenId", () => {
  it("keeps the prefix, the start and the end", () => {
    expect(shortenId("dlv_01jfz3k9x8y7w6v5t4s3r2q1p0")).toBe("dlv_01jf…q1p0");
    expect(shortenId("ext-42")).toBe("ext-42");
  });
});
