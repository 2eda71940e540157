// One event: what it carried, which rules matched it (and their deliveries), and for the
// others the trigger or condition that did not hold.
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { AppError, EventRecord } from "../api/generated";
import { call } from "../api/ipc";
import { Banner, Card, DetailsTable, PageHeader, StatusChip } from "../design/primitives";
import { ShortId, shortenId } from "../design/ShortId";
import { When } from "../lib/When";

export function EventDetailScreen() {
  const { id } = useParams();
  const [event, setEvent] = useState<EventRecord | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    if (!id) return;
    call("event_get", { id })
      .then(setEvent)
      .catch((e: AppError) => setError(e));
  }, [id]);

  if (error) {
    return (
      <div className="page">
        <Banner tone="danger" title="This event could not be opened">
          {error.message}
        </Banner>
      </div>
    );
  }
  if (!event) return <div className="page"><p className="muted">Loading…</p></div>;

  const matched = event.evaluation.filter((e) => e.matched);
  const others = event.evaluation.filter((e) => !e.matched);
  return (
    <div className="page">
      <PageHeader
        title={`Event ${event.type}`}
        breadcrumb="Automation › Events"
        description={
          <>
            Received <When value={event.created_at} testId="event-received" /> from{" "}
            {event.source === "test" ? "Send test event" : event.source === "ingest" ? "the ingest endpoint" : "the command line"}.
          </>
        }
      />
      <Card title="Event">
        <DetailsTable
          caption="Event"
          rows={[
            ["Event ID", <ShortId id={event.id} label="Event ID" testId="event-id" />],
            ["Type", <span className="mono">{event.type}</span>],
            ["Occurred", <When value={event.occurred_at} testId="event-occurred" />],
            ["Contact", <EventContact event={event} />],
          ]}
        />
        <div className="preview-section-title" style={{ marginTop: 12 }}>
          Data
        </div>
        <pre className="code-block">{JSON.stringify(event.data, null, 2)}</pre>
      </Card>
      <Card title={`Matched rules (${matched.length})`}>
        {matched.length === 0 ? <p className="muted">No enabled rule matched this event.</p> : null}
        <ul className="issue-list" data-testid="matched-rules">
          {matched.map((rule) => (
            <li key={rule.rule_id} className="stack" style={{ gap: 4 }}>
              <div className="row" style={{ gap: 8 }}>
                <StatusChip tone="success">Matched</StatusChip>
                <Link to={`/rules/${rule.rule_id}`}>{rule.rule_name}</Link>
              </div>
              <ul>
                {rule.actions.map((a) => (
                  <li key={a.action_index}>
                    Action {a.action_index + 1} → {a.destination_name ?? "deleted destination"}:{" "}
                    {a.delivery_id ? (
                      <Link className="mono nowrap" to={`/deliveries/${a.delivery_id}`} title={a.delivery_id}>
                        <span aria-hidden="true">{shortenId(a.delivery_id)}</span>
                        <span className="visually-hidden">delivery {a.delivery_id}</span>
                      </Link>
                    ) : (
                      <span className="error-text">not sent — {a.error}</span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={`Rules that did not match (${others.length})`}>
        {others.length === 0 ? <p className="muted">Every enabled rule matched.</p> : null}
        <ul className="issue-list" data-testid="unmatched-rules">
          {others.map((rule) => (
            <li key={rule.rule_id} className="row" style={{ gap: 8, alignItems: "baseline" }}>
              <StatusChip tone="neutral">Not matched</StatusChip>
              <Link to={`/rules/${rule.rule_id}`}>{rule.rule_name}</Link>
              <span className="muted">— {rule.reason}</span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

/** The contact by the name the event carried (its id beside it), else by its id. */
function EventContact({ event }: { event: EventRecord }) {
  const c = event.contact && typeof event.contact === "object" ? (event.contact as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const name = [text(c.first_name), text(c.last_name)].filter(Boolean).join(" ") || text(c.phone);
  if (!name) return event.contact_id ? <ShortId id={event.contact_id} label="Contact ID" /> : <>—</>;
  return (
    <span data-testid="event-contact">
      {name}
      {event.contact_id ? (
        <span className="muted small-text">
          {" · "}
          <ShortId id={event.contact_id} label="Contact ID" />
        </span>
      ) : null}
    </span>
  );
}
