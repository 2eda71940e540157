import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { completionSource, FUNCTIONS, functionCompletion } from "./jmespath";

const EXTENSIONS = ["lower", "upper", "trim", "replace", "split", "sha256", "md5", "now", "format_date", "uuid", "coalesce", "phone_e164"];

function complete(text: string) {
  const state = EditorState.create({ doc: text });
  return completionSource(() => ["contact.first_name"])(new CompletionContext(state, text.length, true));
}

describe("function completion", () => {
  it("lists the 26 standard functions and the extensions, each with a signature and an example", () => {
    expect(FUNCTIONS.filter((f) => !f.extension)).toHaveLength(26);
    expect(FUNCTIONS.filter((f) => f.extension).map((f) => f.name).sort()).toEqual([...EXTENSIONS].sort());
    for (const fn of FUNCTIONS) {
      expect(fn.signature.startsWith(`${fn.name}(`)).toBe(true);
      expect(fn.example).toContain(`${fn.name}(`);
    }
  });

  it("offers every function and marks extensions as such", () => {
    const result = complete("s");
    const labels = result?.options.map((o) => o.label) ?? [];
    for (const fn of FUNCTIONS) expect(labels).toContain(fn.name);
    const sha = result?.options.find((o) => o.label === "sha256");
    expect(sha?.detail).toBe("sha256(string) → string · extension");
    expect(sha?.apply).toBe("sha256(");
    const join = result?.options.find((o) => o.label === "join");
    expect(join?.detail).toBe("join(string, array[string]) → string");
  });

  it("shows the description, an example and the extension badge in the info panel", () => {
    const md5 = FUNCTIONS.find((f) => f.name === "md5");
    if (!md5) throw new Error("md5 missing");
    const info = functionCompletion(md5).info;
    if (typeof info !== "function") throw new Error("info should render");
    const node = info(functionCompletion(md5)) as HTMLElement;
    expect(node.textContent).toContain("Extension: not in standard JMESPath");
    expect(node.textContent).toContain("Example: md5(lower(contact.custom_attributes.email))");
    // The example may wrap after punctuation, never inside a name.
    const example = node.querySelector("code");
    expect(example?.innerHTML).toBe("md5(<wbr>lower(<wbr>contact.<wbr>custom_attributes.<wbr>email))");
    const abs = FUNCTIONS.find((f) => f.name === "abs");
    if (!abs) throw new Error("abs missing");
    const absInfo = functionCompletion(abs).info;
    if (typeof absInfo !== "function") throw new Error("info should render");
    expect((absInfo(functionCompletion(abs)) as HTMLElement).textContent).not.toContain("Extension");
  });
});
