// A body as the debugger shows it: pretty JSON whose objects and arrays fold, or the raw text;
// a copy button either way. Text that is not JSON is shown raw.
import { useMemo, useState } from "react";
import { Button } from "../design/primitives";
import { useToasts } from "../design/toasts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Past this many characters the tree is not built: the browser would crawl. */
const MAX_TREE_CHARS = 200_000;

function Scalar({ value }: { value: Exclude<Json, Json[] | { [key: string]: Json }> }) {
  const kind = value === null ? "null" : typeof value;
  return <span className={`json-${kind}`}>{JSON.stringify(value)}</span>;
}

function Node({ name, value, last }: { name?: string; value: Json; last: boolean }) {
  const key = name !== undefined ? <span className="json-key">{JSON.stringify(name)}: </span> : null;
  const comma = last ? "" : ",";
  if (value === null || typeof value !== "object") {
    return (
      <div className="json-line">
        {key}
        <Scalar value={value} />
        {comma}
      </div>
    );
  }
  const entries: [string | undefined, Json][] = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {key}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  return (
    <details open className="json-fold">
      <summary>
        {key}
        {open}
        <span className="json-folded muted">
          {" "}
          {entries.length} {Array.isArray(value) ? "items" : "keys"} {close}
          {comma}
        </span>
      </summary>
      <div className="json-children">
        {entries.map(([k, v], i) => (
          <Node key={i} name={k} value={v} last={i === entries.length - 1} />
        ))}
      </div>
      <div className="json-line">
        {close}
        {comma}
      </div>
    </details>
  );
}

export function JsonView({ text, label, testId }: { text: string | null; label: string; testId?: string }) {
  const parsed = useMemo(() => {
    if (text === null || text.length > MAX_TREE_CHARS) return undefined;
    try {
      return JSON.parse(text) as Json;
    } catch {
      return undefined;
    }
  }, [text]);
  const [raw, setRaw] = useState(false);
  const toasts = useToasts();
  const isJson = parsed !== undefined;
  const copy = () => {
    navigator.clipboard
      ?.writeText(text ?? "")
      .then(() => toasts.show(`${label} copied.`, "success"))
      .catch(() => toasts.show("The clipboard refused the copy.", "danger"));
  };
  if (text === null) return <p className="muted">No body.</p>;
  return (
    <div className="json-view" data-testid={testId}>
      <div className="row json-toolbar">
        {isJson ? (
          <Button className="small" aria-pressed={raw} onClick={() => setRaw(!raw)}>
            {raw ? "Pretty" : "Raw"}
          </Button>
        ) : (
          <span className="muted">Not JSON: shown as received</span>
        )}
        <Button className="small" onClick={copy}>
          Copy
        </Button>
      </div>
      {isJson && !raw ? (
        <div className="code-block json-tree" aria-label={label}>
          <Node value={parsed} last />
        </div>
      ) : (
        <pre className="code-block" aria-label={label}>
          {text || "(empty)"}
        </pre>
      )}
    </div>
  );
}
