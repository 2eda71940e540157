// Bulk retry of the filtered failed deliveries: how many first, then batches with a progress
// bar, then what was retried and what could not be (and why).
import { useEffect, useState } from "react";
import type { AppError, BulkRetrySkip, DeliveryFilter, DeliveryId } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button } from "../design/primitives";
import { formatCount } from "./format";

const BATCH = 25;

type Phase =
  | { step: "counting" }
  | { step: "confirm"; ids: DeliveryId[] }
  | { step: "running"; done: number; total: number }
  | { step: "done"; retried: number; skipped: BulkRetrySkip[] }
  | { step: "error"; error: AppError };

export function BulkRetryDialog({ open, filter, onClose }: { open: boolean; filter: DeliveryFilter; onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>({ step: "counting" });

  useEffect(() => {
    if (!open) return;
    let live = true;
    call("delivery_failed_ids", { filter })
      .then((ids) => live && setPhase({ step: "confirm", ids }))
      .catch((error: AppError) => live && setPhase({ step: "error", error }));
    return () => {
      live = false;
      setPhase({ step: "counting" });
    };
  }, [open, filter]);

  const run = async (ids: DeliveryId[]) => {
    let retried = 0;
    const skipped: BulkRetrySkip[] = [];
    setPhase({ step: "running", done: 0, total: ids.length });
    for (let i = 0; i < ids.length; i += BATCH) {
      try {
        const r = await call("delivery_retry_many", { ids: ids.slice(i, i + BATCH) });
        retried += r.retried;
        skipped.push(...r.skipped);
      } catch (e) {
        setPhase({ step: "error", error: e as AppError });
        return;
      }
      setPhase({ step: "running", done: Math.min(ids.length, i + BATCH), total: ids.length });
    }
    setPhase({ step: "done", retried, skipped });
  };

  return (
    <Dialog
      open={open}
      title="Retry failed deliveries"
      onClose={onClose}
      actions={
        phase.step === "confirm" && phase.ids.length > 0 ? (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={() => void run(phase.ids)}>
              Retry {formatCount(phase.ids.length)}
            </Button>
          </>
        ) : (
          <Button onClick={onClose} disabled={phase.step === "running"}>
            Close
          </Button>
        )
      }
    >
      {phase.step === "counting" ? <p className="muted">Finding the failed deliveries of this filter…</p> : null}
      {phase.step === "confirm" ? (
        phase.ids.length === 0 ? (
          <p>No failed delivery in the current filter.</p>
        ) : (
          <p>
            {formatCount(phase.ids.length)} failed deliver{phase.ids.length === 1 ? "y" : "ies"} in the current filter
            will each get a new attempt of the same request now (marked manual).
          </p>
        )
      ) : null}
      {phase.step === "running" ? (
        <div className="stack">
          <progress max={phase.total} value={phase.done} aria-label="Retry progress" />
          <p aria-live="polite">
            {formatCount(phase.done)} of {formatCount(phase.total)} queued
          </p>
        </div>
      ) : null}
      {phase.step === "done" ? (
        <div className="stack" data-testid="bulk-retry-result">
          <p>
            <strong>{formatCount(phase.retried)}</strong> retried
            {phase.skipped.length ? `, ${formatCount(phase.skipped.length)} not retried:` : "."}
          </p>
          {phase.skipped.length ? (
            <ul className="report-list">
              {phase.skipped.slice(0, 20).map((s) => (
                <li key={s.id}>
                  <span className="mono">{s.id}</span>: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {phase.step === "error" ? <p className="error-text">{phase.error.message}</p> : null}
    </Dialog>
  );
}
