// The rule editor: name, trigger, matching conditions and Invoke API Destination actions, with
// every problem that keeps the rule from running shown where it is and how to fix it.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { AppError, Contact, DestinationView, RuleInput, RuleIssue, SampleEvent, Team } from "../api/generated";
import { call } from "../api/ipc";
import { Banner, Button, Card, Field, PageHeader } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { contextPaths } from "../payload/contextPaths";
import { DEFAULT_PAYLOAD } from "../payload/TestPayloadPanel";
import { ActionEditor } from "./ActionEditor";
import { ConditionsEditor } from "./ConditionsEditor";
import { EVENT_TYPES } from "./eventTypes";
import { SampleEventEditor } from "./SampleEventEditor";
import { SendTestEventDialog } from "./SendTestEventDialog";

const CHECK_DEBOUNCE_MS = 150;
// One object for "no sample", so previews are not asked again on every render.
const NO_DATA = {};
const NO_ISSUES: RuleIssue[] = [];

function blankRule(): RuleInput {
  return {
    name: "",
    enabled: false,
    trigger: "contact.updated",
    conditions: { mode: "all", rows: [], expression: "" },
    actions: [{ destination_id: null, bindings: {}, payload: DEFAULT_PAYLOAD }],
    sample_event_data: null,
  };
}

