// Runs a refresh at most once per `ms` however often it is asked for: screens that follow
// pushed delivery changes refetch their counts or sparklines once per burst, not per delivery.
import { useCallback, useEffect, useRef } from "react";

/** Returns `schedule`: the first call in a quiet period runs `run` (its latest version) `ms` later. */
export function useCoalesced(run: () => void, ms: number): () => void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}
