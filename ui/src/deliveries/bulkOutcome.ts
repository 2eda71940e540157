// What became of the deliveries a bulk retry queued, from the states the engine pushed since:
// delivered, failed again, or still on their way (sending, or waiting for a scheduled retry).
import type { DeliveryState } from "../api/generated";

export interface BulkOutcome {
  delivered: number;
  failed: number;
  pending: number;
}

export function tallyOutcome(
  ids: readonly string[],
  latest: ReadonlyMap<string, { state: DeliveryState }>,
): BulkOutcome {
  const out: BulkOutcome = { delivered: 0, failed: 0, pending: 0 };
  for (const id of ids) {
    const state = latest.get(id)?.state;
    if (state === "succeeded") out.delivered++;
    else if (state === "failed" || state === "exhausted" || state === "cancelled") out.failed++;
    // Not heard of since it was queued, sending, or waiting for its next scheduled retry.
    else out.pending++;
  }
  return out;
}
