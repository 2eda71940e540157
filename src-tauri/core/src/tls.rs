//! The one TLS crypto provider of the process: ring, for reqwest and the local test servers.
//!
//! reqwest is built without a provider of its own (its default, aws-lc-rs, would be a second
//! crypto stack to compile), so a client may only be built once this has run.

use std::sync::Once;

/// Makes ring the process's default rustls provider. Idempotent and cheap after the first call.
pub fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Err means another provider was installed first (by an embedding program): keep it.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A reqwest client builder that can be built: the provider is installed first.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_builds_and_ring_is_the_provider() {
        super::client_builder().build().expect("client");
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
