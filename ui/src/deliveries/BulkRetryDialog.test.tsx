import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryFilter } from "../api/generated";
import { deliverySummary as summary } from "../test/deliveries";
import { push } from "../test/eventChannel";
import { BulkRetryDialog } from "./BulkRetryDialog";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => import("../test/eventChannel"));

const filter: DeliveryFilter = {
  categories: ["server_error"],
  pending: false,
  destination_id: null,
  rule_id: null,
  since: null,
  until: null,
  text: null,
};

beforeEach(() => {
  invoke.mockReset();
  invoke.mockImplementation(async (command: string, args: { ids?: string[] }) => {
    if (command === "delivery_failed_ids") return ["dlv_a", "dlv_b", "dlv_c"];
    if (command === "delivery_retry_many") return { retried: args.ids?.length ?? 0, skipped: [] };
    if (command === "delivery_summaries")
      // What is stored now: a finished, b failed again, c's retry still on its way.
      return [summary("dlv_a", 5, "succeeded"), summary("dlv_b", 5, "failed"), summary("dlv_c", 4, "in_flight")];
    throw new Error(`unexpected command ${command}`);
  });
});

describe("BulkRetryDialog", () => {
  it("tallies pushed batches, and reads its deliveries again when changes were missed", async () => {
    render(<BulkRetryDialog open filter={filter} onClose={() => undefined} />);
    await userEvent.click(await screen.findByRole("button", { name: "Retry 3" }));
    await screen.findByTestId("bulk-retry-result");
    const outcome = () => screen.getByTestId("bulk-retry-outcome").textContent;
    expect(outcome()).toBe("0 delivered · 0 failed again · 3 still on their way");

    // One message for several deliveries; an older change of a arriving late is not taken.
    act(() =>
      push({
        kind: "deliveries_changed",
        deliveries: [summary("dlv_a", 5, "succeeded"), summary("dlv_c", 4, "in_flight"), summary("dlv_a", 4, "in_flight")],
      }),
    );
    expect(outcome()).toBe("1 delivered · 0 failed again · 2 still on their way");
    expect(invoke).not.toHaveBeenCalledWith("delivery_summaries", expect.anything());

    // The window fell behind: b's answer was among what it missed.
    await act(async () => push({ kind: "updates_missed", count: 12 }));
    expect(invoke).toHaveBeenCalledWith("delivery_summaries", { ids: ["dlv_a", "dlv_b", "dlv_c"] });
    expect(outcome()).toBe("1 delivered · 1 failed again · 1 still on their way");
  });
});
