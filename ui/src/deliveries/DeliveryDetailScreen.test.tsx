import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryDetail, DeliveryState } from "../api/generated";
import { ToastProvider } from "../design/toasts";
import { deliverySummary } from "../test/deliveries";
import { DeliveryDetailScreen } from "./DeliveryDetailScreen";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => import("../test/eventChannel"));

function detail(state: DeliveryState): DeliveryDetail {
  return {
    summary: deliverySummary("dlv_1", 3, state, Date.UTC(2026, 10, 28)),
    headers: [],
    body: "{}",
    auth: null,
    timeout_secs: 30,
    payload_expression: "@",
    bindings: {},
    replay_of: null,
    replays: [],
    attempts: [],
  };
}

function showDelivery(state: DeliveryState) {
  invoke.mockImplementation(async (command: string) => {
    if (command === "delivery_get") return detail(state);
    if (command === "delivery_retry_now") return null;
    throw new Error(`unexpected command ${String(command)}`);
  });
  render(
    <ToastProvider>
      <MemoryRouter initialEntries={["/deliveries/dlv_1"]}>
        <Routes>
          <Route path="/deliveries/:id" element={<DeliveryDetailScreen />} />
        </Routes>
      </MemoryRouter>
    </ToastProvider>,
  );
}

const retried = () => invoke.mock.calls.filter(([command]) => command === "delivery_retry_now");

beforeEach(() => {
  invoke.mockReset();
});

describe("Retry now", () => {
  it("on a delivered delivery is a plain button that asks first and says it sends again", async () => {
    showDelivery("succeeded");
    const retry = await screen.findByRole("button", { name: "Retry now" });
    expect(retry.className).not.toMatch(/primary/);

    // Cancelled: nothing is sent.
    await userEvent.click(retry);
    let dialog = await screen.findByRole("dialog", { name: "Send this delivery again?" });
    expect(within(dialog).getByTestId("retry-delivered-warning").textContent).toMatch(/already succeeded.*again/);
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(retried()).toHaveLength(0);

    // Confirmed: sent once.
    await userEvent.click(retry);
    dialog = await screen.findByRole("dialog", { name: "Send this delivery again?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Send again" }));
    expect(retried()).toEqual([["delivery_retry_now", { id: "dlv_1" }]]);
    expect(await screen.findByText("Retrying now.")).toBeTruthy();
  });

  it("on a failed delivery is the primary action and sends at once", async () => {
    showDelivery("failed");
    const retry = await screen.findByRole("button", { name: "Retry now" });
    expect(retry.className).toMatch(/primary/);
    await userEvent.click(retry);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(retried()).toEqual([["delivery_retry_now", { id: "dlv_1" }]]);
  });
});
