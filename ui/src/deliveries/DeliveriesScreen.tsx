// API Deliveries: the log of every delivery, overall or for one destination. Filters live in
// the URL; pages load by keyset as the user scrolls; the engine's pushed changes update rows,
// add new ones on top and refresh the counts per status.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type {
  AppError,
  DeliveryCounts,
  DeliveryCursor,
  DeliveryExportFormat,
  DeliverySource,
  DeliverySummary,
  DestinationHealth,
  DestinationView,
  StatusCategory,
} from "../api/generated";
import { call } from "../api/ipc";
import { Button, Card, EmptyState, PageHeader } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { BulkRetryDialog } from "./BulkRetryDialog";
import { CATEGORY_LABEL } from "./categories";
import { CategoryChip } from "./CategoryChip";
import { HOLD_WORDS } from "./hold";
import {
  ALL_CATEGORIES,
  matchesFilter,
  readFilter,
  TIME_RANGES,
  toDeliveryFilter,
  writeFilter,
  type FilterState,
  type TimeRange,
} from "./filterParams";
import { formatDuration, formatTime } from "../lib/format";
import { formatCount } from "./format";
import { applyAllPushed, recordNewest } from "./livePatch";
import { emptyBuckets, HealthChart, mergeHealth } from "./HealthChart";
import { BreakAfterDots, TimeCell } from "./LogCells";
import { RetentionDialog } from "./RetentionDialog";
import { useDeliveryEvents } from "./useDeliveryEvents";
import { useCoalesced } from "../lib/useCoalesced";

const PAGE = 50;
/** What sent a delivery when no rule did. */
const SOURCE_LABEL: Record<DeliverySource, string> = {
  rule: "Rule",
  test: "Send test",
  replay: "Replay",
  cli: "Command line",
};
const HEALTH: Record<TimeRange, { bucketMs: number; buckets: number; label: string }> = {
  all: { bucketMs: 3600_000, buckets: 24, label: "Last 24 hours" },
  "1h": { bucketMs: 300_000, buckets: 12, label: "Last hour" },
  "24h": { bucketMs: 3600_000, buckets: 24, label: "Last 24 hours" },
  "7d": { bucketMs: 6 * 3600_000, buckets: 28, label: "Last 7 days" },
  "30d": { bucketMs: 86400_000, buckets: 30, label: "Last 30 days" },
};

interface ListState {
  key: string;
  items: DeliverySummary[];
  next: DeliveryCursor | null;
  loading: boolean;
  error: AppError | null;
}

