// Calls back with every delivery the engine pushes (queued, attempt started or finished,
// cancelled), and when retention deleted old deliveries: screens update from these instead of
// polling.
import { useEffect, useRef } from "react";
import type { DeliverySummary } from "../api/generated";
import { onAppEvent } from "../api/events";

export function useDeliveryEvents(handler: (delivery: DeliverySummary) => void, onPruned?: (count: number) => void) {
  const latest = useRef({ handler, onPruned });
  useEffect(() => {
    latest.current = { handler, onPruned };
  });
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    onAppEvent((event) => {
      if (event.kind === "delivery_changed") latest.current.handler(event.delivery);
      else if (event.kind === "deliveries_pruned") latest.current.onPruned?.(event.count);
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
