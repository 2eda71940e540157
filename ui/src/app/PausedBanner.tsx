// "Sending is paused" (from the tray or this banner), with the way back: Resume sending.
import { useState } from "react";
import type { AppError } from "../api/generated";
import { call } from "../api/ipc";
import { Banner, Button } from "../design/primitives";
import { useToasts } from "../design/toasts";

export function PausedBanner({ waiting }: { waiting: number }) {
  const toasts = useToasts();
  const [busy, setBusy] = useState(false);
  const resume = async () => {
    setBusy(true);
    try {
      await call("sending_set_paused", { paused: false });
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ padding: "16px 32px 0" }} data-testid="paused-banner">
      <Banner
        tone="info"
        title={`All sending is paused: ${waiting} ${waiting === 1 ? "delivery" : "deliveries"} waiting`}
        actions={
          <Button onClick={resume} disabled={busy} aria-busy={busy}>
            Resume sending
          </Button>
        }
      >
        <div>New events still make deliveries; they wait and go out, spread out, once sending resumes.</div>
      </Banner>
    </div>
  );
}
