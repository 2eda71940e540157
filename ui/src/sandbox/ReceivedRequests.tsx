// What the sandbox received, newest first: one row per request, expanded to its headers and
// body on click. Secret values arrive already masked from the core.
import { useState } from "react";
import type { SandboxRequest } from "../api/generated";
import { Button, StatusChip, type Tone } from "../design/primitives";
import { ShortId } from "../design/ShortId";
import { formatBytes, formatClock, formatTimestamp } from "../lib/format";

function toneOf(status: number): Tone {
  if (status < 300) return "success";
  if (status < 400) return "info";
  if (status < 500) return "warning";
  return "danger";
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function ReceivedRequests({ requests, onClear }: { requests: SandboxRequest[]; onClear: () => void }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="stack sandbox-received" data-testid="sandbox-requests">
      <div className="row">
        <h3 className="preview-section-title" id="sandbox-received-title">
          Received requests ({requests.length})
        </h3>
        <span className="spacer" />
        <Button className="small" onClick={onClear} disabled={requests.length === 0}>
          Clear
        </Button>
      </div>
      {requests.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Nothing received yet. Open the Sandbox destination and click “Send test”.
        </p>
      ) : (
        <ul className="sandbox-request-list" aria-labelledby="sandbox-received-title">
          {requests.map((request) => {
            const expanded = open === request.id;
            const panelId = `sandbox-request-${request.id}`;
            return (
              <li key={request.id}>
                <button
                  type="button"
                  className="sandbox-request-row"
                  aria-expanded={expanded}
                  aria-controls={panelId}
                  onClick={() => setOpen(expanded ? null : request.id)}
                >
                  <span className="muted" title={formatTimestamp(request.received_at)}>
                    {formatClock(request.received_at)}
                  </span>
                  <span className="method">{request.method}</span>
                  <span className="mono sandbox-request-path">{request.path}</span>
                  <StatusChip tone={toneOf(request.status)}>{request.status}</StatusChip>
                </button>
                {expanded ? <RequestDetail id={panelId} request={request} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function RequestDetail({ id, request }: { id: string; request: SandboxRequest }) {
  return (
    <div className="stack sandbox-request-detail" id={id}>
      <table className="table">
        <caption className="visually-hidden">Headers</caption>
        <tbody>
          {request.headers.map((header, index) => (
            <tr key={`${header.name}-${index}`}>
              <th scope="row" className="mono">
                {header.name}
              </th>
              <td className="wrap mono">{header.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="preview-section-title">
        Body{" "}
        <span className="muted">
          ({formatBytes(request.body_size)}{request.body_truncated ? `, first ${formatBytes(64 * 1024)} shown` : ""})
        </span>
      </div>
      <pre className="code-block" data-testid="sandbox-request-body">
        {prettyBody(request.body) || "(empty)"}
      </pre>
      <ShortId id={request.id} label="Request ID" />
    </div>
  );
}
