// Replay: the event is rendered again with today's destination, contact and credentials. The
// dialog shows what would change against the original request before anything is sent.
import { useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import type { AppError, ReplayPreview, RequestSnapshot } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { prettyJson } from "./format";
import { lineDiff } from "./lineDiff";

function asText(r: RequestSnapshot): string {
  return [
    `${r.method} ${r.url}`,
    `Destination: ${r.destination_name}`,
    `API Auth: ${r.auth_name ?? "none"}`,
    ...r.headers.map((h) => `${h.name}: ${h.value}`),
    "",
    r.body === null ? "(no body)" : (prettyJson(r.body) ?? r.body),
  ].join("\n");
}

export function ReplayDialog({ open, deliveryId, onClose }: { open: boolean; deliveryId: string; onClose: () => void }) {
  const [preview, setPreview] = useState<ReplayPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const navigate = useNavigate();
  const toasts = useToasts();

  useEffect(() => {
    if (!open) return;
    let live = true;
    call("delivery_replay_preview", { id: deliveryId })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setError(null);
      })
      .catch((e: AppError) => live && setError(e.message));
    return () => {
      live = false;
      setPreview(null);
    };
  }, [open, deliveryId]);

  const diff = useMemo(() => (preview ? lineDiff(asText(preview.original), asText(preview.replay)) : []), [preview]);

  const send = () => {
    setSending(true);
    call("delivery_replay", { id: deliveryId })
      .then((d) => {
        toasts.show(`Replay queued as ${d.id}.`, "success");
        onClose();
        navigate(`/deliveries/${d.id}`);
      })
      .catch((e: AppError) => setError(e.message))
      .finally(() => setSending(false));
  };

  return (
    <Dialog
      open={open}
      wide
      title="Replay with today's configuration"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!preview || sending} onClick={send}>
            Send replay
          </Button>
        </>
      }
    >
      {error ? <p className="error-text">{error}</p> : null}
      {!preview && !error ? <p className="muted">Rendering…</p> : null}
      {preview ? (
        <div className="stack">
          <p className="muted">
            {preview.changed
              ? "Lines marked − were in the original request; lines marked + are what a replay sends now."
              : "Nothing changed: the replay sends the same request as the original."}{" "}
            Sending creates a new delivery, linked to this one.
          </p>
          <pre className="code-block diff" data-testid="replay-diff">
            {diff.map((l, i) => (
              <div key={i} className={`diff-${l.kind}`}>
                {l.kind === "removed" ? "− " : l.kind === "added" ? "+ " : "  "}
                {l.text}
              </div>
            ))}
          </pre>
        </div>
      ) : null}
    </Dialog>
  );
}
