// Edit one sample contact: the documented fields, tags, subscriptions, and custom attributes
// as JSON (checked before saving).
import { useState, type FormEvent } from "react";
import type { AppError, Contact, ContactInput, SubscriptionState } from "../api/generated";
import { call } from "../api/ipc";
import { Button, Field } from "../design/primitives";

const STATES: SubscriptionState[] = ["subscribed", "unsubscribed", "never_subscribed"];

export function emptyContact(): ContactInput {
  return {
    phone: null,
    first_name: null,
    last_name: null,
    entry_point: null,
    tags: [],
    custom_attributes: {},
    subscriptions: { transactional: "never_subscribed", marketing: "never_subscribed" },
  };
}

export function ContactForm(props: { existing?: Contact; onSaved: (c: Contact) => void; onCancel: () => void }) {
  const start: ContactInput = props.existing ? { ...props.existing } : emptyContact();
  const [input, setInput] = useState<ContactInput>(start);
  const [tags, setTags] = useState(start.tags.join(", "));
  const [attributes, setAttributes] = useState(JSON.stringify(start.custom_attributes, null, 2));
  const [attributesError, setAttributesError] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const text = (key: "phone" | "first_name" | "last_name" | "entry_point", label: string, hint?: string) => (
    <Field id={`contact-${key}`} label={label} hint={hint}>
      <input
        id={`contact-${key}`}
        className="input"
        value={input[key] ?? ""}
        onChange={(e) => setInput({ ...input, [key]: e.target.value === "" ? null : e.target.value })}
      />
    </Field>
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let custom: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(attributes || "{}");
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("must be a JSON object");
      custom = parsed as Record<string, unknown>;
      setAttributesError(null);
    } catch (e) {
      setAttributesError(`Custom attributes ${e instanceof Error ? e.message : String(e)}: write them as { "key": "value" }`);
      return;
    }
    const body: ContactInput = {
      ...input,
      tags: tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      custom_attributes: custom,
    };
    try {
      const saved = props.existing
        ? await call("contact_update", { id: props.existing.id, input: body })
        : await call("contact_create", { input: body });
      props.onSaved(saved);
    } catch (e) {
      setError(e as AppError);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Sample contact">
      <div className="form-grid">
        {text("first_name", "First name")}
        {text("last_name", "Last name")}
        {text("phone", "Phone", "E.164, e.g. +447700900123")}
        {text("entry_point", "Entry point", "Where the contact came from, e.g. instagram_ad")}
        <div className="full">
          <Field id="contact-tags" label="Tags" hint="Separated by commas">
            <input id="contact-tags" className="input" value={tags} onChange={(e) => setTags(e.target.value)} />
          </Field>
        </div>
        {(["transactional", "marketing"] as const).map((kind) => (
          <Field key={kind} id={`contact-sub-${kind}`} label={`Subscription: ${kind}`}>
            <select
              id={`contact-sub-${kind}`}
              className="select"
              value={input.subscriptions[kind]}
              onChange={(e) =>
                setInput({ ...input, subscriptions: { ...input.subscriptions, [kind]: e.target.value as SubscriptionState } })
              }
            >
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {s.replace("_", " ")}
                </option>
              ))}
            </select>
          </Field>
        ))}
        <div className="full">
          <Field id="contact-attributes" label="Custom attributes (JSON)" error={attributesError}>
            <textarea
              id="contact-attributes"
              className="input mono"
              rows={8}
              value={attributes}
              spellCheck={false}
              onChange={(e) => setAttributes(e.target.value)}
            />
          </Field>
        </div>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="form-actions">
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button type="submit" variant="primary">
          {props.existing ? "Save contact" : "Add contact"}
        </Button>
      </div>
    </form>
  );
}
