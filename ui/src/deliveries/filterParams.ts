// The deliveries filter lives in the URL (`#/deliveries?destination=…&status=…`), so a link from
// the destinations list opens the log already narrowed, and Back restores a filter.
import type { DeliveryFilter, DeliverySummary, StatusCategory } from "../api/generated";
import { CATEGORY_LABEL } from "./categories";

export const ALL_CATEGORIES = Object.keys(CATEGORY_LABEL) as StatusCategory[];

export type TimeRange = "all" | "1h" | "24h" | "7d" | "30d";
export const TIME_RANGES: [TimeRange, string][] = [
  ["all", "Any time"],
  ["1h", "Last hour"],
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
];
const RANGE_MS: Record<Exclude<TimeRange, "all">, number> = {
  "1h": 3600_000,
  "24h": 86400_000,
  "7d": 7 * 86400_000,
  "30d": 30 * 86400_000,
};

export interface FilterState {
  categories: StatusCategory[];
  pending: boolean;
  destination: string;
  rule: string;
  range: TimeRange;
  text: string;
}

export function readFilter(params: URLSearchParams): FilterState {
  const status = (params.get("status") ?? "").split(",").filter(Boolean);
  const range = params.get("range") as TimeRange | null;
  return {
    categories: status.filter((s): s is StatusCategory => ALL_CATEGORIES.includes(s as StatusCategory)),
    pending: status.includes("pending"),
    destination: params.get("destination") ?? "",
    rule: params.get("rule") ?? "",
    range: range && TIME_RANGES.some(([r]) => r === range) ? range : "all",
    text: params.get("q") ?? "",
  };
}

export function writeFilter(state: FilterState): URLSearchParams {
  const params = new URLSearchParams();
  const status = [...state.categories, ...(state.pending ? ["pending"] : [])];
  if (status.length) params.set("status", status.join(","));
  if (state.destination) params.set("destination", state.destination);
  if (state.rule) params.set("rule", state.rule);
  if (state.range !== "all") params.set("range", state.range);
  if (state.text.trim()) params.set("q", state.text.trim());
  return params;
}

/** The filter the commands take; `now` anchors a relative time range. */
export function toDeliveryFilter(state: FilterState, now: number): DeliveryFilter {
  return {
    categories: state.categories,
    pending: state.pending,
    destination_id: state.destination || null,
    rule_id: state.rule || null,
    since: state.range === "all" ? null : now - RANGE_MS[state.range],
    until: null,
    text: state.text.trim() || null,
  };
}

/**
 * Whether a delivery pushed by the engine belongs in the list on screen. Text search cannot be
 * checked here (the response is not in the summary): with a text filter, only deliveries
 * already shown are updated.
 */
export function matchesFilter(filter: DeliveryFilter, d: DeliverySummary): boolean {
  if (filter.text) return false;
  if (filter.categories.length || filter.pending) {
    const ok = d.last_category ? filter.categories.includes(d.last_category) : filter.pending;
    if (!ok) return false;
  }
  if (filter.destination_id && d.destination_id !== filter.destination_id) return false;
  if (filter.rule_id && d.rule_id !== filter.rule_id) return false;
  if (filter.since !== null && d.created_at < filter.since) return false;
  if (filter.until !== null && d.created_at >= filter.until) return false;
  return true;
}

/** Newest first, as the list query orders: by creation time, then id. */
export function newerFirst(a: DeliverySummary, b: DeliverySummary): number {
  if (a.created_at !== b.created_at) return b.created_at - a.created_at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
