import { describe, expect, it } from "vitest";
import { sendHint } from "./sendHint";

const ready = { saved: true, unsaved: false, contactsLoaded: true, contactCount: 3, loadFailed: false };

describe("sendHint", () => {
  it("says what a test does once everything is in place", () => {
    expect(sendHint(ready)).toMatch(/^Sends a real request/);
    expect(sendHint({ ...ready, unsaved: true })).toMatch(/saved settings/);
  });

  it("explains each reason the button is disabled", () => {
    expect(sendHint({ ...ready, saved: false })).toMatch(/^Save the destination first/);
    expect(sendHint({ ...ready, contactsLoaded: false })).toBe("Loading sample contacts…");
    expect(sendHint({ ...ready, contactCount: 0 })).toMatch(/^Add a sample contact first/);
    expect(sendHint({ ...ready, contactsLoaded: false, loadFailed: true })).toMatch(/could not be loaded/);
  });
});
