// Settings › Event ingest endpoint: lets a platform or script on this computer send real events
// (POST /v1/events with a bearer token). The token is shown once, when it is made.
import { useEffect, useId, useState } from "react";
import type { AppError, IngestStatus } from "../api/generated";
import { call } from "../api/ipc";
import { Banner, Button, Card } from "../design/primitives";

export function IngestCard() {
  const [status, setStatus] = useState<IngestStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const switchId = useId();

  useEffect(() => {
    call("ingest_status")
      .then(setStatus)
      .catch((e: AppError) => setError(e));
  }, []);

  const toggle = (enabled: boolean) => {
    setBusy(true);
    setError(null);
    call("ingest_set_enabled", { enabled, port: null })
      .then(setStatus)
      .catch((e: AppError) => setError(e))
      .finally(() => setBusy(false));
  };
  const rotate = () => {
    setBusy(true);
    setError(null);
    call("ingest_rotate_token")
      .then((t) => {
        setToken(t.token);
        return call("ingest_status").then(setStatus);
      })
      .catch((e: AppError) => setError(e))
      .finally(() => setBusy(false));
  };

  const url = status?.url ?? `http://127.0.0.1:${status?.port ?? 47812}/v1/events`;
  return (
    <Card title="Event ingest endpoint">
      <div className="stack" data-testid="ingest-card">
        <p className="muted" style={{ margin: 0 }}>
          Lets your messaging platform (or a script) on this computer send real events to your rules. It listens on
          127.0.0.1 only and needs the token.
        </p>
        {error ? <Banner tone="danger" title="The ingest endpoint could not change">{error.message}</Banner> : null}
        {status?.error && !status.running ? <Banner tone="warning" title="Not running">{status.error}</Banner> : null}
        <div className="row">
          <label className="switch" htmlFor={switchId}>
            <input
              id={switchId}
              type="checkbox"
              role="switch"
              checked={status?.running ?? false}
              aria-checked={status?.running ?? false}
              disabled={!status || busy}
              onChange={(e) => toggle(e.target.checked)}
            />
            Accept events on the ingest endpoint
          </label>
          {status?.running ? (
            <span>
              Listening at <code data-testid="ingest-url">{url}</code>
            </span>
          ) : (
            <span className="muted">Off</span>
          )}
        </div>
        <div className="row">
          <Button onClick={rotate} disabled={busy}>
            {status?.token_set ? "Make a new token" : "Make a token"}
          </Button>
          <span className="muted">
            {status?.token_set ? "A token is set (kept in the system keyring). A new one replaces it at once." : "No token yet."}
          </span>
        </div>
        {token ? (
          <Banner tone="info" title="Copy this token now: it is not shown again">
            <code className="wrap" data-testid="ingest-token">
              {token}
            </code>
          </Banner>
        ) : null}
        <pre className="code-block">{`curl -X POST ${url} \\
  -H "Authorization: Bearer ${token ?? "<token>"}" \\
  -H "Content-Type: application/json" \\
  -d '{"type": "contact.tag_added", "contact_id": "ct_…", "data": {"tag": "vip"}}'`}</pre>
      </div>
    </Card>
  );
}
