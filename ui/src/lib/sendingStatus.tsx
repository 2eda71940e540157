// What stops the engine from sending now (offline, all paused, keyring locked…), kept current
// from what the engine pushes. One provider owns it for the window; every banner, row and card
// reads it; null until known, and when no engine runs in this window.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { SendingStatus } from "../api/generated";
import { call } from "../api/ipc";
import { subscribeThenLoad } from "./subscribeThenLoad";

const SendingStatusContext = createContext<SendingStatus | null>(null);

export function SendingStatusProvider({ children }: { children: ReactNode }) {
  const [sending, setSending] = useState<SendingStatus | null>(null);
  useEffect(
    () =>
      subscribeThenLoad(
        (event) => {
          if (event.kind === "sending_status_changed") setSending(event.status);
        },
        (isActive) => {
          call("sending_status")
            .then((status) => isActive() && setSending((current) => current ?? status))
            .catch(() => undefined); // no engine (another process sends): nothing to show here
        },
      ),
    [],
  );
  return <SendingStatusContext.Provider value={sending}>{children}</SendingStatusContext.Provider>;
}

export function useSendingStatus(): SendingStatus | null {
  return useContext(SendingStatusContext);
}
