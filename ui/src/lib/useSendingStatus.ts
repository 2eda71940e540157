// What stops the engine from sending now (offline, all paused, keyring locked…), kept current
// from what the engine pushes; null until known, and when no engine runs in this window.
import { useEffect, useState } from "react";
import type { SendingStatus } from "../api/generated";
import { call } from "../api/ipc";
import { subscribeThenLoad } from "./subscribeThenLoad";

export function useSendingStatus(): SendingStatus | null {
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
  return sending;
}
