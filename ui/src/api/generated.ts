// Generated from the Rust types by `cargo run --bin gen-types`.
// Do not edit: CI fails when this file is out of date.

export type AuthId = string;

export type DestinationId = string;

export type RuleId = string;

export type EventId = string;

export type DeliveryId = string;

export type AttemptId = string;

export type ContactId = string;

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

export type SandboxRequest = { 
/**
 * `sbx_…`, also returned to the sender in the response body.
 */
id: string, method: string, 
/**
 * Path and query as received, secret query values masked.
 */
path: string, 
/**
 * In the order received, names lower-case.
 */
headers: Array<HeaderEntry>, 
/**
 * The first 64 KiB of the body as text (invalid UTF-8 replaced).
 */
body: string, 
/**
 * The whole body's size in bytes.
 */
body_size: number, body_truncated: boolean, 
/**
 * Milliseconds since the Unix epoch.
 */
received_at: number, 
/**
 * The status the sandbox answered with.
 */
status: number, };

export type SandboxStatus = { 
/**
 * The switch in Settings.
 */
enabled: boolean, 
/**
 * Listening now; false with `enabled` when it could not start (see `error`).
 */
running: boolean, 
/**
 * The port it listens on, or will listen on when switched on.
 */
port: number, 
/**
 * `http://127.0.0.1:<port>` while running.
 */
url: string | null, 
/**
 * The ready-made "Sandbox" destination, when it exists.
 */
destination_id: DestinationId | null, 
/**
 * Why it is not running although switched on (a busy port, say).
 */
error: AppError | null, };

export type DataKind = "destinations" | "auth_configs" | "rules" | "contacts" | "deliveries" | "events";

export type WindowEvent = { "kind": "keyring_status_changed", status: KeyringStatus, } | { "kind": "deliveries_changed", deliveries: Array<DeliverySummary>, } | { "kind": "sandbox_request_received", request: SandboxRequest, } | { "kind": "deliveries_pruned", count: number, } | { "kind": "sending_status_changed", status: SendingStatus, } | { "kind": "data_changed", kinds: Array<DataKind>, } | { "kind": "updates_missed", count: number, };

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
set: boolean, 
/**
 * `••••` and the last 4 characters, read from the keyring for the edit form only.
 */
mask: string | null, };

export type AuthConfigView = { id: AuthId, name: string, settings: AuthSettings, secrets: Array<SecretFieldState>, created_at: string, updated_at: string, };

export type AuthConfigInput = { name: string, settings: AuthSettings, secrets: { [key in string]: string }, };

export type HttpMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export type BodyFormat = "json" | "form";

export type HeaderEntry = { name: string, value: string, };

export type CircuitBreaker = { failures: number, period_secs: number, };

export type RetryPolicy = { 
/**
 * Seconds to wait before retry 1, 2, …; the first attempt is immediate, so there are
 * `retry_delays_secs.len() + 1` attempts in all.
 */
retry_delays_secs: Array<number>, 
/**
 * Each delay is moved by up to ± this percentage, so retries of many deliveries spread out.
 */
jitter_percent: number, 
/**
 * A `Retry-After` longer than this is clamped to it.
 */
retry_after_cap_secs: number, 
/**
 * When the destination pauses itself because its target keeps failing.
 */
circuit_breaker: CircuitBreaker, };

export type DestinationTest = { 
/**
 * JMESPath expression per URL variable, as typed.
 */
bindings: { [key in string]: string }, 
/**
 * The payload expression; empty for the form's default.
 */
payload: string, };

export type DestinationInput = { name: string, endpoint: string, method: HttpMethod, auth_id: AuthId | null, headers: Array<HeaderEntry>, 
/**
 * How the payload is written into the body: JSON, or a form.
 */
body_format: BodyFormat, timeout_secs: number, retry: RetryPolicy, 
/**
 * Requests per second at most; `None` for no limit.
 */
rate_limit_per_sec: number | null, 
/**
 * Requests in flight at once at most; `None` for the engine's default.
 */
concurrency_limit: number | null, enabled: boolean, 
/**
 * The form's Test payload, kept so it survives save and reopen.
 */
test: DestinationTest, };

