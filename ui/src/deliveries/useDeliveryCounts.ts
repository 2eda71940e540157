// The log's counts per status and its health chart for the filter, read again on demand.
import { useCallback, useState } from "react";
import type { DeliveryCounts, DeliveryFilter, DestinationHealth } from "../api/generated";
import { call } from "../api/ipc";
import type { TimeRange } from "./filterParams";
import { emptyBuckets, mergeHealth } from "./HealthChart";

/** The health chart's buckets for each time range. */
export const HEALTH: Record<TimeRange, { bucketMs: number; buckets: number; label: string }> = {
  all: { bucketMs: 3600_000, buckets: 24, label: "Last 24 hours" },
  "1h": { bucketMs: 300_000, buckets: 12, label: "Last hour" },
  "24h": { bucketMs: 3600_000, buckets: 24, label: "Last 24 hours" },
  "7d": { bucketMs: 6 * 3600_000, buckets: 28, label: "Last 7 days" },
  "30d": { bucketMs: 86400_000, buckets: 30, label: "Last 30 days" },
};

export function useDeliveryCounts(filter: DeliveryFilter, range: TimeRange) {
  const [counts, setCounts] = useState<DeliveryCounts | null>(null);
  const [health, setHealth] = useState<DestinationHealth | null>(null);
  const refreshCounts = useCallback(() => {
    call("delivery_counts", { filter })
      .then(setCounts)
      .catch(() => undefined);
    const h = HEALTH[range];
    const until = Date.now();
    call("delivery_health", {
      window: { until, bucket_ms: h.bucketMs, buckets: h.buckets, destination_id: filter.destination_id },
    })
      .then((all) => setHealth(mergeHealth(all, emptyBuckets(until, h.bucketMs, h.buckets))))
      .catch(() => undefined);
  }, [filter, range]);
  return { counts, health, refreshCounts };
}
