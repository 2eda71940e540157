// Subscribes to the core's pushed events (one channel, tagged by `kind`).
import { listen } from "@tauri-apps/api/event";
import { APP_EVENT_CHANNEL, type AppEvent } from "./generated";

export type Unsubscribe = () => void;

export async function onAppEvent(handler: (event: AppEvent) => void): Promise<Unsubscribe> {
  return listen<AppEvent>(APP_EVENT_CHANNEL, (message) => handler(message.payload));
}
