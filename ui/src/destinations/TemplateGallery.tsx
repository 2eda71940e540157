// "New API Destination" starts here: the tools marketers connect, searchable, each filling the
// form from its vendor's documented request; or a blank form.
import { useEffect, useMemo, useState } from "react";
import type { AppError, DestinationTemplate } from "../api/generated";
import { call } from "../api/ipc";
import { Button, Card } from "../design/primitives";
import { matchesTemplate } from "./templateInput";
import "./templateGallery.css";

export function TemplateGallery(props: { onPick: (template: DestinationTemplate | null) => void }) {
  const [templates, setTemplates] = useState<DestinationTemplate[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [query, setQuery] = useState("");

  useEffect(() => {
    call("destination_templates")
      .then(setTemplates)
      .catch((e: AppError) => setError(e));
  }, []);
  const shown = useMemo(() => templates.filter((t) => matchesTemplate(t, query)), [templates, query]);

  return (
    <Card title="Start from a template" labelledBy="template-gallery-title">
      <div className="stack">
        <div className="row" style={{ gap: 12, alignItems: "center" }}>
          <input
            className="input"
            style={{ flex: 1, maxWidth: 480 }}
            type="search"
            aria-label="Search templates"
            placeholder="Search tools: HubSpot, Slack, email…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoFocus
          />
          <Button onClick={() => props.onPick(null)} data-testid="start-from-scratch">
            Start from scratch
          </Button>
        </div>
        {error ? <p className="error-text">{error.message}</p> : null}
        <ul className="template-grid" aria-label="Templates">
          {shown.map((t) => (
            <li key={t.id}>
              <button type="button" className="template-card" onClick={() => props.onPick(t)} data-testid={`template-${t.id}`}>
                <span className="template-name">{t.name}</span>
                <span className="template-category muted">{t.category}</span>
                <span className="template-summary">{t.summary}</span>
                <span className="template-request mono muted">{t.method}</span>
              </button>
            </li>
          ))}
        </ul>
        {templates.length > 0 && shown.length === 0 ? (
          <p className="muted">No template matches “{query}”. Start from scratch, or paste the vendor's cURL example.</p>
        ) : null}
      </div>
    </Card>
  );
}
