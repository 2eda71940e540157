// The event data the rule's previews render with, kept with the rule: the trigger type's
// sample until edited, editable as JSON, and resettable to the sample.
import { useState } from "react";
import { Button, Card, Field } from "../design/primitives";

export function SampleEventEditor(props: {
  trigger: string;
  /** The rule's own data; null for the trigger type's sample. */
  value: unknown;
  sample: unknown;
  onChange: (value: unknown) => void;
}) {
  const shown = props.value ?? props.sample ?? {};
  const shownText = JSON.stringify(shown, null, 2);
  const [text, setText] = useState(shownText);
  const [error, setError] = useState<string | null>(null);
  // The data the text was last written from or parsed into: another trigger or a reset shows
  // its own data, while the user's typing is left as typed.
  const [basis, setBasis] = useState(shownText);
  if (basis !== shownText) {
    setBasis(shownText);
    setText(shownText);
    setError(null);
  }

  const edit = (next: string) => {
    setText(next);
    try {
      const parsed: unknown = JSON.parse(next);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        setError("Event data is a JSON object, e.g. {\"order_id\": \"A-17\"}");
        return;
      }
      setError(null);
      setBasis(JSON.stringify(parsed, null, 2));
      props.onChange(parsed);
    } catch (e) {
      setError(`Not valid JSON yet: ${(e as Error).message}. The preview uses the last valid data.`);
    }
  };

  return (
    <Card
      title="Sample event data"
      actions={
        props.value !== null && props.value !== undefined ? (
          <Button className="small" onClick={() => props.onChange(null)}>
            Reset to the {props.trigger || "event"} sample
          </Button>
        ) : null
      }
    >
      <Field
        id="rule-sample-event"
        label="event.data in the previews (JSON)"
        hint={`Kept with the rule. ${props.value === null || props.value === undefined ? `This is the sample for ${props.trigger || "a custom event"}; edit it to match what your events carry.` : "Edited for this rule."}`}
        error={error}
      >
        <textarea
          id="rule-sample-event"
          className="input mono"
          rows={Math.min(12, Math.max(4, text.split("\n").length))}
          value={text}
          spellCheck={false}
          onChange={(e) => edit(e.target.value)}
        />
      </Field>
    </Card>
  );
}
