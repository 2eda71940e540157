// A moment on screen: relative while recent, else its date and time, the full timestamp on hover.
import { formatTimestamp, formatWhen, toMillis } from "./format";
import { useNow } from "./useNow";

export function When({ value, testId }: { value: number | string; testId?: string }) {
  const now = useNow();
  const ms = toMillis(value);
  if (Number.isNaN(ms)) return <>{String(value)}</>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatTimestamp(ms)} data-testid={testId}>
      {formatWhen(ms, { now })}
    </time>
  );
}
