// The log's filters: words, destination, rule and time range, then the status toggles with
// their counts. The filter itself lives in the URL (filterParams).
import type { DeliveryCounts, DestinationView, StatusCategory } from "../api/generated";
import { Button } from "../design/primitives";
import { CATEGORY_LABEL } from "./categories";
import { CategoryChip } from "./CategoryChip";
import { ALL_CATEGORIES, TIME_RANGES, type FilterState, type TimeRange } from "./filterParams";
import { formatCount } from "./format";

export function DeliveryFilters(props: {
  state: FilterState;
  update: (change: Partial<FilterState>) => void;
  text: string;
  onText: (text: string) => void;
  onClear: () => void;
  filtered: boolean;
  destinations: DestinationView[];
  destinationName: string | undefined;
  rules: { id: string; name: string }[];
  counts: DeliveryCounts | null;
}) {
  const { state, update, rules, counts } = props;
  const countOf = (c: StatusCategory) => counts?.categories.find((x) => x.category === c)?.count ?? 0;
  const toggleCategory = (c: StatusCategory | "pending") => {
    if (c === "pending") update({ pending: !state.pending });
    else
      update({
        categories: state.categories.includes(c) ? state.categories.filter((x) => x !== c) : [...state.categories, c],
      });
  };
  return (
    <>
      <div className="toolbar deliveries-filters">
        <input
          className="input"
          type="search"
          aria-label="Search URL, payload and response"
          placeholder="Search words in URL, payload and response"
          title="Whole words, e.g. an order id, an email or a phone number"
          value={props.text}
          onChange={(e) => props.onText(e.target.value)}
        />
        <select
          className="select"
          aria-label="Destination"
          value={state.destination}
          onChange={(e) => update({ destination: e.target.value })}
        >
          <option value="">All destinations</option>
          {props.destinations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.input.name}
            </option>
          ))}
          {state.destination && !props.destinationName ? <option value={state.destination}>{state.destination}</option> : null}
        </select>
        <select className="select" aria-label="Rule" value={state.rule} onChange={(e) => update({ rule: e.target.value })}>
          <option value="">All rules</option>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
          {state.rule && !rules.some((r) => r.id === state.rule) ? <option value={state.rule}>{state.rule}</option> : null}
        </select>
        <select
          className="select"
          aria-label="Time range"
          value={state.range}
          onChange={(e) => update({ range: e.target.value as TimeRange })}
        >
          {TIME_RANGES.map(([r, label]) => (
            <option key={r} value={r}>
              {label}
            </option>
          ))}
        </select>
        {props.filtered ? (
          <Button className="small" onClick={props.onClear}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <div className="status-filter" role="group" aria-label="Status">
        <span className="muted">{countsLabel(counts)}</span>
        {ALL_CATEGORIES.filter((c) => countOf(c) > 0 || state.categories.includes(c)).map((c) => (
          <button
            key={c}
            type="button"
            className="status-toggle"
            aria-pressed={state.categories.includes(c)}
            onClick={() => toggleCategory(c)}
            title={`Show only ${CATEGORY_LABEL[c]} (several can be chosen)`}
          >
            <CategoryChip category={c} /> <span className="count">{formatCount(countOf(c))}</span>
          </button>
        ))}
        {(counts?.pending ?? 0) > 0 || state.pending ? (
          <button type="button" className="status-toggle" aria-pressed={state.pending} onClick={() => toggleCategory("pending")}>
            <CategoryChip category={null} /> <span className="count">{formatCount(counts?.pending ?? 0)}</span>
          </button>
        ) : null}
      </div>
    </>
  );
}

/** A common search word is counted among the newest deliveries only (the list itself is exact). */
function countsLabel(counts: DeliveryCounts | null): string {
  if (!counts) return "Counting…";
  if (counts.newest_only !== null) {
    return `${formatCount(counts.total)} ${counts.total === 1 ? "match" : "matches"} among the newest ${formatCount(counts.newest_only)} ${counts.newest_only === 1 ? "delivery" : "deliveries"}`;
  }
  return `${formatCount(counts.total)} ${counts.total === 1 ? "delivery" : "deliveries"}`;
}