export type DestinationAuth = { id: AuthId, 
/**
 * `None` when the config was deleted: the UI shows "auth config missing".
 */
name: string | null, kind: string | null, 
/**
 * True when one of its secrets is not in the keyring (e.g. after an import).
 */
secret_needed: boolean, };

export type DestinationPause = { 
/**
 * Unix ms.
 */
since: number, 
/**
 * Paused automatically after a run of failures, rather than by the user.
 */
by_circuit_breaker: boolean, };

export type DestinationView = { id: DestinationId, 
/**
 * The saved form values.
 */
input: DestinationInput, 
/**
 * The endpoint as lists and summaries show it: a secret typed into its query masked (the
 * form alone shows the value, to edit it).
 */
shown_endpoint: string, 
/**
 * The endpoint's `{variables}`, in order of first appearance.
 */
variables: Array<string>, auth: DestinationAuth | null, 
/**
 * Set while the destination is paused: its deliveries are held.
 */
paused: DestinationPause | null, created_at: string, updated_at: string, };

export type FieldIssue = { field: string, message: string, 
/**
 * For the endpoint: the character offset the problem starts at.
 */
position: number | null, };

export type TemplatePlaceholder = { name: string, 
/**
 * Character offset of `{`.
 */
start: number, 
/**
 * Character offset just past `}`.
 */
end: number, };

export type ParsedTemplate = { placeholders: Array<TemplatePlaceholder>, 
/**
 * Distinct names in order of first appearance.
 */
variables: Array<string>, };

export type TemplateError = { message: string, 
/**
 * Character offset the problem starts at, when it has one.
 */
position: number | null, };

export type DestinationCheck = { issues: Array<FieldIssue>, 
/**
 * Where the endpoint's placeholders are, for highlighting; empty when it does not parse.
 */
placeholders: Array<TemplatePlaceholder>, variables: Array<string>, };

export type StaticSecretPlace = "header" | "query";

export type SuggestedAuth = "bearer" | "basic" | "api_key_header" | "api_key_query";

export type StaticSecret = { place: StaticSecretPlace, 
/**
 * The header or parameter name as typed.
 */
name: string, 
/**
 * Its index among the static headers (headers only).
 */
index: number | null, suggested: SuggestedAuth, };

export type Unmapped = { 
/**
 * The part of the command, as typed (secret values masked).
 */
item: string, 
/**
 * Why it is not part of the destination, and what to do about it.
 */
reason: string, };

export type BindingSuggestion = { 
/**
 * Where the value is in the body, e.g. `data.attributes.email` or `to[0].email`.
 */
path: string, 
/**
 * The value as the command has it.
 */
literal: string, 
/**
 * What to use instead, e.g. `contact.custom_attributes.email`.
 */
expression: string, 
/**
 * Why this is suggested, in words.
 */
reason: string, 
/**
 * True when the payload expression uses `expression` rather than the literal.
 */
applied: boolean, };

export type AuthProposal = { name: string, settings: AuthSettings, 
/**
 * Where the credential was in the command, e.g. "the Authorization header".
 */
found_in: string, 
/**
 * `••••` and the last 4 characters of long secrets; `None` when the command has no value
 * (it must be entered in the API Auth config).
 */
secret_mask: string | null, };

export type CurlProposal = { 
/**
 * The destination's form values (`auth_id` is set once the auth config exists). Its
 * `test.payload` is the body written as an expression (empty when the command has no
 * body the import can write), its `test.bindings` the URL variables it could recognise.
 */
destination: DestinationInput, auth: AuthProposal | null, 
/**
 * Body values that look like a sample contact's: bind them instead of the literal.
 */
suggestions: Array<BindingSuggestion>, 
/**
 * Everything of the command that is not part of the proposal, and why.
 */
unmapped: Array<Unmapped>, 
/**
 * What the destination form would refuse as it stands (e.g. a placeholder in the host).
 */
issues: Array<FieldIssue>, };

export type TemplateAuth = { settings: AuthSettings, 
/**
 * The name the new API Auth config is given.
 */
name: string, 
/**
 * Where the credential is found in the vendor's app.
 */
hint: string, };

