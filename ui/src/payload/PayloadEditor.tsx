// The payload editor: CodeMirror 6 with JMESPath highlighting, bracket matching and closing,
// completion of context paths and functions, and error markers where the core says.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, syntaxHighlighting } from "@codemirror/language";
import { setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { useEffect, useRef } from "react";
import type { RenderError } from "../api/generated";
import { charToUtf16 } from "./contextPaths";
import { completionSource, jmespathHighlight, jmespathLanguage } from "./jmespath";
import { previewKeystrokes } from "./previewTiming";
import { wrappedLineIndent } from "./wrappedIndent";

export function PayloadEditor(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  paths: string[];
  /** Errors whose `position` points into this editor's text. */
  errors: RenderError[];
  minLines?: number;
  /** A live preview shows this text: its keystrokes are timed when the end-to-end tests ask. */
  previewed?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  const paths = useRef(props.paths);
  /** Texts this editor reported through onChange since the parent's value last matched it. */
  const reported = useRef<string[]>([]);
  useEffect(() => {
    onChange.current = props.onChange;
    paths.current = props.paths;
  }, [props.onChange, props.paths]);

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          history(),
          jmespathLanguage,
          syntaxHighlighting(jmespathHighlight),
          bracketMatching(),
          closeBrackets(),
          autocompletion({ override: [completionSource(() => paths.current)], icons: false }),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
          EditorView.lineWrapping,
          wrappedLineIndent,
          placeholderExt("{name: contact.first_name, email: contact.custom_attributes.email}"),
          EditorView.contentAttributes.of({ "aria-label": props.label, id: props.id }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const text = update.state.doc.toString();
            reported.current.push(text);
            onChange.current(text);
          }),
          EditorView.theme({ ".cm-content": { minHeight: `${(props.minLines ?? 5) * 1.5}em` } }),
          props.previewed ? previewKeystrokes : [],
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Text set from outside (a saved action loaded, a reset): replace the document. A value this
  // editor reported itself is only the parent catching up — while typing fast (or on a busy
  // machine) it can be older than the document, and putting it back would drop keystrokes.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const text = editor.state.doc.toString();
    if (text === props.value) {
      reported.current = [];
    } else if (!reported.current.includes(props.value)) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const text = editor.state.doc.toString();
    const diagnostics: Diagnostic[] = props.errors
      .filter((e) => e.position !== null)
      .map((e) => {
        const from = Math.min(charToUtf16(text, e.position ?? 0), text.length);
        return { from, to: Math.min(from + 1, text.length), severity: "error", message: e.message };
      });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [props.errors]);

  return <div className="code-editor" ref={host} data-testid={`${props.id}-editor`} />;
}
