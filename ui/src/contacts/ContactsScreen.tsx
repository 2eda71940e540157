// Sample Contacts & Team: the data previews and test events use. List, edit, import; per row
// Edit, and Delete (asked first) in the row's menu.
import { useRef, useState } from "react";
import type { AppError, Contact, ContactFileFormat } from "../api/generated";
import { call } from "../api/ipc";
import { ConfirmDialog } from "../design/ConfirmDialog";
import { Dialog } from "../design/Dialog";
import { RowMenu } from "../design/RowMenu";
import { ShortId } from "../design/ShortId";
import { plural } from "../lib/plural";
import { changedElsewhere } from "../lib/changedElsewhere";
import { useListScreen } from "../lib/useListScreen";
import { Button, Card, EmptyState, PageHeader, StatusChip, type Tone } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { SendTestEventDialog } from "../rules/SendTestEventDialog";
import { ContactForm } from "./ContactForm";
import { contactName } from "./contactName";
import { TeamCard } from "./TeamCard";

const subscriptionTone: Record<string, Tone> = { subscribed: "success", unsubscribed: "danger", never_subscribed: "neutral" };

export function ContactsScreen() {
  const [editing, setEditing] = useState<{ contact?: Contact } | null>(null);
  const [importError, setImportError] = useState<AppError | null>(null);
  const [sendingEvent, setSendingEvent] = useState(false);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const toasts = useToasts();

  const { data, error, reload, run } = useListScreen(() =>
    Promise.all([call("contact_list"), call("team_get")]).then(([contacts, team]) => ({ contacts, team })),
    { reloadOn: changedElsewhere("contacts") },
  );
  const contacts = data?.contacts ?? null;
  const team = data?.team ?? null;

  const importFile = async (file: File) => {
    const format: ContactFileFormat = file.name.toLowerCase().endsWith(".json") ? "json" : "csv";
    try {
      const report = await call("contact_import", { format, text: await file.text() });
      toasts.show(`Imported ${plural(report.imported, "contact")} from ${file.name}.`, "success");
      reload();
    } catch (e) {
      setImportError(e as AppError);
    }
  };

  const remove = () => {
    const target = deleting;
    setDeleting(null);
    if (target) void run(() => call("contact_delete", { id: target.id }), `Deleted ${contactName(target)}.`);
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
      {team ? <TeamCard team={team} onSaved={reload} /> : null}
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
            <table className="table contacts-table" aria-label="Sample contacts">
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
                      <div className="muted id-line">
                        <ShortId id={c.id} label="Contact ID" />
                      </div>
                    </td>
                    <td className="mono">{c.phone ?? "—"}</td>
                    <td className="tags-cell">
                      {c.tags.length ? (
                        <ul className="tag-list" aria-label="Tags">
                          {c.tags.map((t) => (
                            <li key={t}>{t}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td className="marketing-cell">
                      <StatusChip tone={subscriptionTone[c.subscriptions.marketing] ?? "neutral"}>
                        {c.subscriptions.marketing.replace("_", " ")}
                      </StatusChip>
                    </td>
                    <td className="muted">{Object.keys(c.custom_attributes).join(", ") || "none"}</td>
                    <td>
                      <div className="row-primary">
                        <Button className="small" onClick={() => setEditing({ contact: c })}>
                          Edit
                        </Button>
                        <RowMenu
                          label={`More actions for ${contactName(c)}`}
                          items={[{ label: "Delete…", danger: true, onSelect: () => setDeleting(c) }]}
                        />
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
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting ? contactName(deleting) : ""}?`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={remove}
      >
        <p>It leaves the sample contacts. Events and deliveries already made keep their own copy of it.</p>
      </ConfirmDialog>
      <SendTestEventDialog open={sendingEvent} onClose={() => setSendingEvent(false)} />
    </div>
  );
}
