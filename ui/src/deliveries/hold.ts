// Why a scheduled delivery waits, in words: held (no due time until the cause is gone), or due
// while all sending is paused.
import type { DeliveryDetail, HoldReason } from "../api/generated";
import { formatTime } from "../lib/format";

export const HOLD_WORDS: Record<HoldReason, string> = {
  destination_paused: "Held: its destination is paused",
  offline: "Held: this computer is offline",
  keyring_locked: "Held: the keyring is locked",
};

/** A scheduled delivery with no hold of its own while all sending is paused. */
export const ALL_PAUSED_WORDS = "Waiting: all sending is paused";

/** The delivery's state in a sentence; `allPaused`: the user paused all sending. */
export function stateWords(detail: DeliveryDetail, allPaused: boolean): string {
  const s = detail.summary;
  switch (s.state) {
    case "scheduled":
      if (s.hold_reason) return `${HOLD_WORDS[s.hold_reason]}; no attempt is used while it waits`;
      if (allPaused) return `${ALL_PAUSED_WORDS}; it is sent once you resume`;
      return s.next_attempt_at ? `Retry scheduled at ${formatTime(s.next_attempt_at)}` : "Scheduled";
    case "in_flight":
      return "Sending now";
    case "succeeded":
      return "Delivered";
    case "failed":
      return "Failed (not retried)";
    case "exhausted":
      return "Failed (retries used up)";
    case "cancelled":
      return "Cancelled";
  }
}
