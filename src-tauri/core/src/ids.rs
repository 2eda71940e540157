//! Typed, prefixed ids (`dst_…`, `auth_…`): an id in a bug report says what it names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The next ULID of this process: later than every one before it, also within one millisecond.
/// `Ulid::new()` draws the low 80 bits at random, so ids made in the same millisecond (an
/// event's deliveries for several rules, a bulk retry's replays) would sort at random, and the
/// log, newest first by (created_at, id), would list them out of the order they were made.
fn next_ulid() -> ulid::Ulid {
    static GENERATOR: std::sync::Mutex<ulid::Generator> =
        std::sync::Mutex::new(ulid::Generator::new());
    let mut generator = GENERATOR.lock().unwrap_or_else(|p| p.into_inner());
    // Overflow needs 2^80 ids in one millisecond after an unlucky draw; a random one is still
    // unique, just not in order.
    generator.generate().unwrap_or_else(|_| ulid::Ulid::new())
}

/// Declares an id type with its prefix. The suffix is a ULID in lower case, so ids sort by
/// creation time, and within one millisecond in the order they were made.
macro_rules! prefixed_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
        #[serde(try_from = "String", into = "String")]
        #[ts(type = "string")]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            pub fn generate() -> Self {
                Self(format!("{}_{}", $prefix, next_ulid().to_string().to_lowercase()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = AppError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let valid = s
                    .strip_prefix(concat!($prefix, "_"))
                    .is_some_and(|rest| rest.len() == 26 && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
                if valid {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(AppError::validation(format!(
                        "\"{s}\" is not a valid id: expected \"{}_\" followed by 26 letters or digits",
                        $prefix
                    )))
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = AppError;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        // Stored as its text by both database drivers, and read back checked: a column of ids
        // is typed in Rust whichever driver reads it.
        impl sqlx::Type<sqlx::Sqlite> for $name {
            fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                <String as sqlx::Type<sqlx::Sqlite>>::type_info()
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, sqlx::Sqlite>>::encode_by_ref(&self.0, buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for $name {
            fn decode(
                value: <sqlx::Sqlite as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
                Ok(text.parse::<Self>().map_err(|e| e.message)?)
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.0.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e: AppError| rusqlite::types::FromSqlError::Other(e.message.into()))
            }
        }
    };
}

prefixed_id!(
    /// An API Auth config ("API Endpoints Auth").
    AuthId,
    "auth"
);
prefixed_id!(
    /// An API Destination.
    DestinationId,
    "dst"
);
prefixed_id!(
    /// A sample contact.
    ContactId,
    "ct"
);
prefixed_id!(
    /// An Event-Based Rule.
    RuleId,
    "rule"
);
prefixed_id!(
    /// An event that rules are matched against.
    EventId,
    "evt"
);
prefixed_id!(
    /// A delivery: one job of sending an event to a destination.
    DeliveryId,
    "dlv"
);
prefixed_id!(
    /// One HTTP try of a delivery.
    AttemptId,
    "att"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_carry_their_prefix_and_parse_back() {
        let id = DeliveryId::generate();
        assert!(id.as_str().starts_with("dlv_"));
        assert_eq!(id.as_str().len(), 4 + 26);
        let parsed: DeliveryId = id.as_str().parse().unwrap();
        assert_eq!(parsed, id);
    }

    #[test]
    fn ids_made_one_after_another_sort_in_that_order_within_a_millisecond() {
        // Thousands per millisecond: with random low bits these would sort at random.
        let ids: Vec<DeliveryId> = (0..20_000).map(|_| DeliveryId::generate()).collect();
        for pair in ids.windows(2) {
            assert!(
                pair[0].as_str() < pair[1].as_str(),
                "{} then {}",
                pair[0],
                pair[1]
            );
        }
        // One sequence for every kind: an attempt made after a delivery sorts after it too.
        let delivery = DeliveryId::generate();
        let attempt = AttemptId::generate();
        assert!(delivery.as_str()[4..] < attempt.as_str()[4..]);
    }

    #[test]
    fn an_id_of_another_kind_is_refused_with_a_message() {
        let dst = DestinationId::generate();
        let err = dst.as_str().parse::<AuthId>().unwrap_err();
        assert!(err.message.contains("auth_"), "{}", err.message);
    }

    #[test]
    fn ids_round_trip_through_json_and_reject_garbage() {
        let id = AuthId::generate();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<AuthId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<AuthId>("\"auth_x\"").is_err());
    }
}
