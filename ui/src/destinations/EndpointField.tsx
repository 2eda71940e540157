// The endpoint input: placeholders highlighted in place (a marked copy of the text sits
// behind a transparent input) and the detected variables listed under it.
import { useRef, type ReactNode } from "react";
import type { FieldIssue, TemplatePlaceholder } from "../api/generated";

export function EndpointField(props: {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  placeholders: TemplatePlaceholder[];
  variables: string[];
  issue?: FieldIssue;
}) {
  const backdrop = useRef<HTMLDivElement>(null);
  const chars = Array.from(props.value);
  const errorAt = props.issue?.position ?? null;

  const pieces: ReactNode[] = [];
  let next = 0;
  for (const p of props.placeholders) {
    if (p.start < next || p.end > chars.length) continue;
    pieces.push(chars.slice(next, p.start).join(""));
    pieces.push(<mark key={p.start}>{chars.slice(p.start, p.end).join("")}</mark>);
    next = p.end;
  }
  if (errorAt !== null && errorAt >= next && errorAt < chars.length) {
    pieces.push(chars.slice(next, errorAt).join(""));
    pieces.push(
      <mark key="error" className="error">
        {chars[errorAt]}
      </mark>,
    );
    next = errorAt + 1;
  }
  pieces.push(chars.slice(next).join(""));

  return (
    <div className="field">
      <label htmlFor="destination-endpoint">Endpoint URL</label>
      <div className="template-field">
        <div className="template-backdrop" ref={backdrop} aria-hidden="true">
          {pieces}
        </div>
        <input
          id="destination-endpoint"
          className="input"
          value={props.value}
          spellCheck={false}
          autoComplete="off"
          placeholder="https://api.example.com/contacts/{contact_id}"
          aria-invalid={props.issue ? true : undefined}
          aria-describedby="destination-endpoint-hint"
          onChange={(e) => props.onChange(e.target.value)}
          onBlur={props.onBlur}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollLeft = e.currentTarget.scrollLeft;
          }}
          onKeyUp={(e) => {
            if (backdrop.current) backdrop.current.scrollLeft = e.currentTarget.scrollLeft;
          }}
        />
      </div>
      <span className="hint" id="destination-endpoint-hint">
        Put <code>{"{variables}"}</code> in the path or query; each rule binds them to contact data. The host is
        fixed so credentials only go where you chose.
      </span>
      <div className="variable-list" data-testid="endpoint-variables" aria-live="polite">
        <span className="muted">Variables:</span>
        {props.variables.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          props.variables.map((v) => <code key={v}>{v}</code>)
        )}
      </div>
      {props.issue ? (
        <span className="error" role="alert" data-testid="endpoint-error">
          {props.issue.message}
        </span>
      ) : null}
    </div>
  );
}
