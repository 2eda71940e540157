// Sample contacts and the team profile, used for previews and test events.
import { ComingScreen } from "./ComingScreen";

export function ContactsScreen() {
  return (
    <ComingScreen
      title="Sample Contacts & Team"
      breadcrumb="Test data"
      icon="contacts"
      description="The contacts and team profile your payloads are previewed and tested against."
      emptyTitle="No sample contacts yet"
      willHold={[
        "the team profile and its custom attributes",
        "sample contacts with tags, subscriptions and custom attributes",
        "import from CSV and JSON with a report of every row",
      ]}
    />
  );
}
