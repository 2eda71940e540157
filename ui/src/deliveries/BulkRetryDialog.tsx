// Bulk retry of the filtered failed deliveries: how many first, then batches with a progress
// bar, then what was queued and what could not be (and why), and, live from the engine's pushed
// changes, how the new attempts came out.
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { AppError, BulkRetrySkip, DeliveryFilter, DeliveryId, DeliverySummary } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { ShortId } from "../design/ShortId";
import { Button } from "../design/primitives";
import { tallyOutcome } from "./bulkOutcome";
import { formatCount } from "./format";
import { recordNewest } from "./livePatch";
import { useDeliveryEvents } from "./useDeliveryEvents";

const BATCH = 25;

type Phase =
  | { step: "counting" }
  | { step: "confirm"; ids: DeliveryId[] }
  | { step: "running"; done: number; total: number }
  | { step: "done"; retried: DeliveryId[]; skipped: BulkRetrySkip[] }
  | { step: "error"; error: AppError };

export function BulkRetryDialog({ open, filter, onClose }: { open: boolean; filter: DeliveryFilter; onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>({ step: "counting" });
  // The states pushed for the deliveries of this run since it started (not before: until then
  // they are the old failures).
  const watching = useRef<Set<string>>(new Set());
  const [latest, setLatest] = useState<ReadonlyMap<string, DeliverySummary>>(new Map());

  const record = (changed: DeliverySummary[]) => {
    const ours = changed.filter((d) => watching.current.has(d.id));
    if (ours.length > 0) setLatest((m) => recordNewest(m, ours));
  };
  // Changes were missed: read the run's deliveries again (the newer of read and pushed wins).
  const readAgain = () => {
    const ids = [...watching.current] as DeliveryId[];
    if (ids.length === 0) return;
    call("delivery_summaries", { ids })
      .then(record)
      .catch(() => undefined);
  };
  useDeliveryEvents(record, readAgain);

  useEffect(() => {
    if (!open) return;
    let live = true;
    call("delivery_failed_ids", { filter })
      .then((ids) => live && setPhase({ step: "confirm", ids }))
      .catch((error: AppError) => live && setPhase({ step: "error", error }));
    return () => {
      live = false;
      watching.current = new Set();
      setLatest(new Map());
      setPhase({ step: "counting" });
    };
  }, [open, filter]);

  const run = async (ids: DeliveryId[]) => {
    const skipped: BulkRetrySkip[] = [];
    watching.current = new Set(ids);
    setLatest(new Map());
    setPhase({ step: "running", done: 0, total: ids.length });
    for (let i = 0; i < ids.length; i += BATCH) {
      try {
        const r = await call("delivery_retry_many", { ids: ids.slice(i, i + BATCH) });
        skipped.push(...r.skipped);
      } catch (e) {
        setPhase({ step: "error", error: e as AppError });
        return;
      }
      // Shown now, not batched with the next update: a fast batch would otherwise skip it.
      flushSync(() => setPhase({ step: "running", done: Math.min(ids.length, i + BATCH), total: ids.length }));
    }
    const notRetried = new Set(skipped.map((s) => s.id));
    setPhase({ step: "done", retried: ids.filter((id) => !notRetried.has(id)), skipped });
  };

  const outcome = phase.step === "done" ? tallyOutcome(phase.retried, latest) : null;

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
          <p aria-live="polite" data-testid="bulk-retry-progress">
            {formatCount(phase.done)} of {formatCount(phase.total)} queued
          </p>
        </div>
      ) : null}
      {phase.step === "done" && outcome ? (
        <div className="stack" data-testid="bulk-retry-result">
          <p>
            <strong>{formatCount(phase.retried.length)}</strong> queued for a new attempt
            {phase.skipped.length ? `, ${formatCount(phase.skipped.length)} not retried:` : "."}
          </p>
          {phase.skipped.length ? (
            <ul className="report-list">
              {phase.skipped.slice(0, 20).map((s) => (
                <li key={s.id}>
                  <ShortId id={s.id} label="Delivery ID" />: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {phase.retried.length ? (
            <>
              <progress
                max={phase.retried.length}
                value={outcome.delivered + outcome.failed}
                aria-label="Attempts finished"
              />
              <p aria-live="polite" data-testid="bulk-retry-outcome">
                <strong>{formatCount(outcome.delivered)}</strong> delivered ·{" "}
                <strong>{formatCount(outcome.failed)}</strong> failed again ·{" "}
                <strong>{formatCount(outcome.pending)}</strong> still on their way
              </p>
              <p className="muted">The list behind updates as they finish; you can close this at any time.</p>
            </>
          ) : null}
        </div>
      ) : null}
      {phase.step === "error" ? <p className="error-text">{phase.error.message}</p> : null}
    </Dialog>
  );
}
