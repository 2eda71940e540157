//! Masks every secret value used for an attempt in the texts and bytes stored about it (error,
//! hint, URL, headers, response body): a target that echoes the request, a redirect that repeats
//! the query, or an error that names the URL must never put a credential on disk.

use zeroize::Zeroizing;

use crate::auth::MASK;

/// Secrets shorter than this are not searched for: masking every `ab` in a body would hide the
/// answer and protect nothing a guess would not find.
pub const MIN_SECRET_LEN: usize = 4;

/// The values to search for, longest first, each with the forms it takes when a target echoes
/// it: as sent, percent-encoded (a query string, a `Location`), JSON-escaped (`\/`, `\"`).
#[derive(Default)]
pub struct SecretSet {
    values: Vec<Zeroizing<String>>,
}

impl SecretSet {
    /// Adds one secret value and its echoed forms; short and empty values are skipped.
    pub fn add(&mut self, secret: &str) {
        if secret.len() < MIN_SECRET_LEN {
            return;
        }
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let path_encoded =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let json = serde_json::to_string(secret).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or(secret);
        let slashes = json.replace('/', "\\/");
        for form in [secret, &encoded, &path_encoded, json, &slashes] {
            if !self.values.iter().any(|v| v.as_str() == form) {
                self.values.push(Zeroizing::new(form.to_owned()));
            }
        }
        // Longest first: a secret that contains another is masked whole.
        self.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with every secret replaced by the mask.
    pub fn mask(&self, text: &str) -> String {
        let bytes = self.mask_bytes(text.as_bytes());
        // Replacing whole UTF-8 sequences by the (UTF-8) mask keeps the text valid.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// `bytes` with every secret replaced by the mask, wherever it is: the body may not be
    /// UTF-8 around it.
    pub fn mask_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for secret in &self.values {
            out = replace_bytes(&out, secret.as_bytes(), MASK.as_bytes());
        }
        out
    }

    /// Like [`mask_bytes`](Self::mask_bytes) for a body cut at the kept size: a secret cut in
    /// two by the cut is masked too (its first part would otherwise remain).
    pub fn mask_truncated(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = self.mask_bytes(bytes);
        let tail = self
            .values
            .iter()
            .filter_map(|secret| {
                let s = secret.as_bytes();
                (MIN_SECRET_LEN..s.len())
                    .rev()
                    .find(|&n| out.ends_with(&s[..n]))
            })
            .max();
        if let Some(n) = tail {
            out.truncate(out.len() - n);
            out.extend_from_slice(MASK.as_bytes());
        }
        out
    }
}

/// One small pure function: `text` with each of `secrets` (longest first, short ones skipped)
/// replaced by the mask.
pub fn mask_secrets(text: &str, secrets: &[&str]) -> String {
    let mut set = SecretSet::default();
    for secret in secrets {
        set.add(secret);
    }
    set.mask(text)
}

fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_is_masked() {
        assert_eq!(
            mask_secrets("a s3cret b s3cret", &["s3cret"]),
            "a •••• b ••••"
        );
    }

    #[test]
    fn the_longest_secret_is_masked_whole() {
        // `alice:pw-long` contains `pw-long`: masked whole, not as `alice:••••`.
        assert_eq!(
            mask_secrets("x alice:pw-long y pw-long", &["pw-long", "alice:pw-long"]),
            "x •••• y ••••"
        );
    }

    #[test]
    fn short_and_empty_values_are_not_searched() {
        assert_eq!(mask_secrets("abc abc", &["", "abc"]), "abc abc");
    }

    #[test]
    fn encoded_and_json_escaped_forms_are_masked() {
        let secret = "k/e+y=1 2";
        assert_eq!(
            mask_secrets("?api_key=k%2Fe%2By%3D1+2", &[secret]),
            "?api_key=••••"
        );
        assert_eq!(
            mask_secrets(r#"{"a":"k\/e+y=1 2"}"#, &[secret]),
            r#"{"a":"••••"}"#
        );
        assert_eq!(mask_secrets("/p/k%2Fe%2By%3D1%202", &[secret]), "/p/••••");
    }

    #[test]
    fn bytes_around_a_secret_need_not_be_utf8() {
        let mut set = SecretSet::default();
        set.add("t0ken-value");
        let body = [&[0xff, 0xfe][..], b"t0ken-value", &[0x80]].concat();
        let masked = set.mask_bytes(&body);
        assert_eq!(
            masked,
            [&[0xff, 0xfe][..], MASK.as_bytes(), &[0x80]].concat()
        );
    }

    #[test]
    fn a_secret_cut_by_the_kept_size_is_masked() {
        let mut set = SecretSet::default();
        set.add("t0ken-value");
        assert_eq!(
            set.mask_truncated(b"echo: t0ken-v"),
            "echo: ••••".as_bytes()
        );
        // A tail shorter than the minimum is left: it is not recognisably the secret.
        assert_eq!(set.mask_truncated(b"echo: t0k"), b"echo: t0k");
    }

    #[test]
    fn text_stays_utf8() {
        assert_eq!(mask_secrets("é t0ken é", &["t0ken"]), "é •••• é");
    }
}
