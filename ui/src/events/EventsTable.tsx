// The Events log's table: when, type, contact, source, the rules that matched and the
// deliveries made. The type opens the event's detail, where each rule says why it did not fire.
import { Link } from "react-router";
import type { EventSummary } from "../api/generated";
import { StatusChip } from "../design/primitives";
import { ShortId } from "../design/ShortId";
import { When } from "../lib/When";
import { plural } from "../lib/plural";
import { SOURCE_LABEL } from "./eventFilter";

export function EventsTable({ events }: { events: EventSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table events-table" aria-label="Events">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Event</th>
            <th scope="col">Contact</th>
            <th scope="col">Source</th>
            <th scope="col">Rules</th>
            <th scope="col">Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-testid={`event-row-${e.id}`}>
              <td className="nowrap">
                <When value={e.created_at} />
              </td>
              <td>
                <Link className="mono event-type" to={`/events/${e.id}`} aria-label={`${e.type}, open event ${e.id}`}>
                  {e.type}
                </Link>
              </td>
              <td>
                <EventContactCell event={e} />
              </td>
              <td>{SOURCE_LABEL[e.source]}</td>
              <td>
                <RulesCell event={e} />
              </td>
              <td className="nowrap">
                {e.deliveries === 0 ? <span className="muted">None</span> : plural(e.deliveries, "delivery", "deliveries")}
                {e.unsent_actions > 0 ? (
                  <div>
                    <StatusChip tone="danger">{plural(e.unsent_actions, "action", "actions")} not sent</StatusChip>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventContactCell({ event }: { event: EventSummary }) {
  if (event.contact_name) return <span className="contact-name">{event.contact_name}</span>;
  if (event.contact_id) return <ShortId id={event.contact_id} label="Contact ID" />;
  return <span className="muted">Unnamed contact</span>;
}

function RulesCell({ event }: { event: EventSummary }) {
  if (event.matched_rules.length === 0) {
    return (
      <span className="stack" style={{ gap: 2 }}>
        <StatusChip tone="neutral">No rule matched</StatusChip>
        <span className="muted small-text">
          {event.rules_evaluated === 0 ? "No rule was enabled" : `${plural(event.rules_evaluated, "rule")} checked`}
        </span>
      </span>
    );
  }
  return (
    <span className="stack" style={{ gap: 2 }}>
      <StatusChip tone="success">{plural(event.matched_rules.length, "rule")} matched</StatusChip>
      <span className="small-text">{event.matched_rules.map((r) => r.rule_name).join(", ")}</span>
    </span>
  );
}
