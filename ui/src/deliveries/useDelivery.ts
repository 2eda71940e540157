// One delivery with its attempts, loaded once and reloaded whenever the engine pushes a change
// to it (an attempt started or finished, a retry scheduled). Its revision counts the changes,
// attempts included, so the newest answer wins.
import { useCallback, useEffect, useState } from "react";
import type { AppError, DeliveryDetail } from "../api/generated";
import { call } from "../api/ipc";
import { isCurrent } from "./livePatch";
import { useDeliveryEvents } from "./useDeliveryEvents";

export function useDelivery(id: string | undefined) {
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(() => {
    if (!id) return;
    call("delivery_get", { id })
      .then((d) => {
        // Reloads overlap when changes come quickly; one answered late must not undo a newer one.
        setDetail((shown) => (shown && shown.summary.id === d.summary.id && !isCurrent(d.summary, shown.summary) ? shown : d));
        setError(null);
      })
      .catch((e: AppError) => setError(e));
  }, [id]);
  useEffect(reload, [reload]);
  useDeliveryEvents((changed) => {
    if (changed.some((d) => d.id === id)) reload();
  }, reload);
  const current = detail && detail.summary.id === id ? detail : null;
  return { detail: current, error, reload };
}
