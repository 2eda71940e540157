// Subscribes to what the core pushes to the window (one channel, tagged by `kind`).
import { listen } from "@tauri-apps/api/event";
import { APP_EVENT_CHANNEL, type WindowEvent } from "./generated";

export type Unsubscribe = () => void;

export async function onAppEvent(handler: (event: WindowEvent) => void): Promise<Unsubscribe> {
  return listen<WindowEvent>(APP_EVENT_CHANNEL, (message) => handler(message.payload));
}
