// A new action starts from what was tried on its destination's Test payload: an action the
// user has not touched yet takes the destination's test bindings and payload.
import type { DestinationView, InvokeAction } from "../api/generated";
import { DEFAULT_PAYLOAD } from "../payload/TestPayloadPanel";

export function isUntouched(action: InvokeAction): boolean {
  return action.payload === DEFAULT_PAYLOAD && Object.values(action.bindings).every((b) => b.trim() === "");
}

export function withDestination(action: InvokeAction, destination: DestinationView | null): InvokeAction {
  const next = { ...action, destination_id: destination?.id ?? null };
  if (!destination || !isUntouched(action)) return next;
  const test = destination.input.test;
  return { ...next, bindings: { ...test.bindings }, payload: test.payload === "" ? DEFAULT_PAYLOAD : test.payload };
}
