//! The `deliveries` and `attempts` rows as read from SQLite, and their conversion to views.

use std::collections::BTreeMap;

use crate::destinations::{HeaderEntry, RetryPolicy};
use crate::error::{AppError, AppResult};
use crate::ids::{AttemptId, AuthId, DeliveryId, DestinationId, EventId, RuleId};

use super::model::{
    AttemptTrigger, AttemptView, DeliveryAuth, DeliveryDetail, DeliverySource, DeliveryState,
    DeliverySummary, HoldReason, ReplayLink, StatusCategory,
};

/// Declares a row type once: the struct (read by sqlx by column name), the column list in
/// that order, and the positional reader for the engine's rusqlite connection.
macro_rules! table_row {
    (
        $(#[$meta:meta])*
        pub struct $row:ident, columns $columns:ident {
            $($(#[$field_meta:meta])* pub $field:ident : $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, sqlx::FromRow)]
        pub struct $row {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        /// Every column of the row, in the order [`Self::from_rusqlite`] reads them.
        pub const $columns: &str = table_row!(@join $($field),*);

        impl $row {
            /// Reads a row selected with the column list above.
            pub fn from_rusqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                let mut index = 0..;
                Ok(Self {
                    $($field: row.get(index.next().unwrap_or_default())?,)*
                })
            }
        }
    };
    (@join $first:ident $(, $rest:ident)*) => {
        concat!(stringify!($first) $(, ", ", stringify!($rest))*)
    };
}

table_row! {
    /// A row of `deliveries`.
    pub struct DeliveryRow, columns DELIVERY_COLUMNS {
        pub id: DeliveryId,
        pub state: String,
        pub source: String,
        pub destination_id: DestinationId,
        pub destination_name: String,
        pub rule_id: Option<RuleId>,
        pub rule_name: Option<String>,
        pub action_index: Option<i64>,
        pub event_id: EventId,
        pub event_type: String,
        pub contact_id: Option<String>,
        pub contact_name: Option<String>,
        pub auth_id: Option<AuthId>,
        pub auth_kind: Option<String>,
        pub auth_name: Option<String>,
        pub replay_of: Option<DeliveryId>,
        pub method: String,
        pub url: String,
        pub headers: String,
        pub body: Option<String>,
        pub timeout_secs: i64,
        pub retry_policy: String,
        pub payload_expression: String,
        pub bindings: String,
        pub event_data: String,
        pub attempt_count: i64,
        pub scheduled_attempts: i64,
        pub manual_pending: i64,
        pub next_attempt_at: Option<i64>,
        pub last_category: Option<String>,
        pub last_http_status: Option<i64>,
        pub last_duration_ms: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
        /// Bumped by every change to the row (see migration 0010).
        pub revision: i64,
        /// Why a scheduled delivery waits with no due time (migration 0011); `None` when it
        /// is not held.
        pub hold_reason: Option<String>,
    }
}

fn corrupt(what: &str, id: &DeliveryId) -> AppError {
    AppError::internal(format!("delivery {id}: stored {what} is unreadable"))
}

impl DeliveryRow {
    pub fn headers(&self) -> AppResult<Vec<HeaderEntry>> {
        serde_json::from_str(&self.headers).map_err(|_| corrupt("headers", &self.id))
    }

    pub fn retry_policy(&self) -> AppResult<RetryPolicy> {
        serde_json::from_str(&self.retry_policy).map_err(|_| corrupt("retry policy", &self.id))
    }

    pub fn bindings(&self) -> AppResult<BTreeMap<String, String>> {
        serde_json::from_str(&self.bindings).map_err(|_| corrupt("bindings", &self.id))
    }

    pub fn summary(&self) -> AppResult<DeliverySummary> {
        Ok(DeliverySummary {
            id: self.id.clone(),
            state: DeliveryState::parse(&self.state).ok_or_else(|| corrupt("state", &self.id))?,
            source: DeliverySource::parse(&self.source),
            destination_id: self.destination_id.clone(),
            destination_name: self.destination_name.clone(),
            rule_id: self.rule_id.clone(),
            rule_name: self.rule_name.clone(),
            event_id: self.event_id.clone(),
            event_type: self.event_type.clone(),
            contact_id: self.contact_id.clone(),
            contact_name: self.contact_name.clone(),
            method: self.method.clone(),
            url: self.url.clone(),
            attempt_count: self.attempt_count.max(0) as u32,
            next_attempt_at: self.next_attempt_at,
            last_category: self
                .last_category
                .as_deref()
                .and_then(StatusCategory::parse),
            last_http_status: self.last_http_status.and_then(|s| u16::try_from(s).ok()),
            last_duration_ms: self.last_duration_ms,
            created_at: self.created_at,
            updated_at: self.updated_at,
            revision: self.revision.max(0) as u32,
            hold_reason: self.hold_reason.as_deref().and_then(HoldReason::parse),
        })
    }

    pub fn detail(
        &self,
        attempts: Vec<AttemptView>,
        auth_exists: bool,
        replays: Vec<ReplayLink>,
    ) -> AppResult<DeliveryDetail> {
        Ok(DeliveryDetail {
            summary: self.summary()?,
            headers: self.headers()?,
            body: self.body.clone(),
            auth: self.auth_id.as_ref().map(|id| DeliveryAuth {
                id: id.clone(),
                kind: self.auth_kind.clone(),
                name: self.auth_name.clone(),
                exists: auth_exists,
            }),
            timeout_secs: self.timeout_secs.clamp(1, 120) as u32,
            payload_expression: self.payload_expression.clone(),
            bindings: self.bindings()?,
            replay_of: self.replay_of.clone(),
            replays,
            attempts,
        })
    }
}

/// Every column of `attempts`, in table order.
pub const ATTEMPT_COLUMNS: &str =
    "id, delivery_id, number, trigger, started_at, completed_at, duration_ms, \
    category, cause, http_status, request_url, request_headers, response_headers, response_body, \
    response_body_size, error, hint, next_attempt_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: String,
    pub delivery_id: String,
    pub number: i64,
    pub trigger: String,
    pub started_at: i64,
    pub completed_at: Option<i64>,
    pub duration_ms: Option<i64>,
    pub category: Option<String>,
    pub cause: Option<String>,
    pub http_status: Option<i64>,
    pub request_url: Option<String>,
    pub request_headers: Option<String>,
    pub response_headers: Option<String>,
    pub response_body: Option<Vec<u8>>,
    pub response_body_size: Option<i64>,
    pub error: Option<String>,
    pub hint: Option<String>,
    pub next_attempt_at: Option<i64>,
}

fn header_list(json: Option<&str>) -> Vec<HeaderEntry> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

impl AttemptRow {
    pub fn view(self) -> AppResult<AttemptView> {
        Ok(AttemptView {
            id: self.id.parse::<AttemptId>()?,
            delivery_id: self.delivery_id.parse()?,
            number: self.number.max(0) as u32,
            trigger: if self.trigger == "manual" {
                AttemptTrigger::Manual
            } else {
                AttemptTrigger::Scheduled
            },
            started_at: self.started_at,
            completed_at: self.completed_at,
            duration_ms: self.duration_ms,
            category: self.category.as_deref().and_then(StatusCategory::parse),
            cause: self.cause,
            http_status: self.http_status.and_then(|s| u16::try_from(s).ok()),
            request_url: self.request_url,
            request_headers: header_list(self.request_headers.as_deref()),
            response_headers: header_list(self.response_headers.as_deref()),
            response_body_kept: self.response_body.as_ref().map_or(0, |b| b.len() as i64),
            response_body: self
                .response_body
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
            response_body_size: self.response_body_size,
            error: self.error,
            hint: self.hint,
            next_attempt_at: self.next_attempt_at,
        })
    }
}
