// The window's frame: skip link, sidebar navigation, keyring banner, and the routed screen.
import { NavLink, Outlet } from "react-router";
import { Banner, Button } from "../design/primitives";
import { SendingBanner } from "./SendingBanner";
import { Icon } from "../design/icons";
import { useToasts } from "../design/toasts";
import type { AppError } from "../api/generated";
import { NAV_GROUPS } from "./navigation";
import { useAppStatus } from "./status";
import logoUrl from "../assets/logo.svg";
import "./shell.css";

export function Shell() {
  const { status } = useAppStatus();
  return (
    <div className="shell">
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <img src={logoUrl} alt="" />
          <span>API Destinations</span>
        </div>
        <nav className="nav" aria-label="Main">
          {NAV_GROUPS.map((group) => (
            <div key={group.label ?? "app"} className="nav-group">
              {group.label ? (
                <div className="nav-group-label" id={`nav-${group.label.replace(/\W+/g, "-").toLowerCase()}`}>
                  {group.label}
                </div>
              ) : null}
              <ul aria-labelledby={group.label ? `nav-${group.label.replace(/\W+/g, "-").toLowerCase()}` : undefined}>
                {group.items.map((item) => (
                  <li key={item.path}>
                    <NavLink to={item.path}>
                      <Icon name={item.icon} />
                      <span className="nav-label">{item.label}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="sidebar-footer">{status ? `Version ${status.version}` : null}</div>
      </aside>
      <main className="main" id="main-content" tabIndex={-1}>
        <KeyringBanner />
        <SendingBanner />
        <Outlet />
      </main>
    </div>
  );
}

function KeyringBanner() {
  const { status, recheckKeyring } = useAppStatus();
  const toasts = useToasts();
  const keyring = status?.keyring;
  if (!keyring || keyring.available) return null;
  const recheck = () =>
    recheckKeyring()
      .then((k) => toasts.show(k.available ? "The keyring is reachable now." : k.message, k.available ? "success" : "danger"))
      .catch((e: AppError) => toasts.show(e.message, "danger"));
  return (
    <div style={{ padding: "16px 32px 0" }} data-testid="keyring-banner">
      <Banner
        tone="warning"
        title="No keyring available: secrets cannot be saved"
        actions={<Button onClick={recheck}>Check again</Button>}
      >
        <div>{keyring.message}</div>
        <div className="muted">
          Everything that needs no secret keeps working. API Auth configs with passwords, tokens or keys need
          the keyring.
        </div>
      </Banner>
    </div>
  );
}
