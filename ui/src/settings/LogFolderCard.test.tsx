import { render, screen, fireEvent, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

import { ToastProvider } from "../design/toasts";
import { LogFolderCard } from "./LogFolderCard";

describe("LogFolderCard", () => {
  beforeEach(() => invoke.mockReset());

  it("shows the log folder and opens it", async () => {
    invoke.mockImplementation(async (command: string) =>
      command === "log_folder" ? "/home/ada/.local/state/app/logs" : null,
    );
    render(
      <ToastProvider>
        <LogFolderCard />
      </ToastProvider>,
    );
    expect((await screen.findByTestId("log-folder")).textContent).toBe("/home/ada/.local/state/app/logs");
    fireEvent.click(screen.getByRole("button", { name: "Open log folder" }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith("log_folder_open", {}));
  });

  it("says why the folder cannot be opened", async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === "log_folder") return "/logs";
      if (command === "log_folder_open") throw { code: "internal", message: "The file manager could not open /logs" };
      return null;
    });
    render(
      <ToastProvider>
        <LogFolderCard />
      </ToastProvider>,
    );
    await screen.findByTestId("log-folder");
    fireEvent.click(screen.getByRole("button", { name: "Open log folder" }));
    expect((await screen.findByText(/could not open \/logs/)).textContent).toContain("file manager");
  });
});
