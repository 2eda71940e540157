//! Identifiers: `uuid()` (a random version 4 UUID, e.g. for an idempotency key) and
//! `phone_e164(text, region?)`, which writes a phone number as E.164 (`+442079304832`) using
//! libphonenumber's metadata; a number without a country code is read in `region`.

use jmespath::functions::ArgumentType;
use jmespath::Runtime;
use phonenumber::country::Id;
use phonenumber::Mode;

use super::{bad_value, null, register, string, text_or_null};

pub(super) fn register_all(runtime: &mut Runtime) {
    register(
        runtime,
        "uuid",
        vec![],
        None,
        Box::new(|_, _| Ok(string(uuid::Uuid::new_v4().to_string()))),
    );
    register(
        runtime,
        "phone_e164",
        vec![text_or_null()],
        Some(ArgumentType::String),
        Box::new(|args, ctx| {
            if args.len() > 2 {
                return Err(jmespath::JmespathError::from_ctx(
                    ctx,
                    jmespath::ErrorReason::Runtime(jmespath::RuntimeError::TooManyArguments {
                        expected: 2,
                        actual: args.len(),
                    }),
                ));
            }
            let region = match args.get(1) {
                Some(region) => {
                    let code = region.as_string().map(|s| s.trim().to_ascii_uppercase());
                    match code.as_deref().and_then(|c| c.parse::<Id>().ok()) {
                        Some(id) => Some(id),
                        None => {
                            return Err(bad_value(
                                ctx,
                                1,
                                "a two-letter region code such as 'GB', 'US' or 'FR'",
                                region,
                            ))
                        }
                    }
                }
                None => None,
            };
            let Some(text) = args[0].as_string() else {
                return Ok(null());
            };
            // A number that cannot be read or is not a valid number gives null, so that
            // coalesce() or a condition can deal with it rather than failing the request.
            Ok(match phonenumber::parse(region, text) {
                Ok(number) if phonenumber::is_valid(&number) => {
                    string(number.format().mode(Mode::E164).to_string())
                }
                _ => null(),
            })
        }),
    );
}