export type DestinationTemplate = { 
/**
 * Stable key, also the data file's name: `hubspot`, `klaviyo`, ….
 */
id: string, 
/**
 * The vendor as marketers know it.
 */
name: string, 
/**
 * For grouping and search: `CRM`, `Team messaging`, ….
 */
category: string, 
/**
 * What a request made from it does, in one line.
 */
summary: string, 
/**
 * The vendor's reference page for this request.
 */
reference_url: string, endpoint: string, method: HttpMethod, 
/**
 * JSON unless the vendor wants a form (Twilio).
 */
body_format: BodyFormat, headers: Array<HeaderEntry>, 
/**
 * `None` for webhooks whose URL is the credential.
 */
auth: TemplateAuth | null, 
/**
 * JMESPath expression per URL variable of the endpoint.
 */
bindings: { [key in string]: string }, 
/**
 * The payload expression, written over the sample contacts' fields.
 */
payload: string, 
/**
 * What to change before sending for real (account-specific parts of the URL, ids).
 */
setup: Array<string>, };

export type ExportedAuthConfig = { name: string, settings: AuthSettings, };

export type ExportedDestination = { name: string, endpoint: string, method: HttpMethod, 
/**
 * JSON (the default, and what older files mean) or a form.
 */
body_format: BodyFormat, 
/**
 * The name of its API Auth config, in this file or already on the importing machine.
 */
auth: string | null, headers: Array<HeaderEntry>, timeout_secs: number, retry: RetryPolicy, rate_limit_per_sec: number | null, concurrency_limit: number | null, enabled: boolean, 
/**
 * The Test payload's bindings and payload, which new rules start from.
 */
test: DestinationTest, };

export type ExportedAction = { 
/**
 * The name of its destination, in this file or already on the importing machine; none
 * when the rule has none picked (or it was deleted).
 */
destination: string | null, bindings: { [key in string]: string }, payload: string, };

export type ExportedRule = { name: string, enabled: boolean, trigger: string, conditions: Conditions, actions: Array<ExportedAction>, 
/**
 * The event data the editor's preview renders with; none for the trigger's sample.
 */
sample_event_data: unknown, };

export type ExportedContact = { phone: string | null, first_name: string | null, last_name: string | null, entry_point: string | null, tags: Array<string>, custom_attributes: Record<string, unknown>, subscriptions: Subscriptions, };

export type ExportedTeam = { id: string, name: string, custom_attributes: Record<string, unknown>, };

export type ExportDocument = { 
/**
 * [`EXPORT_FORMAT`] when written; one of [`IMPORT_FORMATS`] to be read.
 */
format: string, exported_at: string, auth_configs: Array<ExportedAuthConfig>, destinations: Array<ExportedDestination>, rules: Array<ExportedRule>, 
/**
 * The sample contacts previews and test events render with.
 */
contacts: Array<ExportedContact>, 
/**
 * The team profile expressions read as `team`.
 */
team: ExportedTeam | null, };

export type ImportOutcome = "created" | "identical" | "conflicting";

export type ImportItemType = "auth_config" | "destination" | "rule" | "contact" | "team";

export type ImportItem = { item_type: ImportItemType, 
/**
 * Its name; for a contact, its name and phone.
 */
name: string, outcome: ImportOutcome, 
/**
 * What the user should know or do, in the app's words, e.g. "secret needed: enter the
 * token in API Auth before using it".
 */
note: string, 
/**
 * The secrets to enter before it can be used: an auth config's fields (`token`), or what
 * a destination held in its static headers or query (`header X-Key`).
 */
secrets_needed: Array<string>, };

export type ImportReport = { items: Array<ImportItem>, };

export type ExportResult = { path: string, auth_configs: number, destinations: number, rules: number, contacts: number, };

export type SubscriptionState = "subscribed" | "unsubscribed" | "never_subscribed";

export type Subscriptions = { transactional: SubscriptionState, marketing: SubscriptionState, };

export type ContactInput = { 
/**
 * E.164, e.g. `+447700900123`.
 */
phone: string | null, first_name: string | null, last_name: string | null, entry_point: string | null, tags: Array<string>, custom_attributes: Record<string, unknown>, subscriptions: Subscriptions, };

