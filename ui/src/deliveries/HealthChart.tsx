// Health pictures: the success rate of a destination over time as bars (height = deliveries,
// filled part = succeeded), with the status breakdown beside it; and the small sparkline of the
// same numbers for the destinations list. Numbers are in the text too, not in colour alone.
import type { DestinationHealth, HealthBucket } from "../api/generated";
import { CATEGORY_LABEL } from "./categories";
import { CategoryChip } from "./CategoryChip";
import { formatFullTime } from "../lib/format";
import { formatCount } from "./format";

/** Empty buckets of a window: `count` buckets of `bucketMs`, the last one ending at `until`. */
export function emptyBuckets(until: number, bucketMs: number, count: number): HealthBucket[] {
  const since = until - bucketMs * count;
  return Array.from({ length: count }, (_, i) => ({ start: since + bucketMs * i, finished: 0, succeeded: 0 }));
}

/**
 * The buckets of several destinations added up (the overall picture). `buckets` are the
 * window's empty buckets, so a window with no delivery still has its times for the tooltips.
 */
export function mergeHealth(list: DestinationHealth[], buckets: HealthBucket[]): DestinationHealth {
  const merged = buckets.map((b) => ({ ...b }));
  const counts = new Map<string, number>();
  for (const h of list) {
    h.buckets.forEach((b, i) => {
      if (merged[i]) {
        merged[i].finished += b.finished;
        merged[i].succeeded += b.succeeded;
      }
    });
    for (const c of h.categories) counts.set(c.category, (counts.get(c.category) ?? 0) + c.count);
  }
  const order = Object.keys(CATEGORY_LABEL);
  return {
    destination_id: "",
    buckets: merged,
    categories: [...counts.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([category, count]) => ({ category: category as DestinationHealth["categories"][number]["category"], count })),
  };
}

function rate(buckets: HealthBucket[]): string {
  const finished = buckets.reduce((n, b) => n + b.finished, 0);
  const ok = buckets.reduce((n, b) => n + b.succeeded, 0);
  return finished === 0 ? "no deliveries" : `${Math.round((ok / finished) * 100)}% succeeded of ${formatCount(finished)}`;
}

function Bars({ buckets, width, height, gap }: { buckets: HealthBucket[]; width: number; height: number; gap: number }) {
  const max = Math.max(1, ...buckets.map((b) => b.finished));
  const w = width / Math.max(1, buckets.length);
  return (
    <>
      {buckets.map((b, i) => {
        const total = (b.finished / max) * height;
        const ok = (b.succeeded / max) * height;
        const x = i * w;
        return (
          <g key={b.start}>
            <title>
              {formatFullTime(b.start)}: {b.succeeded} of {b.finished} succeeded
            </title>
            <rect x={x} y={height - total} width={Math.max(1, w - gap)} height={total} className="health-failed" />
            <rect x={x} y={height - ok} width={Math.max(1, w - gap)} height={ok} className="health-ok" />
          </g>
        );
      })}
    </>
  );
}

export function Sparkline({ health }: { health: DestinationHealth | undefined }) {
  const buckets = health?.buckets ?? [];
  const summary = rate(buckets);
  return (
    <span className="sparkline" title={`Last 24 hours: ${summary}`}>
      <svg width="72" height="20" viewBox="0 0 72 20" aria-hidden="true">
        <Bars buckets={buckets} width={72} height={20} gap={1} />
      </svg>
      <span className="muted sparkline-text">
        {buckets.some((b) => b.finished > 0) ? summary.replace(/ of .*/, "") : "none"}
      </span>
    </span>
  );
}

/** Where the chart's time axis starts: the hour (and the day when it is not today). */
function axisStart(ms: number): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return d.toDateString() === new Date().toDateString()
    ? time
    : `${d.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${time}`;
}

export function HealthChart({ health, title }: { health: DestinationHealth; title: string }) {
  const first = health.buckets[0];
  return (
    <figure className="health-chart" aria-label={title} data-testid="health-chart">
      <figcaption>
        <strong>{title}</strong> <span className="muted">{rate(health.buckets)}</span>
      </figcaption>
      <div className="health-body">
        <div className="health-plot">
          <svg viewBox="0 0 480 80" preserveAspectRatio="none" className="health-svg" aria-hidden="true">
            <Bars buckets={health.buckets} width={480} height={80} gap={2} />
          </svg>
          {/* Bars alone do not say when: the ends of the time axis. */}
          <div className="health-axis muted" aria-hidden="true">
            <span>{first ? axisStart(first.start) : ""}</span>
            <span>now</span>
          </div>
        </div>
        <ul className="health-legend">
          {health.categories.length === 0 ? <li className="muted">Nothing finished in this window</li> : null}
          {health.categories.map((c) => (
            <li key={c.category}>
              <CategoryChip category={c.category} /> {formatCount(c.count)}
            </li>
          ))}
        </ul>
      </div>
    </figure>
  );
}
