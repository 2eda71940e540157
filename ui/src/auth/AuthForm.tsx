// The API Auth form: kind, name, the kind's settings, and write-only secret inputs.
// Once saved a secret is shown masked; "Replace" opens an empty input for a new value.
import { useState, type FormEvent } from "react";
import type { AppError, AuthConfigView, AuthSettings } from "../api/generated";
import { call } from "../api/ipc";
import { Button, Field } from "../design/primitives";
import { AUTH_KINDS, KIND_ORDER, settingValue, withSetting, type AuthKind } from "./kinds";

export function AuthForm(props: {
  existing?: AuthConfigView;
  /** Starting values for a new config (a template's kind and settings). */
  initial?: { name: string; settings: AuthSettings };
  onSaved: (view: AuthConfigView) => void;
  onCancel: () => void;
}) {
  const { existing } = props;
  const [name, setName] = useState(existing?.name ?? props.initial?.name ?? "");
  const [settings, setSettings] = useState<AuthSettings>(
    existing?.settings ?? props.initial?.settings ?? AUTH_KINDS.bearer.blank(),
  );
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [replacing, setReplacing] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const info = AUTH_KINDS[settings.kind];
  const kindChanged = existing !== undefined && existing.settings.kind !== settings.kind;

  const changeKind = (kind: AuthKind) => {
    setSettings(existing?.settings.kind === kind ? existing.settings : AUTH_KINDS[kind].blank());
    setSecrets({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const filled = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ""));
    try {
      const input = { name, settings, secrets: filled };
      const saved = existing
        ? await call("auth_update", { id: existing.id, input })
        : await call("auth_create", { input });
      props.onSaved(saved);
    } catch (e) {
      setError(e as AppError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="API Auth config">
      <Field id="auth-name" label="Name" hint="How destinations refer to these credentials, e.g. “HubSpot private app”.">
        <input
          id="auth-name"
          className="input"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          autoFocus
        />
      </Field>
      <Field id="auth-kind" label="Kind" hint={info.description}>
        <select
          id="auth-kind"
          className="select"
          value={settings.kind}
          onChange={(e) => changeKind(e.target.value as AuthKind)}
        >
          {KIND_ORDER.map((kind) => (
            <option key={kind} value={kind}>
              {AUTH_KINDS[kind].label}
            </option>
          ))}
        </select>
      </Field>
      {settings.kind === "api_key" ? (
        <Field id="auth-placement" label="Send the key in">
          <select
            id="auth-placement"
            className="select"
            value={settings.placement}
            onChange={(e) => setSettings({ ...settings, placement: e.target.value as "header" | "query" })}
          >
            <option value="header">a header</option>
            <option value="query">a query parameter</option>
          </select>
        </Field>
      ) : null}
      {info.settings.map((field) => (
        <Field
          key={field.key}
          id={`auth-${field.key}`}
          label={field.optional ? `${field.label} (optional)` : field.label}
          hint={field.hint}
        >
          <input
            id={`auth-${field.key}`}
            className="input"
            value={settingValue(settings, field.key)}
            placeholder={field.placeholder}
            onChange={(e) => setSettings(withSetting(settings, field, e.target.value))}
          />
        </Field>
      ))}
      {info.secrets.map((secret) => {
        const state = kindChanged ? undefined : existing?.secrets.find((s) => s.field === secret.key);
        const showInput = !state?.set || replacing[secret.key];
        return (
          <Field
            key={secret.key}
            id={`auth-secret-${secret.key}`}
            label={secret.label}
            hint="Stored only in your system keyring. It cannot be shown again after saving."
          >
            {showInput ? (
              <input
                id={`auth-secret-${secret.key}`}
                className="input"
                type="password"
                autoComplete="off"
                placeholder={state?.set ? "New value" : existing ? "Secret needed: enter it" : ""}
                value={secrets[secret.key] ?? ""}
                onChange={(e) => setSecrets({ ...secrets, [secret.key]: e.target.value })}
              />
            ) : (
              <div className="secret-state">
                <span data-testid={`secret-mask-${secret.key}`}>{state?.mask ?? "set"}</span>
                <Button className="small" onClick={() => setReplacing({ ...replacing, [secret.key]: true })}>
                  Replace
                </Button>
              </div>
            )}
          </Field>
        );
      })}
      {error ? (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="form-actions">
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? "Saving…" : existing ? "Save changes" : "Create API Auth"}
        </Button>
      </div>
    </form>
  );
}