export function RuleEditor() {
  const { id } = useParams();
  const navigate = useNavigate();
  const toasts = useToasts();
  const [input, setInput] = useState<RuleInput | null>(id === undefined ? blankRule() : null);
  const [issues, setIssues] = useState<RuleIssue[]>([]);
  const [destinations, setDestinations] = useState<DestinationView[]>([]);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [contactsLoaded, setContactsLoaded] = useState(false);
  const [team, setTeam] = useState<Team | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const checkSeq = useRef(0);
  const [samples, setSamples] = useState<SampleEvent[]>([]);

  useEffect(() => {
    call("rule_sample_events")
      .then(setSamples)
      .catch(() => undefined);
    Promise.all([call("destination_list"), call("contact_list"), call("team_get")])
      .then(([dests, list, profile]) => {
        setDestinations(dests);
        setContacts(list);
        setContactsLoaded(true);
        setTeam(profile);
        setContactId((c) => c ?? list[0]?.id ?? null);
      })
      .catch((e: AppError) => setError(e));
    if (id !== undefined) {
      call("rule_get", { id })
        .then((rule) => setInput(rule.input))
        .catch((e: AppError) => setError(e));
    }
  }, [id]);

  useEffect(() => {
    if (!input) return;
    const seq = ++checkSeq.current;
    const timer = window.setTimeout(() => {
      call("rule_check", { input })
        .then((found) => {
          if (seq === checkSeq.current) setIssues(found);
        })
        .catch(() => undefined);
    }, CHECK_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [input, destinations]);

  const sample = samples.find((s) => s.event_type === input?.trigger)?.data ?? NO_DATA;
  const eventData = input?.sample_event_data ?? sample;
  const paths = useMemo(() => contextPaths(contacts, team, eventData), [contacts, team, eventData]);
  // A new rule nobody has typed into yet is not wrong, only empty: its issues wait for the first edit.
  const blankText = useMemo(() => JSON.stringify(blankRule()), []);
  const shownIssues = id === undefined && JSON.stringify(input) === blankText ? NO_ISSUES : issues;
  const issueFor = useCallback((field: string) => shownIssues.find((i) => i.field === field)?.message, [shownIssues]);

  if (!input) {
    return (
      <div className="page">
        {error ? <Banner tone="danger" title="This rule could not be opened">{error.message}</Banner> : <p className="muted">Loading…</p>}
      </div>
    );
  }
  const set = <K extends keyof RuleInput>(key: K, value: RuleInput[K]) => setInput({ ...input, [key]: value });

  const save = async (enable: boolean | null) => {
    setSaving(true);
    setError(null);
    const body = enable === null ? input : { ...input, enabled: enable };
    try {
      const saved = id === undefined ? await call("rule_create", { input: body }) : await call("rule_update", { id, input: body });
      toasts.show(`Saved “${saved.input.name}”${saved.input.enabled ? " — enabled" : ""}.`, "success");
      navigate("/rules");
    } catch (e) {
      setError(e as AppError);
    } finally {
      setSaving(false);
    }
  };

  const customTrigger = !EVENT_TYPES.includes(input.trigger);
  return (
    <div className="page">
      <PageHeader
        title={id === undefined ? "New rule" : input.name || "Rule"}
        breadcrumb="Automation › Event-Based Rules"
        description="When the trigger event happens and the conditions hold, each action sends its payload to its API destination."
        actions={<Button onClick={() => setTesting(true)}>Send test event</Button>}
      />
      {shownIssues.length > 0 ? (
        <Banner tone="warning" title={input.enabled ? "Fix these before saving the rule as enabled" : "To enable this rule, fix:"}>
          <ul className="issue-list" data-testid="rule-issues">
            {shownIssues.map((i) => (
              <li key={`${i.field}-${i.message}`}>{i.message}</li>
            ))}
          </ul>
        </Banner>
      ) : null}
      <Card title="Rule">
        <div className="form-grid">
          <Field id="rule-name" label="Name" error={issueFor("name")}>
            <input id="rule-name" className="input" value={input.name} onChange={(e) => set("name", e.target.value)} />
          </Field>
          <Field id="rule-trigger" label="Trigger: when this event happens" error={issueFor("trigger")}>
            <div className="row" style={{ gap: 8 }}>
              <select
                id="rule-trigger"
                className="select"
                value={customTrigger ? "__custom" : input.trigger}
                onChange={(e) => set("trigger", e.target.value === "__custom" ? "" : e.target.value)}
              >
                {EVENT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
                <option value="__custom">Custom event…</option>
              </select>
              {customTrigger ? (
                <input
                  className="input mono"
                  aria-label="Custom event type"
                  placeholder="order.shipped"
                  value={input.trigger}
                  onChange={(e) => set("trigger", e.target.value)}
                />
              ) : null}
            </div>
          </Field>
        </div>
      </Card>
      <Card title="Matching conditions">
        <ConditionsEditor value={input.conditions} onChange={(conditions) => set("conditions", conditions)} paths={paths} issueFor={issueFor} />
      </Card>
      <SampleEventEditor
        trigger={input.trigger}
        value={input.sample_event_data}
        sample={sample}
        onChange={(data) => set("sample_event_data", data)}
      />
      <Card title="Actions">
        <div className="stack">
          {issueFor("actions") ? <span className="error">{issueFor("actions")}</span> : null}
          {input.actions.map((action, i) => (
            <ActionEditor
              key={i}
              index={i}
              action={action}
              onChange={(next) => set("actions", input.actions.map((a, j) => (j === i ? next : a)))}
              onRemove={() => set("actions", input.actions.filter((_, j) => j !== i))}
              destinations={destinations}
              onDestinationCreated={(d) => setDestinations((list) => [...list, d])}
              contacts={contacts}
              contactsLoaded={contactsLoaded}
              contactId={contactId}
              onContact={setContactId}
              paths={paths}
              trigger={input.trigger}
              eventData={eventData}
              issueFor={issueFor}
            />
          ))}
          <div>
            <Button onClick={() => set("actions", [...input.actions, { destination_id: null, bindings: {}, payload: DEFAULT_PAYLOAD }])}>
              Add Invoke API Destination action
            </Button>
          </div>
        </div>
      </Card>
      {error ? (
        <Banner tone="danger" title="Not saved">
          <div className="pre-wrap" data-testid="rule-save-error">
            {error.message}
          </div>
        </Banner>
      ) : null}
      <div className="form-actions">
        <Button onClick={() => navigate("/rules")}>Cancel</Button>
        <Button onClick={() => save(false)} disabled={saving}>
          Save as disabled
        </Button>
        <Button variant="primary" onClick={() => save(true)} disabled={saving || issues.length > 0} data-testid="save-enable">
          Save and enable
        </Button>
      </div>
      <SendTestEventDialog
        open={testing}
        onClose={() => setTesting(false)}
        eventType={input.trigger}
        contactId={contactId}
        data={input.sample_event_data ?? undefined}
      />
    </div>
  );
}
