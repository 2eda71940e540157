// The Events log's filters: type, contact, whether a rule matched, and where the event came from.
import type { EventSource } from "../api/generated";
import { Button } from "../design/primitives";
import { SOURCE_LABEL, isFiltered, type EventFilterState } from "./eventFilter";

export function EventFilters(props: {
  state: EventFilterState;
  types: string[];
  onChange: (next: EventFilterState) => void;
}) {
  const { state, onChange } = props;
  const set = (patch: Partial<EventFilterState>) => onChange({ ...state, ...patch });
  // The chosen type stays in the list while no event of it is on record (yet).
  const types = state.type && !props.types.includes(state.type) ? [state.type, ...props.types] : props.types;
  return (
    <div className="toolbar events-filters" role="group" aria-label="Filter events">
      <select className="select" aria-label="Event type" value={state.type} onChange={(e) => set({ type: e.target.value })}>
        <option value="">All event types</option>
        {types.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <input
        className="input"
        type="search"
        aria-label="Contact"
        placeholder="Contact name, phone or ID"
        value={state.contact}
        onChange={(e) => set({ contact: e.target.value })}
      />
      <select
        className="select"
        aria-label="Matched rules"
        value={state.matched}
        onChange={(e) => set({ matched: e.target.value as EventFilterState["matched"] })}
      >
        <option value="">Matched or not</option>
        <option value="yes">A rule matched</option>
        <option value="no">No rule matched</option>
      </select>
      <select
        className="select"
        aria-label="Source"
        value={state.source}
        onChange={(e) => set({ source: e.target.value as "" | EventSource })}
      >
        <option value="">Every source</option>
        {(Object.keys(SOURCE_LABEL) as EventSource[]).map((s) => (
          <option key={s} value={s}>
            {SOURCE_LABEL[s]}
          </option>
        ))}
      </select>
      {isFiltered(state) ? (
        <Button className="small" onClick={() => onChange({ type: "", contact: "", matched: "", source: "" })}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
