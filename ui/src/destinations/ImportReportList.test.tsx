import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ImportReport } from "../api/generated";
import { ImportReportList } from "./ImportReportList";

const report: ImportReport = {
  items: [
    { item_type: "auth_config", name: "CRM token", outcome: "created", note: "secret needed: enter the token in API Auth before using it", secrets_needed: ["token"] },
    { item_type: "destination", name: "CRM", outcome: "identical", note: "already here with the same settings", secrets_needed: [] },
    { item_type: "rule", name: "VIP to CRM", outcome: "conflicting", note: "\"VIP to CRM\" already exists with other settings; it was left unchanged", secrets_needed: [] },
    { item_type: "contact", name: "Ada Lovelace, +447700900999", outcome: "created", note: "", secrets_needed: [] },
    { item_type: "contact", name: "+4915112345678", outcome: "identical", note: "already here with the same settings", secrets_needed: [] },
    { item_type: "team", name: "Acme Florists", outcome: "created", note: "it replaces the built-in sample team", secrets_needed: [] },
  ],
};

describe("ImportReportList", () => {
  it("shows every kind under its own heading with each item's outcome and note", () => {
    render(<ImportReportList report={report} />);
    const auth = screen.getByRole("region", { name: "API Auth" });
    expect(auth.textContent).toMatch(/Created\s*CRM token.*secret needed/);
    expect(screen.getByRole("region", { name: "API Destinations" }).textContent).toMatch(/Identical\s*CRM/);
    expect(screen.getByRole("region", { name: "Event-Based Rules" }).textContent).toMatch(/Conflict\s*VIP to CRM.*left unchanged/);
    const contacts = screen.getByRole("region", { name: "Sample contacts" });
    expect(within(contacts).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "CreatedAda Lovelace, +447700900999",
      "Identical+4915112345678— already here with the same settings",
    ]);
    expect(screen.getByRole("region", { name: "Team" }).textContent).toMatch(/Created\s*Acme Florists/);
  });

  it("leaves out kinds the file does not hold and says when it holds nothing", () => {
    const { unmount } = render(<ImportReportList report={{ items: report.items.slice(0, 2) }} />);
    expect(screen.queryByRole("region", { name: "Event-Based Rules" })).toBeNull();
    unmount();
    render(<ImportReportList report={{ items: [] }} />);
    expect(screen.getByTestId("import-report").textContent).toBe("The file holds nothing to import.");
  });
});
