// Typed calls to the Rust commands. Every failure becomes an AppError `{code, message}`.
import { invoke } from "@tauri-apps/api/core";
import type { AppError, Commands, ErrorCode } from "./generated";

const ERROR_CODES: readonly ErrorCode[] = [
  "validation",
  "not_found",
  "conflict",
  "database_unavailable",
  "database_not_a_database",
  "database_too_new",
  "keyring_unavailable",
  "secret_missing",
  "internal",
];

/** Normalises whatever a command rejected with into an AppError. */
export function toAppError(raw: unknown): AppError {
  if (typeof raw === "object" && raw !== null && "code" in raw && "message" in raw) {
    const { code, message } = raw as { code: unknown; message: unknown };
    if (ERROR_CODES.includes(code as ErrorCode) && typeof message === "string") {
      return { code: code as ErrorCode, message };
    }
  }
  const message = raw instanceof Error ? raw.message : String(raw);
  return { code: "internal", message };
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    ERROR_CODES.includes((value as AppError).code) &&
    typeof (value as AppError).message === "string"
  );
}

declare global {
  interface Window {
    /** Set to an array by the end-to-end tests, which check that no response carries a secret. */
    __APIDEST_IPC_RECORDER__?: string[];
  }
}

function record(outcome: unknown): void {
  window.__APIDEST_IPC_RECORDER__?.push(JSON.stringify(outcome ?? null));
}

export async function call<K extends keyof Commands>(
  command: K,
  ...args: Commands[K]["args"] extends Record<string, never> ? [] : [Commands[K]["args"]]
): Promise<Commands[K]["result"]> {
  try {
    const result = await invoke<Commands[K]["result"]>(command, args[0] ?? {});
    record(result);
    return result;
  } catch (raw) {
    record(raw);
    throw toAppError(raw);
  }
}
