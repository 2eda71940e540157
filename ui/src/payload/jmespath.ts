// JMESPath for CodeMirror: a small tokenizer for highlighting, the function catalogue (standard
// and extension functions, generated from the core), and a completion source over context
// paths and functions.
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { HighlightStyle, StreamLanguage } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import "./completion.css";
import catalogue from "./functions.generated.json";

export const jmespathLanguage = StreamLanguage.define<null>({
  name: "jmespath",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^'(?:[^'\\]|\\.)*'?/)) return "string";
    if (stream.match(/^`(?:[^`\\]|\\.)*`?/)) return "literal";
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "quotedName";
    if (stream.match(/^-?\d+/)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*(?=\s*\()/)) return "function";
    if (stream.match(/^(?:team|contact|event)\b/)) return "root";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) return "name";
    if (stream.match(/^(?:\|\||&&|==|!=|<=|>=|[<>!|&.*@:,?])/)) return "operator";
    if (stream.match(/^[[\]{}()]/)) return "bracket";
    stream.next();
    return "invalid";
  },
  tokenTable: {
    string: tags.string,
    literal: tags.special(tags.string),
    quotedName: tags.propertyName,
    number: tags.number,
    function: tags.function(tags.variableName),
    root: tags.namespace,
    name: tags.propertyName,
    operator: tags.operator,
    bracket: tags.bracket,
    invalid: tags.invalid,
  },
  languageData: { closeBrackets: { brackets: ["(", "[", "{", "'", '"', "`"] } },
});

export const jmespathHighlight = HighlightStyle.define([
  { tag: tags.string, color: "var(--code-string)" },
  { tag: tags.special(tags.string), color: "var(--code-literal)" },
  { tag: tags.number, color: "var(--code-number)" },
  { tag: tags.function(tags.variableName), color: "var(--code-function)", fontWeight: "600" },
  { tag: tags.namespace, color: "var(--code-root)", fontWeight: "600" },
  { tag: tags.propertyName, color: "var(--code-name)" },
  { tag: tags.operator, color: "var(--code-operator)" },
  { tag: tags.bracket, color: "var(--code-operator)" },
  { tag: tags.invalid, color: "var(--danger)", textDecoration: "underline wavy" },
]);

/** A function an expression can call; the list is generated from the core's catalogue
 * (`render::CATALOGUE`), so completion cannot drift from what the runtime accepts. */
export interface FunctionDoc {
  name: string;
  signature: string;
  description: string;
  example: string;
  /** Not part of the JMESPath standard: added by this app. */
  extension: boolean;
}

export const FUNCTIONS: FunctionDoc[] = catalogue;

/** The completion entry of a function: its signature, and what it does with an example; an
 * extension says so. */
export function functionCompletion(fn: FunctionDoc): Completion {
  return {
    label: fn.name,
    type: "function",
    detail: fn.extension ? `${fn.signature} · extension` : fn.signature,
    info: () => functionInfo(fn),
    apply: `${fn.name}(`,
    boost: fn.extension ? 0 : -1,
  };
}

function functionInfo(fn: FunctionDoc): HTMLElement {
  const root = document.createElement("div");
  root.className = "fn-info";
  const head = document.createElement("div");
  head.className = "fn-info-signature";
  head.textContent = fn.signature;
  root.append(head);
  if (fn.extension) {
    const badge = document.createElement("span");
    badge.className = "fn-info-extension";
    badge.textContent = "Extension: not in standard JMESPath";
    root.append(badge);
  }
  const text = document.createElement("p");
  text.textContent = fn.description;
  const example = document.createElement("code");
  appendBreakable(example, fn.example);
  const exampleLine = document.createElement("p");
  exampleLine.append("Example: ", example);
  root.append(text, exampleLine);
  return root;
}

/**
 * Appends code text that may wrap only after `.`, `(`, `,` or `|` (a `<wbr>` there), so a long
 * example stays inside the info panel without cutting a name in two.
 */
function appendBreakable(into: HTMLElement, code: string): void {
  for (const piece of code.split(/(?<=[.(,|])/)) {
    if (into.childNodes.length) into.append(document.createElement("wbr"));
    into.append(piece);
  }
}

/** Completes context paths (`contact.custom_attributes.email`) and functions. */
export function completionSource(paths: () => string[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[A-Za-z_][\w.]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const typed = word.text;
    const options: Completion[] = [];
    for (const path of paths()) {
      if (path.startsWith(typed) || typed === "") {
        options.push({ label: path, type: "property", boost: path.split(".").length === typed.split(".").length ? 1 : 0 });
      }
    }
    if (!typed.includes(".")) {
      for (const fn of FUNCTIONS) {
        options.push(functionCompletion(fn));
      }
    }
    return { from: word.from, options, validFor: /^[\w.]*$/ };
  };
}
