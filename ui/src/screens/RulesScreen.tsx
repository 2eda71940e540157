// Event-Based Rules: trigger, matching conditions and the Invoke API Destination action.
import { ComingScreen } from "./ComingScreen";

export function RulesScreen() {
  return (
    <ComingScreen
      title="Event-Based Rules"
      breadcrumb="Automation"
      icon="rules"
      description="When something happens to a contact, a rule decides whether to call an API destination, and with which payload."
      emptyTitle="No rules yet"
      willHold={[
        "each rule's trigger, conditions and actions",
        "the payload editor with JMESPath completion and a live preview against your sample contacts",
      ]}
    />
  );
}
