// One attempt as "Send test" shows it: status, code, time, the hint that says what to change,
// and the start of the response body.
import { Link } from "react-router";
import { ShortId } from "../design/ShortId";
import type { AttemptView, DeliveryDetail } from "../api/generated";
import { DetailsTable, StatusChip } from "../design/primitives";
import { useSendingStatus } from "../lib/sendingStatus";
import { CATEGORY_LABEL, CATEGORY_TONE } from "./categories";
import { stateWords } from "./hold";

const BODY_PREVIEW_CHARS = 4000;

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function AttemptResult({ detail, attempt }: { detail: DeliveryDetail; attempt: AttemptView }) {
  const body = attempt.response_body ?? "";
  const shown = prettyBody(body);
  const allPaused = useSendingStatus()?.paused ?? false;
  return (
    <div className="stack" data-testid="attempt-result" aria-live="polite">
      <div className="row" style={{ gap: 8, alignItems: "center" }}>
        {attempt.category ? (
          <StatusChip tone={CATEGORY_TONE[attempt.category]}>
            {CATEGORY_LABEL[attempt.category]}
            {attempt.http_status !== null ? ` · ${attempt.http_status}` : ""}
          </StatusChip>
        ) : (
          <StatusChip tone="info">In flight</StatusChip>
        )}
        <span className="muted">{stateWords(detail, allPaused)}</span>
        <Link to={`/deliveries/${detail.summary.id}/attempts/${attempt.id}`} data-testid="open-attempt">
          Open in API Deliveries
        </Link>
      </div>
      {attempt.hint ? (
        <p className="attempt-hint" data-testid="attempt-hint">
          {attempt.hint}
        </p>
      ) : null}
      <DetailsTable
        caption="Attempt"
        rows={[
          ["Delivery ID", <ShortId id={detail.summary.id} label="Delivery ID" testId="delivery-id" />],
          ["Attempt ID", <ShortId id={attempt.id} label="Attempt ID" />],
          ["Sent", <span className="mono wrap">{`${detail.summary.method} ${attempt.request_url ?? detail.summary.url}`}</span>],
          ["Duration", attempt.duration_ms !== null ? `${attempt.duration_ms} ms` : "—"],
          ...(attempt.error ? ([["Error", <span className="wrap">{attempt.error}</span>]] as [string, React.ReactNode][]) : []),
        ]}
      />
      {attempt.response_body !== null ? (
        <div className="stack" style={{ gap: 4 }}>
          <div className="preview-section-title">
            Response body{" "}
            <span className="muted">
              ({attempt.response_body_kept} of {attempt.response_body_size ?? attempt.response_body_kept} bytes kept)
            </span>
          </div>
          <pre className="code-block" data-testid="response-body">
            {shown.length > BODY_PREVIEW_CHARS ? `${shown.slice(0, BODY_PREVIEW_CHARS)}\n…` : shown || "(empty)"}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
