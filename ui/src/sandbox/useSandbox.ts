// The sandbox receiver's state and what it received, kept current from pushed events.
import { useCallback, useEffect, useState } from "react";
import { subscribeThenLoad } from "../lib/subscribeThenLoad";
import type { AppError, SandboxRequest, SandboxStatus } from "../api/generated";
import { call } from "../api/ipc";

/** The core keeps the last 200; the list shows no more than that either. */
const KEPT = 200;

export interface SandboxState {
  status: SandboxStatus | null;
  requests: SandboxRequest[];
  loadError: AppError | null;
  /** Switches it on or off (on `port` when given); rejects with the AppError. */
  setEnabled: (enabled: boolean, port: number | null) => Promise<SandboxStatus>;
  clear: () => Promise<void>;
}

export function useSandbox(): SandboxState {
  const [status, setStatus] = useState<SandboxStatus | null>(null);
  const [requests, setRequests] = useState<SandboxRequest[]>([]);
  const [loadError, setLoadError] = useState<AppError | null>(null);

  useEffect(
    () =>
      // Subscribed before loading, so a request that lands in between is not missed.
      subscribeThenLoad(
        (event) => {
          if (event.kind !== "sandbox_request_received") return;
          const received = event.request;
          setRequests((current) =>
            current.some((r) => r.id === received.id) ? current : [received, ...current].slice(0, KEPT),
          );
        },
        (isActive) => {
          Promise.all([call("sandbox_status"), call("sandbox_requests")])
            .then(([loadedStatus, loaded]) => {
              if (!isActive()) return;
              const known = new Set(loaded.map((r) => r.id));
              setStatus(loadedStatus);
              // Pushed while loading: newer than anything loaded, so they go first.
              setRequests((current) => [...current.filter((r) => !known.has(r.id)), ...loaded].slice(0, KEPT));
            })
            .catch((error: AppError) => isActive() && setLoadError(error));
        },
      ),
    [],
  );

  const setEnabled = useCallback(async (enabled: boolean, port: number | null) => {
    try {
      const next = await call("sandbox_set_enabled", { enabled, port });
      setStatus(next);
      return next;
    } catch (error) {
      // The switch failed (a busy port): show the state as it is now.
      call("sandbox_status")
        .then(setStatus)
        .catch(() => undefined);
      throw error;
    }
  }, []);

  const clear = useCallback(async () => {
    await call("sandbox_clear");
    setRequests([]);
  }, []);

  return { status, requests, loadError, setEnabled, clear };
}
