// Settings: appearance, the keyring's state, and where this installation keeps its data.
import { useId, useState } from "react";
import type { AppError } from "../api/generated";
import { useAppStatus } from "../app/status";
import { Button, Card, DetailsTable, PageHeader, StatusChip } from "../design/primitives";
import { applyThemeChoice, loadThemeChoice, type ThemeChoice } from "../design/theme";
import { useToasts } from "../design/toasts";
import { SandboxCard } from "../sandbox/SandboxCard";
import { IngestCard } from "../events/IngestCard";
import { BackgroundCard } from "./BackgroundCard";
import { LogFolderCard } from "../settings/LogFolderCard";

export function SettingsScreen() {
  return (
    <div className="page">
      <PageHeader title="Settings" description="Appearance, the system keyring, running in the background, the sandbox receiver and where your data lives." />
      <AppearanceCard />
      <KeyringCard />
      <BackgroundCard />
      <SandboxCard />
      <IngestCard />
      <DataCard />
      <LogFolderCard />
    </div>
  );
}

function AppearanceCard() {
  const [choice, setChoice] = useState<ThemeChoice>(loadThemeChoice);
  const name = useId();
  const pick = (next: ThemeChoice) => {
    setChoice(next);
    applyThemeChoice(next);
  };
  const options: [ThemeChoice, string][] = [
    ["system", "Follow the system"],
    ["light", "Light"],
    ["dark", "Dark"],
  ];
  return (
    <Card title="Appearance" labelledBy="appearance-title">
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="visually-hidden">Theme</legend>
        <div className="segmented">
          {options.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name={name} value={value} checked={choice === value} onChange={() => pick(value)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}

function KeyringCard() {
  const { status, recheckKeyring } = useAppStatus();
  const toasts = useToasts();
  const [checking, setChecking] = useState(false);
  const keyring = status?.keyring ?? null;

  const check = async () => {
    setChecking(true);
    try {
      const result = await recheckKeyring();
      toasts.show(result.available ? "Keyring check passed." : result.message, result.available ? "success" : "danger");
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card
      title="System keyring"
      labelledBy="keyring-title"
      actions={
        <Button onClick={check} disabled={checking} aria-busy={checking}>
          {checking ? "Checking…" : "Check again"}
        </Button>
      }
    >
      <div className="stack" data-testid="keyring-status">
        <div className="row">
          {keyring === null ? (
            <StatusChip tone="neutral">Checking</StatusChip>
          ) : keyring.available ? (
            <StatusChip tone="success">Available</StatusChip>
          ) : (
            <StatusChip tone="danger">Unavailable</StatusChip>
          )}
          <span className="muted">{keyring?.backend}</span>
        </div>
        <p style={{ margin: 0 }}>{keyring?.message ?? "Checking whether the system keyring can store secrets…"}</p>
        <p className="muted" style={{ margin: 0 }}>
          Passwords, tokens and keys are stored only in the system keyring, never in the database or in exports.
        </p>
      </div>
    </Card>
  );
}

function DataCard() {
  const { status } = useAppStatus();
  if (!status) return null;
  return (
    <Card title="Your data" labelledBy="data-title">
      <DetailsTable
        caption="Where this installation keeps its data"
        rows={[
          ["Data folder", <code key="dir">{status.data_dir}</code>],
          ["Database", <code key="db">{status.database.path}</code>],
          ["Schema version", String(status.database.schema_version ?? "—")],
          ["App identifier", <code key="id">{status.app_id}</code>],
          ["Version", status.version],
        ]}
      />
    </Card>
  );
}
