import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it } from "vitest";
import { previewCommitted, previewKeystrokes } from "./previewTiming";

function editor(): EditorView {
  return new EditorView({ state: EditorState.create({ extensions: previewKeystrokes }), parent: document.body });
}

/** One keydown, then the text change it makes, per character. */
function type(view: EditorView, text: string): void {
  for (const key of text) {
    view.dom.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    view.dispatch({ changes: { from: view.state.doc.length, insert: key } });
  }
}

afterEach(() => {
  delete window.__APIDEST_PREVIEW_TIMINGS__;
  previewCommitted("");
});

describe("preview timing", () => {
  it("times each keystroke once: a superseded one by the first preview that includes it", () => {
    window.__APIDEST_PREVIEW_TIMINGS__ = [];
    const view = editor();
    type(view, "ab");
    previewCommitted("a");
    type(view, "c");
    previewCommitted("abc");
    previewCommitted("abc");
    const timings = window.__APIDEST_PREVIEW_TIMINGS__;
    expect(timings.map((t) => t.superseded)).toEqual([false, true, false]);
    expect(timings.every((t) => Number.isFinite(t.dom) && t.painted === null)).toBe(true);
    view.destroy();
  });

  it("ignores changes no key made, and records nothing unless the tests ask", () => {
    const view = editor();
    type(view, "a");
    window.__APIDEST_PREVIEW_TIMINGS__ = [];
    view.dispatch({ changes: { from: 1, insert: "b" } });
    previewCommitted("ab");
    expect(window.__APIDEST_PREVIEW_TIMINGS__).toEqual([]);
    view.destroy();
  });
});
