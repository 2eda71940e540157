// The log's rows: the first page whenever the filter changes (or what is shown may be out of
// date), the next pages on demand by keyset, and the engine's pushed changes patched in —
// including those pushed while a page was being read, which that page may predate.
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppError, DeliveryCursor, DeliveryFilter, DeliverySummary } from "../api/generated";
import { call } from "../api/ipc";
import { useToasts } from "../design/toasts";
import { matchesFilter } from "./filterParams";
import { applyAllPushed, recordNewest } from "./livePatch";
import { useDeliveryEvents } from "./useDeliveryEvents";

const PAGE = 50;

export interface LogState {
  key: string;
  items: DeliverySummary[];
  next: DeliveryCursor | null;
  loading: boolean;
  error: AppError | null;
}

/**
 * `key` names the filter (the URL's query); `onChanged` runs after pushed changes are applied
 * (the counts follow), `onReload` whenever the first page is read again.
 */
export function useDeliveryLog(filter: DeliveryFilter, key: string, hooks: { onChanged: () => void; onReload: () => void }) {
  const [list, setList] = useState<LogState>({ key: "", items: [], next: null, loading: true, error: null });
  const toasts = useToasts();
  const loadingMore = useRef(false);
  const [staleReads, setStaleReads] = useState(0);
  // Changes pushed while a page loads: the page may have been read before them.
  const pushedWhileLoading = useRef<ReadonlyMap<string, DeliverySummary> | null>(null);
  const pushedWhileLoadingMore = useRef<ReadonlyMap<string, DeliverySummary> | null>(null);
  const { onChanged, onReload } = hooks;

  useEffect(() => {
    let live = true;
    pushedWhileLoading.current = new Map();
    call("delivery_list", { filter, after: null, limit: PAGE })
      .then((page) => {
        if (!live) return;
        const pushed = [...(pushedWhileLoading.current?.values() ?? [])];
        pushedWhileLoading.current = null;
        const loaded: LogState = { key, items: page.items, next: page.next, loading: false, error: null };
        setList(applyAllPushed(loaded, pushed, (x) => matchesFilter(filter, x)));
      })
      .catch((e: AppError) => {
        if (!live) return;
        pushedWhileLoading.current = null;
        setList({ key, items: [], next: null, loading: false, error: e });
      });
    onReload();
    return () => {
      live = false;
    };
  }, [filter, key, onReload, staleReads]);

  const current = list.key === key ? list : null;

  const loadMore = useCallback(() => {
    if (!current?.next || loadingMore.current) return;
    loadingMore.current = true;
    pushedWhileLoadingMore.current = new Map();
    call("delivery_list", { filter, after: current.next, limit: PAGE })
      .then((page) => {
        const pushed = [...(pushedWhileLoadingMore.current?.values() ?? [])];
        setList((l) => {
          if (l.key !== key) return l;
          const known = new Set(l.items.map((x) => x.id));
          const more = { ...l, items: [...l.items, ...page.items.filter((d) => !known.has(d.id))], next: page.next };
          return applyAllPushed(more, pushed, (x) => matchesFilter(filter, x));
        });
      })
      .catch((e: AppError) => toasts.show(e.message, "danger"))
      .finally(() => {
        loadingMore.current = false;
        pushedWhileLoadingMore.current = null;
      });
  }, [current, filter, key, toasts]);

  // Live: a pushed delivery replaces its row, or joins the list when it belongs to the filter.
  useDeliveryEvents(
    (changed) => {
      if (pushedWhileLoading.current) pushedWhileLoading.current = recordNewest(pushedWhileLoading.current, changed);
      if (pushedWhileLoadingMore.current)
        pushedWhileLoadingMore.current = recordNewest(pushedWhileLoadingMore.current, changed);
      setList((l) => (l.key === key ? applyAllPushed(l, changed, (x) => matchesFilter(filter, x)) : l));
      onChanged();
    },
    () => setStaleReads((n) => n + 1),
  );

  return { current, loadMore };
}
