// One Invoke API Destination action: the destination (or a new one made here), a binding for
// each of its URL variables, and the payload in the editor with its live preview.
import { useMemo, useState } from "react";
import type { Contact, DestinationView, InvokeAction, PreviewRequest } from "../api/generated";
import { Button, Field } from "../design/primitives";
import { PayloadEditor } from "../payload/PayloadEditor";
import { PreviewPanel } from "../payload/PreviewPanel";
import { usePreview } from "../payload/usePreview";
import { suggestBinding } from "../payload/bindingSuggestions";
import { withDestination } from "./actionFromDestination";
import { InlineDestinationDialog } from "./InlineDestinationDialog";

export function ActionEditor(props: {
  index: number;
  action: InvokeAction;
  onChange: (action: InvokeAction) => void;
  onRemove: () => void;
  destinations: DestinationView[];
  onDestinationCreated: (d: DestinationView) => void;
  contacts: Contact[];
  contactsLoaded: boolean;
  contactId: string | null;
  onContact: (id: string) => void;
  paths: string[];
  trigger: string;
  /** The rule's sample event data, rendered as event.data. */
  eventData: unknown;
  issueFor: (field: string) => string | undefined;
}) {
  const { action, index } = props;
  const [creating, setCreating] = useState(false);
  const destination = props.destinations.find((d) => d.id === action.destination_id) ?? null;
  const prefix = `actions.${index}`;

  const request: PreviewRequest | null = useMemo(
    () =>
      destination && props.contactId
        ? {
            destination_id: destination.id,
            endpoint: null,
            method: null,
            headers: [],
            auth_id: null,
            bindings: action.bindings,
            payload: action.payload,
            contact_id: props.contactId,
            event_type: props.trigger || "contact.updated",
            event_data: props.eventData ?? null,
          }
        : null,
    [destination, props.contactId, action.bindings, action.payload, props.trigger, props.eventData],
  );
  const preview = usePreview(request);
  const fresh = preview.shownFor === request;
  const payloadErrors = fresh ? (preview.result?.errors.filter((e) => e.subject === null) ?? []) : [];

  return (
    <section className="action-card" aria-label={`Action ${index + 1}`} data-testid={`action-${index}`}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h3 style={{ margin: 0 }}>Action {index + 1}: Invoke API Destination</h3>
        <Button className="small" variant="danger" onClick={props.onRemove}>
          Remove action
        </Button>
      </div>
      <Field id={`action-${index}-destination`} label="API destination" error={props.issueFor(`${prefix}.destination`)}>
        <div className="row" style={{ gap: 8 }}>
          <select
            id={`action-${index}-destination`}
            className="select"
            value={action.destination_id ?? ""}
            onChange={(e) => props.onChange(withDestination(action, props.destinations.find((d) => d.id === e.target.value) ?? null))}
          >
            <option value="">Choose a destination…</option>
            {props.destinations.map((d) => (
              <option key={d.id} value={d.id}>
                {d.input.name}
                {d.input.enabled ? "" : " (disabled)"}
              </option>
            ))}
          </select>
          <Button onClick={() => setCreating(true)}>New destination…</Button>
        </div>
      </Field>
      {destination ? (
        <div className="payload-layout">
          <div className="stack">
            <div className="mono muted wrap">
              {destination.input.method} {destination.shown_endpoint}
            </div>
            {destination.variables.length > 0 ? (
              <div className="stack" style={{ gap: 6 }}>
                <div className="preview-section-title">URL variables</div>
                {destination.variables.map((v) => (
                  <div key={v} className="stack" style={{ gap: 2 }}>
                    <div className="binding-row">
                      <label htmlFor={`action-${index}-binding-${v}`} className="mono">{`{${v}}`}</label>
                      <input
                        id={`action-${index}-binding-${v}`}
                        className="input mono"
                        list="rule-context-paths"
                        placeholder={suggestBinding(v, props.contacts) ?? "a path such as contact.id, or a 'literal'"}
                        value={action.bindings[v] ?? ""}
                        onChange={(e) => props.onChange({ ...action, bindings: { ...action.bindings, [v]: e.target.value } })}
                      />
                    </div>
                    {props.issueFor(`${prefix}.bindings.${v}`) ? (
                      <span className="error">{props.issueFor(`${prefix}.bindings.${v}`)}</span>
                    ) : null}
                  </div>
                ))}
                <span className="hint">Pick a field (team.*, contact.*, event.*) or write any JMESPath expression.</span>
              </div>
            ) : null}
            <Field
              id={`action-${index}-payload`}
              label="Payload (JMESPath)"
              hint="Ctrl+Space completes contact, team and event fields and functions."
              error={props.issueFor(`${prefix}.payload`)}
            >
              <PayloadEditor
                id={`action-${index}-payload`}
                label={`Action ${index + 1} payload expression`}
                value={action.payload}
                onChange={(payload) => props.onChange({ ...action, payload })}
                paths={props.paths}
                errors={payloadErrors}
                minLines={6}
                previewed
              />
            </Field>
          </div>
          <PreviewPanel
            contacts={props.contacts}
            contactsLoaded={props.contactsLoaded}
            contactId={props.contactId}
            onContact={props.onContact}
            result={preview.result}
            error={preview.error}
            stale={!fresh}
            latencyMs={fresh ? preview.lastLatencyMs : null}
          />
        </div>
      ) : null}
      <InlineDestinationDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(d) => {
          setCreating(false);
          props.onDestinationCreated(d);
          props.onChange(withDestination(action, d));
        }}
      />
    </section>
  );
}
