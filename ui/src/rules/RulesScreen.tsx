// Event-Based Rules list: name, trigger, conditions, actions, what needs fixing, enabled;
// new; per row Edit, and Duplicate and Delete in the row's menu; Send test event.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { RuleView } from "../api/generated";
import { call } from "../api/ipc";
import { ConfirmDialog } from "../design/ConfirmDialog";
import { RowMenu } from "../design/RowMenu";
import { Button, Card, EmptyState, PageHeader, StatusChip } from "../design/primitives";
import { plural } from "../lib/plural";
import { changedElsewhere } from "../lib/changedElsewhere";
import { useListScreen } from "../lib/useListScreen";
import { conditionSummary } from "./summary";
import { SendTestEventDialog } from "./SendTestEventDialog";

export function RulesScreen() {
  const [deleting, setDeleting] = useState<RuleView | null>(null);
  const [testing, setTesting] = useState(false);
  const navigate = useNavigate();
  const { data, error: loadError, run } = useListScreen(() =>
    Promise.all([call("rule_list"), call("destination_list")]).then(([rules, destinations]) => ({ rules, destinations })),
    { reloadOn: changedElsewhere("rules", "destinations") },
  );
  const rules = data?.rules ?? null;
  const destinations = data?.destinations ?? [];

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
                            {plural(r.issues.length, "thing")} to fix
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
                      <div className="row-primary">
                        <Button className="small" onClick={() => navigate(`/rules/${r.id}`)}>
                          Edit
                        </Button>
                        <RowMenu
                          label={`More actions for ${r.input.name}`}
                          items={[
                            {
                              label: "Duplicate",
                              onSelect: () => run(() => call("rule_duplicate", { id: r.id }), `Duplicated ${r.input.name}.`),
                            },
                            { label: "Delete…", danger: true, onSelect: () => setDeleting(r) },
                          ]}
                        />
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
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.input.name ?? ""}”?`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(null);
          if (target) void run(() => call("rule_delete", { id: target.id }), `Deleted ${target.input.name}.`);
        }}
      >
        <p>Events stop triggering it. Deliveries it already made stay in API Deliveries.</p>
      </ConfirmDialog>
    </div>
  );
}
