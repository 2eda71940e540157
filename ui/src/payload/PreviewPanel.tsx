// The live preview beside the editor: contact picker, method and URL (substitutions marked),
// headers (credentials masked), the JSON body, warnings and errors.
import type { ReactNode } from "react";
import type { AppError, Contact, PreviewResult, RenderedUrl } from "../api/generated";
import { contactName } from "../contacts/contactName";
import { BreakableUrl } from "../design/BreakableUrl";
import { StatusChip } from "../design/primitives";

export function PreviewPanel(props: {
  contacts: Contact[];
  /** False until the contact list has come back (an empty list then means there are none). */
  contactsLoaded: boolean;
  contactId: string | null;
  onContact: (id: string) => void;
  result: PreviewResult | null;
  error: AppError | null;
  stale: boolean;
  latencyMs: number | null;
}) {
  const { result } = props;
  return (
    <section className="preview-panel" aria-label="Live preview" aria-busy={props.stale} data-testid="preview-panel">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <label className="row" style={{ gap: 6 }}>
          <span className="preview-section-title">Preview for</span>
          {props.contacts.length > 0 ? (
            <select
              className="select"
              aria-label="Sample contact"
              value={props.contactId ?? ""}
              onChange={(e) => props.onContact(e.target.value)}
            >
              {props.contacts.map((c) => (
                <option key={c.id} value={c.id}>
                  {contactName(c)}
                </option>
              ))}
            </select>
          ) : (
            <span className="muted">{props.contactsLoaded ? "no sample contacts" : "…"}</span>
          )}
        </label>
        {/* How long the render took is for measuring, not for the marketer: kept as an attribute. */}
        <span
          className="muted"
          style={{ fontSize: 12 }}
          data-testid="preview-latency"
          data-latency-ms={props.latencyMs !== null ? Math.round(props.latencyMs) : undefined}
        >
          {props.stale ? "rendering…" : ""}
        </span>
      </div>
      {props.error ? <p className="error-text">{props.error.message}</p> : null}
      {result ? (
        <>
          {result.errors.length > 0 ? (
            <ul className="issue-list" data-testid="preview-errors">
              {result.errors.map((e, i) => (
                <li key={i}>
                  <StatusChip tone="danger">Error</StatusChip> {e.message}
                </li>
              ))}
            </ul>
          ) : null}
          {result.warnings.length > 0 ? (
            <ul className="issue-list" data-testid="preview-warnings">
              {result.warnings.map((w, i) => (
                <li key={i}>
                  <StatusChip tone="warning">Warning</StatusChip> {w.message}
                </li>
              ))}
            </ul>
          ) : null}
          <div>
            <div className="preview-section-title">Request</div>
            <div className="preview-url" data-testid="preview-url">
              <span className="method">{result.method}</span> {result.url ? <MarkedUrl url={result.url} /> : <span className="muted">(the URL could not be rendered)</span>}
            </div>
          </div>
          <div>
            <div className="preview-section-title">Headers</div>
            <table className="table" aria-label="Request headers">
              <tbody>
                {result.headers.map((h, i) => (
                  <tr key={i}>
                    <th scope="row" className="mono">
                      {h.name}
                    </th>
                    <td className="mono wrap">
                      {h.value} {h.source === "auth" ? <span className="muted">(from API Auth)</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <div className="preview-section-title">Body</div>
            <pre data-testid="preview-body">{result.body ?? "(no body)"}</pre>
          </div>
        </>
      ) : props.error ? null : props.contactsLoaded && props.contacts.length === 0 ? (
        <p className="muted" data-testid="preview-no-contacts">
          No sample contacts yet. Add one in Sample Contacts &amp; Team to see the request it would send.
        </p>
      ) : (
        <p className="muted">Rendering…</p>
      )}
    </section>
  );
}

function MarkedUrl({ url }: { url: RenderedUrl }) {
  const chars = Array.from(url.url);
  const parts: ReactNode[] = [];
  let next = 0;
  // Each piece wraps only after / ? & (see BreakableUrl), a variable's value included.
  for (const span of url.spans) {
    parts.push(<BreakableUrl key={`t${next}`} url={chars.slice(next, span.start).join("")} />);
    parts.push(
      <mark key={span.start} title={`{${span.variable}} = ${span.binding} → ${span.value}`}>
        <BreakableUrl url={chars.slice(span.start, span.end).join("")} />
      </mark>,
    );
    next = span.end;
  }
  parts.push(<BreakableUrl key={`t${next}`} url={chars.slice(next).join("")} />);
  return <span>{parts}</span>;
}
