import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { SendTestEventDialog } from "./SendTestEventDialog";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const samples = [
  { event_type: "contact.tag_added", data: { tag: "vip" } },
  { event_type: "message.received", data: { body: "STOP" } },
];

beforeEach(() => {
  invoke.mockReset();
  invoke.mockImplementation(async (command: string, args: unknown) => {
    if (command === "rule_sample_events") return samples;
    if (command === "contact_list") return [{ id: "ct_1", first_name: "Zoë", last_name: null, phone: "+447700900123" }];
    if (command === "event_send_test") return { event_id: "evt_1", matched: [], deliveries: [], args };
    throw new Error(`unexpected command ${command}`);
  });
});

const dataBox = () => screen.getByLabelText(/Event data/) as HTMLTextAreaElement;
const typeBox = () => screen.getByLabelText("Event type") as HTMLInputElement;

describe("Send test event", () => {
  it("starts from the type's sample data and follows the type until the data is edited", async () => {
    render(
      <MemoryRouter>
        <SendTestEventDialog open onClose={() => undefined} eventType="contact.tag_added" />
      </MemoryRouter>,
    );
    await waitFor(() => expect(dataBox().value).toBe('{\n  "tag": "vip"\n}'));
    await userEvent.clear(typeBox());
    await userEvent.type(typeBox(), "message.received");
    expect(dataBox().value).toBe('{\n  "body": "STOP"\n}');
    await userEvent.clear(dataBox());
    await userEvent.type(dataBox(), "{{}");
    await userEvent.clear(typeBox());
    await userEvent.type(typeBox(), "contact.tag_added");
    expect(dataBox().value).toBe("{}");
  });

  it("starts from the rule's own sample data when its editor opens it", async () => {
    render(
      <MemoryRouter>
        <SendTestEventDialog open onClose={() => undefined} eventType="contact.tag_added" data={{ tag: "gold" }} />
      </MemoryRouter>,
    );
    await waitFor(() => expect(dataBox().value).toBe('{\n  "tag": "gold"\n}'));
    await userEvent.click(screen.getByTestId("send-event"));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith("event_send_test", {
        input: { event_type: "contact.tag_added", contact_id: "ct_1", data: '{\n  "tag": "gold"\n}' },
      }),
    );
  });
});
