// Before a destination with deliveries waiting is disabled or deleted: hold them (the destination
// is paused, so they wait to be resumed, retried or cancelled) or cancel them all.
import { useCallback, useRef, useState, type ReactNode } from "react";
import type { AppError, DestinationView, WaitingChoice } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { plural } from "../lib/plural";

type Asking = { destination: DestinationView; action: "disable" | "delete"; waiting: number };

/** `ask` resolves true when the action may go on (nothing waits, or the user chose). */
export function useWaitingDialog(): { ask: (d: DestinationView, action: Asking["action"]) => Promise<boolean>; dialog: ReactNode } {
  const toasts = useToasts();
  const [asking, setAsking] = useState<Asking | null>(null);
  const answer = useRef<(go: boolean) => void>(() => undefined);

  const ask = useCallback(async (destination: DestinationView, action: Asking["action"]) => {
    let waiting = 0;
    try {
      waiting = await call("destination_waiting", { id: destination.id });
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
      return false;
    }
    if (waiting === 0) return true;
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
      setAsking({ destination, action, waiting });
    });
  }, [toasts]);

  const finish = async (choice: WaitingChoice | null) => {
    const current = asking;
    setAsking(null);
    if (!current || choice === null) return answer.current(false);
    try {
      await call("destination_settle_waiting", { id: current.destination.id, choice });
      answer.current(true);
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
      answer.current(false);
    }
  };

  const verb = asking?.action === "delete" ? "Delete" : "Disable";
  const dialog = (
    <Dialog
      open={asking !== null}
      title={`${asking ? plural(asking.waiting, "delivery", "deliveries") : ""} waiting for “${asking?.destination.input.name ?? ""}”`}
      onClose={() => void finish(null)}
      actions={
        <>
          <Button onClick={() => void finish(null)}>Back</Button>
          <Button data-testid="waiting-cancel" variant="danger" onClick={() => void finish("cancel")}>
            Cancel them and {verb.toLowerCase()}
          </Button>
          <Button data-testid="waiting-hold" variant="primary" onClick={() => void finish("hold")}>
            Hold them and {verb.toLowerCase()}
          </Button>
        </>
      }
    >
      <p>
        These deliveries have not been sent yet. <strong>Hold</strong> keeps them: the destination is paused, and they
        wait until you resume it (or retry or cancel them one by one in API Deliveries). <strong>Cancel</strong> stops
        them for good.
      </p>
    </Dialog>
  );
  return { ask, dialog };
}
