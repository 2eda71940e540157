// Shown instead of the app when the database cannot be used: what happened and what to do.
import type { AppError } from "../api/generated";

const titles: Partial<Record<AppError["code"], string>> = {
  database_too_new: "This data was saved by a newer version of API Destinations",
  database_not_a_database: "The data file is not an API Destinations database",
  database_unavailable: "The database cannot be opened",
};

const steps: Partial<Record<AppError["code"], string[]>> = {
  database_too_new: [
    "Install the newest version of API Destinations and open it again.",
    "Your data has not been changed by this version.",
  ],
  database_not_a_database: [
    "Quit API Destinations.",
    "Move the file below to another folder (keep it: it may be a backup you need), or restore a backup in its place.",
    "Start the app again: it creates a new, empty database.",
  ],
  database_unavailable: [
    "Check that the folder below exists and that your user may read and write it.",
    "Free some disk space if the disk is full.",
    "Start the app again.",
  ],
};

export function StartupErrorScreen({ error, path }: { error: AppError; path?: string }) {
  const title = titles[error.code] ?? "API Destinations could not start";
  return (
    <div className="fatal">
      <section className="card" role="alert" aria-labelledby="startup-error-title" data-testid="startup-error">
        <h1 id="startup-error-title">{title}</h1>
        <p>{error.message}</p>
        {steps[error.code] ? (
          <>
            <h2 style={{ fontSize: 15 }}>What to do</h2>
            <ol>
              {steps[error.code]?.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </>
        ) : null}
        {path ? (
          <p>
            Database file: <code className="mono">{path}</code>
          </p>
        ) : null}
        <p className="muted">
          Error code: <code>{error.code}</code>
        </p>
      </section>
    </div>
  );
}
