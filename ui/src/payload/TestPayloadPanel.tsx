// The destination form's "Test payload" panel: bind the endpoint's variables, write the
// payload expression, and watch the request render for a sample contact as you type.
import { useEffect, useMemo, useState } from "react";
import type { AppError, Contact, DestinationInput, PreviewRequest, Team } from "../api/generated";
import { call } from "../api/ipc";
import { Card, Field } from "../design/primitives";
import { contextPaths } from "./contextPaths";
import { PayloadEditor } from "./PayloadEditor";
import { PreviewPanel } from "./PreviewPanel";
import { usePreview } from "./usePreview";

export const DEFAULT_PAYLOAD =
  "{\n  name: join(' ', [contact.first_name, contact.last_name]),\n  phone: contact.phone,\n  tags: contact.tags\n}";

export function TestPayloadPanel({ destination, variables }: { destination: DestinationInput; variables: string[] }) {
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [team, setTeam] = useState<Team | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [payload, setPayload] = useState(DEFAULT_PAYLOAD);
  const [bindings, setBindings] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<AppError | null>(null);

  useEffect(() => {
    Promise.all([call("contact_list"), call("team_get")])
      .then(([list, profile]) => {
        setContacts(list);
        setTeam(profile);
        setContactId((current) => current ?? list[0]?.id ?? null);
      })
      .catch((e: AppError) => setLoadError(e));
  }, []);

  const effectiveBindings = useMemo(() => {
    const out: Record<string, string> = {};
    for (const v of variables) out[v] = bindings[v] ?? `contact.custom_attributes.${v}`;
    return out;
  }, [variables, bindings]);

  const request: PreviewRequest | null = useMemo(
    () =>
      contactId
        ? {
            destination_id: null,
            endpoint: destination.endpoint,
            method: destination.method,
            headers: destination.headers,
            bindings: effectiveBindings,
            payload,
            contact_id: contactId,
            event_type: "message.received",
            event_data: null,
          }
        : null,
    [contactId, destination.endpoint, destination.method, destination.headers, effectiveBindings, payload],
  );
  const preview = usePreview(request);
  const paths = useMemo(() => contextPaths(contacts, team), [contacts, team]);
  const fresh = preview.shownFor === request;
  const payloadErrors = fresh ? (preview.result?.errors.filter((e) => e.subject === null) ?? []) : [];

  return (
    <Card title="Test payload" labelledBy="test-payload-title">
      <p className="muted" style={{ marginTop: 0 }}>
        Try a payload expression against your sample contacts. Rules use the same editor; sending arrives with the
        delivery engine.
      </p>
      {loadError ? <p className="error-text">{loadError.message}</p> : null}
      <div className="payload-layout">
        <div className="stack">
          {variables.length > 0 ? (
            <div className="stack" style={{ gap: 6 }}>
              <div className="preview-section-title">URL variables</div>
              {variables.map((v) => (
                <div className="binding-row" key={v}>
                  <label htmlFor={`binding-${v}`} className="mono">{`{${v}}`}</label>
                  <input
                    id={`binding-${v}`}
                    className="input mono"
                    value={effectiveBindings[v]}
                    onChange={(e) => setBindings({ ...bindings, [v]: e.target.value })}
                  />
                </div>
              ))}
            </div>
          ) : null}
          <Field id="payload-expression" label="Payload (JMESPath)" hint="Ctrl+Space completes contact, team and event fields and functions.">
            <PayloadEditor
              id="payload-expression"
              label="Payload expression"
              value={payload}
              onChange={setPayload}
              paths={paths}
              errors={payloadErrors}
              minLines={8}
            />
          </Field>
        </div>
        <PreviewPanel
          contacts={contacts}
          contactId={contactId}
          onContact={setContactId}
          result={preview.result}
          error={preview.error}
          stale={!fresh}
          latencyMs={fresh ? preview.lastLatencyMs : null}
        />
      </div>
    </Card>
  );
}
