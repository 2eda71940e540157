// What stops the engine from sending now (offline, all paused, keyring locked…), kept current
// from what the engine pushes; null until known, and when no engine runs in this window.
import { useEffect, useState } from "react";
import { onAppEvent } from "../api/events";
import type { SendingStatus } from "../api/generated";
import { call } from "../api/ipc";

export function useSendingStatus(): SendingStatus | null {
  const [sending, setSending] = useState<SendingStatus | null>(null);
  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | undefined;
    // Subscribe before asking, so a change that lands in between is not missed.
    onAppEvent((event) => {
      if (event.kind === "sending_status_changed") setSending(event.status);
    })
      .then((stop) => {
        if (active) unsubscribe = stop;
        else stop();
      })
      .catch(() => undefined)
      .finally(() => {
        call("sending_status")
          .then((status) => active && setSending((current) => current ?? status))
          .catch(() => undefined); // no engine (another process sends): nothing to show here
      });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);
  return sending;
}
