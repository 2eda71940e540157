// Renders the preview as the user types. No timer: a request goes out at once unless one is
// already in flight, in which case only the newest text is sent when it returns. A result is
// shown only if it belongs to the current text, so the preview is never older than what the
// user sees in the editor.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { AppError, PreviewRequest, PreviewResult } from "../api/generated";
import { call } from "../api/ipc";
import { previewCommitted } from "./previewTiming";

export interface PreviewState {
  result: PreviewResult | null;
  error: AppError | null;
  /** The request the shown result belongs to. */
  shownFor: PreviewRequest | null;
  lastLatencyMs: number | null;
}

interface Job {
  request: PreviewRequest;
  changedAt: number;
  seq: number;
}

export function usePreview(request: PreviewRequest | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ result: null, error: null, shownFor: null, lastLatencyMs: null });
  const latest = useRef<Job | null>(null);
  const inFlight = useRef(false);
  const seq = useRef(0);

  const send = useMemo(() => {
    function send(): void {
    const job = latest.current;
    if (!job || inFlight.current) return;
    inFlight.current = true;
    const settle = (show: () => void) => {
      inFlight.current = false;
      if (latest.current?.seq === job.seq) show();
      else send();
    };
    call("preview", { request: job.request })
      .then((result) =>
        settle(() => {
          setState({ result, error: null, shownFor: job.request, lastLatencyMs: null });
          requestAnimationFrame(() => {
            if (latest.current?.seq !== job.seq) return;
            const latency = performance.now() - job.changedAt;
            setState((s) => (s.shownFor === job.request ? { ...s, lastLatencyMs: latency } : s));
          });
        }),
      )
      .catch((error: AppError) =>
        settle(() => setState({ result: null, error, shownFor: job.request, lastLatencyMs: null })),
      );
    }
    return send;
  }, []);

  useEffect(() => {
    if (!request) return;
    latest.current = { request, changedAt: performance.now(), seq: ++seq.current };
    send();
  }, [request, send]);

  // Layout effects run once the panel's DOM holds the new preview, before it is painted.
  useLayoutEffect(() => {
    if (state.shownFor) previewCommitted(state.shownFor.payload);
  }, [state.shownFor]);

  return state;
}
