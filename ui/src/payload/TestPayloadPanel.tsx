// The destination form's "Test payload" panel: bind the endpoint's variables, write the
// payload expression, and watch the request render for a sample contact as you type.
import { useEffect, useMemo, useState } from "react";
import type { AppError, Contact, DeliveryDetail, DestinationInput, DestinationTest, PreviewRequest, Team } from "../api/generated";
import { call } from "../api/ipc";
import { AttemptResult } from "../deliveries/AttemptResult";
import { Button, Card, Field } from "../design/primitives";
import { suggestBinding } from "./bindingSuggestions";
import { contextPaths } from "./contextPaths";
import { PayloadEditor } from "./PayloadEditor";
import { PreviewPanel } from "./PreviewPanel";
import { sendHint } from "./sendHint";
import { usePreview } from "./usePreview";

export const DEFAULT_PAYLOAD =
  "{\n  name: join(' ', [contact.first_name, contact.last_name]),\n  phone: contact.phone,\n  tags: contact.tags\n}";

export function TestPayloadPanel({
  destination,
  variables,
  savedId,
  unsaved,
  onTestChange,
}: {
  destination: DestinationInput;
  variables: string[];
  /** The saved destination "Send test" sends through; null while it is new. */
  savedId: string | null;
  /** True when the form has changes that are not saved yet (Send test uses the saved ones). */
  unsaved: boolean;
  /** The bindings and payload are kept with the destination; `byUser` is false for filled-in suggestions. */
  onTestChange: (test: DestinationTest, byUser: boolean) => void;
}) {
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [contactsLoaded, setContactsLoaded] = useState(false);
  const [team, setTeam] = useState<Team | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const payload = destination.test.payload === "" ? DEFAULT_PAYLOAD : destination.test.payload;
  const bindings = destination.test.bindings;
  const setPayload = (next: string) => onTestChange({ bindings, payload: next }, true);
  const setBindings = (next: Record<string, string>) => onTestChange({ payload: destination.test.payload, bindings: next }, true);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<DeliveryDetail | null>(null);
  const [sendError, setSendError] = useState<AppError | null>(null);

  useEffect(() => {
    Promise.all([call("contact_list"), call("team_get")])
      .then(([list, profile]) => {
        setContacts(list);
        setContactsLoaded(true);
        setTeam(profile);
        setContactId((current) => current ?? list[0]?.id ?? null);
      })
      .catch((e: AppError) => setLoadError(e));
  }, []);

  // A variable without a binding gets one suggested from the samples' own fields, once; what the
  // user types afterwards is kept as typed.
  useEffect(() => {
    if (!contactsLoaded) return;
    const missing = variables.filter((v) => bindings[v] === undefined);
    if (missing.length === 0) return;
    const next = { ...bindings };
    for (const v of missing) next[v] = suggestBinding(v, contacts) ?? "";
    onTestChange({ payload: destination.test.payload, bindings: next }, false);
  }, [variables, bindings, contacts, contactsLoaded, destination.test.payload, onTestChange]);

  const effectiveBindings = useMemo(() => {
    const out: Record<string, string> = {};
    for (const v of variables) out[v] = bindings[v] ?? "";
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
            auth_id: destination.auth_id,
            body_format: destination.body_format,
            bindings: effectiveBindings,
            payload,
            contact_id: contactId,
            event_type: "message.received",
            event_data: null,
          }
        : null,
    [
      contactId,
      destination.endpoint,
      destination.method,
      destination.headers,
      destination.auth_id,
      destination.body_format,
      effectiveBindings,
      payload,
    ],
  );
  const preview = usePreview(request);
  const paths = useMemo(() => contextPaths(contacts, team), [contacts, team]);
  const fresh = preview.shownFor === request;
  const payloadErrors = fresh ? (preview.result?.errors.filter((e) => e.subject === null) ?? []) : [];

  const sendTest = () => {
    if (!savedId || !contactId) return;
    setSending(true);
    setSendError(null);
    setSent(null);
    call("delivery_send_test", {
      request: {
        destination_id: savedId,
        contact_id: contactId,
        payload,
        bindings: effectiveBindings,
        event_type: "message.received",
        event_data: null,
      },
    })
      .then(setSent)
      .catch((e: AppError) => setSendError(e))
      .finally(() => setSending(false));
  };
  const firstAttempt = sent?.attempts[0] ?? null;

  return (
    <Card title="Test payload" labelledBy="test-payload-title">
      <p className="muted" style={{ marginTop: 0 }}>
        Try a payload expression against your sample contacts, then send it for real. Rules use the same editor.
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
                    placeholder="a path such as contact.id, or a 'literal'"
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
              previewed
            />
          </Field>
        </div>
        <PreviewPanel
          contacts={contacts}
          contactsLoaded={contactsLoaded}
          contactId={contactId}
          onContact={setContactId}
          result={preview.result}
          error={preview.error}
          stale={!fresh}
          latencyMs={fresh ? preview.lastLatencyMs : null}
        />
      </div>
      <div className="send-test stack">
        <div className="row" style={{ gap: 12, alignItems: "center" }}>
          <Button variant="primary" onClick={sendTest} disabled={!savedId || !contactId || sending} data-testid="send-test">
            {sending ? "Sending…" : "Send test"}
          </Button>
          <span className="muted" data-testid="send-hint">
            {sendHint({ saved: savedId !== null, unsaved, contactsLoaded, contactCount: contacts.length, loadFailed: loadError !== null })}
          </span>
        </div>
        {sendError ? (
          <p className="error-text" role="alert" data-testid="send-error">
            {sendError.message}
          </p>
        ) : null}
        {sent && firstAttempt ? <AttemptResult detail={sent} attempt={firstAttempt} /> : null}
      </div>
    </Card>
  );
}
