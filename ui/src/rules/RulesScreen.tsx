// Event-Based Rules list: name, trigger, conditions, actions, what needs fixing, enabled;
// new, edit, duplicate, delete, and Send test event.
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { AppError, DestinationView, RuleView } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button, Card, EmptyState, PageHeader, StatusChip } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { conditionSummary } from "./summary";
import { SendTestEventDialog } from "./SendTestEventDialog";

export function RulesScreen() {
  const [rules, setRules] = useState<RuleView[] | null>(null);
  const [destinations, setDestinations] = useState<DestinationView[]>([]);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [deleting, setDeleting] = useState<RuleView | null>(null);
  const [testing, setTesting] = useState(false);
  const navigate = useNavigate();
  const toasts = useToasts();

  const reload = useCallback(() => {
    Promise.all([call("rule_list"), call("destination_list")])
      .then(([list, dests]) => {
        setRules(list);
        setDestinations(dests);
        setLoadError(null);
      })
      .catch((e: AppError) => setLoadError(e));
  }, []);
  useEffect(reload, [reload]);

  const run = (action: () => Promise<unknown>, done: string) =>
    action()
      .then(() => {
        toasts.show(done, "success");
        reload();
      })
      .catch((e: AppError) => toasts.show(e.message, "danger"));

  const destinationName = (id: string | null) =>
    destinations.find((d) => d.id === id)?.input.name ?? "deleted destination";
  const newButton = (
    <Button variant="primary" onClick={() => navigate("/rules/new")}>
      New rule
    </Button>
  );

  return (
    <div className="page">
      <PageHeader
        title="Event-Based Rules"
        breadcrumb="Automation"
        description="When an event happens to a contact, each enabled rule with that trigger checks its conditions and calls its API destinations."
        actions={
          <>
            <Button onClick={() => setTesting(true)}>Send test event</Button>
            {newButton}
          </>
        }
      />
      {loadError ? <p className="error-text">{loadError.message}</p> : null}
      <Card>
        {rules === null ? (
          <p className="muted">Loading…</p>
        ) : rules.length === 0 ? (
          <EmptyState icon="rules" title="No rules yet" actions={newButton}>
            <p>
              A rule listens for one kind of event (say, <code>contact.tag_added</code>), checks conditions on the
              contact and the event, and sends a payload you write to an API destination.
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Event-based rules">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Conditions</th>
                  <th scope="col">Sends to</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.id}>
                    <td className="name-cell">
                      <Link to={`/rules/${r.id}`}>{r.input.name}</Link>
                      {r.issues.length > 0 ? (
                        <div className="stack" style={{ gap: 2, marginTop: 4 }}>
                          <StatusChip tone="warning">
                            {r.issues.length === 1 ? "1 thing to fix" : `${r.issues.length} things to fix`}
                          </StatusChip>
                          <span className="muted" style={{ fontSize: 12, maxWidth: 260, overflowWrap: "anywhere" }}>
                            {r.issues[0]?.message}
                          </span>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <span className="mono">{r.input.trigger}</span>
                    </td>
                    <td>{conditionSummary(r.input.conditions)}</td>
                    <td>{r.input.actions.map((a) => destinationName(a.destination_id)).join(", ")}</td>
                    <td>
                      <label className="switch">
                        <input
                          type="checkbox"
                          checked={r.input.enabled}
                          aria-label={`${r.input.name} enabled`}
                          onChange={(e) =>
                            run(
                              () => call("rule_set_enabled", { id: r.id, enabled: e.target.checked }),
                              `${r.input.name} ${e.target.checked ? "enabled" : "disabled"}.`,
                            )
                          }
                        />
                        <span className="visually-hidden">{r.input.enabled ? "Enabled" : "Disabled"}</span>
                      </label>
                    </td>
                    <td>
                      <div className="actions">
                        <Button className="small" onClick={() => navigate(`/rules/${r.id}`)}>
                          Edit
                        </Button>
                        <Button className="small" onClick={() => run(() => call("rule_duplicate", { id: r.id }), `Duplicated ${r.input.name}.`)}>
                          Duplicate
                        </Button>
                        <Button className="small" variant="danger" onClick={() => setDeleting(r)}>
                          Delete
                        </Button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <SendTestEventDialog open={testing} onClose={() => setTesting(false)} />
      <Dialog
        open={deleting !== null}
        title={`Delete “${deleting?.input.name ?? ""}”?`}
        onClose={() => setDeleting(null)}
        actions={
          <>
            <Button onClick={() => setDeleting(null)}>Cancel</Button>
            <Button
              variant="danger"
              onClick={() => {
                const target = deleting;
                setDeleting(null);
                if (target) run(() => call("rule_delete", { id: target.id }), `Deleted ${target.input.name}.`);
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p>Events stop triggering it. Deliveries it already made stay in API Deliveries.</p>
      </Dialog>
    </div>
  );
}
