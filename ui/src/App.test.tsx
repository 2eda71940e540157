import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppStatus } from "./api/generated";
import { App } from "./App";
import { NAV_ITEMS } from "./app/navigation";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn(async () => () => undefined) }));

function status(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    version: "0.1.0",
    app_id: "app.apidestinations.desktop.dev",
    data_dir: "/home/me/.local/share/app.apidestinations.desktop.dev",
    database: { path: "/home/me/db.sqlite3", schema_version: 1, error: null },
    keyring: { available: true, backend: "Secret Service", message: "Secrets are stored in the system keyring." },
    ...overrides,
  };
}

/** What the deliveries screen's commands answer for an empty log. */
const EMPTY_DELIVERIES: Record<string, unknown> = {
  delivery_list: { items: [], next: null },
  delivery_counts: { total: 0, pending: 0, categories: [], newest_only: null },
  delivery_health: [],
  event_list: { events: [], total: 0, next: null, types: [] },
  // Settings › Log folder.
  log_folder: "/home/me/.local/state/app.apidestinations.desktop.dev/logs",
  // Settings › Background and notifications.
  background_settings_get: {
    quit_on_close: false,
    start_at_login: false,
    notices: { auto_paused: true, exhausted: true, keyring: true },
  },
};

beforeEach(() => {
  invoke.mockReset();
  window.location.hash = "";
});

describe("App", () => {
  it("opens every navigation item's screen", async () => {
    invoke.mockImplementation(async (command: string) =>
      command in EMPTY_DELIVERIES ? EMPTY_DELIVERIES[command] : command.endsWith("_list") ? [] : status(),
    );
    render(<App />);
    const nav = await screen.findByRole("navigation", { name: "Main" });
    for (const item of NAV_ITEMS) {
      await userEvent.click(within(nav).getByRole("link", { name: item.label }));
      expect(screen.getByRole("heading", { level: 1, name: item.label })).toBeTruthy();
      expect(within(nav).getByRole("link", { name: item.label }).getAttribute("aria-current")).toBe("page");
    }
  });

  it("shows the startup error screen, not the app, when the database is too new", async () => {
    invoke.mockResolvedValue(
      status({
        database: {
          path: "/data/db.sqlite3",
          schema_version: null,
          error: { code: "database_too_new", message: "written by a newer version" },
        },
      }),
    );
    render(<App />);
    expect(await screen.findByText(/newer version of API Destinations/)).toBeTruthy();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("warns on every screen when no keyring is reachable", async () => {
    invoke.mockResolvedValue(
      status({ keyring: { available: false, backend: "Secret Service", message: "No D-Bus session." } }),
    );
    render(<App />);
    expect(await screen.findByText("No keyring available: secrets cannot be saved")).toBeTruthy();
    expect(screen.getByText("No D-Bus session.")).toBeTruthy();
  });
});