export type Contact = { id: ContactId, 
/**
 * E.164, e.g. `+447700900123`.
 */
phone: string | null, first_name: string | null, last_name: string | null, entry_point: string | null, tags: Array<string>, custom_attributes: Record<string, unknown>, subscriptions: Subscriptions, };

export type Team = { id: string, name: string, custom_attributes: Record<string, unknown>, };

export type ContactFileFormat = "csv" | "json";

export type ContactImportReport = { imported: number, };

export type RenderErrorKind = "syntax" | "unknown_function" | "evaluation" | "too_complex" | "unbound_variable" | "invalid_variable_value" | "invalid_url" | "invalid_header" | "missing_body";

export type RenderError = { kind: RenderErrorKind, message: string, 
/**
 * Character offset in the expression (or template) the problem starts at.
 */
position: number | null, 
/**
 * The URL variable or header the problem belongs to.
 */
subject: string | null, };

export type RenderWarning = { message: string, 
/**
 * The path, e.g. `contact.custom_attributes.email`.
 */
path: string | null, 
/**
 * Character offset of the path in the expression.
 */
position: number | null, };

export type UrlSpan = { variable: string, 
/**
 * The binding expression it came from.
 */
binding: string, 
/**
 * Character offsets in the rendered URL.
 */
start: number, end: number, 
/**
 * The value before encoding.
 */
value: string, };

export type RenderedUrl = { url: string, spans: Array<UrlSpan>, };

export type PreviewHeader = { name: string, value: string, 
/**
 * `default`, `static` or `auth` (value masked).
 */
source: string, };

export type PreviewRequest = { 
/**
 * A saved destination; when absent, `endpoint` and `method` are used.
 */
destination_id: DestinationId | null, endpoint: string | null, method: HttpMethod | null, 
/**
 * Static headers of an ad-hoc request (a destination brings its own).
 */
headers: Array<HeaderEntry>, 
/**
 * The API Auth config of an ad-hoc request (the destination form's, before it is saved).
 */
auth_id: AuthId | null, 
/**
 * The body format of an ad-hoc request (a destination brings its own); JSON when absent.
 */
body_format?: BodyFormat, 
/**
 * JMESPath expression per URL variable.
 */
bindings: { [key in string]: string }, payload: string, contact_id: ContactId, event_type: string, event_data: unknown, };

export type PreviewResult = { method: HttpMethod, 
/**
 * The URL as sent, a query credential masked (as an attempt records it).
 */
url: RenderedUrl | null, headers: Array<PreviewHeader>, 
/**
 * The body as it would be sent: JSON pretty-printed for reading, a form exactly as sent.
 */
body: string | null, warnings: Array<RenderWarning>, errors: Array<RenderError>, 
/**
 * Time spent rendering (not loading), for the editor's timing display.
 */
render_micros: bigint, };

export type Operator = "equals" | "not_equals" | "contains" | "not_contains" | "starts_with" | "ends_with" | "in_list" | "exists" | "not_exists" | "greater_than" | "less_than" | "is_true" | "is_false";

export type ConditionRow = { 
/**
 * A path into the context, e.g. `contact.custom_attributes.loyalty.tier`.
 */
path: string, operator: Operator, 
/**
 * As typed; for "is one of", items separated by commas.
 */
value: string, };

export type ConditionMode = "all" | "any" | "advanced";

export type Conditions = { mode: ConditionMode, rows: Array<ConditionRow>, 
/**
 * Used when `mode` is `advanced`: matches when the result is truthy.
 */
expression: string, };

export type InvokeAction = { destination_id: DestinationId | null, 
/**
 * A JMESPath expression (often a plain path) per URL variable of the destination.
 */
bindings: { [key in string]: string }, 
/**
 * The payload expression.
 */
payload: string, };

export type RuleInput = { name: string, enabled: boolean, 
/**
 * The event type it listens to.
 */
trigger: string, conditions: Conditions, actions: Array<InvokeAction>, 
/**
 * The event data the editor's preview renders with; `None` for the trigger type's sample.
 */
sample_event_data: unknown, };

export type RuleIssue = { 
/**
 * `name`, `trigger`, `conditions.<row>`, `conditions.expression`, `actions.<i>.destination`,
 * `actions.<i>.bindings.<variable>`, `actions.<i>.payload`.
 */
field: string, message: string, };

