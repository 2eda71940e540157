// What stops the engine from sending, said at the top of every screen and kept current from
// what the engine pushes: all sending paused, "Offline: N deliveries waiting", a locked keyring,
// or answered attempts that cannot be saved. Each goes away by itself once the cause is gone.
import { Banner } from "../design/primitives";
import { useSendingStatus } from "../lib/sendingStatus";
import { PausedBanner } from "./PausedBanner";

export function SendingBanner() {
  const sending = useSendingStatus();

  if (sending?.storage_problem) {
    return (
      <div style={{ padding: "16px 32px 0" }} data-testid="storage-banner">
        <Banner tone="danger" title="Sending is paused: results cannot be saved">
          <div>{sending.storage_problem}</div>
          <div className="muted">
            Nothing is lost: answered attempts are kept and saved as soon as the database can be written again
            (free some disk space, or close the program that holds the database), then sending goes on.
          </div>
        </Banner>
      </div>
    );
  }
  if (sending?.sent_elsewhere) {
    return (
      <div style={{ padding: "16px 32px 0" }} data-testid="elsewhere-banner">
        <Banner tone="info" title="Another program is sending these deliveries">
          <div>
            <code>apidest work</code> or another API Destinations window is sending from this data folder. This
            window shows and changes everything, and takes over the sending by itself as soon as that program
            stops.
          </div>
        </Banner>
      </div>
    );
  }
  if (sending?.paused) return <PausedBanner waiting={sending.paused_waiting} />;
  if (!sending?.offline) {
    if (!sending?.keyring_locked) return null;
    const k = sending.keyring_waiting;
    return (
      <div style={{ padding: "16px 32px 0" }} data-testid="keyring-banner">
        <Banner tone="warning" title={`Keyring locked: ${k} ${k === 1 ? "delivery" : "deliveries"} waiting`}>
          <div>
            The system keyring is locked or not running, so credentials cannot be read. Deliveries that need them
            wait, with no retry used up, and are sent by themselves once it is unlocked.
          </div>
        </Banner>
      </div>
    );
  }
  const n = sending.waiting;
  return (
    <div style={{ padding: "16px 32px 0" }} data-testid="offline-banner">
      <Banner tone="warning" title={`Offline: ${n} ${n === 1 ? "delivery" : "deliveries"} waiting`}>
        <div>
          This computer has no working network. Deliveries wait and are sent once it is back; no retry is used up
          while offline.
        </div>
      </Banner>
    </div>
  );
}
