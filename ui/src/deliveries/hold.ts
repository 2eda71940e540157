// Why a held delivery waits, in words: it is scheduled with no due time until this is gone.
import type { HoldReason } from "../api/generated";

export const HOLD_WORDS: Record<HoldReason, string> = {
  destination_paused: "Held: its destination is paused",
  offline: "Held: this computer is offline",
  keyring_locked: "Held: the keyring is locked",
};
