// How long deliveries are kept. Older finished deliveries are pruned in the background.
import { useEffect, useState } from "react";
import type { AppError } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button, Field } from "../design/primitives";
import { useToasts } from "../design/toasts";

export function RetentionDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [days, setDays] = useState("");
  const [error, setError] = useState<string | null>(null);
  const toasts = useToasts();

  useEffect(() => {
    if (!open) return;
    call("delivery_retention_get")
      .then((s) => {
        setDays(String(s.days));
        setError(null);
      })
      .catch((e: AppError) => setError(e.message));
  }, [open]);

  const save = () => {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 3650) {
      setError("A whole number of days from 1 to 3650");
      return;
    }
    call("delivery_retention_set", { setting: { days: n } })
      .then(() => {
        toasts.show(`Deliveries are kept for ${n} days. Older finished ones are being deleted in the background.`, "success");
        onClose();
      })
      .catch((e: AppError) => setError(e.message));
  };

  return (
    <Dialog
      open={open}
      title="Keep deliveries for"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={save}>
            Save
          </Button>
        </>
      }
    >
      <Field
        id="retention-days"
        label="Days"
        hint="Finished deliveries older than this are deleted with their attempts, in the background. Scheduled ones are kept."
        error={error}
      >
        <input
          id="retention-days"
          className="input"
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </Field>
    </Dialog>
  );
}
