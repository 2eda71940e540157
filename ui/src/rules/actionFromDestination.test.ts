import { describe, expect, it } from "vitest";
import type { DestinationView, InvokeAction } from "../api/generated";
import { DEFAULT_PAYLOAD } from "../payload/TestPayloadPanel";
import { withDestination } from "./actionFromDestination";

const destination = {
  id: "dst_1",
  input: { test: { bindings: { email: "contact.custom_attributes.email" }, payload: "{e: contact.custom_attributes.email}" } },
} as unknown as DestinationView;

describe("withDestination", () => {
  it("starts a fresh action from the destination's test bindings and payload", () => {
    const fresh: InvokeAction = { destination_id: null, bindings: {}, payload: DEFAULT_PAYLOAD };
    expect(withDestination(fresh, destination)).toEqual({
      destination_id: "dst_1",
      bindings: { email: "contact.custom_attributes.email" },
      payload: "{e: contact.custom_attributes.email}",
    });
  });
  it("keeps what the user already wrote", () => {
    const edited: InvokeAction = { destination_id: null, bindings: {}, payload: "{mine: contact.id}" };
    expect(withDestination(edited, destination).payload).toBe("{mine: contact.id}");
  });
});
