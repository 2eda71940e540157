// Settings › Sandbox receiver: the switch, its address, the ready-made destination, the paths it
// understands, and what it received (live).
import { useId, useState } from "react";
import { Link } from "react-router";
import type { AppError } from "../api/generated";
import { Banner, Button, Card, Field } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { ReceivedRequests } from "./ReceivedRequests";
import { useSandbox } from "./useSandbox";

function validPort(text: string): number | null {
  const port = Number(text);
  return Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : null;
}

export function SandboxCard() {
  const { status, requests, loadError, setEnabled, clear } = useSandbox();
  const toasts = useToasts();
  const switchId = useId();
  const [portText, setPortText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  // The field follows the port the core reports (a saved one, or the one it moved to).
  const [reportedPort, setReportedPort] = useState<number | null>(null);
  if (status && status.port !== reportedPort) {
    setReportedPort(status.port);
    setPortText(String(status.port));
  }

  const port = validPort(portText);
  const portIssue = port === null ? "Enter a port from 1024 to 65535." : null;

  const apply = async (enabled: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const next = await setEnabled(enabled, port);
      toasts.show(next.running ? `Sandbox receiver listening on ${next.url}.` : "Sandbox receiver stopped.", "success");
    } catch (e) {
      setError(e as AppError);
    } finally {
      setBusy(false);
    }
  };

  const shownError = error ?? (status?.enabled && !status.running ? status.error : null);
  const portChanged = status?.running && port !== null && port !== status.port;

  return (
    <Card title="Sandbox receiver" labelledBy="sandbox-title">
      <div className="stack" data-testid="sandbox-card">
        <p className="muted" style={{ margin: 0 }}>
          A test endpoint on this computer only (127.0.0.1): send to it to try destinations, rules and the delivery log
          without an account anywhere. It keeps the last 200 requests in memory, with secrets masked.
        </p>
        {loadError ? <Banner tone="danger" title="The sandbox state could not be read">{loadError.message}</Banner> : null}
        <div className="row">
          <label className="switch" htmlFor={switchId}>
            <input
              id={switchId}
              type="checkbox"
              role="switch"
              checked={status?.running ?? false}
              aria-checked={status?.running ?? false}
              disabled={!status || busy || (!status.running && port === null)}
              onChange={(e) => void apply(e.target.checked)}
            />
            Run the sandbox receiver
          </label>
          {status?.running ? (
            <span>
              Listening at <code data-testid="sandbox-url">{status.url}</code>
            </span>
          ) : (
            <span className="muted">Off</span>
          )}
        </div>
        <div className="row" style={{ alignItems: "flex-end" }}>
          <Field id="sandbox-port" label="Port" error={portIssue}>
            <input
              id="sandbox-port"
              className="input sandbox-port"
              type="number"
              min={1024}
              max={65535}
              value={portText}
              aria-invalid={portIssue ? true : undefined}
              disabled={busy}
              onChange={(e) => setPortText(e.target.value)}
            />
          </Field>
          {portChanged ? (
            <Button onClick={() => void apply(true)} disabled={busy}>
              Move to port {port}
            </Button>
          ) : null}
        </div>
        {shownError ? (
          <Banner tone="danger" title="The sandbox receiver is not running">
            {shownError.message}
          </Banner>
        ) : null}
        {status?.destination_id ? (
          <p style={{ margin: 0 }}>
            <Link to={`/destinations/${status.destination_id}`} data-testid="sandbox-destination-link">
              Open the Sandbox destination
            </Link>{" "}
            <span className="muted">and click “Send test” to send a sample contact here.</span>
          </p>
        ) : null}
        <p className="muted" style={{ margin: 0 }}>
          Any path answers 200; <code>/status/500</code> (or any code from 200 to 599) answers that status, to see each
          failure; add <code>?delay_ms=20000</code> to try a timeout. Only requests carrying the Sandbox destination’s{" "}
          <code>X-Sandbox-Key</code> header are taken, so a web page cannot write here; copy that header into another
          destination to send it here (its value is renewed each time the sandbox starts, in every destination that has
          it).
        </p>
        <ReceivedRequests
          requests={requests}
          onClear={() => void clear().catch((e: AppError) => toasts.show(e.message, "danger"))}
        />
      </div>
    </Card>
  );
}
