// Sample Contacts & Team: the data previews and test events use. List, edit, import.
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppError, Contact, ContactFileFormat, Team } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button, Card, EmptyState, PageHeader, StatusChip, type Tone } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { SendTestEventDialog } from "../rules/SendTestEventDialog";
import { ContactForm } from "./ContactForm";
import { contactName } from "./contactName";
import { TeamCard } from "./TeamCard";

const subscriptionTone: Record<string, Tone> = { subscribed: "success", unsubscribed: "danger", never_subscribed: "neutral" };

export function ContactsScreen() {
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [team, setTeam] = useState<Team | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [editing, setEditing] = useState<{ contact?: Contact } | null>(null);
  const [importError, setImportError] = useState<AppError | null>(null);
  const [sendingEvent, setSendingEvent] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const toasts = useToasts();

  const reload = useCallback(() => {
    Promise.all([call("contact_list"), call("team_get")])
      .then(([list, profile]) => {
        setContacts(list);
        setTeam(profile);
      })
      .catch((e: AppError) => setError(e));
  }, []);
  useEffect(reload, [reload]);

  const importFile = async (file: File) => {
    const format: ContactFileFormat = file.name.toLowerCase().endsWith(".json") ? "json" : "csv";
    try {
      const report = await call("contact_import", { format, text: await file.text() });
      toasts.show(`Imported ${report.imported} contact${report.imported === 1 ? "" : "s"} from ${file.name}.`, "success");
      reload();
    } catch (e) {
      setImportError(e as AppError);
    }
  };

  const remove = async (contact: Contact) => {
    try {
      await call("contact_delete", { id: contact.id });
      toasts.show(`Deleted ${contactName(contact)}.`, "success");
      reload();
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="Sample Contacts & Team"
        breadcrumb="Test data"
        description="The contacts and team profile your payloads are previewed and tested against."
        actions={
          <>
            <Button onClick={() => setSendingEvent(true)}>Send test event</Button>
            <Button onClick={() => fileInput.current?.click()}>Import CSV or JSON…</Button>
            <Button variant="primary" onClick={() => setEditing({})}>
              New contact
            </Button>
          </>
        }
      />
      <input
        ref={fileInput}
        type="file"
        accept=".csv,.json,text/csv,application/json"
        className="visually-hidden"
        data-testid="contact-import-file"
        aria-label="Import contacts file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) importFile(file);
        }}
      />
      {error ? <p className="error-text">{error.message}</p> : null}
      {team ? <TeamCard team={team} onSaved={setTeam} /> : null}
      <Card title="Sample contacts" labelledBy="contacts-title">
        {contacts === null ? (
          <p className="muted">Loading…</p>
        ) : contacts.length === 0 ? (
          <EmptyState icon="contacts" title="No sample contacts" actions={<Button onClick={() => setEditing({})}>New contact</Button>}>
            <p>
              Add a contact or import a CSV (a header row; <code>tags</code> separated by <code>;</code>, columns like{" "}
              <code>custom_attributes.email</code> and <code>subscriptions.marketing</code>) or a JSON array.
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Sample contacts">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Marketing</th>
                  <th scope="col">Attributes</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id}>
                    <td className="name-cell">
                      <button type="button" className="link-button" onClick={() => setEditing({ contact: c })}>
                        {contactName(c)}
                      </button>
                      <div className="muted mono id-line">
                        {c.id}
                      </div>
                    </td>
                    <td className="mono">{c.phone ?? "—"}</td>
                    <td className="break-anywhere">{c.tags.length ? c.tags.join(", ") : <span className="muted">none</span>}</td>
                    <td>
                      <StatusChip tone={subscriptionTone[c.subscriptions.marketing] ?? "neutral"}>
                        {c.subscriptions.marketing.replace("_", " ")}
                      </StatusChip>
                    </td>
                    <td className="muted">{Object.keys(c.custom_attributes).join(", ") || "none"}</td>
                    <td>
                      <div className="actions">
                        <Button className="small" onClick={() => setEditing({ contact: c })}>
                          Edit
                        </Button>
                        <Button className="small" variant="danger" onClick={() => remove(c)}>
                          Delete
                        </Button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Dialog
        open={editing !== null}
        title={editing?.contact ? `Edit ${contactName(editing.contact)}` : "New sample contact"}
        onClose={() => setEditing(null)}
        wide
      >
        {editing ? (
          <ContactForm
            key={editing.contact?.id ?? "new"}
            existing={editing.contact}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              toasts.show(`Saved ${contactName(saved)}.`, "success");
              setEditing(null);
              reload();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={importError !== null}
        title="Nothing was imported"
        onClose={() => setImportError(null)}
        actions={
          <Button variant="primary" onClick={() => setImportError(null)}>
            Close
          </Button>
        }
        wide
      >
        <p className="error-text" data-testid="contact-import-error">
          {importError?.message}
        </p>
      </Dialog>
      <SendTestEventDialog open={sendingEvent} onClose={() => setSendingEvent(false)} />
    </div>
  );
}
