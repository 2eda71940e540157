// A long line that wraps continues under its own text, indented a little further, instead of at
// column 0 where it reads like a new line of the expression. Each line gets a hanging indent
// (padding-left with the same negative text-indent) sized to its leading whitespace.
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";

/** How much further than its line's indentation a wrapped continuation starts, in characters. */
const HANG = 2;
/** CodeMirror's own left padding of a line (`.cm-line`), which the style below replaces. */
const LINE_PADDING_PX = 6;

/** Columns of leading whitespace, a tab reaching the next multiple of `tabSize`. */
export function leadingColumns(text: string, tabSize: number): number {
  let columns = 0;
  for (const ch of text) {
    if (ch === " ") columns += 1;
    else if (ch === "\t") columns += tabSize - (columns % tabSize);
    else break;
  }
  return columns;
}

const byColumns = new Map<number, Decoration>();
function hangingIndent(columns: number): Decoration {
  let decoration = byColumns.get(columns);
  if (!decoration) {
    decoration = Decoration.line({
      attributes: { style: `padding-left: calc(${columns}ch + ${LINE_PADDING_PX}px); text-indent: -${columns}ch` },
    });
    byColumns.set(columns, decoration);
  }
  return decoration;
}

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { doc, tabSize } = view.state;
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = doc.lineAt(pos);
      builder.add(line.from, line.from, hangingIndent(leadingColumns(line.text, tabSize) + HANG));
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

export const wrappedLineIndent = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
