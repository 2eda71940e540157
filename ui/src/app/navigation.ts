// The product's navigation: one entry per screen, in the order marketers use them.
import type { IconName } from "../design/icons";

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
}

export const NAV_ITEMS: NavItem[] = [
  { path: "/destinations", label: "API Destinations", icon: "destination" },
  { path: "/auth", label: "API Auth", icon: "key" },
  { path: "/rules", label: "Event-Based Rules", icon: "rules" },
  { path: "/contacts", label: "Sample Contacts & Team", icon: "contacts" },
  { path: "/deliveries", label: "API Deliveries", icon: "deliveries" },
  { path: "/settings", label: "Settings", icon: "settings" },
];
