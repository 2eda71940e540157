// The Events log's filter lives in the URL (`#/events?type=…&contact=…&matched=no`), so a link
// can open the log already narrowed ("events no rule matched") and Back restores a filter.
import type { EventFilter, EventSource } from "../api/generated";

export interface EventFilterState {
  type: string;
  contact: string;
  matched: "" | "yes" | "no";
  source: "" | EventSource;
}

const SOURCES: EventSource[] = ["test", "ingest", "cli"];

export const SOURCE_LABEL: Record<EventSource, string> = {
  test: "Send test event",
  ingest: "Ingest endpoint",
  cli: "Command line",
};

export function readEventFilter(params: URLSearchParams): EventFilterState {
  const matched = params.get("matched");
  const source = params.get("source") as EventSource | null;
  return {
    type: params.get("type") ?? "",
    contact: params.get("contact") ?? "",
    matched: matched === "yes" || matched === "no" ? matched : "",
    source: source && SOURCES.includes(source) ? source : "",
  };
}

export function writeEventFilter(state: EventFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.type) params.set("type", state.type);
  if (state.contact.trim()) params.set("contact", state.contact);
  if (state.matched) params.set("matched", state.matched);
  if (state.source) params.set("source", state.source);
  return params;
}

export function isFiltered(state: EventFilterState): boolean {
  return writeEventFilter(state).size > 0;
}

/** What the `event_list` command takes for this state; `before` pages back. */
export function toEventFilter(state: EventFilterState, limit: number, before: EventFilter["before"] = null): EventFilter {
  return {
    event_type: state.type || null,
    contact: state.contact.trim() || null,
    matched: state.matched === "" ? null : state.matched === "yes",
    source: state.source || null,
    before,
    limit,
  };
}
