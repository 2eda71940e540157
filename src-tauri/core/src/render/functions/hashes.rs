//! Hashes APIs match people by: `sha256` (Meta Conversions API, Google Customer Match) and
//! `md5` (Mailchimp's subscriber hash), as lower-case hexadecimal.

use md5::Md5;
use sha2::{Digest as _, Sha256};

use jmespath::Runtime;

use super::{null, register, string, text_or_null};

pub(super) fn register_all(runtime: &mut Runtime) {
    register(
        runtime,
        "sha256",
        vec![text_or_null()],
        None,
        Box::new(|args, _| {
            Ok(match args[0].as_string() {
                Some(text) => string(hex(&Sha256::digest(text.as_bytes()))),
                None => null(),
            })
        }),
    );
    register(
        runtime,
        "md5",
        vec![text_or_null()],
        None,
        Box::new(|args, _| {
            Ok(match args[0].as_string() {
                Some(text) => string(hex(&md5_digest(text.as_bytes()))),
                None => null(),
            })
        }),
    );
}

fn md5_digest(bytes: &[u8]) -> [u8; 16] {
    use md5::Digest as _;
    Md5::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}