export type RuleView = { id: RuleId, input: RuleInput, issues: Array<RuleIssue>, created_at: string, updated_at: string, };

export type SampleEvent = { event_type: string, data: unknown, };

export type EventSource = "test" | "ingest" | "cli";

export type TestEventInput = { event_type: string, contact_id: ContactId, 
/**
 * Event data as JSON text (empty for `{}`).
 */
data: string, };

export type ActionOutcome = { action_index: number, destination_id: string | null, destination_name: string | null, delivery_id: DeliveryId | null, 
/**
 * Why no delivery was created (destination deleted or disabled, a render error).
 */
error: string | null, };

export type RuleEvaluation = { rule_id: string, rule_name: string, matched: boolean, 
/**
 * For a rule that did not match: the trigger it waits for, or the condition that failed.
 */
reason: string | null, actions: Array<ActionOutcome>, };

export type EventRecord = { id: EventId, type: string, occurred_at: string, source: EventSource, contact_id: string | null, contact: unknown, data: unknown, evaluation: Array<RuleEvaluation>, created_at: number, };

export type EventFilter = { 
/**
 * The exact event type, e.g. `contact.tag_added`.
 */
event_type: string | null, 
/**
 * A contact id, or part of a contact's name, phone number or email (ASCII letters in any case).
 */
contact: string | null, 
/**
 * `true`: events at least one rule matched; `false`: events no rule matched.
 */
matched: boolean | null, source: EventSource | null, 
/**
 * The `next` of the previous page; absent for the newest page.
 */
before: EventCursor | null, 
/**
 * At most this many (1 – 200).
 */
limit: number, };

export type EventCursor = { created_at: number, id: EventId, };

export type MatchedRule = { rule_id: string, rule_name: string, };

export type EventSummary = { id: EventId, type: string, occurred_at: string, source: EventSource, contact_id: string | null, 
/**
 * "First Last", else the phone number; absent when the event's contact had neither.
 */
contact_name: string | null, matched_rules: Array<MatchedRule>, 
/**
 * How many enabled rules looked at the event.
 */
rules_evaluated: number, 
/**
 * Deliveries the event created.
 */
deliveries: number, 
/**
 * Actions of matching rules that created no delivery (destination deleted, disabled,
 * or a render error): a rule that matched but did not send.
 */
unsent_actions: number, created_at: number, };

export type EventPage = { events: Array<EventSummary>, 
/**
 * How many events match the filter, on every page.
 */
total: number, 
/**
 * Pass as `before` for the next (older) page; absent on the last page.
 */
next: EventCursor | null, 
/**
 * Every event type on record, for the type filter.
 */
types: Array<string>, };

export type EventReceipt = { event_id: EventId, deliveries: Array<DeliveryId>, matched_rules: number, };

export type IngestStatus = { enabled: boolean, running: boolean, port: number, 
/**
 * `http://127.0.0.1:PORT/v1/events` while running.
 */
url: string | null, token_set: boolean, 
/**
 * Why it is not running although enabled.
 */
error: string | null, };

export type IngestToken = { token: string, };

export type DeliveryState = "scheduled" | "in_flight" | "succeeded" | "failed" | "exhausted" | "cancelled";

export type StatusCategory = "success" | "redirection_error" | "too_many_requests_error" | "client_error" | "server_error" | "network_error" | "timeout_error" | "auth_config_error" | "internal_error";

export type HoldReason = "destination_paused" | "offline" | "keyring_locked";

export type SendingStatus = { 
/**
 * No working network: nothing is sent until a probe gets through.
 */
offline: boolean, 
/**
 * Deliveries held for the network.
 */
waiting: number, 
/**
 * Finished attempts cannot be saved (disk full, database locked by another program):
 * nothing new is sent until they are, and what was answered is kept until then.
 */
storage_problem: string | null, 
/**
 * Another process (`apidest work`, another copy of the app) holds the engine lock and
 * sends this data folder's deliveries; this one takes over when it stops. Set by the app,
 * which has no engine of its own then.
 */
sent_elsewhere: boolean, 
/**
 * The user paused all sending (tray or window): nothing is claimed until they resume.
 */
paused: boolean, 
/**
 * Deliveries scheduled while all sending is paused.
 */
paused_waiting: number, 
/**
 * A credential read found the keyring locked or unreachable: deliveries that need it are
 * held (no attempt used) until it answers again.
 */
keyring_locked: boolean, 
/**
 * Deliveries held for the keyring.
 */
keyring_waiting: number, };

