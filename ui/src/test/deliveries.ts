// Deliveries as the core describes them, for unit tests.
import type { DeliveryState, DeliverySummary } from "../api/generated";

export function deliverySummary(
  id: string,
  revision: number,
  state: DeliveryState = "scheduled",
  created_at = 1,
): DeliverySummary {
  return {
    id,
    state,
    source: "test",
    destination_id: "dst_1",
    destination_name: "CRM",
    rule_id: null,
    rule_name: null,
    event_id: "evt_1",
    event_type: "contact.updated",
    contact_id: null,
    contact_name: null,
    method: "POST",
    url: "https://example.com",
    attempt_count: 0,
    next_attempt_at: null,
    last_category: null,
    last_http_status: null,
    last_duration_ms: null,
    created_at,
    updated_at: created_at,
    revision,
    hold_reason: null,
  };
}
