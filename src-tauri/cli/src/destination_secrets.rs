//! Secrets typed into a destination's static headers or endpoint query rather than API Auth, by
//! the app's rule (`static_secrets`): a warning when they arrive on the command line, masked
//! in everything `apidest destinations` prints, and a mask given back as a value put back to
//! the stored value (so `show --json` edited and fed to `update --from` keeps the secret).

use apidest_core::destinations::static_secrets::{
    drop_masked_query, fill, find_static_secrets, is_masked_header, mask_endpoint, mask_headers,
    StaticSecretPlace, SuggestedAuth,
};
use apidest_core::destinations::{DestinationInput, DestinationView};

/// The view as printed: static secret values masked as the app masks them in stored copies.
pub fn masked(view: &DestinationView) -> DestinationView {
    let mut view = view.clone();
    view.input.endpoint = view.shown_endpoint.clone();
    view.input.headers = mask_headers(&view.input.headers);
    view
}

/// The warning for secrets given in `--header` (when `headers_from_argv`) or `--endpoint`
/// (when `endpoint_from_argv`): which ones, why argv is the wrong place, and where they go.
/// Asked before [`unmask`]: a mask given back (as `show` printed it) is no secret.
pub fn argv_warning(
    input: &DestinationInput,
    headers_from_argv: bool,
    endpoint_from_argv: bool,
) -> Option<String> {
    let (_, masked_query) = drop_masked_query(&input.endpoint);
    let found: Vec<_> = find_static_secrets(&input.headers, &input.endpoint)
        .into_iter()
        .filter(|s| match s.place {
            StaticSecretPlace::Header => {
                headers_from_argv
                    && s.index
                        .and_then(|i| input.headers.get(i as usize))
                        .is_some_and(|h| !is_masked_header(h))
            }
            StaticSecretPlace::Query => endpoint_from_argv && !masked_query.contains(&s.name),
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    let mut text = String::from(
        "apidest: warning: a secret was given on the command line, which every process on this \
         machine can read (and your shell may keep in its history):",
    );
    for secret in &found {
        let (place, flag) = match secret.place {
            StaticSecretPlace::Header => ("header", "--header"),
            StaticSecretPlace::Query => ("query parameter", "--endpoint"),
        };
        let (kind, field) = match secret.suggested {
            SuggestedAuth::Bearer => ("bearer".to_owned(), "token"),
            SuggestedAuth::Basic => ("basic --username USER".to_owned(), "password"),
            SuggestedAuth::ApiKeyHeader => (
                format!("api_key --placement header --key-name '{}'", secret.name),
                "value",
            ),
            SuggestedAuth::ApiKeyQuery => (
                format!("api_key --placement query --key-name '{}'", secret.name),
                "value",
            ),
        };
        text.push_str(&format!(
            "\n  {place} \"{}\" ({flag}): keep it in API Auth instead, its value read from stdin:\n    \
             apidest auth create --name NAME --kind {kind}\n    \
             apidest auth set-secret NAME {field}\n  \
             then give this destination --auth NAME and drop the {place}.",
            secret.name
        ));
    }
    Some(text)
}

/// Puts back the stored value of each masked static secret in `input` (the n-th masked header of
/// a name takes the n-th stored one), from `current` on update. A mask with no stored value
/// behind it (always so on create) is refused: it would be sent as the mask.
pub fn unmask(
    input: &mut DestinationInput,
    current: Option<&DestinationInput>,
) -> Result<(), String> {
    let masked_headers: Vec<String> = input
        .headers
        .iter()
        .filter(|h| is_masked_header(h))
        .map(|h| h.name.clone())
        .collect();
    let (_, masked_query) = drop_masked_query(&input.endpoint);
    if masked_headers.is_empty() && masked_query.is_empty() {
        return Ok(());
    }
    let refused = |what: &str| {
        format!(
            "apidest: the {what} holds the mask \"••••\" (as `show` prints it), not a value, and \
             this destination has no stored value for it: give the real value, or leave it out"
        )
    };
    let Some(current) = current else {
        return Err(match masked_headers.first() {
            Some(name) => refused(&format!("header \"{name}\"")),
            None => refused(&format!("query parameter \"{}\"", masked_query[0])),
        });
    };
    let filled = fill(
        &input.endpoint,
        &input.headers,
        &current.endpoint,
        &current.headers,
    );
    // `fill` leaves out what it cannot fill; here that is an error naming it.
    let (_, filled_secrets) = drop_masked_query(&mask_endpoint(&filled.url));
    if let Some(name) = masked_query.iter().find(|n| !filled_secrets.contains(n)) {
        return Err(refused(&format!("query parameter \"{name}\"")));
    }
    if filled.headers.len() < input.headers.len() {
        let kept = |name: &str| {
            filled.headers.iter().filter(|h| h.name == name).count()
                >= input.headers.iter().filter(|h| h.name == name).count()
        };
        let name = masked_headers
            .iter()
            .find(|n| !kept(n))
            .cloned()
            .unwrap_or_default();
        return Err(refused(&format!("header \"{name}\"")));
    }
    input.endpoint = filled.url;
    input.headers = filled.headers;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use apidest_core::destinations::HeaderEntry;

    fn header(name: &str, value: &str) -> HeaderEntry {
        HeaderEntry {
            name: name.into(),
            value: value.into(),
        }
    }

    fn input(endpoint: &str, headers: Vec<HeaderEntry>) -> DestinationInput {
        let mut input = DestinationInput::blank();
        input.endpoint = endpoint.into();
        input.headers = headers;
        input
    }

    #[test]
    fn a_shown_destination_fed_back_keeps_its_secrets() {
        let stored = input(
            "https://x.test/a?api_key=k-123&list=1",
            vec![
                header("Authorization", "Bearer t-456"),
                header("X-Team", "g"),
            ],
        );
        let mut edited = input(
            &mask_endpoint(&stored.endpoint),
            mask_headers(&stored.headers),
        );
        assert!(edited.endpoint.contains("••••"));
        unmask(&mut edited, Some(&stored)).unwrap();
        assert_eq!(edited.endpoint, stored.endpoint);
        assert_eq!(edited.headers, stored.headers);
    }

    #[test]
    fn a_mask_with_nothing_behind_it_is_refused_by_name() {
        let mut new = input("https://x.test/a", vec![header("X-Api-Key", "••••")]);
        let err = unmask(&mut new, None).unwrap_err();
        assert!(err.contains("header \"X-Api-Key\""), "{err}");
        let stored = input("https://x.test/a", vec![]);
        let mut edited = input("https://x.test/a?token=••••", vec![]);
        let err = unmask(&mut edited, Some(&stored)).unwrap_err();
        assert!(err.contains("query parameter \"token\""), "{err}");
    }

    #[test]
    fn the_warning_names_only_what_came_from_argv() {
        let given = input(
            "https://x.test/a?api_key=k-123",
            vec![header("Authorization", "Bearer t-456")],
        );
        let both = argv_warning(&given, true, true).unwrap();
        assert!(both.contains("header \"Authorization\""), "{both}");
        assert!(both.contains("--kind bearer"), "{both}");
        assert!(both.contains("query parameter \"api_key\""), "{both}");
        assert!(!both.contains("t-456") && !both.contains("k-123"), "{both}");
        let headers_only = argv_warning(&given, true, false).unwrap();
        assert!(!headers_only.contains("api_key"), "{headers_only}");
        assert_eq!(argv_warning(&given, false, false), None);
        let shown = input(
            &mask_endpoint(&given.endpoint),
            mask_headers(&given.headers),
        );
        assert_eq!(
            argv_warning(&shown, true, true),
            None,
            "a mask is no secret"
        );
    }
}
