//! Dates: `now()` and `format_date(date, format)`. Dates are RFC 3339 texts (as every
//! timestamp in the context is), plain `YYYY-MM-DD` dates, or Unix seconds.

use jmespath::functions::ArgumentType;
use jmespath::{Rcvar, Runtime, Variable};
use serde_json::Number;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::{bad_value, null, register, string};

pub(super) fn register_all(runtime: &mut Runtime) {
    register(
        runtime,
        "now",
        vec![],
        None,
        Box::new(|_, _| {
            let now = OffsetDateTime::now_utc();
            let now = now.replace_nanosecond(0).unwrap_or(now);
            Ok(string(now.format(&Rfc3339).unwrap_or_default()))
        }),
    );
    register(
        runtime,
        "format_date",
        vec![
            ArgumentType::Union(vec![
                ArgumentType::String,
                ArgumentType::Number,
                ArgumentType::Null,
            ]),
            ArgumentType::String,
        ],
        None,
        Box::new(|args, ctx| {
            if args[0].is_null() {
                return Ok(null());
            }
            let Some(date) = parse_date(&args[0]) else {
                return Err(bad_value(
                    ctx,
                    0,
                    "a date such as '2026-11-27T10:00:00Z', '2026-11-27' or Unix seconds",
                    &args[0],
                ));
            };
            let format = args[1].as_string().map(String::as_str).unwrap_or_default();
            match format {
                "unix" => Ok(Rcvar::new(Variable::Number(Number::from(
                    date.unix_timestamp(),
                )))),
                "unix_ms" => Ok(Rcvar::new(Variable::Number(Number::from(
                    (date.unix_timestamp_nanos() / 1_000_000) as i64,
                )))),
                "rfc3339" => Ok(string(date.format(&Rfc3339).unwrap_or_default())),
                strftime => {
                    let items = time::format_description::parse_strftime_borrowed(strftime)
                        .map_err(|e| {
                            bad_value(
                                ctx,
                                1,
                                &format!("a format such as '%Y-%m-%d', 'rfc3339' or 'unix' ({e})"),
                                &args[1],
                            )
                        })?;
                    date.format(&items).map(string).map_err(|e| {
                        bad_value(
                            ctx,
                            1,
                            &format!("a format this date can fill ({e})"),
                            &args[1],
                        )
                    })
                }
            }
        }),
    );
}

fn parse_date(value: &Rcvar) -> Option<OffsetDateTime> {
    match &**value {
        Variable::Number(n) => {
            let seconds = n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f.trunc() as i64))?;
            OffsetDateTime::from_unix_timestamp(seconds).ok()
        }
        Variable::String(text) => {
            let text = text.trim();
            OffsetDateTime::parse(text, &Rfc3339).ok().or_else(|| {
                Date::parse(text, format_description!("[year]-[month]-[day]"))
                    .ok()
                    .map(|d| d.midnight().assume_utc())
            })
        }
        _ => None,
    }
}
