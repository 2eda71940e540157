// Live preview timing for the end-to-end tests (issue #4): from the keystroke, by its DOM
// event's own timestamp, to the first preview that includes it committed to the DOM, and to
// the frame painted after that. Off unless the tests set `window.__APIDEST_PREVIEW_TIMINGS__`
// to an array; then it costs one property read per keystroke and per preview shown.
import type { Extension } from "@codemirror/state";
import { EditorView, ViewPlugin } from "@codemirror/view";

export interface PreviewTiming {
  /** Keystroke to the page's keydown handler, in ms: how long the key waited behind other work. */
  queued: number;
  /** Keystroke to the first preview that includes it committed to the DOM, in ms. */
  dom: number;
  /** Keystroke to the task after the next frame's rendering (rAF, layout, paint), in ms; null until then. */
  painted: number | null;
  /** True when that preview was for later text: the user typed again before this key's own was shown. */
  superseded: boolean;
}

declare global {
  interface Window {
    /** Set to an array by the end-to-end tests: one entry per keystroke that changed a previewed editor. */
    __APIDEST_PREVIEW_TIMINGS__?: PreviewTiming[];
  }
}

interface Edit {
  text: string;
  keyAt: number;
  queued: number;
}

/** Keystrokes whose text has not been shown in a preview yet, oldest first. */
const pending: Edit[] = [];
/** The last keydown, until the text change it makes (a key that changes nothing is replaced by the next). */
let lastKey: Omit<Edit, "text"> | null = null;

// Capturing on the editor's outer node runs before CodeMirror's own keydown handling, which
// applies some keys (Delete, Enter) right there.
const keydownMark = ViewPlugin.define((view) => {
  const mark = (event: KeyboardEvent) => {
    if (window.__APIDEST_PREVIEW_TIMINGS__) {
      lastKey = { keyAt: event.timeStamp, queued: performance.now() - event.timeStamp };
    }
  };
  view.dom.addEventListener("keydown", mark, true);
  return { destroy: () => view.dom.removeEventListener("keydown", mark, true) };
});

/** For an editor with a live preview: ties each keystroke's time to the text it produced. */
export const previewKeystrokes: Extension = [
  keydownMark,
  EditorView.updateListener.of((update) => {
    if (!update.docChanged || !lastKey || !window.__APIDEST_PREVIEW_TIMINGS__) return;
    // A closing bracket typed over the one added automatically can arrive as a change that
    // leaves the text as it was: no new text, nothing for a preview to show.
    if (update.startState.doc.eq(update.state.doc)) return;
    pending.push({ ...lastKey, text: update.state.doc.toString() });
    lastKey = null;
  }),
];

/**
 * Called when the preview for `payload` has just been committed to the DOM (a layout effect):
 * finishes the newest keystroke that produced this text and every one typed before it.
 */
export function previewCommitted(payload: string): void {
  const timings = window.__APIDEST_PREVIEW_TIMINGS__;
  if (!timings) {
    pending.length = 0;
    return;
  }
  let last = pending.length - 1;
  while (last >= 0 && pending[last]?.text !== payload) last--;
  if (last < 0) return;
  const now = performance.now();
  const done = pending.splice(0, last + 1).map((edit, i) => {
    const timing: PreviewTiming = { queued: edit.queued, dom: now - edit.keyAt, painted: null, superseded: i < last };
    return { keyAt: edit.keyAt, timing };
  });
  timings.push(...done.map((d) => d.timing));
  afterNextFrame(() => {
    const painted = performance.now();
    for (const d of done) d.timing.painted = painted - d.keyAt;
  });
}

/** Runs `then` in the first task after the page has rendered its next frame (rAF, layout, paint). */
function afterNextFrame(then: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => then();
    channel.port2.postMessage(null);
  });
}
