// Events: every event received — from Send test event, the ingest endpoint and the command
// line — newest first, with its contact, the rules that matched and the deliveries made;
// filtered by type, contact, matched and source; older pages on demand. The place to answer
// "why did my rule not fire?": each event opens its detail with every rule's reason.
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { EventPage, EventSummary } from "../api/generated";
import { call, toAppError } from "../api/ipc";
import { Button, Card, EmptyState, PageHeader } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { plural } from "../lib/plural";
import { changedElsewhere } from "../lib/changedElsewhere";
import { useListScreen } from "../lib/useListScreen";
import { SendTestEventDialog } from "../rules/SendTestEventDialog";
import { EventFilters } from "./EventFilters";
import { EventsTable } from "./EventsTable";
import { isFiltered, readEventFilter, toEventFilter, writeEventFilter, type EventFilterState } from "./eventFilter";

export const EVENTS_PAGE_SIZE = 50;

export function EventsScreen() {
  const [params, setParams] = useSearchParams();
  const filter = readEventFilter(params);
  const filterKey = writeEventFilter(filter).toString();
  const [older, setOlder] = useState<{ key: string; pages: EventPage[] }>({ key: filterKey, pages: [] });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [testing, setTesting] = useState(false);
  const toasts = useToasts();
  // Older pages belong to the filter they were read with; a new filter starts from the newest.
  const pages = older.key === filterKey ? older.pages : [];
  // New events (a test, the ingest endpoint, apidest) show by themselves while only the newest
  // page is open; with older pages loaded, re-reading the first would repeat one at the seam.
  const list = useListScreen(() => call("event_list", { filter: toEventFilter(filter, EVENTS_PAGE_SIZE) }), {
    key: filterKey,
    reloadOn: (event) => pages.length === 0 && changedElsewhere("events")(event),
  });

  const first = list.data;
  const last = pages.at(-1) ?? first;
  const events: EventSummary[] = first ? [...first.events, ...pages.flatMap((p) => p.events)] : [];

  const setFilter = (next: EventFilterState) => setParams(writeEventFilter(next), { replace: true });
  const refresh = () => {
    setOlder({ key: filterKey, pages: [] });
    list.reload();
  };
  const showOlder = () => {
    if (!last?.next) return;
    setLoadingOlder(true);
    call("event_list", { filter: toEventFilter(filter, EVENTS_PAGE_SIZE, last.next) })
      .then((page) => setOlder({ key: filterKey, pages: [...pages, page] }))
      .catch((e: unknown) => toasts.show(toAppError(e).message, "danger"))
      .finally(() => setLoadingOlder(false));
  };

  return (
    <div className="page">
      <PageHeader
        title="Events"
        breadcrumb="Automation"
        description="Every event received — from Send test event, the ingest endpoint and the command line — with the rules it matched and the deliveries it made. Open one to see why a rule did not fire."
        actions={
          <>
            <Button onClick={refresh}>Refresh</Button>
            <Button variant="primary" onClick={() => setTesting(true)}>
              Send test event
            </Button>
          </>
        }
      />
      {list.error ? <p className="error-text">{list.error.message}</p> : null}
      <Card>
        {first === null ? (
          <p className="muted">Loading…</p>
        ) : first.total === 0 && !isFiltered(filter) ? (
          <EmptyState
            icon="events"
            title="No events yet"
            actions={
              <Button variant="primary" onClick={() => setTesting(true)}>
                Send test event
              </Button>
            }
          >
            <p>
              Events arrive from your messaging platform through the ingest endpoint (Settings), from{" "}
              <code>apidest events send</code>, or from Send test event. Each one is checked against every enabled rule
              and listed here with what happened.
            </p>
          </EmptyState>
        ) : (
          <div className="stack">
            <EventFilters state={filter} types={first.types} onChange={setFilter} />
            <p className="muted" role="status" data-testid="events-count">
              {events.length === first.total
                ? plural(first.total, "event")
                : `Newest ${events.length.toLocaleString()} of ${plural(first.total, "event")}`}
            </p>
            {events.length === 0 ? (
              <p className="muted">No event matches these filters.</p>
            ) : (
              <EventsTable events={events} />
            )}
            {last?.next ? (
              <div className="row">
                <Button onClick={showOlder} disabled={loadingOlder} data-testid="events-older">
                  {loadingOlder ? "Loading…" : `Show ${EVENTS_PAGE_SIZE} older`}
                </Button>
              </div>
            ) : null}
          </div>
        )}
      </Card>
      <SendTestEventDialog
        open={testing}
        onClose={() => {
          setTesting(false);
          refresh();
        }}
      />
    </div>
  );
}
