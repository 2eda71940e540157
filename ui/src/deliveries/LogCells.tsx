// Cells of the deliveries log that wrap where it reads well when the window is narrow, so the
// last columns (HTTP code, duration) stay in view.
import { timeParts } from "./format";

/** An older day goes above its time in a narrow column, so the last columns stay in the window. */
export function TimeCell({ ms }: { ms: number }) {
  const { day, time } = timeParts(ms);
  return (
    <>
      {day === null ? null : (
        <>
          <span className="nowrap">{day}</span>{" "}
        </>
      )}
      <span className="nowrap">{time}</span>
    </>
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
