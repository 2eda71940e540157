// Routes, providers, and the gate that shows an error screen when the database did not open.
import { Fragment, type ReactNode } from "react";
import { HashRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { ToastProvider } from "./design/toasts";
import { Shell } from "./app/Shell";
import { StatusProvider, useAppStatus } from "./app/status";
import { SendingStatusProvider } from "./lib/sendingStatus";
import { StartupErrorScreen } from "./screens/StartupErrorScreen";
import { DestinationsScreen } from "./destinations/DestinationsScreen";
import { DestinationForm } from "./destinations/DestinationForm";
import { AuthScreen } from "./auth/AuthScreen";
import { RulesScreen } from "./rules/RulesScreen";
import { RuleEditor } from "./rules/RuleEditor";
import { EventDetailScreen } from "./rules/EventDetailScreen";
import { EventsScreen } from "./events/EventsScreen";
import { ContactsScreen } from "./contacts/ContactsScreen";
import { DeliveriesScreen } from "./deliveries/DeliveriesScreen";
import { DeliveryDetailScreen } from "./deliveries/DeliveryDetailScreen";
import { AttemptDetailScreen } from "./deliveries/AttemptDetailScreen";
import { SettingsScreen } from "./screens/SettingsScreen";

export function App() {
  return (
    <ToastProvider>
      <StatusProvider>
        <SendingStatusProvider>
          <Gate />
        </SendingStatusProvider>
      </StatusProvider>
    </ToastProvider>
  );
}

function Gate() {
  const { status, loadError } = useAppStatus();
  if (loadError) return <StartupErrorScreen error={loadError} />;
  if (!status) return <div className="fatal" aria-busy="true" />;
  if (status.database.error) {
    return <StartupErrorScreen error={status.database.error} path={status.database.path} />;
  }
  return (
    <HashRouter>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<Navigate to="/destinations" replace />} />
          <Route path="/destinations" element={<DestinationsScreen />} />
          <Route path="/destinations/new" element={<ByPath><DestinationForm /></ByPath>} />
          <Route path="/destinations/:id" element={<ByPath><DestinationForm /></ByPath>} />
          <Route path="/auth" element={<AuthScreen />} />
          <Route path="/rules" element={<RulesScreen />} />
          <Route path="/rules/new" element={<ByPath><RuleEditor /></ByPath>} />
          <Route path="/rules/:id" element={<ByPath><RuleEditor /></ByPath>} />
          <Route path="/events" element={<EventsScreen />} />
          <Route path="/events/:id" element={<EventDetailScreen />} />
          <Route path="/contacts" element={<ContactsScreen />} />
          <Route path="/deliveries" element={<DeliveriesScreen />} />
          <Route path="/deliveries/:id" element={<DeliveryDetailScreen />} />
          <Route path="/deliveries/:id/attempts/:attemptId" element={<AttemptDetailScreen />} />
          <Route path="/settings" element={<SettingsScreen />} />
          <Route path="*" element={<Navigate to="/destinations" replace />} />
        </Route>
      </Routes>
    </HashRouter>
  );
}

/**
 * A fresh editor for each address: going from one record's form to another's (or to "new")
 * must not carry the previous record's typed state along.
 */
function ByPath({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Fragment key={pathname}>{children}</Fragment>;
}
