// The app's own state as the Rust side reports it, kept current from pushed events.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { AppError, AppStatus, KeyringStatus } from "../api/generated";
import { call } from "../api/ipc";
import { subscribeThenLoad } from "../lib/subscribeThenLoad";

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

  useEffect(
    () =>
      // Subscribed before loading, so a keyring result that lands in between is not missed.
      subscribeThenLoad(
        (event) => {
          if (event.kind === "keyring_status_changed") setKeyring(event.status);
        },
        (isActive) => {
          call("app_status")
            .then((loaded) => {
              if (!isActive()) return;
              setStatus((current) => ({ ...loaded, keyring: loaded.keyring ?? current?.keyring ?? null }));
            })
            .catch((error: AppError) => isActive() && setLoadError(error));
        },
      ),
    [setKeyring],
  );

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