export type AttemptTrigger = "scheduled" | "manual";

export type DeliverySource = "test" | "rule" | "replay" | "cli";

export type DeliverySummary = { id: DeliveryId, state: DeliveryState, source: DeliverySource, destination_id: DestinationId, destination_name: string, rule_id: RuleId | null, rule_name: string | null, event_id: EventId, event_type: string, 
/**
 * The contact as its event named it: a sample contact's `ct_…` id, or whatever id an
 * inline contact carried (the messaging platform's own), so text rather than a ContactId.
 */
contact_id: string | null, contact_name: string | null, method: string, url: string, attempt_count: number, next_attempt_at: number | null, last_category: StatusCategory | null, last_http_status: number | null, last_duration_ms: number | null, created_at: number, updated_at: number, 
/**
 * Grows with every change to the delivery: of two summaries of one delivery, the one
 * with the higher revision is the newer (events may arrive out of order).
 */
revision: number, 
/**
 * Set while a scheduled delivery is held (then `next_attempt_at` is null).
 */
hold_reason: HoldReason | null, };

export type DeliveryAuth = { id: AuthId, kind: string | null, name: string | null, 
/**
 * False when the config was deleted since.
 */
exists: boolean, };

export type AttemptView = { id: AttemptId, delivery_id: DeliveryId, number: number, trigger: AttemptTrigger, started_at: number, 
/**
 * `None` while the attempt is in flight.
 */
completed_at: number | null, duration_ms: number | null, category: StatusCategory | null, 
/**
 * The finer cause, e.g. `dns`, `refused`, `redirect` (see [`crate::engine::Cause`]).
 */
cause: string | null, http_status: number | null, request_url: string | null, request_headers: Array<HeaderEntry>, response_headers: Array<HeaderEntry>, 
/**
 * The kept part of the body as text (invalid UTF-8 replaced); see `response_body_kept`.
 */
response_body: string | null, 
/**
 * Bytes kept (at most 64 KiB).
 */
response_body_kept: number, 
/**
 * Bytes received in all.
 */
response_body_size: number | null, error: string | null, hint: string | null, 
/**
 * When the retry this attempt scheduled is due.
 */
next_attempt_at: number | null, };

export type ReplayLink = { id: DeliveryId, created_at: number, state: DeliveryState, last_category: StatusCategory | null, };

export type DeliveryDetail = { summary: DeliverySummary, headers: Array<HeaderEntry>, body: string | null, auth: DeliveryAuth | null, timeout_secs: number, payload_expression: string, bindings: Record<string, string>, replay_of: DeliveryId | null, 
/**
 * Replays made of this delivery, newest first (at most `REPLAYS_LISTED`).
 */
replays: Array<ReplayLink>, attempts: Array<AttemptView>, };

export type SendTestRequest = { destination_id: DestinationId, contact_id: ContactId, payload: string, bindings: { [key in string]: string }, event_type: string, event_data: unknown, };

export type DeliveryFilter = { 
/**
 * Last attempt's category, any of these.
 */
categories: Array<StatusCategory>, 
/**
 * Also deliveries with no finished attempt yet (scheduled or sending for the first time).
 */
pending: boolean, destination_id: string | null, rule_id: string | null, 
/**
 * Created at or after (Unix ms).
 */
since: number | null, 
/**
 * Created before (Unix ms).
 */
until: number | null, 
/**
 * Words in the URL, the payload or a response body (whole words; the last may be the
 * start of a word).
 */
text: string | null, };

export type DeliveryCursor = { created_at: number, id: string, };

export type DeliveryPage = { items: Array<DeliverySummary>, 
/**
 * `None` on the last page.
 */
next: DeliveryCursor | null, };

export type WaitingChoice = "hold" | "cancel";

