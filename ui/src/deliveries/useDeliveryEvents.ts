// Calls back with every delivery the engine pushes (queued, attempt started or finished,
// cancelled): screens update from these instead of polling.
import { useEffect, useRef } from "react";
import type { DeliverySummary } from "../api/generated";
import { onAppEvent } from "../api/events";

export function useDeliveryEvents(handler: (delivery: DeliverySummary) => void) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    onAppEvent((event) => {
      if (event.kind === "delivery_changed") latest.current(event.delivery);
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
