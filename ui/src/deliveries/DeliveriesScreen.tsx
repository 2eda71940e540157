// API Deliveries: the log of every delivery, overall or for one destination. Filters live in
// the URL (DeliveryFilters); pages load by keyset as the user scrolls (useInfiniteScroll); the
// engine's pushed changes update rows and add new ones on top (useDeliveryLog) and refresh the
// counts per status and the health chart (useDeliveryCounts); the rows are DeliveriesTable.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type { AppError, DeliveryExportFormat, DestinationView } from "../api/generated";
import { call } from "../api/ipc";
import { Button, Card, EmptyState, PageHeader } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { BulkRetryDialog } from "./BulkRetryDialog";
import { DeliveriesTable } from "./DeliveriesTable";
import { DeliveryFilters } from "./DeliveryFilters";
import { readFilter, toDeliveryFilter, writeFilter, type FilterState } from "./filterParams";
import { formatCount } from "./format";
import { HealthChart } from "./HealthChart";
import { RetentionDialog } from "./RetentionDialog";
import { HEALTH, useDeliveryCounts } from "./useDeliveryCounts";
import { useDeliveryLog } from "./useDeliveryLog";
import { useInfiniteScroll } from "./useInfiniteScroll";
import { useCoalesced } from "../lib/useCoalesced";

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
  const [destinations, setDestinations] = useState<DestinationView[]>([]);
  const [rules, setRules] = useState<{ id: string; name: string }[]>([]);
  const [text, setText] = useState(state.text);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [retentionOpen, setRetentionOpen] = useState(false);
  const toasts = useToasts();

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

  const { counts, health, refreshCounts } = useDeliveryCounts(filter, state.range);
  const refreshCountsSoon = useCoalesced(refreshCounts, 500);
  const { current, loadMore } = useDeliveryLog(filter, key, { onChanged: refreshCountsSoon, onReload: refreshCounts });
  const sentinel = useInfiniteScroll<HTMLTableRowElement>(loadMore);

  const exportAs = (format: DeliveryExportFormat) => {
    call("delivery_export", { filter, format })
      .then((r) => toasts.show(`Exported ${formatCount(r.count)} ${r.count === 1 ? "delivery" : "deliveries"} to ${r.path}`, "success"))
      .catch((e: AppError) => toasts.show(e.message, "danger"));
  };

  const destinationName = destinations.find((d) => d.id === state.destination)?.input.name;
  const filtered = Boolean(
    state.categories.length > 0 || state.pending || state.destination || state.rule || state.range !== "all" || state.text,
  );

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
          <DeliveryFilters
            state={state}
            update={update}
            text={text}
            onText={setText}
            onClear={() => {
              setText("");
              setParams(new URLSearchParams(), { replace: true });
            }}
            filtered={filtered}
            destinations={destinations}
            destinationName={destinationName}
            rules={rules}
            counts={counts}
          />
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
          <DeliveriesTable items={current.items} next={current.next} sentinel={sentinel} />
        )}
      </Card>
      <BulkRetryDialog open={bulkOpen} filter={filter} onClose={() => setBulkOpen(false)} />
      <RetentionDialog open={retentionOpen} onClose={() => setRetentionOpen(false)} />
    </div>
  );
}
