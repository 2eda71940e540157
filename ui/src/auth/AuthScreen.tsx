// API Auth list: name, kind, secret state, which destinations use it; create; per row Edit,
// and Delete (naming the destinations that use it) in the row's menu.
import { useState } from "react";
import type { AppError, AuthConfigView } from "../api/generated";
import { call } from "../api/ipc";
import { ConfirmDialog } from "../design/ConfirmDialog";
import { Dialog } from "../design/Dialog";
import { RowMenu } from "../design/RowMenu";
import { plural } from "../lib/plural";
import { changedElsewhere } from "../lib/changedElsewhere";
import { useListScreen } from "../lib/useListScreen";
import { Button, Card, EmptyState, PageHeader, StatusChip } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { AuthForm } from "./AuthForm";
import { kindLabel } from "./kinds";

type Editing = { mode: "new" } | { mode: "edit"; config: AuthConfigView } | null;

export function AuthScreen() {
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<{ config: AuthConfigView; usedBy: string[] } | null>(null);
  const toasts = useToasts();
  const { data: configs, error: loadError, reload, run } = useListScreen(() => call("auth_list"), {
    reloadOn: changedElsewhere("auth_configs"),
  });

  const openEdit = async (config: AuthConfigView) => {
    try {
      setEditing({ mode: "edit", config: await call("auth_get", { id: config.id }) });
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    }
  };

  const askDelete = async (config: AuthConfigView) => {
    try {
      setDeleting({ config, usedBy: await call("auth_usage", { id: config.id }) });
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    }
  };

  const confirmDelete = () => {
    const target = deleting;
    setDeleting(null);
    if (target) void run(() => call("auth_delete", { id: target.config.id }), `Deleted “${target.config.name}” and its secrets.`);
  };

  return (
    <div className="page">
      <PageHeader
        title="API Auth"
        breadcrumb="Integrations"
        description="Reusable credentials for your destinations. Passwords, tokens and keys are kept in your system keyring, never in the app's database or exports."
        actions={
          <Button variant="primary" onClick={() => setEditing({ mode: "new" })}>
            New API Auth
          </Button>
        }
      />
      {loadError ? <p className="error-text">{loadError.message}</p> : null}
      <Card>
        {configs === null ? (
          <p className="muted">Loading…</p>
        ) : configs.length === 0 ? (
          <EmptyState
            icon="key"
            title="No API Auth configs yet"
            actions={
              <Button variant="primary" onClick={() => setEditing({ mode: "new" })}>
                New API Auth
              </Button>
            }
          >
            <p>
              Create one for each set of credentials a vendor gave you — a bearer token, an API key, a user and
              password, OAuth 2.0 client credentials or an HMAC signing secret — then pick it in your destinations.
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="API Auth configs">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Secret</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {configs.map((config) => {
                  const missing = config.secrets.filter((s) => !s.set);
                  return (
                    <tr key={config.id}>
                      <td>
                        <button type="button" className="link-button" onClick={() => openEdit(config)}>
                          {config.name}
                        </button>
                      </td>
                      <td>{kindLabel(config.settings.kind)}</td>
                      <td>
                        {missing.length === 0 ? (
                          <StatusChip tone="success">In keyring</StatusChip>
                        ) : (
                          <StatusChip tone="warning">Secret needed</StatusChip>
                        )}
                      </td>
                      <td>
                        <div className="row-primary">
                          <Button className="small" onClick={() => openEdit(config)}>
                            Edit
                          </Button>
                          <RowMenu
                            label={`More actions for ${config.name}`}
                            items={[{ label: "Delete…", danger: true, onSelect: () => void askDelete(config) }]}
                          />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Dialog
        open={editing !== null}
        title={editing?.mode === "edit" ? `Edit “${editing.config.name}”` : "New API Auth"}
        onClose={() => setEditing(null)}
      >
        {editing ? (
          <AuthForm
            key={editing.mode === "edit" ? editing.config.id : "new"}
            existing={editing.mode === "edit" ? editing.config : undefined}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              toasts.show(`Saved “${saved.name}”.`, "success");
              setEditing(null);
              reload();
            }}
          />
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.config.name ?? ""}”?`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={confirmDelete}
      >
        <p>Its secrets are removed from the keyring. This cannot be undone.</p>
        {deleting && deleting.usedBy.length > 0 ? (
          <div>
            <p>
              <strong>
                {plural(deleting.usedBy.length, "destination")} {deleting.usedBy.length === 1 ? "uses" : "use"} it
              </strong>{" "}
              and will show “auth config missing” until you pick another:
            </p>
            <ul data-testid="auth-used-by">
              {deleting.usedBy.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
