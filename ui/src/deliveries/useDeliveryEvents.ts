// Calls back with the deliveries the engine pushes (queued, attempt started or finished,
// cancelled), and when what a screen shows may be out of date (retention deleted old
// deliveries, another process queued some, or the window fell behind and missed changes):
// screens update from these instead of polling. The core sends changes in batches (the newest
// of each delivery) and each batch is handled in one go, so a bulk retry of thousands does not
// redraw a screen per change.
import { useEffect, useRef } from "react";
import type { DeliverySummary } from "../api/generated";
import { onAppEvent } from "../api/events";

export function useDeliveryEvents(handler: (deliveries: DeliverySummary[]) => void, onStale?: () => void) {
  const latest = useRef({ handler, onStale });
  useEffect(() => {
    latest.current = { handler, onStale };
  });
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    onAppEvent((event) => {
      if (event.kind === "deliveries_changed") latest.current.handler(event.deliveries);
      else if (event.kind === "deliveries_pruned" || event.kind === "updates_missed") latest.current.onStale?.();
      // Deliveries queued by another process (`apidest send`, `apidest events send`).
      else if (event.kind === "data_changed" && event.kinds.includes("deliveries")) latest.current.onStale?.();
    })
      .then((unsubscribe) => {
        if (gone) unsubscribe();
        else stop = unsubscribe;
      })
      // Outside the app (unit tests, a plain browser) there is no event channel.
      .catch(() => undefined);
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
}
