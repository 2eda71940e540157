//! The list of every type and command that crosses to the UI, from which
//! `ui/src/api/generated.ts` is written (`cargo run --bin gen-types`).

use serde::Serialize;
use ts_rs::TS;

use crate::auth::{
    ApiKeyPlacement, AuthConfigInputTs, AuthConfigView, AuthSettings, SecretFieldState,
};
use crate::contacts::{
    Contact, ContactFileFormat, ContactImportReport, ContactInput, SubscriptionState,
    Subscriptions, Team,
};
use crate::curl_import::{AuthProposal, BindingSuggestion, CurlProposal, Unmapped};
use crate::delivery_log::{
    BulkRetryResult, BulkRetrySkip, CategoryCount, DeliveryCounts, DeliveryCursor,
    DeliveryExportFormat, DeliveryExportResult, DeliveryFilter, DeliveryPage, DestinationHealth,
    HealthBucket, HealthWindow, ReplayPreview, RequestSnapshot, RetentionSetting,
};
use crate::destinations::static_secrets::{StaticSecret, StaticSecretPlace, SuggestedAuth};
use crate::destinations::template::{ParsedTemplate, TemplateError, TemplatePlaceholder};
use crate::destinations::{BodyFormat, DestinationTest};
use crate::destinations::{
    CircuitBreaker, DestinationAuth, DestinationInput, DestinationPause, DestinationView,
    FieldIssue, HeaderEntry, HttpMethod, RetryPolicy,
};
use crate::engine::{
    AttemptTrigger, AttemptView, DeliveryAuth, DeliveryDetail, DeliverySource, DeliveryState,
    DeliverySummary, HoldReason, ReplayLink, SendTestRequest, SendingStatus, StatusCategory,
};
use crate::error::{AppError, ErrorCode};
use crate::event_intake::{
    ActionOutcome, EventCursor, EventFilter, EventPage, EventReceipt, EventRecord, EventSource,
    EventSummary, IngestStatus, IngestToken, MatchedRule, RuleEvaluation, TestEventInput,
};
use crate::gallery::{DestinationTemplate, TemplateAuth};
use crate::ids::{AttemptId, AuthId, ContactId, DeliveryId, DestinationId, EventId, RuleId};
use crate::render::{
    PreviewHeader, PreviewRequest, PreviewResult, RenderError, RenderErrorKind, RenderWarning,
    RenderedUrl, UrlSpan,
};
use crate::rules::SampleEvent;
use crate::rules::{
    ConditionMode, ConditionRow, Conditions, InvokeAction, Operator, RuleInput, RuleIssue, RuleView,
};
use crate::sandbox::{SandboxRequest, SandboxStatus};
use crate::secrets::KeyringStatus;
use crate::status::{AppStatus, DatabaseStatus};
use crate::store::DataKind;
use crate::transfer::{
    ExportDocument, ExportedAction, ExportedAuthConfig, ExportedContact, ExportedDestination,
    ExportedRule, ExportedTeam, ImportItem, ImportItemType, ImportOutcome, ImportReport,
};
use crate::window_events::WindowEvent;

/// The result of checking a destination form while it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DestinationCheck {
    pub issues: Vec<FieldIssue>,
    /// Where the endpoint's placeholders are, for highlighting; empty when it does not parse.
    pub placeholders: Vec<TemplatePlaceholder>,
    pub variables: Vec<String>,
}

/// Where an export was written and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportResult {
    pub path: String,
    pub auth_configs: usize,
    pub destinations: usize,
    pub rules: usize,
    pub contacts: usize,
}

/// One IPC command: its name and the TypeScript types of its arguments and result. The app
/// crate reads them from each command's Rust types (its `command!` macro).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSignature {
    pub name: &'static str,
    /// TypeScript object type of the arguments, [`NO_ARGS`] when there are none.
    pub args: String,
    pub result: String,
}

/// The argument type of a command that takes none.
pub const NO_ARGS: &str = "Record<string, never>";

/// The name of the channel every [`WindowEvent`] is emitted on.
pub const APP_EVENT_CHANNEL: &str = "app-event";

