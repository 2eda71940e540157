// The app's own state as the Rust side reports it, kept current from pushed events.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { onAppEvent } from "../api/events";
import type { AppError, AppStatus, KeyringStatus } from "../api/generated";
import { call } from "../api/ipc";

interface StatusState {
  status: AppStatus | null;
  /** Set when even the status command failed (e.g. the page is not running inside the app). */
  loadError: AppError | null;
  recheckKeyring: () => Promise<KeyringStatus>;
}

const StatusContext = createContext<StatusState | null>(null);

export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);

  const setKeyring = useCallback((keyring: KeyringStatus) => {
    setStatus((current) => (current ? { ...current, keyring } : current));
  }, []);

  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | undefined;
    // Subscribe before loading so a keyring result that lands in between is not missed.
    onAppEvent((event) => {
      if (event.kind === "keyring_status_changed") setKeyring(event.status);
    })
      .then((stop) => {
        if (active) unsubscribe = stop;
        else stop();
      })
      .catch(() => undefined)
      .finally(() => {
        call("app_status")
          .then((loaded) => {
            if (!active) return;
            setStatus((current) => ({ ...loaded, keyring: loaded.keyring ?? current?.keyring ?? null }));
          })
          .catch((error: AppError) => active && setLoadError(error));
      });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, [setKeyring]);

  const recheckKeyring = useCallback(async () => {
    const keyring = await call("keyring_check");
    setKeyring(keyring);
    return keyring;
  }, [setKeyring]);

  return (
    <StatusContext.Provider value={{ status, loadError, recheckKeyring }}>{children}</StatusContext.Provider>
  );
}

export function useAppStatus(): StatusState {
  const state = useContext(StatusContext);
  if (!state) throw new Error("useAppStatus must be used inside <StatusProvider>");
  return state;
}