export function DeliveriesScreen() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readFilter(params), [params]);
  const key = params.toString();
  // A relative time range is anchored when the filter is chosen, so later pages agree.
  // The moment it is anchored to travels in the URL (`at`); a link without one uses the time
  // the screen opened.
  const [openedAt] = useState(() => Date.now());
  const anchor = Number(params.get("at")) || openedAt;
  const filter = useMemo(() => toDeliveryFilter(readFilter(new URLSearchParams(key)), anchor), [key, anchor]);
  const [list, setList] = useState<ListState>({ key: "", items: [], next: null, loading: true, error: null });
  const [counts, setCounts] = useState<DeliveryCounts | null>(null);
  const [health, setHealth] = useState<DestinationHealth | null>(null);
  const [destinations, setDestinations] = useState<DestinationView[]>([]);
  const [rules, setRules] = useState<{ id: string; name: string }[]>([]);
  const [text, setText] = useState(state.text);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [retentionOpen, setRetentionOpen] = useState(false);
  const navigate = useNavigate();
  const toasts = useToasts();
  const loadingMore = useRef(false);

  const update = useCallback(
    (change: Partial<FilterState>) => {
      const next = writeFilter({ ...state, ...change });
      if (next.has("range")) next.set("at", String(Date.now()));
      setParams(next, { replace: true });
    },
    [state, setParams],
  );

  // The search box writes to the URL a moment after typing stops.
  useEffect(() => {
    if (text.trim() === state.text) return;
    const t = window.setTimeout(() => update({ text }), 300);
    return () => window.clearTimeout(t);
  }, [text, state.text, update]);

  useEffect(() => {
    call("destination_list")
      .then(setDestinations)
      .catch(() => undefined);
    // Rules arrive with Event-Based Rules; until then the rule filter offers what it can.
    (call("rule_list") as Promise<{ id: string; input: { name: string } }[]>)
      .then((all) => setRules(all.map((r) => ({ id: r.id, name: r.input.name }))))
      .catch(() => undefined);
  }, []);

  const refreshCounts = useCallback(() => {
    call("delivery_counts", { filter })
      .then(setCounts)
      .catch(() => undefined);
    const h = HEALTH[state.range];
    const until = Date.now();
    call("delivery_health", {
      window: { until, bucket_ms: h.bucketMs, buckets: h.buckets, destination_id: filter.destination_id },
    })
      .then((all) => setHealth(mergeHealth(all, emptyBuckets(until, h.bucketMs, h.buckets))))
      .catch(() => undefined);
  }, [filter, state.range]);

  // First page (and counts) whenever the filter changes, or what is shown may be out of date
  // (retention deleted old deliveries, or pushed changes were missed).
  const [staleReads, setStaleReads] = useState(0);
  // Changes pushed while a page loads: the page may have been read before them.
  const pushedWhileLoading = useRef<ReadonlyMap<string, DeliverySummary> | null>(null);
  const pushedWhileLoadingMore = useRef<ReadonlyMap<string, DeliverySummary> | null>(null);
  useEffect(() => {
    let live = true;
    pushedWhileLoading.current = new Map();
    call("delivery_list", { filter, after: null, limit: PAGE })
      .then((page) => {
        if (!live) return;
        const pushed = [...(pushedWhileLoading.current?.values() ?? [])];
        pushedWhileLoading.current = null;
        const loaded: ListState = { key, items: page.items, next: page.next, loading: false, error: null };
        setList(applyAllPushed(loaded, pushed, (x) => matchesFilter(filter, x)));
      })
      .catch((e: AppError) => {
        if (!live) return;
        pushedWhileLoading.current = null;
        setList({ key, items: [], next: null, loading: false, error: e });
      });
    refreshCounts();
    return () => {
      live = false;
    };
  }, [filter, key, refreshCounts, staleReads]);

  const current = list.key === key ? list : null;

  const loadMore = useCallback(() => {
    if (!current?.next || loadingMore.current) return;
    loadingMore.current = true;
    pushedWhileLoadingMore.current = new Map();
    call("delivery_list", { filter, after: current.next, limit: PAGE })
      .then((page) => {
        const pushed = [...(pushedWhileLoadingMore.current?.values() ?? [])];
        setList((l) => {
          if (l.key !== key) return l;
          const known = new Set(l.items.map((x) => x.id));
          const more = { ...l, items: [...l.items, ...page.items.filter((d) => !known.has(d.id))], next: page.next };
          return applyAllPushed(more, pushed, (x) => matchesFilter(filter, x));
        });
      })
      .catch((e: AppError) => toasts.show(e.message, "danger"))
      .finally(() => {
        loadingMore.current = false;
        pushedWhileLoadingMore.current = null;
      });
  }, [current, filter, key, toasts]);

  // Infinite scroll: the row after the last one asks for the next page when it comes into view.
  const sentinel = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore]);

  // Live: a pushed delivery replaces its row, or joins the list when it belongs to the filter.
  const refreshCountsSoon = useCoalesced(refreshCounts, 500);
  useDeliveryEvents((changed) => {
    if (pushedWhileLoading.current) pushedWhileLoading.current = recordNewest(pushedWhileLoading.current, changed);
    if (pushedWhileLoadingMore.current)
      pushedWhileLoadingMore.current = recordNewest(pushedWhileLoadingMore.current, changed);
    setList((l) => (l.key === key ? applyAllPushed(l, changed, (x) => matchesFilter(filter, x)) : l));
    refreshCountsSoon();
  }, () => setStaleReads((n) => n + 1));

  const toggleCategory = (c: StatusCategory | "pending") => {
    if (c === "pending") update({ pending: !state.pending });
    else
      update({
        categories: state.categories.includes(c) ? state.categories.filter((x) => x !== c) : [...state.categories, c],
      });
  };

  const exportAs = (format: DeliveryExportFormat) => {
    call("delivery_export", { filter, format })
      .then((r) => toasts.show(`Exported ${formatCount(r.count)} deliveries to ${r.path}`, "success"))
      .catch((e: AppError) => toasts.show(e.message, "danger"));
  };

  const destinationName = destinations.find((d) => d.id === state.destination)?.input.name;
  const filtered =
    state.categories.length > 0 || state.pending || state.destination || state.rule || state.range !== "all" || state.text;
  const countOf = (c: StatusCategory) => counts?.categories.find((x) => x.category === c)?.count ?? 0;

  return (
    <div className="page deliveries-page">
      <PageHeader
        title={destinationName ? `API Deliveries · ${destinationName}` : "API Deliveries"}
        breadcrumb="Monitoring"
        description="Every request sent to your destinations: what was sent, what came back, and what to change when it failed."
        actions={
          <>
            <Button onClick={() => setRetentionOpen(true)}>Retention</Button>
            <Button onClick={() => exportAs("csv")}>Export CSV</Button>
            <Button onClick={() => exportAs("ndjson")}>Export NDJSON</Button>
            <Button variant="primary" onClick={() => setBulkOpen(true)}>
              Retry failed…
            </Button>
          </>
        }
      />
      <Card>
        <div className="stack">
          <div className="toolbar deliveries-filters">
            <input
              className="input"
              type="search"
              aria-label="Search URL, payload and response"
              placeholder="Search words in URL, payload and response"
              title="Whole words, e.g. an order id, an email or a phone number"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <select
              className="select"
              aria-label="Destination"
              value={state.destination}
              onChange={(e) => update({ destination: e.target.value })}
            >
              <option value="">All destinations</option>
              {destinations.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.input.name}
                </option>
              ))}
              {state.destination && !destinationName ? <option value={state.destination}>{state.destination}</option> : null}
            </select>
            <select className="select" aria-label="Rule" value={state.rule} onChange={(e) => update({ rule: e.target.value })}>
              <option value="">All rules</option>
              {rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
              {state.rule && !rules.some((r) => r.id === state.rule) ? <option value={state.rule}>{state.rule}</option> : null}
            </select>
            <select
              className="select"
              aria-label="Time range"
              value={state.range}
              onChange={(e) => update({ range: e.target.value as TimeRange })}
            >
              {TIME_RANGES.map(([r, label]) => (
                <option key={r} value={r}>
                  {label}
                </option>
              ))}
            </select>
            {filtered ? (
              <Button
                className="small"
                onClick={() => {
                  setText("");
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                Clear filters
              </Button>
            ) : null}
          </div>
          <div className="status-filter" role="group" aria-label="Status">
            <span className="muted">{countsLabel(counts)}</span>
            {ALL_CATEGORIES.filter((c) => countOf(c) > 0 || state.categories.includes(c)).map((c) => (
              <button
                key={c}
                type="button"
                className="status-toggle"
                aria-pressed={state.categories.includes(c)}
                onClick={() => toggleCategory(c)}
                title={`Show only ${CATEGORY_LABEL[c]} (several can be chosen)`}
              >
                <CategoryChip category={c} /> <span className="count">{formatCount(countOf(c))}</span>
              </button>
            ))}
            {(counts?.pending ?? 0) > 0 || state.pending ? (
              <button type="button" className="status-toggle" aria-pressed={state.pending} onClick={() => toggleCategory("pending")}>
                <CategoryChip category={null} /> <span className="count">{formatCount(counts?.pending ?? 0)}</span>
              </button>
            ) : null}
          </div>
          {health ? <HealthChart health={health} title={`${destinationName ?? "All destinations"} · ${HEALTH[state.range].label}`} /> : null}
        </div>
      </Card>
      <Card>
        {current === null || current.loading ? (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        ) : current.error ? (
          <p className="error-text">{current.error.message}</p>
        ) : current.items.length === 0 ? (
          filtered ? (
            <EmptyState icon="deliveries" title="No delivery matches these filters">
              <p>Change or clear the filters to see more.</p>
            </EmptyState>
          ) : (
            <EmptyState icon="deliveries" title="Nothing has been sent yet">
              <p>
                Deliveries appear here as rules send contact data, and when you use <strong>Send test</strong> in a
                destination. Open one to see what was sent, what came back, and what to change.
              </p>
            </EmptyState>
          )
        ) : (
          <div className="table-wrap">
            <table className="table deliveries-table" aria-label="Deliveries">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Delivery ID</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Automation and event</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Created</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {current.items.map((d) => (
                  <tr
                    key={d.id}
                    className="clickable"
                    data-delivery-id={d.id}
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest("a")) return;
                      navigate(`/deliveries/${d.id}`);
                    }}
                  >
                    <td>
                      <CategoryChip category={d.last_category} />
                      {d.hold_reason ? (
                        <div className="small-text held" data-testid="held">
                          {HOLD_WORDS[d.hold_reason]}
                        </div>
                      ) : d.state === "scheduled" && d.next_attempt_at ? (
                        <div className="muted small-text">retry {formatTime(d.next_attempt_at)}</div>
                      ) : d.state === "in_flight" ? (
                        <div className="muted small-text">sending…</div>
                      ) : d.state === "cancelled" ? (
                        <div className="muted small-text">retries cancelled</div>
                      ) : null}
                    </td>
                    <td className="mono id-cell">
                      <Link to={`/deliveries/${d.id}`} title={d.id}>
                        {d.id}
                      </Link>
                    </td>
                    <td>{d.destination_name}</td>
                    {/* One column for why it was sent, so the row fits a 1200-pixel window. */}
                    <td>
                      {d.rule_name ?? <span className="muted">{SOURCE_LABEL[d.source]}</span>}
                      <div className="mono small-text muted">
                        <BreakAfterDots text={d.event_type} />
                      </div>
                    </td>
                    <td>{d.contact_name ?? <span className="muted">—</span>}</td>
                    <td>
                      <TimeCell ms={d.created_at} />
                    </td>
                    <td className="num">{d.attempt_count}</td>
                    <td className="num">{d.last_http_status ?? "—"}</td>
                    <td className="num nowrap">{formatDuration(d.last_duration_ms)}</td>
                  </tr>
                ))}
                <tr ref={sentinel} aria-hidden="true">
                  <td colSpan={9} className="muted">
                    {current.next ? "Loading more…" : `${formatCount(current.items.length)} shown · end of list`}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <BulkRetryDialog open={bulkOpen} filter={filter} onClose={() => setBulkOpen(false)} />
      <RetentionDialog open={retentionOpen} onClose={() => setRetentionOpen(false)} />
    </div>
  );
}

/** A common search word is counted among the newest deliveries only (the list itself is exact). */
function countsLabel(counts: DeliveryCounts | null): string {
  if (!counts) return "Counting…";
  if (counts.newest_only !== null) {
    return `${formatCount(counts.total)} ${counts.total === 1 ? "match" : "matches"} among the newest ${formatCount(counts.newest_only)} ${counts.newest_only === 1 ? "delivery" : "deliveries"}`;
  }
  return `${formatCount(counts.total)} ${counts.total === 1 ? "delivery" : "deliveries"}`;
}
