import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventRecord } from "../api/generated";
import { formatDateTime, formatTimestamp, formatWhen } from "../lib/format";
import { EventDetailScreen } from "./EventDetailScreen";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const RECEIVED = NOW - 5 * 60_000;

const event: EventRecord = {
  id: "evt_1",
  type: "contact.tag_added",
  // Nanoseconds, as the core writes it; two days ago.
  occurred_at: "2026-12-03T00:14:37.554552777Z",
  source: "test",
  contact_id: "ct_1",
  contact: { id: "ct_1", first_name: "Zoë", last_name: "Ångström", phone: "+447700900123" },
  data: { tag: "vip" },
  evaluation: [],
  created_at: RECEIVED,
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  invoke.mockReset();
  invoke.mockImplementation(async (command: string) => {
    if (command === "event_get") return event;
    throw new Error(`unexpected command ${command}`);
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("EventDetailScreen", () => {
  it("writes both of its moments the one way, with the full timestamp on hover", async () => {
    render(
      <MemoryRouter initialEntries={["/events/evt_1"]}>
        <Routes>
          <Route path="/events/:id" element={<EventDetailScreen />} />
        </Routes>
      </MemoryRouter>,
    );
    const received = await screen.findByTestId("event-received");
    expect(received.textContent).toBe(formatWhen(RECEIVED, { now: NOW }));
    expect(received.textContent).toMatch(/5 min/);
    expect(received.getAttribute("title")).toBe(formatTimestamp(RECEIVED));

    const occurred = screen.getByTestId("event-occurred");
    const occurredMs = Date.UTC(2026, 11, 3, 0, 14, 37, 554);
    expect(occurred.textContent).toBe(formatDateTime(occurredMs));
    expect(occurred.getAttribute("title")).toBe(formatTimestamp(occurredMs));
    expect(occurred.getAttribute("datetime")).toBe("2026-12-03T00:14:37.554Z");
    expect(document.body.textContent).not.toContain("552777");
  });

  it("names the contact the event carried, its id beside the name", async () => {
    render(
      <MemoryRouter initialEntries={["/events/evt_1"]}>
        <Routes>
          <Route path="/events/:id" element={<EventDetailScreen />} />
        </Routes>
      </MemoryRouter>,
    );
    expect((await screen.findByTestId("event-contact")).textContent).toBe("Zoë Ångström · ct_1");
  });
});
