import { describe, expect, it } from "vitest";
import { readEventFilter, toEventFilter, writeEventFilter } from "./eventFilter";

describe("the Events filter in the URL", () => {
  it("round-trips and ignores values it does not know", () => {
    const state = readEventFilter(new URLSearchParams("type=contact.tag_added&contact=Zo%C3%AB&matched=no&source=ingest"));
    expect(state).toEqual({ type: "contact.tag_added", contact: "Zoë", matched: "no", source: "ingest" });
    expect(readEventFilter(writeEventFilter(state))).toEqual(state);
    expect(readEventFilter(new URLSearchParams("matched=maybe&source=fax"))).toEqual({ type: "", contact: "", matched: "", source: "" });
  });

  it("becomes the command's filter, empty fields meaning any", () => {
    expect(toEventFilter({ type: "", contact: "  ", matched: "", source: "" }, 50)).toEqual({
      event_type: null,
      contact: null,
      matched: null,
      source: null,
      before: null,
      limit: 50,
    });
    expect(toEventFilter({ type: "contact.updated", contact: " Ada ", matched: "yes", source: "cli" }, 50).matched).toBe(true);
  });
});
