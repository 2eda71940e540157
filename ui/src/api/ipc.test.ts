import { describe, expect, it, vi } from "vitest";
import { call, isAppError, toAppError } from "./ipc";

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(async (command: string) => {
    if (command === "keyring_check") {
      throw { code: "keyring_unavailable", message: "locked" };
    }
    throw "plain failure";
  }),
}));

describe("toAppError", () => {
  it("keeps a structured error from a command", () => {
    expect(toAppError({ code: "conflict", message: "name taken" })).toEqual({
      code: "conflict",
      message: "name taken",
    });
  });

  it("turns unknown codes and bare strings into internal errors", () => {
    expect(toAppError({ code: "made_up", message: "x" }).code).toBe("internal");
    expect(toAppError("boom")).toEqual({ code: "internal", message: "boom" });
    expect(toAppError(new Error("bad"))).toEqual({ code: "internal", message: "bad" });
  });
});

describe("call", () => {
  it("rejects with the command's AppError", async () => {
    await expect(call("keyring_check")).rejects.toEqual({
      code: "keyring_unavailable",
      message: "locked",
    });
  });

  it("rejects with an internal AppError when the command threw a string", async () => {
    const error: unknown = await call("app_status").catch((e: unknown) => e);
    expect(isAppError(error)).toBe(true);
    expect(error).toEqual({ code: "internal", message: "plain failure" });
  });
});
