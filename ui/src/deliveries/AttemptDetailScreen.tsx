// Attempt detail: one HTTP try — status line, the cause and a hint saying what to change, the
// response headers and body (pretty when JSON, "N of M bytes kept"), and its timing.
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ShortId } from "../design/ShortId";
import { Button, Card, DetailsTable, PageHeader, StatusChip } from "../design/primitives";
import { CATEGORY_LABEL } from "./categories";
import { CategoryChip } from "./CategoryChip";
import { CurlDialog } from "./CurlDialog";
import { formatDuration, formatFullTime } from "../lib/format";
import { formatCount } from "./format";
import { JsonView } from "./JsonView";
import { useDelivery } from "./useDelivery";

export function AttemptDetailScreen() {
  const { id, attemptId } = useParams();
  const { detail, error } = useDelivery(id);
  const [curlOpen, setCurlOpen] = useState(false);
  const attempt = detail?.attempts.find((a) => a.id === attemptId);
  const back = `/deliveries/${id ?? ""}`;

  if (error || (detail && !attempt)) {
    return (
      <div className="page">
        <PageHeader title="Attempt" breadcrumb="Monitoring › API Deliveries" />
        <Card>
          <p className="error-text">{error?.message ?? `Attempt ${attemptId ?? ""} is not part of this delivery.`}</p>
          <Link to={back}>Back to the delivery</Link>
        </Card>
      </div>
    );
  }
  if (!detail || !attempt) return <div className="page" aria-busy="true" />;
  const s = detail.summary;
  const status = attempt.category
    ? `${CATEGORY_LABEL[attempt.category]}${attempt.http_status !== null ? ` · HTTP ${attempt.http_status}` : ""}`
    : "In flight";
  const kept = attempt.response_body_kept;
  const size = attempt.response_body_size ?? kept;

  return (
    <div className="page">
      <PageHeader
        title={`Attempt ${attempt.number} of ${s.method} to ${s.destination_name}`}
        breadcrumb="Monitoring › API Deliveries › Delivery"
        actions={
          <>
            <Link className="button" to={back}>
              Back to delivery
            </Link>
            <Button onClick={() => setCurlOpen(true)}>Copy as cURL</Button>
          </>
        }
      />
      <Card>
        <div className="stack" data-testid="attempt-status">
          <div className="row" style={{ alignItems: "center", gap: 8 }}>
            {attempt.completed_at === null ? (
              <StatusChip tone="info">In flight</StatusChip>
            ) : (
              <CategoryChip category={attempt.category} code={attempt.http_status} />
            )}
            <span className="visually-hidden">{status}</span>
            <ShortId id={attempt.id} label="Attempt ID" />
            <span className="muted">{attempt.trigger === "manual" ? "Manual retry" : "Scheduled attempt"}</span>
          </div>
          {attempt.error ? (
            <p className="wrap" data-testid="attempt-error">
              <strong>Cause{attempt.cause ? ` (${attempt.cause.replace(/_/g, " ")})` : ""}:</strong> {attempt.error}
            </p>
          ) : null}
          {attempt.hint ? (
            <p className="attempt-hint" data-testid="attempt-hint">
              {attempt.hint}
            </p>
          ) : null}
        </div>
      </Card>
      <Card
        title="Response body"
        actions={
          <span className="muted" data-testid="body-kept">
            {formatCount(kept)} of {formatCount(size)} bytes kept
          </span>
        }
      >
        {attempt.response_body === null ? (
          <p className="muted">No body.</p>
        ) : (
          <JsonView text={attempt.response_body} label="Response body" testId="response-body" />
        )}
      </Card>
      <div className="detail-grid">
        <Card title="Timing">
          <DetailsTable
            caption="Timing"
            rows={[
              ["Started", formatFullTime(attempt.started_at)],
              ["Completed", formatFullTime(attempt.completed_at)],
              ["Duration", formatDuration(attempt.duration_ms)],
              ["Next attempt", attempt.next_attempt_at !== null ? formatFullTime(attempt.next_attempt_at) : "—"],
            ]}
          />
        </Card>
        <Card title="Request as sent">
          <DetailsTable
            caption="Request as sent"
            rows={[
              ["URL", <span className="mono wrap">{`${s.method} ${attempt.request_url ?? s.url}`}</span>],
              ...attempt.request_headers.map(
                (h) => [h.name, <span className="mono wrap">{h.value}</span>] as [string, React.ReactNode],
              ),
            ]}
          />
        </Card>
      </div>
      <Card title="Response headers">
        {attempt.response_headers.length === 0 ? (
          <p className="muted">No response{attempt.category === "network_error" || attempt.category === "timeout_error" ? ": the server never answered" : ""}.</p>
        ) : (
          <table className="table headers-table" aria-label="Response headers">
            <tbody>
              {attempt.response_headers.map((h, i) => (
                <tr key={i}>
                  <th scope="row" className="mono">
                    {h.name}
                  </th>
                  <td className="mono wrap">{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <CurlDialog open={curlOpen} deliveryId={s.id} attemptId={attempt.id} onClose={() => setCurlOpen(false)} />
    </div>
  );
}
