import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { EndpointField } from "./EndpointField";

describe("EndpointField", () => {
  it("marks each placeholder in place and lists the variables", () => {
    const value = "https://api.example.com/ü/{contact_id}?list={list}";
    const { container } = render(
      <EndpointField
        value={value}
        onChange={() => undefined}
        placeholders={[
          { name: "contact_id", start: 26, end: 38 },
          { name: "list", start: 44, end: 50 },
        ]}
        variables={["contact_id", "list"]}
      />,
    );
    const marks = Array.from(container.querySelectorAll(".template-backdrop mark")).map((m) => m.textContent);
    expect(marks).toEqual(["{contact_id}", "{list}"]);
    expect(container.querySelector(".template-backdrop")?.textContent).toBe(value);
    expect(screen.getByTestId("endpoint-variables").textContent).toContain("contact_idlist");
  });

  it("shows the core's message and marks the character it points at", () => {
    const { container } = render(
      <EndpointField
        value="https://{tenant}.example.com"
        onChange={() => undefined}
        placeholders={[]}
        variables={[]}
        issue={{ field: "endpoint", message: "{tenant} is in the host (at character 9)", position: 8 }}
      />,
    );
    expect(container.querySelector("mark.error")?.textContent).toBe("{");
    expect(screen.getByRole("alert").textContent).toContain("character 9");
    expect(screen.getByLabelText("Endpoint URL").getAttribute("aria-invalid")).toBe("true");
  });
});
