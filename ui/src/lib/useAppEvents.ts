// Calls `handler` with every event the core pushes to the window while the component is shown.
import { useEffect, useRef } from "react";
import type { WindowEvent } from "../api/generated";
import { onAppEvent } from "../api/events";

export function useAppEvents(handler: (event: WindowEvent) => void) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    onAppEvent((event) => latest.current(event))
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
