// The log's table: one row per delivery (a click anywhere opens it), and a last row that asks
// for the next page when it scrolls into view.
import type { RefObject } from "react";
import { useNavigate } from "react-router";
import { ShortId } from "../design/ShortId";
import type { DeliveryCursor, DeliverySource, DeliverySummary } from "../api/generated";
import { formatDuration, formatTime } from "../lib/format";
import { CategoryChip } from "./CategoryChip";
import { formatCount } from "./format";
import { ALL_PAUSED_WORDS, HOLD_WORDS } from "./hold";
import { useSendingStatus } from "../lib/sendingStatus";
import { BreakAfterDots, TimeCell } from "./LogCells";

/** What sent a delivery when no rule did. */
const SOURCE_LABEL: Record<DeliverySource, string> = {
  rule: "Rule",
  test: "Send test",
  replay: "Replay",
  cli: "Command line",
};

export function DeliveriesTable({
  items,
  next,
  sentinel,
}: {
  items: DeliverySummary[];
  next: DeliveryCursor | null;
  sentinel: RefObject<HTMLTableRowElement | null>;
}) {
  const navigate = useNavigate();
  const allPaused = useSendingStatus()?.paused ?? false;
  return (
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
          {items.map((d) => (
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
                ) : d.state === "scheduled" && allPaused ? (
                  <div className="small-text held" data-testid="held">
                    {ALL_PAUSED_WORDS}
                  </div>
                ) : d.state === "scheduled" && d.next_attempt_at ? (
                  <div className="muted small-text">retry {formatTime(d.next_attempt_at)}</div>
                ) : d.state === "in_flight" ? (
                  <div className="muted small-text">sending…</div>
                ) : d.state === "cancelled" ? (
                  <div className="muted small-text">retries cancelled</div>
                ) : null}
              </td>
              <td className="id-cell">
                {/* The copy is on the delivery's own screen: a button per row would not fit 1024 px. */}
                <ShortId id={d.id} label="Delivery ID" to={`/deliveries/${d.id}`} copyable={false} />
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
              {next ? "Loading more…" : `${formatCount(items.length)} shown · end of list`}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
