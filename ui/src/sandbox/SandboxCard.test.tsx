import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SandboxRequest, SandboxStatus } from "../api/generated";
import { push } from "../test/eventChannel";
import { ToastProvider } from "../design/toasts";
import { SandboxCard } from "./SandboxCard";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => import("../test/eventChannel"));

const off: SandboxStatus = { enabled: false, running: false, port: 47811, url: null, destination_id: null, error: null };
const on: SandboxStatus = {
  enabled: true,
  running: true,
  port: 47811,
  url: "http://127.0.0.1:47811",
  destination_id: "dst_01hzzzzzzzzzzzzzzzzzzzzzzz",
  error: null,
};

function request(id: string, path: string, status: number): SandboxRequest {
  return {
    id,
    method: "POST",
    path,
    headers: [{ name: "authorization", value: "Bearer ••••" }],
    body: '{"a":1}',
    body_size: 7,
    body_truncated: false,
    received_at: 0,
    status,
  };
}

function renderCard() {
  return render(
    <MemoryRouter>
      <ToastProvider>
        <SandboxCard />
      </ToastProvider>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  invoke.mockReset();
});

describe("SandboxCard", () => {
  it("switches the receiver on at the port typed and links to its destination", async () => {
    invoke.mockImplementation(async (command: string, args: { port?: number }) => {
      if (command === "sandbox_status") return off;
      if (command === "sandbox_requests") return [];
      if (command === "sandbox_set_enabled") return { ...on, port: args.port, url: `http://127.0.0.1:${args.port}` };
      throw new Error(command);
    });
    renderCard();
    const port = await screen.findByLabelText("Port");
    await userEvent.clear(port);
    await userEvent.type(port, "50123");
    await userEvent.click(screen.getByRole("switch", { name: "Run the sandbox receiver" }));
    expect(invoke).toHaveBeenCalledWith("sandbox_set_enabled", { enabled: true, port: 50123 });
    expect((await screen.findByTestId("sandbox-url")).textContent).toContain("http://127.0.0.1:50123");
    expect((screen.getByRole("switch") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole("link", { name: "Open the Sandbox destination" }).getAttribute("href")).toBe(
      "/destinations/dst_01hzzzzzzzzzzzzzzzzzzzzzzz",
    );
  });

  it("shows a busy port's message and leaves the switch off", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "sandbox_status") return off;
      if (command === "sandbox_requests") return [];
      throw { code: "conflict", message: "Port 47811 is already in use by another program." };
    });
    renderCard();
    await userEvent.click(await screen.findByRole("switch"));
    expect((await screen.findByRole("alert")).textContent).toContain("Port 47811 is already in use");
    expect((screen.getByRole("switch") as HTMLInputElement).checked).toBe(false);
  });

  it("lists requests newest first, adds pushed ones, and unfolds one on click", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "sandbox_status") return on;
      if (command === "sandbox_requests") return [request("sbx_1", "/contacts/a", 200)];
      return null;
    });
    renderCard();
    const list = await screen.findByTestId("sandbox-requests");
    await within(list).findByText("/contacts/a");
    act(() => push({ kind: "sandbox_request_received", request: request("sbx_2", "/status/503", 503) }));
    const rows = within(list).getAllByRole("button", { expanded: false });
    expect(rows[0]!.textContent).toContain("/status/503");
    expect(rows[1]!.textContent).toContain("/contacts/a");
    await userEvent.click(rows[0]!);
    expect(within(list).getByText("Bearer ••••")).toBeTruthy();
    await userEvent.click(within(list).getByRole("button", { name: "Clear" }));
    expect(invoke).toHaveBeenCalledWith("sandbox_clear", {});
    expect(await within(list).findByText(/Nothing received yet/)).toBeTruthy();
  });
});
