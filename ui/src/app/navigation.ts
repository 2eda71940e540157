// The product's navigation: the screens in groups, in the order marketers use them. Each
// screen's breadcrumb is its group's name, so the sidebar and the breadcrumbs say the same.
import type { IconName } from "../design/icons";

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
}

export interface NavGroup {
  /** Null for the entries below the groups (Settings). */
  label: string | null;
  items: NavItem[];
}

export const NAV_GROUPS: NavGroup[] = [
  {
    label: "Integrations",
    items: [
      { path: "/destinations", label: "API Destinations", icon: "destination" },
      { path: "/auth", label: "API Auth", icon: "key" },
    ],
  },
  {
    label: "Automation",
    items: [
      { path: "/rules", label: "Event-Based Rules", icon: "rules" },
      { path: "/events", label: "Events", icon: "events" },
    ],
  },
  { label: "Test data", items: [{ path: "/contacts", label: "Sample Contacts & Team", icon: "contacts" }] },
  { label: "Monitoring", items: [{ path: "/deliveries", label: "API Deliveries", icon: "deliveries" }] },
  { label: null, items: [{ path: "/settings", label: "Settings", icon: "settings" }] },
];

export const NAV_ITEMS: NavItem[] = NAV_GROUPS.flatMap((g) => g.items);