export type NoticeSettings = { 
/**
 * A destination was paused automatically by its circuit breaker.
 */
auto_paused: boolean, 
/**
 * Deliveries ran out of retries (a digest per destination, at most hourly).
 */
exhausted: boolean, 
/**
 * Sending is held because the keyring is locked or missing.
 */
keyring: boolean, };

export type BackgroundSettings = { 
/**
 * Closing the window quits the app (off: it keeps sending from the tray).
 */
quit_on_close: boolean, 
/**
 * The app starts, in the background, when the user logs in (kept by the OS).
 */
start_at_login: boolean, notices: NoticeSettings, };

export type CategoryCount = { category: StatusCategory, count: number, };

export type DeliveryCounts = { 
/**
 * Every delivery of the filter, whatever its status.
 */
total: number, 
/**
 * No attempt finished yet.
 */
pending: number, 
/**
 * Only the categories that occur, in the help article's order.
 */
categories: Array<CategoryCount>, 
/**
 * Set when the search text is common: the counts then cover the matches among this many
 * newest deliveries of the rest of the filter, not the whole log.
 */
newest_only: number | null, };

export type RequestSnapshot = { method: string, url: string, headers: Array<HeaderEntry>, body: string | null, destination_name: string, auth_name: string | null, };

export type ReplayPreview = { original: RequestSnapshot, replay: RequestSnapshot, 
/**
 * False when nothing differs: a replay would send the same request again.
 */
changed: boolean, };

export type DeliveryExportFormat = "csv" | "ndjson";

export type DeliveryExportResult = { path: string, count: number, };

export type BulkRetrySkip = { id: DeliveryId, reason: string, };

export type BulkRetryResult = { retried: number, skipped: Array<BulkRetrySkip>, };

export type HealthWindow = { until: number, bucket_ms: number, buckets: number, 
/**
 * One destination, or every destination when `None`.
 */
destination_id: string | null, };

export type HealthBucket = { start: number, 
/**
 * Deliveries created in the bucket whose last attempt finished.
 */
finished: number, succeeded: number, };

export type DestinationHealth = { destination_id: string, buckets: Array<HealthBucket>, 
/**
 * Over the whole window, in the help article's order.
 */
categories: Array<CategoryCount>, };

export type RetentionSetting = { days: number, };

export const APP_EVENT_CHANNEL = "app-event";

