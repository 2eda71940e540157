// Tauri's event channel for unit tests: `vi.mock("@tauri-apps/api/event", () => import(…))`
// makes the component under test listen here, and `push` delivers what the core would send.
import type { WindowEvent } from "../api/generated";

type Handler = (message: { payload: WindowEvent }) => void;
let listener: Handler | null = null;

export async function listen(_channel: string, handler: Handler): Promise<() => void> {
  listener = handler;
  return () => {
    if (listener === handler) listener = null;
  };
}

/** Sends an event to the component listening (none: the event is dropped, as in the app). */
export function push(event: WindowEvent) {
  listener?.({ payload: event });
}
