// API Auth: reusable credentials; their secrets live only in the OS keyring.
import { ComingScreen } from "./ComingScreen";

export function AuthScreen() {
  return (
    <ComingScreen
      title="API Auth"
      breadcrumb="Settings › Integrations › API Endpoints Auth"
      icon="key"
      description="Reusable credentials for your destinations: Basic, Bearer token, API key, OAuth 2.0 client credentials and HMAC signatures."
      emptyTitle="No API Auth configs yet"
      willHold={[
        "each config's name and kind, and which destinations use it",
        "forms whose secrets go to the system keyring and are shown only masked once saved",
      ]}
    />
  );
}
