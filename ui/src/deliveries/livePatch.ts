// Pushed delivery changes applied to what a screen shows. The dispatcher, the writer and a
// user's Retry now change a delivery from different tasks, and list pages load while changes
// are pushed, so a change can arrive after a newer one: the revision (bumped by every change to
// the row) decides which is current.
import type { DeliveryCursor, DeliverySummary } from "../api/generated";
import { newerFirst } from "./filterParams";

/** True when `incoming` is not older than `current` (same revision: the same change). */
export function isCurrent(incoming: { revision: number }, current: { revision: number } | undefined): boolean {
  return !current || incoming.revision >= current.revision;
}

/**
 * Per delivery, the newest of what was pushed or read: an older change arriving late is
 * dropped. The same map comes back when nothing in `incoming` is newer.
 */
export function recordNewest<T extends { id: string; revision: number }>(
  seen: ReadonlyMap<string, T>,
  incoming: readonly T[],
): ReadonlyMap<string, T> {
  if (!incoming.some((d) => isCurrent(d, seen.get(d.id)))) return seen;
  const out = new Map(seen);
  for (const d of incoming) if (isCurrent(d, out.get(d.id))) out.set(d.id, d);
  return out;
}

export interface LoadedPages {
  items: DeliverySummary[];
  next: DeliveryCursor | null;
}

/**
 * The list with a pushed delivery applied: it replaces its row (unless the row is newer), or
 * joins the list in order when it matches the filter and falls within the pages loaded.
 */
export function applyPushed<L extends LoadedPages>(list: L, pushed: DeliverySummary, matches: (d: DeliverySummary) => boolean): L {
  const at = list.items.findIndex((x) => x.id === pushed.id);
  if (at >= 0) {
    if (!isCurrent(pushed, list.items[at])) return list;
    const items = list.items.slice();
    items[at] = pushed;
    return { ...list, items };
  }
  const oldest = list.items[list.items.length - 1];
  const withinLoaded = !list.next || (oldest !== undefined && newerFirst(pushed, oldest) < 0);
  if (!matches(pushed) || !withinLoaded) return list;
  return { ...list, items: [...list.items, pushed].sort(newerFirst) };
}

/** The list with a batch of pushed deliveries applied, one after the other. */
export function applyAllPushed<L extends LoadedPages>(
  list: L,
  pushed: readonly DeliverySummary[],
  matches: (d: DeliverySummary) => boolean,
): L {
  return pushed.reduce((l, d) => applyPushed(l, d, matches), list);
}
