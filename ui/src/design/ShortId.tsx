// An id shown short — its prefix, the start and the end of the rest (`dlv_01jf…k7q2`) — on one
// line, the whole id on hover and for screen readers, with a button that copies it whole and
// says so in place (a tick, and "Copied" for screen readers) for two seconds.
import { useEffect, useState, type MouseEvent } from "react";
import { Link } from "react-router";
import { Icon } from "./icons";
import "./lists.css";

/** `dlv_01jfz3k9x8y7w6v5t4s3r2q1p0` → `dlv_01jf…q1p0`; short ids stay as they are. */
export function shortenId(id: string): string {
  const cut = id.indexOf("_");
  const rest = cut >= 0 ? id.slice(cut + 1) : id;
  if (rest.length <= 10) return id;
  return `${id.slice(0, cut + 1)}${rest.slice(0, 4)}…${rest.slice(-4)}`;
}

/**
 * `to`: the id is also a link to what it names (its short text is the link's, the whole id its
 * accessible name). The copy button stops its click there, so a clickable table row around it
 * does not open the row as well.
 */
export function ShortId({
  id,
  label = "ID",
  testId,
  to,
  copyable = true,
}: {
  id: string;
  label?: string;
  testId?: string;
  to?: string;
  /** False in a dense list whose row opens a screen that offers the copy. */
  copyable?: boolean;
}) {
  const [copied, setCopied] = useState<"yes" | "refused" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(null), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  const copy = (event: MouseEvent) => {
    event.stopPropagation();
    if (!navigator.clipboard) return setCopied("refused");
    navigator.clipboard.writeText(id).then(
      () => setCopied("yes"),
      () => setCopied("refused"),
    );
  };
  return (
    <span className="short-id">
      {to ? (
        <Link to={to} className="mono" title={id} data-testid={testId} data-full-id={id}>
          <IdText id={id} />
        </Link>
      ) : (
        <span className="mono" title={shortenId(id) === id ? undefined : id} data-testid={testId} data-full-id={id}>
          <IdText id={id} />
        </span>
      )}
      {copyable ? (
        <>
          <button type="button" className="icon-button copy-id" aria-label={`Copy ${label} ${id}`} onClick={copy}>
            <Icon name={copied === "yes" ? "check" : "copy"} />
          </button>
          <span className="visually-hidden" role="status">
            {copied === "yes" ? `${label} copied` : copied === "refused" ? "The clipboard refused the copy" : ""}
          </span>
        </>
      ) : null}
    </span>
  );
}

/** The short form for the eye, the whole id for screen readers. */
function IdText({ id }: { id: string }) {
  if (shortenId(id) === id) return <>{id}</>;
  return (
    <>
      <span aria-hidden="true">{shortenId(id)}</span>
      <span className="visually-hidden">{id}</span>
    </>
  );
}
