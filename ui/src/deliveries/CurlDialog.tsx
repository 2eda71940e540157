// "Copy as cURL": the command shown (so it can be read before pasting) and copied. Credentials
// appear masked as ••••; the core builds it from what the attempt recorded.
import { useEffect, useState } from "react";
import type { AppError } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button } from "../design/primitives";
import { useToasts } from "../design/toasts";

export function CurlDialog(props: { open: boolean; deliveryId: string; attemptId: string | null; onClose: () => void }) {
  const { open, deliveryId, attemptId } = props;
  const [command, setCommand] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toasts = useToasts();

  useEffect(() => {
    if (!open) return;
    let live = true;
    call("delivery_curl", { id: deliveryId, attemptId })
      .then((c) => {
        if (!live) return;
        setCommand(c);
        setError(null);
        navigator.clipboard?.writeText(c).catch(() => undefined);
      })
      .catch((e: AppError) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [open, deliveryId, attemptId]);

  return (
    <Dialog
      open={open}
      wide
      title="Copy as cURL"
      onClose={props.onClose}
      actions={
        <>
          <Button
            onClick={() =>
              navigator.clipboard
                ?.writeText(command ?? "")
                .then(() => toasts.show("cURL command copied.", "success"))
                .catch(() => toasts.show("The clipboard refused the copy.", "danger"))
            }
          >
            Copy again
          </Button>
          <Button variant="primary" onClick={props.onClose}>
            Done
          </Button>
        </>
      }
    >
      <p className="muted">Copied to the clipboard. Secrets are masked as ••••: put your own in before running it.</p>
      {error ? <p className="error-text">{error}</p> : null}
      <pre className="code-block" data-testid="curl-command">
        {command ?? "…"}
      </pre>
    </Dialog>
  );
}
