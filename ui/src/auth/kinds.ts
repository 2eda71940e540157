// What each API Auth kind asks for: labels, non-secret fields with their defaults, secret fields.
import type { AuthSettings } from "../api/generated";

export type AuthKind = AuthSettings["kind"];

export interface SettingField {
  key: string;
  label: string;
  hint?: string;
  placeholder?: string;
  optional?: boolean;
}

export interface KindInfo {
  label: string;
  description: string;
  settings: SettingField[];
  secrets: { key: string; label: string }[];
  blank: () => AuthSettings;
}

export const AUTH_KINDS: Record<AuthKind, KindInfo> = {
  basic: {
    label: "Basic",
    description: "A user name and password, sent as an Authorization: Basic header.",
    settings: [{ key: "username", label: "Username" }],
    secrets: [{ key: "password", label: "Password" }],
    blank: () => ({ kind: "basic", username: "" }),
  },
  bearer: {
    label: "Bearer token",
    description: "A token sent as Authorization: Bearer <token>.",
    settings: [],
    secrets: [{ key: "token", label: "Token" }],
    blank: () => ({ kind: "bearer" }),
  },
  api_key: {
    label: "API key",
    description: "A key sent in a header or a query parameter of your choice.",
    settings: [{ key: "name", label: "Header or parameter name", placeholder: "X-API-Key" }],
    secrets: [{ key: "value", label: "API key" }],
    blank: () => ({ kind: "api_key", placement: "header", name: "X-API-Key" }),
  },
  oauth2_client_credentials: {
    label: "OAuth 2.0 client credentials",
    description: "The app asks the token URL for an access token and refreshes it when it expires.",
    settings: [
      { key: "token_url", label: "Token URL", placeholder: "https://auth.example.com/oauth/token" },
      { key: "client_id", label: "Client ID" },
      { key: "scope", label: "Scope", optional: true },
      { key: "audience", label: "Audience", optional: true },
    ],
    secrets: [{ key: "client_secret", label: "Client secret" }],
    blank: () => ({ kind: "oauth2_client_credentials", token_url: "", client_id: "", scope: null, audience: null }),
  },
  hmac: {
    label: "HMAC signature",
    description: "Signs every request Standard Webhooks style: HMAC-SHA256 over id.timestamp.body.",
    settings: [
      { key: "id_header", label: "ID header" },
      { key: "timestamp_header", label: "Timestamp header" },
      { key: "signature_header", label: "Signature header" },
    ],
    secrets: [{ key: "secret", label: "Signing secret" }],
    blank: () => ({
      kind: "hmac",
      id_header: "webhook-id",
      timestamp_header: "webhook-timestamp",
      signature_header: "webhook-signature",
    }),
  },
};

export const KIND_ORDER: AuthKind[] = ["bearer", "basic", "api_key", "oauth2_client_credentials", "hmac"];

export function kindLabel(kind: string | null | undefined): string {
  return kind && kind in AUTH_KINDS ? AUTH_KINDS[kind as AuthKind].label : "Unknown";
}

/** Reads a setting field as text (settings are a tagged union; the form treats them as a record). */
export function settingValue(settings: AuthSettings, key: string): string {
  const value = (settings as unknown as Record<string, unknown>)[key];
  return typeof value === "string" ? value : "";
}

export function withSetting(settings: AuthSettings, field: SettingField, value: string): AuthSettings {
  const next = { ...settings } as unknown as Record<string, unknown>;
  next[field.key] = field.optional && value.trim() === "" ? null : value;
  return next as unknown as AuthSettings;
}
