// Delivery detail: what was sent (metadata, payload, API Auth), why (automation), and every
// attempt, with the actions a marketer needs when it failed: Retry now, Replay, cancel the
// scheduled retries, Copy as cURL.
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { AppError, AttemptView, DeliveryDetail } from "../api/generated";
import { call } from "../api/ipc";
import { kindLabel } from "../auth/kinds";
import { Dialog } from "../design/Dialog";
import { ShortId, shortenId } from "../design/ShortId";
import { Button, Card, DetailsTable, PageHeader, StatusChip } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { CategoryChip } from "./CategoryChip";
import { CurlDialog } from "./CurlDialog";
import { formatDuration, formatFullTime, formatTime } from "../lib/format";
import { useSendingStatus } from "../lib/sendingStatus";
import { JsonView } from "./JsonView";
import { ReplayDialog } from "./ReplayDialog";
import { ReplayLinks } from "./ReplayLinks";
import { stateWords } from "./hold";
import { useDelivery } from "./useDelivery";

/** The headers as the last attempt sent them (credentials masked), else as frozen. */
function sentHeaders(detail: DeliveryDetail) {
  const last = [...detail.attempts].reverse().find((a) => a.request_headers.length > 0);
  return last ? last.request_headers : detail.headers;
}

export function DeliveryDetailScreen() {
  const { id } = useParams();
  const { detail, error } = useDelivery(id);
  const [curlOpen, setCurlOpen] = useState(false);
  const [replayOpen, setReplayOpen] = useState(false);
  const [confirmRetry, setConfirmRetry] = useState(false);
  const toasts = useToasts();
  const allPaused = useSendingStatus()?.paused ?? false;

  if (error) {
    return (
      <div className="page">
        <PageHeader title="Delivery" breadcrumb="Monitoring › API Deliveries" />
        <Card>
          <p className="error-text">{error.message}</p>
          <Link to="/deliveries">Back to API Deliveries</Link>
        </Card>
      </div>
    );
  }
  if (!detail) return <div className="page" aria-busy="true" />;
  const s = detail.summary;

  const act = (action: () => Promise<unknown>, done: string) =>
    action()
      .then(() => toasts.show(done, "success"))
      .catch((e: AppError) => toasts.show(e.message, "danger"));
  const retryNow = () => act(() => call("delivery_retry_now", { id: s.id }), "Retrying now.");

  return (
    <div className="page">
      <PageHeader
        title={`${s.method} to ${s.destination_name}`}
        breadcrumb="Monitoring › API Deliveries"
        actions={
          <>
            <Link className="button" to="/deliveries">
              Back to list
            </Link>
            <Button onClick={() => setCurlOpen(true)}>Copy as cURL</Button>
            <Button onClick={() => setReplayOpen(true)}>Replay…</Button>
            {s.state === "scheduled" && (s.next_attempt_at || s.hold_reason) ? (
              <Button variant="danger" onClick={() => act(() => call("delivery_cancel", { id: s.id }), "Scheduled retries cancelled.")}>
                Cancel retries
              </Button>
            ) : null}
            {/* A delivered request is sent again only after saying so; not the main action then. */}
            <Button
              variant={s.state === "succeeded" ? undefined : "primary"}
              disabled={s.state === "in_flight"}
              onClick={() => (s.state === "succeeded" ? setConfirmRetry(true) : retryNow())}
            >
              Retry now
            </Button>
          </>
        }
      />
      <Card>
        <div className="delivery-head">
          <div className="row" style={{ alignItems: "center", gap: 8 }}>
            <CategoryChip category={s.last_category} code={s.last_http_status} />
            <span data-testid="delivery-state">{stateWords(detail, allPaused)}</span>
          </div>
          <div className="row" style={{ alignItems: "center", gap: 8 }}>
            <span className="muted">Delivery ID</span>
            <ShortId id={s.id} label="Delivery ID" testId="delivery-id" />
          </div>
        </div>
      </Card>
      <Card title={`Attempts (${detail.attempts.length})`}>
        <AttemptsTable detail={detail} />
      </Card>
      <div className="detail-grid">
        <Card title="Metadata">
          <DetailsTable
            caption="Metadata"
            rows={[
              ["Method", <span className="method">{s.method}</span>],
              ["URL", <span className="mono wrap" data-testid="delivery-url">{s.url}</span>],
              ["Created", formatFullTime(s.created_at)],
              ["Timeout", `${detail.timeout_secs} s`],
              ...(detail.replay_of
                ? ([["Replay of", <ShortId id={detail.replay_of} label="Delivery ID" to={`/deliveries/${detail.replay_of}`} />]] as [string, React.ReactNode][])
                : []),
              ...(detail.replays.length > 0
                ? ([["Replayed as", <ReplayLinks replays={detail.replays} />]] as [string, React.ReactNode][])
                : []),
            ]}
          />
          <div className="preview-section-title">Request headers</div>
          <table className="table headers-table" aria-label="Request headers">
            <tbody>
              {sentHeaders(detail).map((h, i) => (
                <tr key={i}>
                  <th scope="row" className="mono">
                    {h.name}
                  </th>
                  <td className="mono wrap">{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <div className="stack">
          <Card title="API Auth">
            {detail.auth === null ? (
              <p className="muted">None: sent without credentials.</p>
            ) : (
              <DetailsTable
                caption="API Auth"
                rows={[
                  ["Kind", kindLabel(detail.auth.kind)],
                  ["Config", detail.auth.name ?? detail.auth.id],
                  [
                    "Credential",
                    detail.auth.exists ? (
                      <span className="mono">••••</span>
                    ) : (
                      <StatusChip tone="danger">Auth config deleted</StatusChip>
                    ),
                  ],
                ]}
              />
            )}
          </Card>
          <Card title="Automation">
            <DetailsTable
              caption="Automation"
              rows={[
                [
                  "Rule",
                  s.rule_id ? (
                    <Link to={`/rules/${s.rule_id}`}>{s.rule_name ?? s.rule_id}</Link>
                  ) : (
                    <span className="muted">{s.source === "test" ? "None (Send test)" : s.source === "replay" ? "None (Replay)" : "None"}</span>
                  ),
                ],
                ["Event", <Link to={`/events/${s.event_id}`} className="mono nowrap" title={s.event_id}>{shortenId(s.event_id)}</Link>],
                ["Event type", <span className="mono">{s.event_type}</span>],
                ["Contact", s.contact_name ?? s.contact_id ?? "—"],
              ]}
            />
          </Card>
        </div>
      </div>
      <Card title="Request Payload">
        <JsonView text={detail.body} label="Request payload" testId="request-payload" />
      </Card>
      <CurlDialog
        open={curlOpen}
        deliveryId={s.id}
        attemptId={detail.attempts[detail.attempts.length - 1]?.id ?? null}
        onClose={() => setCurlOpen(false)}
      />
      <Dialog
        open={confirmRetry}
        title="Send this delivery again?"
        onClose={() => setConfirmRetry(false)}
        actions={
          <>
            <Button onClick={() => setConfirmRetry(false)}>Cancel</Button>
            <Button
              variant="primary"
              onClick={() => {
                setConfirmRetry(false);
                void retryNow();
              }}
            >
              Send again
            </Button>
          </>
        }
      >
        <p data-testid="retry-delivered-warning">
          This delivery already succeeded. Retrying sends the same {s.method} request to {s.destination_name} again, so
          the receiving tool may act on it twice (for example, create a second record).
        </p>
      </Dialog>
      <ReplayDialog open={replayOpen} deliveryId={s.id} onClose={() => setReplayOpen(false)} />
    </div>
  );
}

function AttemptsTable({ detail }: { detail: DeliveryDetail }) {
  const navigate = useNavigate();
  const s = detail.summary;
  if (detail.attempts.length === 0) {
    const when = s.hold_reason
      ? "the first one is made once it is no longer held."
      : s.state === "cancelled"
        ? "it was cancelled before any was made."
        : "the first one is due now.";
    return <p className="muted">No attempt yet: {when}</p>;
  }
  const open = (a: AttemptView) => navigate(`/deliveries/${s.id}/attempts/${a.id}`);
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Attempts" data-testid="attempts-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Status</th>
            <th scope="col">Completed</th>
            <th scope="col">Duration</th>
            <th scope="col">Attempt ID</th>
            <th scope="col">HTTP code</th>
            <th scope="col">Trigger</th>
            <th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {detail.attempts.map((a) => (
            <tr key={a.id} className="clickable" data-attempt-id={a.id} onClick={() => open(a)}>
              <td className="num">{a.number}</td>
              <td>{a.completed_at === null ? <StatusChip tone="info">In flight</StatusChip> : <CategoryChip category={a.category} />}</td>
              <td className="nowrap">{formatTime(a.completed_at)}</td>
              <td className="num nowrap">{formatDuration(a.duration_ms)}</td>
              <td className="id-cell">
                <ShortId id={a.id} label="Attempt ID" to={`/deliveries/${s.id}/attempts/${a.id}`} />
              </td>
              <td className="num">{a.http_status ?? "—"}</td>
              <td>{a.trigger === "manual" ? "Manual" : "Scheduled"}</td>
              <td className="nowrap">
                <NextAttempt attempt={a} detail={detail} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The retry an attempt scheduled: due, superseded by a later attempt (muted), or cancelled. */
function NextAttempt({ attempt, detail }: { attempt: AttemptView; detail: DeliveryDetail }) {
  const s = detail.summary;
  const at = attempt.next_attempt_at;
  if (at === null) return <>—</>;
  if (s.state === "scheduled" && s.next_attempt_at === at) return <>{formatTime(at)}</>;
  const last = detail.attempts[detail.attempts.length - 1];
  if (s.state === "cancelled" && last?.id === attempt.id) {
    return (
      <span className="muted" title={`Was due at ${formatTime(at)}`}>
        Cancelled
      </span>
    );
  }
  return <span className="muted">{formatTime(at)}</span>;
}
