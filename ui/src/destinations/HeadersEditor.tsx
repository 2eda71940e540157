// Static headers: name/value rows with inline problems per row.
import type { FieldIssue, HeaderEntry } from "../api/generated";
import { Button } from "../design/primitives";

export function HeadersEditor(props: {
  headers: HeaderEntry[];
  onChange: (headers: HeaderEntry[]) => void;
  issues: FieldIssue[];
}) {
  const { headers, onChange } = props;
  const issueFor = (field: string) => props.issues.find((i) => i.field === field)?.message;
  const update = (index: number, patch: Partial<HeaderEntry>) =>
    onChange(headers.map((h, i) => (i === index ? { ...h, ...patch } : h)));

  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 550, marginBottom: 4 }}>Static headers</legend>
      {headers.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          None. <code>Content-Type: application/json</code> is sent unless you set another.
        </p>
      ) : null}
      {headers.map((header, i) => {
        const nameIssue = issueFor(`headers.${i}.name`);
        const valueIssue = issueFor(`headers.${i}.value`);
        return (
          <div className="header-row" key={i}>
            <div className="field">
              <input
                className="input"
                aria-label={`Header ${i + 1} name`}
                placeholder="X-Source"
                value={header.name}
                aria-invalid={nameIssue ? true : undefined}
                onChange={(e) => update(i, { name: e.target.value })}
              />
              {nameIssue ? <span className="error">{nameIssue}</span> : null}
            </div>
            <div className="field">
              <input
                className="input"
                aria-label={`Header ${i + 1} value`}
                placeholder="api-destinations"
                value={header.value}
                aria-invalid={valueIssue ? true : undefined}
                onChange={(e) => update(i, { value: e.target.value })}
              />
              {valueIssue ? <span className="error">{valueIssue}</span> : null}
            </div>
            <Button
              className="small"
              aria-label={`Remove header ${header.name || i + 1}`}
              onClick={() => onChange(headers.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </div>
        );
      })}
      <div>
        <Button className="small" onClick={() => onChange([...headers, { name: "", value: "" }])}>
          Add header
        </Button>
      </div>
    </fieldset>
  );
}
