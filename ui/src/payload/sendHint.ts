// The line next to Send test: what it will do, or why the button is disabled.
export function sendHint(state: {
  saved: boolean;
  unsaved: boolean;
  contactsLoaded: boolean;
  contactCount: number;
  loadFailed: boolean;
}): string {
  if (!state.saved) return "Save the destination first: a test is a real delivery, logged in API Deliveries.";
  if (state.loadFailed) return "Sample contacts could not be loaded, so there is no one to send a test for.";
  if (!state.contactsLoaded) return "Loading sample contacts…";
  if (state.contactCount === 0)
    return "Add a sample contact first (Sample Contacts & Team): a test is sent for one of them.";
  if (state.unsaved) return "Sends with the saved settings; save to include your changes.";
  return "Sends a real request for the chosen contact and shows the first attempt.";
}