/** Every IPC command: its arguments and its result. */
export interface Commands {
  app_status: { args: Record<string, never>; result: AppStatus };
  log_folder: { args: Record<string, never>; result: string };
  log_folder_open: { args: Record<string, never>; result: null };
  keyring_check: { args: Record<string, never>; result: KeyringStatus };
  sending_status: { args: Record<string, never>; result: SendingStatus };
  auth_list: { args: Record<string, never>; result: Array<AuthConfigView> };
  curl_import_parse: { args: { text: string; bind: Array<string> }; result: CurlProposal };
  curl_import_create_auth: { args: { text: string }; result: AuthConfigView | null };
  background_settings_get: { args: Record<string, never>; result: BackgroundSettings };
  background_settings_set: { args: { settings: BackgroundSettings }; result: BackgroundSettings };
  sending_set_paused: { args: { paused: boolean }; result: null };
  destination_waiting: { args: { id: DestinationId }; result: number };
  destination_settle_waiting: { args: { id: DestinationId; choice: WaitingChoice }; result: number };
  auth_create: { args: { input: AuthConfigInput }; result: AuthConfigView };
  auth_get: { args: { id: AuthId }; result: AuthConfigView };
  auth_update: { args: { id: AuthId; input: AuthConfigInput }; result: AuthConfigView };
  auth_delete: { args: { id: AuthId }; result: null };
  auth_usage: { args: { id: AuthId }; result: Array<string> };
  destination_list: { args: Record<string, never>; result: Array<DestinationView> };
  destination_get: { args: { id: DestinationId }; result: DestinationView };
  destination_create: { args: { input: DestinationInput }; result: DestinationView };
  destination_update: { args: { id: DestinationId; input: DestinationInput }; result: DestinationView };
  destination_delete: { args: { id: DestinationId }; result: null };
  destination_duplicate: { args: { id: DestinationId }; result: DestinationView };
  destination_set_enabled: { args: { id: DestinationId; enabled: boolean }; result: DestinationView };
  destination_pause: { args: { id: DestinationId }; result: DestinationView };
  destination_resume: { args: { id: DestinationId }; result: DestinationView };
  destination_check: { args: { input: DestinationInput }; result: DestinationCheck };
  destination_secret_fields: { args: { headers: Array<HeaderEntry>; endpoint: string }; result: Array<StaticSecret> };
  destination_templates: { args: Record<string, never>; result: Array<DestinationTemplate> };
  rule_sample_events: { args: Record<string, never>; result: Array<SampleEvent> };
  config_export: { args: Record<string, never>; result: ExportResult };
  config_import: { args: { json: string }; result: ImportReport };
  contact_list: { args: Record<string, never>; result: Array<Contact> };
  contact_create: { args: { input: ContactInput }; result: Contact };
  contact_update: { args: { id: ContactId; input: ContactInput }; result: Contact };
  contact_delete: { args: { id: ContactId }; result: null };
  contact_import: { args: { format: ContactFileFormat; text: string }; result: ContactImportReport };
  team_get: { args: Record<string, never>; result: Team };
  team_update: { args: { team: Team }; result: Team };
  preview: { args: { request: PreviewRequest }; result: PreviewResult };
  sandbox_status: { args: Record<string, never>; result: SandboxStatus };
  sandbox_set_enabled: { args: { enabled: boolean; port: number | null }; result: SandboxStatus };
  sandbox_requests: { args: Record<string, never>; result: Array<SandboxRequest> };
  sandbox_clear: { args: Record<string, never>; result: null };
  rule_list: { args: Record<string, never>; result: Array<RuleView> };
  rule_get: { args: { id: RuleId }; result: RuleView };
  rule_create: { args: { input: RuleInput }; result: RuleView };
  rule_update: { args: { id: RuleId; input: RuleInput }; result: RuleView };
  rule_delete: { args: { id: RuleId }; result: null };
  rule_duplicate: { args: { id: RuleId }; result: RuleView };
  rule_set_enabled: { args: { id: RuleId; enabled: boolean }; result: RuleView };
  rule_check: { args: { input: RuleInput }; result: Array<RuleIssue> };
  event_send_test: { args: { input: TestEventInput }; result: EventReceipt };
  event_get: { args: { id: EventId }; result: EventRecord };
  event_recent: { args: { limit: number }; result: Array<EventRecord> };
  event_list: { args: { filter: EventFilter }; result: EventPage };
  ingest_status: { args: Record<string, never>; result: IngestStatus };
  ingest_set_enabled: { args: { enabled: boolean; port: number | null }; result: IngestStatus };
  ingest_rotate_token: { args: Record<string, never>; result: IngestToken };
  delivery_send_test: { args: { request: SendTestRequest }; result: DeliveryDetail };
  delivery_get: { args: { id: DeliveryId }; result: DeliveryDetail };
  delivery_list: { args: { filter: DeliveryFilter; after: DeliveryCursor | null; limit: number }; result: DeliveryPage };
  delivery_retry_now: { args: { id: DeliveryId }; result: DeliverySummary };
  delivery_cancel: { args: { id: DeliveryId }; result: DeliverySummary };
  delivery_replay: { args: { id: DeliveryId }; result: DeliverySummary };
  delivery_counts: { args: { filter: DeliveryFilter }; result: DeliveryCounts };
  delivery_curl: { args: { id: DeliveryId; attemptId: AttemptId | null }; result: string };
  delivery_replay_preview: { args: { id: DeliveryId }; result: ReplayPreview };
  delivery_export: { args: { filter: DeliveryFilter; format: DeliveryExportFormat }; result: DeliveryExportResult };
  delivery_failed_ids: { args: { filter: DeliveryFilter }; result: Array<DeliveryId> };
  delivery_summaries: { args: { ids: Array<DeliveryId> }; result: Array<DeliverySummary> };
  delivery_retry_many: { args: { ids: Array<DeliveryId> }; result: BulkRetryResult };
  delivery_health: { args: { window: HealthWindow }; result: Array<DestinationHealth> };
  delivery_retention_get: { args: Record<string, never>; result: RetentionSetting };
  delivery_retention_set: { args: { setting: RetentionSetting }; result: RetentionSetting };
}
