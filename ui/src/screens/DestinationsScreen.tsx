// API Destinations: the named HTTP endpoints that rules send to.
import { ComingScreen } from "./ComingScreen";

export function DestinationsScreen() {
  return (
    <ComingScreen
      title="API Destinations"
      breadcrumb="Settings › Integrations"
      icon="destination"
      description="Named endpoints that rules send contact data to: a URL with {variables}, a method, credentials and a retry policy."
      emptyTitle="No API destinations yet"
      willHold={[
        "each destination's name, method, endpoint, API Auth and health",
        "a form to create one, with the endpoint's {variables} detected as you type",
        "Send test against a sample contact",
      ]}
    />
  );
}
