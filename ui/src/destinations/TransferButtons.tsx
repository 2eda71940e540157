// Export the whole set-up (auth configs without secrets, destinations, rules, sample contacts,
// team) to the Downloads folder; import a file and show what was created, identical or in
// conflict.
import { useRef, useState } from "react";
import type { AppError, ImportReport } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { ImportReportList } from "./ImportReportList";

export function TransferButtons({ onImported }: { onImported: () => void }) {
  const toasts = useToasts();
  const fileInput = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importError, setImportError] = useState<AppError | null>(null);

  const exportAll = async () => {
    try {
      const result = await call("config_export");
      toasts.show(
        `Exported ${result.destinations} destinations, ${result.auth_configs} auth configs (without secrets), ${result.rules} rules, ${result.contacts} sample contacts and the team to ${result.path}`,
        "success",
      );
    } catch (e) {
      toasts.show((e as AppError).message, "danger");
    }
  };

  const importFile = async (file: File) => {
    setImportError(null);
    setReport(null);
    try {
      const json = await file.text();
      setReport(await call("config_import", { json }));
      onImported();
    } catch (e) {
      setImportError(e as AppError);
    }
  };

  return (
    <>
      <Button onClick={exportAll}>Export</Button>
      <Button onClick={() => fileInput.current?.click()}>Import…</Button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        data-testid="import-file"
        aria-label="Import file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) importFile(file);
        }}
      />
      <Dialog
        open={report !== null || importError !== null}
        title={importError ? "Nothing was imported" : "Import finished"}
        onClose={() => {
          setReport(null);
          setImportError(null);
        }}
        actions={
          <Button
            variant="primary"
            onClick={() => {
              setReport(null);
              setImportError(null);
            }}
          >
            Close
          </Button>
        }
        wide
      >
        {importError ? <p className="error-text" data-testid="import-error">{importError.message}</p> : null}
        {report ? <ImportReportList report={report} /> : null}
      </Dialog>
    </>
  );
}