/// The whole generated TypeScript file, with the `Commands` interface for `commands`.
pub fn typescript_bindings(commands: &[CommandSignature]) -> String {
    let cfg = ts_rs::Config::default();
    let declarations = [
        AuthId::decl(&cfg),
        DestinationId::decl(&cfg),
        RuleId::decl(&cfg),
        EventId::decl(&cfg),
        DeliveryId::decl(&cfg),
        AttemptId::decl(&cfg),
        ContactId::decl(&cfg),
        ErrorCode::decl(&cfg),
        AppError::decl(&cfg),
        KeyringStatus::decl(&cfg),
        DatabaseStatus::decl(&cfg),
        AppStatus::decl(&cfg),
        SandboxRequest::decl(&cfg),
        SandboxStatus::decl(&cfg),
        DataKind::decl(&cfg),
        WindowEvent::decl(&cfg),
        ApiKeyPlacement::decl(&cfg),
        AuthSettings::decl(&cfg),
        SecretFieldState::decl(&cfg),
        AuthConfigView::decl(&cfg),
        AuthConfigInputTs::decl(&cfg),
        HttpMethod::decl(&cfg),
        BodyFormat::decl(&cfg),
        HeaderEntry::decl(&cfg),
        CircuitBreaker::decl(&cfg),
        RetryPolicy::decl(&cfg),
        DestinationTest::decl(&cfg),
        DestinationInput::decl(&cfg),
        DestinationAuth::decl(&cfg),
        DestinationPause::decl(&cfg),
        DestinationView::decl(&cfg),
        FieldIssue::decl(&cfg),
        TemplatePlaceholder::decl(&cfg),
        ParsedTemplate::decl(&cfg),
        TemplateError::decl(&cfg),
        DestinationCheck::decl(&cfg),
        StaticSecretPlace::decl(&cfg),
        SuggestedAuth::decl(&cfg),
        StaticSecret::decl(&cfg),
        Unmapped::decl(&cfg),
        BindingSuggestion::decl(&cfg),
        AuthProposal::decl(&cfg),
        CurlProposal::decl(&cfg),
        TemplateAuth::decl(&cfg),
        DestinationTemplate::decl(&cfg),
        ExportedAuthConfig::decl(&cfg),
        ExportedDestination::decl(&cfg),
        ExportedAction::decl(&cfg),
        ExportedRule::decl(&cfg),
        ExportedContact::decl(&cfg),
        ExportedTeam::decl(&cfg),
        ExportDocument::decl(&cfg),
        ImportOutcome::decl(&cfg),
        ImportItemType::decl(&cfg),
        ImportItem::decl(&cfg),
        ImportReport::decl(&cfg),
        ExportResult::decl(&cfg),
        SubscriptionState::decl(&cfg),
        Subscriptions::decl(&cfg),
        ContactInput::decl(&cfg),
        Contact::decl(&cfg),
        Team::decl(&cfg),
        ContactFileFormat::decl(&cfg),
        ContactImportReport::decl(&cfg),
        RenderErrorKind::decl(&cfg),
        RenderError::decl(&cfg),
        RenderWarning::decl(&cfg),
        UrlSpan::decl(&cfg),
        RenderedUrl::decl(&cfg),
        PreviewHeader::decl(&cfg),
        PreviewRequest::decl(&cfg),
        PreviewResult::decl(&cfg),
        Operator::decl(&cfg),
        ConditionRow::decl(&cfg),
        ConditionMode::decl(&cfg),
        Conditions::decl(&cfg),
        InvokeAction::decl(&cfg),
        RuleInput::decl(&cfg),
        RuleIssue::decl(&cfg),
        RuleView::decl(&cfg),
        SampleEvent::decl(&cfg),
        EventSource::decl(&cfg),
        TestEventInput::decl(&cfg),
        ActionOutcome::decl(&cfg),
        RuleEvaluation::decl(&cfg),
        EventRecord::decl(&cfg),
        EventFilter::decl(&cfg),
        EventCursor::decl(&cfg),
        MatchedRule::decl(&cfg),
        EventSummary::decl(&cfg),
        EventPage::decl(&cfg),
        EventReceipt::decl(&cfg),
        IngestStatus::decl(&cfg),
        IngestToken::decl(&cfg),
        DeliveryState::decl(&cfg),
        StatusCategory::decl(&cfg),
        HoldReason::decl(&cfg),
        SendingStatus::decl(&cfg),
        AttemptTrigger::decl(&cfg),
        DeliverySource::decl(&cfg),
        DeliverySummary::decl(&cfg),
        DeliveryAuth::decl(&cfg),
        AttemptView::decl(&cfg),
        ReplayLink::decl(&cfg),
        DeliveryDetail::decl(&cfg),
        SendTestRequest::decl(&cfg),
        DeliveryFilter::decl(&cfg),
        DeliveryCursor::decl(&cfg),
        DeliveryPage::decl(&cfg),
        crate::engine::WaitingChoice::decl(&cfg),
        crate::notices::NoticeSettings::decl(&cfg),
        crate::background::BackgroundSettings::decl(&cfg),
        CategoryCount::decl(&cfg),
        DeliveryCounts::decl(&cfg),
        RequestSnapshot::decl(&cfg),
        ReplayPreview::decl(&cfg),
        DeliveryExportFormat::decl(&cfg),
        DeliveryExportResult::decl(&cfg),
        BulkRetrySkip::decl(&cfg),
        BulkRetryResult::decl(&cfg),
        HealthWindow::decl(&cfg),
        HealthBucket::decl(&cfg),
        DestinationHealth::decl(&cfg),
        RetentionSetting::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `cargo run --bin gen-types`.\n\
         // Do not edit: CI fails when this file is out of date.\n\n",
    );
    for decl in declarations {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "export const APP_EVENT_CHANNEL = \"{APP_EVENT_CHANNEL}\";\n\n"
    ));
    out.push_str(
        "/** Every IPC command: its arguments and its result. */\nexport interface Commands {\n",
    );
    for command in commands {
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {} }};\n",
            command.name, command.args, command.result
        ));
    }
    out.push_str("}\n");
    out
}
