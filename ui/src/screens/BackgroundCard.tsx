// Settings › Background and notifications: what closing the window does, starting at login,
// pausing all sending (as the tray does), and which OS notifications are shown.
import { useEffect, useState } from "react";
import type { AppError, BackgroundSettings, NoticeSettings } from "../api/generated";
import { call } from "../api/ipc";
import { useSendingStatus } from "../lib/sendingStatus";
import { Banner, Button, Card } from "../design/primitives";
import { useToasts } from "../design/toasts";

type Switch = { key: string; label: string; get: (s: BackgroundSettings) => boolean; set: (s: BackgroundSettings, on: boolean) => BackgroundSettings };

const notice = (key: keyof NoticeSettings) => ({
  get: (s: BackgroundSettings) => s.notices[key],
  set: (s: BackgroundSettings, on: boolean) => ({ ...s, notices: { ...s.notices, [key]: on } }),
});

const SWITCHES: Switch[] = [
  {
    key: "quit_on_close",
    label: "Quit when the window closes (otherwise the app keeps sending from the tray)",
    get: (s) => s.quit_on_close,
    set: (s, on) => ({ ...s, quit_on_close: on }),
  },
  {
    key: "start_at_login",
    label: "Start at login, in the background",
    get: (s) => s.start_at_login,
    set: (s, on) => ({ ...s, start_at_login: on }),
  },
  { key: "auto_paused", label: "Notify me when a destination is paused after repeated failures", ...notice("auto_paused") },
  { key: "exhausted", label: "Notify me when deliveries run out of retries (at most hourly per destination)", ...notice("exhausted") },
  { key: "keyring", label: "Notify me when sending waits for a locked keyring", ...notice("keyring") },
];

export function BackgroundCard() {
  const toasts = useToasts();
  const [settings, setSettings] = useState<BackgroundSettings | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // Whether all sending is paused now (the tray may change it too).
  const paused = useSendingStatus()?.paused ?? false;

  useEffect(() => {
    call("background_settings_get")
      .then(setSettings)
      .catch((e: AppError) => setLoadError(e));
  }, []);

  const save = async (next: BackgroundSettings) => {
    setBusy(true);
    try {
      setSettings(await call("background_settings_set", { settings: next }));
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Background and notifications"
      labelledBy="background-title"
      actions={
        <Button
          onClick={() => call("sending_set_paused", { paused: !paused }).catch((e: AppError) => toasts.show(e.message, "danger"))}
          data-testid="pause-all"
        >
          {paused ? "Resume all sending" : "Pause all sending"}
        </Button>
      }
    >
      <div className="stack" data-testid="background-card">
        <p className="muted" style={{ margin: 0 }}>
          Closing the window keeps API Destinations sending in the background; the tray icon opens it again, pauses
          or resumes all sending, shows what is waiting, and quits.
        </p>
        {loadError ? <Banner tone="danger" title="These settings could not be read">{loadError.message}</Banner> : null}
        {SWITCHES.map((item) => (
          <label className="switch" key={item.key}>
            <input
              type="checkbox"
              role="switch"
              data-testid={`background-${item.key}`}
              checked={settings ? item.get(settings) : false}
              aria-checked={settings ? item.get(settings) : false}
              disabled={!settings || busy}
              onChange={(e) => settings && void save(item.set(settings, e.target.checked))}
            />
            {item.label}
          </label>
        ))}
      </div>
    </Card>
  );
}
