// Cells of the deliveries log that wrap where it reads well when the window is narrow, so the
// last columns (HTTP code, duration) stay in view.
import { formatClock, formatDay, formatTimestamp, formatWhen, RECENT_MS } from "../lib/format";
import { useNow } from "../lib/useNow";

/**
 * When a row was created: relative within the hour ("5 min. ago"), else its date and time, with
 * the date above the time in a narrow column so the last columns stay in the window. The full
 * timestamp is on hover.
 */
export function TimeCell({ ms }: { ms: number }) {
  const now = useNow();
  const title = formatTimestamp(ms);
  const iso = new Date(ms).toISOString();
  if (Math.abs(now - ms) < RECENT_MS) {
    return (
      <time className="nowrap" dateTime={iso} title={title}>
        {formatWhen(ms, { now })}
      </time>
    );
  }
  return (
    <time dateTime={iso} title={title}>
      <span className="nowrap">{formatDay(ms, { now })}</span> <span className="nowrap">{formatClock(ms)}</span>
    </time>
  );
}

/** `contact.tag_added` may wrap after its dot in a narrow column, and nowhere else. */
export function BreakAfterDots({ text }: { text: string }) {
  const parts = text.split(".");
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </span>
      ))}
    </>
  );
}
