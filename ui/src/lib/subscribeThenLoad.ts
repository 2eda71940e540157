// The pattern of every view kept current from the engine's pushed events: subscribe first, then
// load, so a change that lands between the two is not missed; nothing is set after cleanup.
import { onAppEvent } from "../api/events";
import type { WindowEvent } from "../api/generated";

/**
 * Calls `onEvent` for each pushed event and `load` once the subscription stands (or failed);
 * `isActive` tells `load` whether its answer is still wanted. Returns the effect's cleanup.
 */
export function subscribeThenLoad(onEvent: (event: WindowEvent) => void, load: (isActive: () => boolean) => void): () => void {
  let active = true;
  let unsubscribe: (() => void) | undefined;
  onAppEvent((event) => {
    if (active) onEvent(event);
  })
    .then((stop) => {
      if (active) unsubscribe = stop;
      else stop();
    })
    .catch(() => undefined)
    .finally(() => {
      if (active) load(() => active);
    });
  return () => {
    active = false;
    unsubscribe?.();
  };
}
