// What an import did, kind by kind (API Auth, destinations, rules, sample contacts, team): each
// item created, identical to one already here, or in conflict and left unchanged.
import type { ImportItemType, ImportOutcome, ImportReport } from "../api/generated";
import { StatusChip, type Tone } from "../design/primitives";

const outcomeTone: Record<ImportOutcome, Tone> = { created: "success", identical: "neutral", conflicting: "warning" };
const outcomeLabel: Record<ImportOutcome, string> = { created: "Created", identical: "Identical", conflicting: "Conflict" };

const kinds: { type: ImportItemType; title: string }[] = [
  { type: "auth_config", title: "API Auth" },
  { type: "destination", title: "API Destinations" },
  { type: "rule", title: "Event-Based Rules" },
  { type: "contact", title: "Sample contacts" },
  { type: "team", title: "Team" },
];

export function ImportReportList({ report }: { report: ImportReport }) {
  if (report.items.length === 0) {
    return <p data-testid="import-report">The file holds nothing to import.</p>;
  }
  return (
    <div className="stack" data-testid="import-report">
      {kinds.map(({ type, title }) => {
        const items = report.items.filter((item) => item.item_type === type);
        if (items.length === 0) return null;
        return (
          <section key={type} aria-label={title} data-testid={`import-report-${type}`}>
            <h3>{title}</h3>
            <ul className="report-list">
              {items.map((item, i) => (
                <li key={`${i}:${item.name}`}>
                  <StatusChip tone={outcomeTone[item.outcome]}>{outcomeLabel[item.outcome]}</StatusChip>
                  <strong>{item.name}</strong>
                  {item.note ? <span>— {item.note}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
