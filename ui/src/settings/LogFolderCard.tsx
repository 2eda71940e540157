// Settings › Logs: where the app writes its log file (one a day, two weeks kept), and a
// button that opens that folder, so a person can attach the log to a bug report.
import { useEffect, useState } from "react";
import type { AppError } from "../api/generated";
import { call } from "../api/ipc";
import { Button, Card } from "../design/primitives";
import { useToasts } from "../design/toasts";

export function LogFolderCard() {
  const toasts = useToasts();
  const [folder, setFolder] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call("log_folder")
      .then(setFolder)
      .catch((e: AppError) => setError(e.message));
  }, []);

  const open = () => void call("log_folder_open").catch((e: AppError) => toasts.show(e.message, "danger"));

  return (
    <Card
      title="Logs"
      labelledBy="logs-title"
      actions={
        <Button onClick={open} disabled={folder === null} data-testid="log-folder-open">
          Open log folder
        </Button>
      }
    >
      <div className="stack">
        <p style={{ margin: 0 }}>
          {error ?? <code data-testid="log-folder">{folder ?? "…"}</code>}
        </p>
        <p className="muted" style={{ margin: 0 }}>
          One file a day, the last two weeks kept. They say what the app did and what went wrong, never a secret,
          a header value or a request body: attach them when you report a problem.
        </p>
      </div>
    </Card>
  );
}
