import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { push } from "../test/eventChannel";
import { SendingBanner } from "./SendingBanner";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => import("../test/eventChannel"));

beforeEach(() => {
  invoke.mockReset();
});

describe("SendingBanner", () => {
  it("says how many deliveries wait while offline, and goes away when the network is back", async () => {
    invoke.mockResolvedValue({ offline: true, waiting: 3, storage_problem: null, sent_elsewhere: false });
    render(<SendingBanner />);
    expect(await screen.findByText("Offline: 3 deliveries waiting")).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("sending_status", {});

    act(() => push({ kind: "sending_status_changed", status: { offline: true, waiting: 1, storage_problem: null, sent_elsewhere: false } }));
    expect(screen.getByText("Offline: 1 delivery waiting")).toBeTruthy();

    act(() => push({ kind: "sending_status_changed", status: { offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false } }));
    expect(screen.queryByTestId("offline-banner")).toBeNull();
  });

  it("shows nothing while the engine can send", async () => {
    invoke.mockResolvedValue({ offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false });
    render(<SendingBanner />);
    await act(async () => undefined);
    expect(screen.queryByTestId("offline-banner")).toBeNull();
  });

  it("says when answered attempts cannot be saved, and that nothing is lost", async () => {
    invoke.mockResolvedValue({ offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false });
    render(<SendingBanner />);
    await act(async () => undefined);
    act(() =>
      push({
        kind: "sending_status_changed",
        status: { offline: false, waiting: 0, storage_problem: "database error: database is locked", sent_elsewhere: false },
      }),
    );
    expect(screen.getByText("Sending is paused: results cannot be saved")).toBeTruthy();
    expect(screen.getByText("database error: database is locked")).toBeTruthy();
  });
});
