// The pattern every list screen shares, written once: load on mount, reload on demand or when
// the core says what is shown changed, keep the last error, and run an action (enable, pause,
// delete…) with a toast for its outcome followed by a reload.
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppError, WindowEvent } from "../api/generated";
import { toAppError } from "../api/ipc";
import { useToasts } from "../design/toasts";
import { useAppEvents } from "./useAppEvents";

export interface ListScreen<T> {
  /** Null until the first load answers. */
  data: T | null;
  error: AppError | null;
  reload: () => void;
  /** Runs `action`; on success toasts `done` and reloads, on failure toasts the error. */
  run: (action: () => Promise<unknown>, done: string) => Promise<boolean>;
}

export interface ListScreenOptions {
  /** Window events after which the list is read again (say, a change made from the CLI). */
  reloadOn?: (event: WindowEvent) => boolean;
  /** What the load depends on (a filter): the list is read again when it changes. */
  key?: string;
}

export function useListScreen<T>(load: () => Promise<T>, options: ListScreenOptions = {}): ListScreen<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const toasts = useToasts();
  const latest = useRef({ load, reloadOn: options.reloadOn });
  useEffect(() => {
    latest.current = { load, reloadOn: options.reloadOn };
  });
  // Loads can overlap (an action's reload and a pushed one): only the newest one's answer counts.
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    latest.current
      .load()
      .then((value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
      })
      .catch((raw: unknown) => {
        if (mine === generation.current) setError(toAppError(raw));
      });
  }, []);
  const key = options.key;
  useEffect(() => reload(), [reload, key]);

  useAppEvents(
    useCallback(
      (event: WindowEvent) => {
        if (latest.current.reloadOn?.(event)) reload();
      },
      [reload],
    ),
  );

  const run = useCallback(
    async (action: () => Promise<unknown>, done: string) => {
      try {
        await action();
        toasts.show(done, "success");
        return true;
      } catch (raw) {
        toasts.show(toAppError(raw).message, "danger");
        return false;
      } finally {
        reload();
      }
    },
    [reload, toasts],
  );

  return { data, error, reload, run };
}
