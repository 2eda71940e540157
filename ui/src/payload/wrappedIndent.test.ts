import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it } from "vitest";
import { leadingColumns, wrappedLineIndent } from "./wrappedIndent";

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

describe("wrapped line indent", () => {
  it("counts leading spaces, and tabs up to the next tab stop", () => {
    expect(leadingColumns("{a: b}", 4)).toBe(0);
    expect(leadingColumns("  who: x", 4)).toBe(2);
    expect(leadingColumns("\tx", 4)).toBe(4);
    expect(leadingColumns(" \t x", 4)).toBe(5);
    expect(leadingColumns("   ", 4)).toBe(3);
  });

  it("gives each line a hanging indent two characters past its own indentation", () => {
    view = new EditorView({
      state: EditorState.create({ doc: "{\n    who: contact.first_name,\n}", extensions: wrappedLineIndent }),
      parent: document.body,
    });
    const styles = [...view.dom.querySelectorAll<HTMLElement>(".cm-line")].map((line) => [line.style.paddingLeft, line.style.textIndent]);
    expect(styles).toEqual([
      ["calc(2ch + 6px)", "-2ch"],
      ["calc(6ch + 6px)", "-6ch"],
      ["calc(2ch + 6px)", "-2ch"],
    ]);
  });
});
