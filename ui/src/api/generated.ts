// Generated from the Rust types by `cargo run -p apidest-core --bin gen-types`.
// Do not edit: CI fails when this file is out of date.

export type AuthId = string;

export type DestinationId = string;

export type RuleId = string;

export type EventId = string;

export type DeliveryId = string;

export type AttemptId = string;

export type ErrorCode = "validation" | "not_found" | "conflict" | "database_unavailable" | "database_not_a_database" | "database_too_new" | "keyring_unavailable" | "secret_missing" | "internal";

export type AppError = { code: ErrorCode, message: string, };

export type KeyringStatus = { available: boolean, 
/**
 * The backend's name, e.g. "Secret Service".
 */
backend: string, 
/**
 * One sentence for the user: all is well, or what is wrong and what to do.
 */
message: string, };

export type DatabaseStatus = { path: string, 
/**
 * The applied schema version, when the database is open.
 */
schema_version: number | null, 
/**
 * Why the database could not be opened; the app shows it instead of its screens.
 */
error: AppError | null, };

export type AppStatus = { version: string, 
/**
 * The identifier that namespaces data and secrets (`….dev` for development builds).
 */
app_id: string, data_dir: string, database: DatabaseStatus, 
/**
 * `None` while the first keyring check is still running.
 */
keyring: KeyringStatus | null, };

export type AppEvent = { "kind": "keyring_status_changed", status: KeyringStatus, };

export type ApiKeyPlacement = "header" | "query";

export type AuthSettings = { "kind": "basic", username: string, } | { "kind": "bearer" } | { "kind": "api_key", placement: ApiKeyPlacement, 
/**
 * The header or query parameter name, e.g. `X-API-Key`.
 */
name: string, } | { "kind": "oauth2_client_credentials", token_url: string, client_id: string, scope: string | null, audience: string | null, } | { "kind": "hmac", id_header: string, timestamp_header: string, signature_header: string, };

export type SecretFieldState = { field: string, 
/**
 * False after an import or when the keyring lost it: the user must enter it again.
 */
set: boolean, };

export type AuthConfigView = { id: AuthId, name: string, settings: AuthSettings, secrets: Array<SecretFieldState>, created_at: string, updated_at: string, };

export type AuthConfigInput = { name: string, settings: AuthSettings, secrets: { [key in string]: string }, };

export const APP_EVENT_CHANNEL = "app-event";

/** Every IPC command: its arguments and its result. */
export interface Commands {
  app_status: { args: Record<string, never>; result: AppStatus };
  keyring_check: { args: Record<string, never>; result: KeyringStatus };
  auth_list: { args: Record<string, never>; result: AuthConfigView[] };
  auth_create: { args: { input: AuthConfigInput }; result: AuthConfigView };
  auth_delete: { args: { id: AuthId }; result: null };
}
