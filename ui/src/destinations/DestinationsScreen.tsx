// API Destinations list: name, method, endpoint, auth, enabled, health (a sparkline that follows
// deliveries live and opens the destination's deliveries, or "No deliveries yet"); search;
// new; per row Edit, and Pause/Resume, Duplicate and Delete in the row's menu; export and import.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { DestinationHealth, DestinationView } from "../api/generated";
import { call } from "../api/ipc";
import { kindLabel } from "../auth/kinds";
import { ConfirmDialog } from "../design/ConfirmDialog";
import { RowMenu } from "../design/RowMenu";
import { BreakableUrl } from "../design/BreakableUrl";
import { plural } from "../lib/plural";
import { changedElsewhere } from "../lib/changedElsewhere";
import { useListScreen } from "../lib/useListScreen";
import { Button, Card, EmptyState, PageHeader, StatusChip } from "../design/primitives";
import { TransferButtons } from "./TransferButtons";
import { useWaitingDialog } from "./WaitingDialog";
import { Sparkline } from "../deliveries/HealthChart";
import { formatFullTime } from "../lib/format";
import { useDeliveryEvents } from "../deliveries/useDeliveryEvents";
import { useCoalesced } from "../lib/useCoalesced";

export function DestinationsScreen() {
  const [query, setQuery] = useState("");
  const [deleting, setDeleting] = useState<DestinationView | null>(null);
  const navigate = useNavigate();
  const waiting = useWaitingDialog();

  const [health, setHealth] = useState<DestinationHealth[]>([]);
  const reloadHealth = useCallback(() => {
    // Health: the last 24 hours in hourly buckets, one sparkline per destination.
    call("delivery_health", { window: { until: Date.now(), bucket_ms: 3600_000, buckets: 24, destination_id: null } })
      .then(setHealth)
      .catch(() => undefined);
  }, []);
  // The sparklines follow deliveries as they finish, at most once a second however many do.
  const reloadHealthSoon = useCoalesced(reloadHealth, 1000);
  useDeliveryEvents(reloadHealthSoon, reloadHealth);
  useEffect(reloadHealth, [reloadHealth]);
  const { data: destinations, error: loadError, reload, run } = useListScreen(() => call("destination_list"), {
    reloadOn: changedElsewhere("destinations", "auth_configs"),
  });

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!destinations || q === "") return destinations;
    return destinations.filter(
      (d) =>
        d.input.name.toLowerCase().includes(q) ||
        d.shown_endpoint.toLowerCase().includes(q) ||
        (d.auth?.name ?? "").toLowerCase().includes(q),
    );
  }, [destinations, query]);

  const newButton = (
    <Button variant="primary" onClick={() => navigate("/destinations/new")}>
      New API Destination
    </Button>
  );

  return (
    <div className="page">
      <PageHeader
        title="API Destinations"
        breadcrumb="Integrations"
        description="Named endpoints that rules send contact data to: a URL with {variables}, a method, credentials and a retry policy."
        actions={
          <>
            <TransferButtons onImported={reload} />
            {newButton}
          </>
        }
      />
      {loadError ? <p className="error-text">{loadError.message}</p> : null}
      <Card>
        {destinations === null ? (
          <p className="muted">Loading…</p>
        ) : destinations.length === 0 ? (
          <EmptyState icon="destination" title="Connect your first tool" actions={newButton}>
            <p>
              An API destination is where your rules send contact data: paste the endpoint URL from your vendor's
              developer docs, pick the method, and add credentials under API Auth if it needs them.
            </p>
            <ul>
              <li>
                Use <code>{"{variables}"}</code> in the path or query, e.g.{" "}
                <code>{"https://api.example.com/contacts/{contact_email}"}</code>
              </li>
              <li>Preview and test the payload against sample contacts before you enable a rule.</li>
              <li>Already set up elsewhere? Import an export file.</li>
            </ul>
          </EmptyState>
        ) : (
          <div className="stack">
            <div className="toolbar">
              <input
                className="input"
                type="search"
                aria-label="Search destinations"
                placeholder="Name, endpoint or auth"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <span className="muted">
                {shown?.length === destinations.length
                  ? plural(destinations.length, "destination")
                  : `${shown?.length ?? 0} of ${destinations.length}`}
              </span>
            </div>
            <div className="table-wrap">
              <table className="table" aria-label="API destinations">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Method</th>
                    <th scope="col">Endpoint</th>
                    <th scope="col">API Auth</th>
                    <th scope="col">Enabled</th>
                    <th scope="col">Health (24 h)</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown?.map((d) => (
                    <tr key={d.id}>
                      <td className="name-cell">
                        <Link to={`/destinations/${d.id}`}>{d.input.name}</Link>
                        {d.paused ? (
                          <span
                            className="paused-chip"
                            data-testid={`paused-${d.id}`}
                            title={`Paused since ${formatFullTime(d.paused.since)}: its deliveries are held until it is resumed.`}
                          >
                            <StatusChip tone="warning">{d.paused.by_circuit_breaker ? "Paused automatically" : "Paused"}</StatusChip>
                          </span>
                        ) : null}
                      </td>
                      <td>
                        <span className="method">{d.input.method}</span>
                      </td>
                      <td className="endpoint-cell">
                        <BreakableUrl url={d.shown_endpoint} />
                      </td>
                      <td>
                        <AuthCell destination={d} />
                      </td>
                      <td>
                        <label className="switch">
                          <input
                            type="checkbox"
                            checked={d.input.enabled}
                            aria-label={`${d.input.name} enabled`}
                            onChange={(e) => {
                              const enabled = e.target.checked;
                              // Disabling asks first what becomes of deliveries still waiting.
                              void (enabled ? Promise.resolve(true) : waiting.ask(d, "disable")).then(
                                (go) =>
                                  go &&
                                  run(
                                    () => call("destination_set_enabled", { id: d.id, enabled }),
                                    `${d.input.name} ${enabled ? "enabled" : "disabled"}.`,
                                  ),
                              );
                            }}
                          />
                          <span className="visually-hidden">{d.input.enabled ? "Enabled" : "Disabled"}</span>
                        </label>
                      </td>
                      <td>
                        <HealthCell destination={d} health={health.find((h) => h.destination_id === d.id)} />
                      </td>
                      <td>
                        <div className="row-primary">
                          <Button className="small" onClick={() => navigate(`/destinations/${d.id}`)}>
                            Edit
                          </Button>
                          <RowMenu
                            label={`More actions for ${d.input.name}`}
                            testId={`menu-${d.id}`}
                            items={[
                              d.paused
                                ? {
                                    label: "Resume",
                                    testId: `resume-${d.id}`,
                                    onSelect: () =>
                                      run(() => call("destination_resume", { id: d.id }), `${d.input.name} resumed: its held deliveries are being sent.`),
                                  }
                                : {
                                    label: "Pause",
                                    testId: `pause-${d.id}`,
                                    onSelect: () =>
                                      run(() => call("destination_pause", { id: d.id }), `${d.input.name} paused: its deliveries wait until you resume it.`),
                                  },
                              {
                                label: "Duplicate",
                                onSelect: () => run(() => call("destination_duplicate", { id: d.id }), `Duplicated ${d.input.name}.`),
                              },
                              { label: "Delete…", danger: true, onSelect: () => setDeleting(d) },
                            ]}
                          />
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {shown?.length === 0 ? <p className="muted">No destination matches “{query}”.</p> : null}
          </div>
        )}
      </Card>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.input.name ?? ""}”?`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(null);
          if (target)
            void waiting
              .ask(target, "delete")
              .then((go) => go && run(() => call("destination_delete", { id: target.id }), `Deleted ${target.input.name}.`));
        }}
      >
        <p>Rules that send to it will stop sending. This cannot be undone.</p>
      </ConfirmDialog>
      {waiting.dialog}
    </div>
  );
}

function AuthCell({ destination }: { destination: DestinationView }) {
  const auth = destination.auth;
  if (!auth) return <span className="muted">None</span>;
  if (auth.name === null) return <StatusChip tone="danger">Auth config missing</StatusChip>;
  return (
    <div className="stack" style={{ gap: 2 }}>
      <span>{auth.name}</span>
      <span className="muted" style={{ fontSize: 12 }}>
        {kindLabel(auth.kind)}
      </span>
      {auth.secret_needed ? <StatusChip tone="warning">Secret needed</StatusChip> : null}
    </div>
  );
}

/** The last 24 hours as a sparkline linking to the deliveries, or plainly none yet. */
function HealthCell({ destination, health }: { destination: DestinationView; health: DestinationHealth | undefined }) {
  const any = health?.buckets.some((b) => b.finished > 0) ?? false;
  if (!any) {
    return (
      <Link to={`/deliveries?destination=${destination.id}`} className="muted nowrap health-none">
        No deliveries yet<span className="visually-hidden"> to {destination.input.name}</span>
      </Link>
    );
  }
  return (
    <Link to={`/deliveries?destination=${destination.id}`} className="health-link" data-health-of={destination.input.name}>
      <Sparkline health={health} />
      <span>
        Deliveries<span className="visually-hidden"> to {destination.input.name}</span>
      </span>
    </Link>
  );
}
