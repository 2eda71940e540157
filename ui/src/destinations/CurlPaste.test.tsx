import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurlProposal } from "../api/generated";
import { blankDestination } from "./DestinationForm";
import { CurlPaste } from "./CurlPaste";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const proposal: CurlProposal = {
  destination: {
    ...blankDestination(),
    name: "HubSpot contacts",
    endpoint: "https://api.hubapi.com/crm/v3/objects/contacts",
    test: { bindings: {}, payload: "{\n  email: 'zoe@example.com'\n}" },
  },
  auth: { name: "HubSpot token", settings: { kind: "bearer" }, found_in: "the Authorization header", secret_mask: "••••cdef" },
  suggestions: [
    { path: "email", literal: "zoe@example.com", expression: "contact.custom_attributes.email", reason: "it looks like an email address", applied: false },
  ],
  unmapped: [{ item: "-s", reason: "A cURL display or transfer option with no meaning for a destination; left out" }],
  issues: [],
};

beforeEach(() => {
  invoke.mockReset();
  invoke.mockImplementation(async (command: string, args: { bind?: string[] }) => {
    if (command === "curl_import_parse") {
      const bound = args.bind?.includes("email") ?? false;
      return {
        ...proposal,
        suggestions: proposal.suggestions.map((s) => ({ ...s, applied: bound })),
        destination: {
          ...proposal.destination,
          test: { bindings: {}, payload: bound ? "{\n  email: contact.custom_attributes.email\n}" : proposal.destination.test.payload },
        },
      };
    }
    if (command === "curl_import_create_auth") return { id: "auth_01", name: "HubSpot token", settings: { kind: "bearer" }, secrets: [], created_at: "", updated_at: "" };
    throw new Error(`unexpected command ${command}`);
  });
});

describe("CurlPaste", () => {
  it("shows what will be created and what was not mapped, then fills the form with the new auth config", async () => {
    const onApply = vi.fn();
    render(<CurlPaste onApply={onApply} />);
    await userEvent.click(screen.getByTestId("paste-curl"));
    const text = "curl -sS https://api.hubapi.com/crm/v3/objects/contacts -H 'Authorization: Bearer pat-0123456789abcdef' --json '{}'";
    fireEvent.change(screen.getByLabelText("cURL command"), { target: { value: text } });

    const auth = await screen.findByTestId("curl-auth");
    expect(auth.textContent).toContain("••••cdef");
    expect(screen.getByTestId("curl-unmapped").textContent).toContain("-s");

    await userEvent.click(screen.getByRole("checkbox"));
    await waitFor(() => expect(screen.getByTestId("curl-payload").textContent).toContain("contact.custom_attributes.email"));
    expect(invoke).toHaveBeenLastCalledWith("curl_import_parse", { text, bind: ["email"] });

    await userEvent.click(screen.getByTestId("curl-apply"));
    await waitFor(() => expect(onApply).toHaveBeenCalled());
    expect(invoke).toHaveBeenCalledWith("curl_import_create_auth", { text });
    expect(onApply.mock.calls[0]?.[0]).toMatchObject({ name: "HubSpot contacts", auth_id: "auth_01" });
  });
});
