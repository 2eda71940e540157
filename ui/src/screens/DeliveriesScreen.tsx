// API Deliveries: the log of everything sent, and the attempt debugger.
import { ComingScreen } from "./ComingScreen";

export function DeliveriesScreen() {
  return (
    <ComingScreen
      title="API Deliveries"
      breadcrumb="Monitoring"
      icon="deliveries"
      description="Every request sent to your destinations: what was sent, what came back, and what to change when it failed."
      emptyTitle="Nothing has been sent yet"
      willHold={[
        "every delivery with its status, destination, rule, contact and attempts, filterable and live",
        "the attempt debugger: request, response, the cause of a failure and how to fix it",
        "Retry now, Replay and Copy as cURL",
      ]}
    />
  );
}
