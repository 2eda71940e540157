import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { push } from "../test/eventChannel";
import { ToastProvider } from "../design/toasts";
import { SendingStatusProvider } from "../lib/sendingStatus";
import { SendingBanner } from "./SendingBanner";

const invoke = vi.fn();
// The fields of a status with nothing paused and the keyring open.
const calm = { paused: false, paused_waiting: 0, keyring_locked: false, keyring_waiting: 0 };
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => import("../test/eventChannel"));

beforeEach(() => {
  invoke.mockReset();
});

describe("SendingBanner", () => {
  it("says how many deliveries wait while offline, and goes away when the network is back", async () => {
    invoke.mockResolvedValue({ offline: true, waiting: 3, storage_problem: null, sent_elsewhere: false, ...calm });
    render(
      <ToastProvider>
        <SendingStatusProvider>
          <SendingBanner />
        </SendingStatusProvider>
      </ToastProvider>,
    );
    expect(await screen.findByText("Offline: 3 deliveries waiting")).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith("sending_status", {});

    act(() => push({ kind: "sending_status_changed", status: { offline: true, waiting: 1, storage_problem: null, sent_elsewhere: false, ...calm } }));
    expect(screen.getByText("Offline: 1 delivery waiting")).toBeTruthy();

    act(() => push({ kind: "sending_status_changed", status: { offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false, ...calm } }));
    expect(screen.queryByTestId("offline-banner")).toBeNull();
  });

  it("shows nothing while the engine can send", async () => {
    invoke.mockResolvedValue({ offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false, ...calm });
    render(
      <ToastProvider>
        <SendingStatusProvider>
          <SendingBanner />
        </SendingStatusProvider>
      </ToastProvider>,
    );
    await act(async () => undefined);
    expect(screen.queryByTestId("offline-banner")).toBeNull();
  });

  it("says when answered attempts cannot be saved, and that nothing is lost", async () => {
    invoke.mockResolvedValue({ offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false, ...calm });
    render(
      <ToastProvider>
        <SendingStatusProvider>
          <SendingBanner />
        </SendingStatusProvider>
      </ToastProvider>,
    );
    await act(async () => undefined);
    act(() =>
      push({
        kind: "sending_status_changed",
        status: { offline: false, waiting: 0, storage_problem: "database error: database is locked", sent_elsewhere: false, ...calm },
      }),
    );
    expect(screen.getByText("Sending is paused: results cannot be saved")).toBeTruthy();
    expect(screen.getByText("database error: database is locked")).toBeTruthy();
  });

  it("says when all sending is paused, and resumes it from the banner", async () => {
    invoke.mockResolvedValue({ offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false, ...calm, paused: true, paused_waiting: 2 });
    render(
      <ToastProvider>
        <SendingStatusProvider>
          <SendingBanner />
        </SendingStatusProvider>
      </ToastProvider>,
    );
    expect(await screen.findByText("All sending is paused: 2 deliveries waiting")).toBeTruthy();
    invoke.mockResolvedValue(null);
    await act(async () => screen.getByRole("button", { name: "Resume sending" }).click());
    expect(invoke).toHaveBeenCalledWith("sending_set_paused", { paused: false });
  });

  it("says when deliveries wait for a locked keyring", async () => {
    invoke.mockResolvedValue({ offline: false, waiting: 0, storage_problem: null, sent_elsewhere: false, ...calm, keyring_locked: true, keyring_waiting: 1 });
    render(
      <ToastProvider>
        <SendingStatusProvider>
          <SendingBanner />
        </SendingStatusProvider>
      </ToastProvider>,
    );
    expect(await screen.findByText("Keyring locked: 1 delivery waiting")).toBeTruthy();
  });
});
