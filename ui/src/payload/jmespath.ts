// JMESPath for CodeMirror: a small tokenizer for highlighting, the function catalogue with
// signatures, and a completion source over context paths and functions.
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { HighlightStyle, StreamLanguage } from "@codemirror/language";
import { tags } from "@lezer/highlight";

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

export interface FunctionDoc {
  name: string;
  signature: string;
  doc: string;
}

export const FUNCTIONS: FunctionDoc[] = [
  { name: "abs", signature: "abs(number) → number", doc: "Absolute value." },
  { name: "avg", signature: "avg(array[number]) → number", doc: "Average of the numbers." },
  { name: "ceil", signature: "ceil(number) → number", doc: "Rounds up." },
  { name: "contains", signature: "contains(array|string, any) → boolean", doc: "Whether the list holds the value, or the text holds the substring." },
  { name: "ends_with", signature: "ends_with(string, string) → boolean", doc: "Whether the text ends with the suffix." },
  { name: "floor", signature: "floor(number) → number", doc: "Rounds down." },
  { name: "join", signature: "join(string, array[string]) → string", doc: "Joins texts with a separator: join(' ', [contact.first_name, contact.last_name])." },
  { name: "keys", signature: "keys(object) → array[string]", doc: "The object's keys." },
  { name: "length", signature: "length(string|array|object) → number", doc: "Number of characters, items or keys." },
  { name: "map", signature: "map(&expr, array) → array", doc: "Applies the expression to each item." },
  { name: "max", signature: "max(array[number|string]) → number|string", doc: "Largest value." },
  { name: "max_by", signature: "max_by(array, &expr) → any", doc: "Item with the largest expression value." },
  { name: "merge", signature: "merge(object, ...) → object", doc: "Merges objects; later keys win." },
  { name: "min", signature: "min(array[number|string]) → number|string", doc: "Smallest value." },
  { name: "min_by", signature: "min_by(array, &expr) → any", doc: "Item with the smallest expression value." },
  { name: "not_null", signature: "not_null(any, ...) → any", doc: "The first argument that is not null: a fallback." },
  { name: "reverse", signature: "reverse(string|array) → string|array", doc: "Reverses text or a list." },
  { name: "sort", signature: "sort(array[number|string]) → array", doc: "Sorts numbers or texts." },
  { name: "sort_by", signature: "sort_by(array, &expr) → array", doc: "Sorts by the expression's value." },
  { name: "starts_with", signature: "starts_with(string, string) → boolean", doc: "Whether the text starts with the prefix." },
  { name: "sum", signature: "sum(array[number]) → number", doc: "Sum of the numbers." },
  { name: "to_array", signature: "to_array(any) → array", doc: "Wraps a value in a list (lists stay)." },
  { name: "to_number", signature: "to_number(any) → number", doc: "Converts text to a number (null if it is not one)." },
  { name: "to_string", signature: "to_string(any) → string", doc: "JSON text of the value (texts stay)." },
  { name: "type", signature: "type(any) → string", doc: "number, string, boolean, array, object or null." },
  { name: "values", signature: "values(object) → array", doc: "The object's values." },
];

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
        options.push({ label: fn.name, type: "function", detail: fn.signature, info: fn.doc, apply: `${fn.name}(` });
      }
    }
    return { from: word.from, options, validFor: /^[\w.]*$/ };
  };
}
