// "Send test event": an event of a type, for a sample contact, with optional data — matched
// against every enabled rule like a real one; the result links to the event and deliveries.
// The data starts from the rule's sample event data (from its editor), else the sample for the
// chosen type, and follows the type until the person edits it.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { AppError, Contact, EventReceipt, SampleEvent } from "../api/generated";
import { call } from "../api/ipc";
import { contactName } from "../contacts/contactName";
import { Dialog } from "../design/Dialog";
import { Button, Field } from "../design/primitives";
import { EVENT_TYPES } from "./eventTypes";

interface Props {
  open: boolean;
  onClose: () => void;
  eventType?: string;
  contactId?: string | null;
  /** The rule's own sample event data, when opened from its editor. */
  data?: unknown;
}

/** Data as the textarea shows it: pretty JSON, nothing for none. */
function dataText(data: unknown): string {
  if (data === null || data === undefined) return "";
  if (typeof data === "object" && Object.keys(data as object).length === 0) return "";
  return JSON.stringify(data, null, 2);
}

/** Mounted afresh each time it opens, so it starts from the given type and contact. */
export function SendTestEventDialog(props: Props) {
  return props.open ? <SendTestEventForm {...props} /> : null;
}

function SendTestEventForm(props: Props) {
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [eventType, setEventType] = useState(props.eventType ?? "contact.updated");
  const [contactId, setContactId] = useState<string>(props.contactId ?? "");
  // null until the person edits the data: it shows the sample of the type chosen till then.
  const [typedData, setTypedData] = useState<string | null>(null);
  const [samples, setSamples] = useState<SampleEvent[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [receipt, setReceipt] = useState<EventReceipt | null>(null);

  useEffect(() => {
    call("rule_sample_events")
      .then(setSamples)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    call("contact_list")
      .then((list) => {
        setContacts(list);
        setContactId((current) => current || list[0]?.id || "");
      })
      .catch((e: AppError) => setError(e));
  }, []);

  const own = props.eventType === eventType && props.data !== undefined ? props.data : undefined;
  const data = typedData ?? dataText(own ?? samples.find((s) => s.event_type === eventType)?.data);

  const send = () => {
    setSending(true);
    setError(null);
    setReceipt(null);
    call("event_send_test", { input: { event_type: eventType, contact_id: contactId, data } })
      .then(setReceipt)
      .catch((e: AppError) => setError(e))
      .finally(() => setSending(false));
  };

  return (
    <Dialog
      open
      title="Send test event"
      onClose={props.onClose}
      wide
      actions={
        <>
          <Button onClick={props.onClose}>Close</Button>
          <Button variant="primary" onClick={send} disabled={sending || !contactId || !eventType.trim()} data-testid="send-event">
            {sending ? "Sending…" : "Send event"}
          </Button>
        </>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        The event is matched against every enabled rule, exactly like one from your messaging platform: matching
        rules send real requests.
      </p>
      <div className="form-grid">
        <Field id="test-event-type" label="Event type" hint="Pick one or type a custom event name.">
          <input
            id="test-event-type"
            className="input mono"
            list="test-event-types"
            value={eventType}
            onChange={(e) => setEventType(e.target.value)}
          />
          <datalist id="test-event-types">
            {EVENT_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field id="test-event-contact" label="Contact">
          <select id="test-event-contact" className="select" value={contactId} onChange={(e) => setContactId(e.target.value)}>
            {contacts.map((c) => (
              <option key={c.id} value={c.id}>
                {contactName(c)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="test-event-data" label="Event data (JSON, optional)" hint='Available to expressions as event.data, e.g. {"order_id": "A-17"}'>
        <textarea
          id="test-event-data"
          className="input mono"
          rows={4}
          value={data}
          placeholder="{}"
          onChange={(e) => setTypedData(e.target.value)}
        />
      </Field>
      {error ? (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      ) : null}
      {receipt ? (
        <div className="banner info" role="status" data-testid="event-receipt">
          <div className="banner-body">
            <strong>
              {receipt.matched_rules === 0
                ? "No rule matched"
                : `${receipt.matched_rules} rule${receipt.matched_rules === 1 ? "" : "s"} matched, ${receipt.deliveries.length} deliver${receipt.deliveries.length === 1 ? "y" : "ies"} created`}
            </strong>
            <span>
              <Link to={`/events/${receipt.event_id}`} onClick={props.onClose}>
                See why, event {receipt.event_id}
              </Link>
            </span>
            {receipt.deliveries.map((id) => (
              <span key={id}>
                <Link to={`/deliveries/${id}`} onClick={props.onClose} className="mono">
                  {id}
                </Link>
              </span>
            ))}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
