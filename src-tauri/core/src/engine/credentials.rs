//! Credentials at send time: read from the keyring inside the engine only, cached in memory
//! (invalidated when a config changes), and applied to a request — Basic, Bearer, API key,
//! OAuth 2.0 client credentials (token cached until expiry) and Standard Webhooks HMAC.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::SqlitePool;
use zeroize::Zeroizing;

use super::classify::{error_chain, Cause};
use super::mask_secrets::mask_secrets;
use crate::auth::{credential_slots, secret_key, AuthSettings, CredentialPlace, CredentialValue};
use crate::error::ErrorCode;
use crate::ids::AuthId;
use crate::secrets::{Secret, SecretError, SecretStore};

/// The most of a token answer that is read: a token answer is a small JSON object, and one
/// without a bound could fill memory.
pub const TOKEN_ANSWER_LIMIT: usize = 64 * 1024;

/// The longest a credential read waits for the keyring.
pub const KEYRING_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A config's settings with its secret, ready to sign requests.
pub struct Credentials {
    pub settings: AuthSettings,
    secret: Secret,
    token: tokio::sync::Mutex<Option<CachedToken>>,
}

struct CachedToken {
    value: Secret,
    /// Checked on both clocks: the monotonic one stops while the machine sleeps, so a token
    /// whose lifetime passed during a suspend is only seen as expired by the wall clock.
    expires: Instant,
    expires_wall: std::time::SystemTime,
}

impl CachedToken {
    fn is_fresh(&self) -> bool {
        self.expires > Instant::now() && self.expires_wall > std::time::SystemTime::now()
    }
}

/// Why credentials could not be had: an Auth Config Error with its cause.
#[derive(Debug, Clone)]
pub struct CredentialError {
    pub cause: Cause,
    pub message: String,
}

impl CredentialError {
    fn new(cause: Cause, message: impl Into<String>) -> Self {
        Self {
            cause,
            message: message.into(),
        }
    }
}

/// The keyring read once per config, then kept in memory.
pub struct CredentialCache {
    secrets: Arc<dyn SecretStore>,
    entries: Mutex<HashMap<AuthId, Arc<Credentials>>>,
    /// A read found the keyring locked or unreachable: until a probe gets an answer, reads are
    /// not tried (each would wait for an unlock prompt) and fail at once.
    locked: AtomicBool,
}

impl CredentialCache {
    pub fn new(secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            secrets,
            entries: Mutex::new(HashMap::new()),
            locked: AtomicBool::new(false),
        }
    }

    /// The keyring itself, for the probe that waits for it to answer again.
    pub fn store(&self) -> Arc<dyn SecretStore> {
        self.secrets.clone()
    }

    /// Marks the keyring locked (true) or answering again; returns what it was.
    pub fn set_locked(&self, locked: bool) -> bool {
        self.locked.swap(locked, Ordering::AcqRel)
    }

    /// Forgets a config (after it was edited, its secret replaced, or it was deleted).
    pub fn invalidate(&self, id: &AuthId) {
        self.lock().remove(id);
    }

    /// Forgets everything (after the machine slept: tokens are fetched again, not reused).
    pub fn forget_all(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<AuthId, Arc<Credentials>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn resolve(
        &self,
        pool: &SqlitePool,
        id: &AuthId,
    ) -> Result<Arc<Credentials>, CredentialError> {
        if let Some(found) = self.lock().get(id) {
            return Ok(found.clone());
        }
        let config = match crate::auth::load(pool, id).await {
            Ok(config) => config,
            Err(err) if err.code == ErrorCode::NotFound => {
                return Err(CredentialError::new(
                    Cause::AuthConfigDeleted,
                    format!("API Auth config {id} was deleted"),
                ))
            }
            Err(err) => return Err(CredentialError::new(Cause::Internal, err.message)),
        };
        if self.locked.load(Ordering::Acquire) {
            return Err(CredentialError::new(
                Cause::KeyringUnavailable,
                "The keyring is locked or not answering: the delivery waits until it answers again",
            ));
        }
        let field = config.settings.secret_fields()[0];
        let key = secret_key(id, field);
        let secrets = self.secrets.clone();
        // A locked keyring may wait for an unlock prompt nobody answers: the attempt gives up
        // rather than hold its destination's slot forever.
        // Asked first whether it is locked: a read of a locked keyring opens an unlock prompt
        // that a background sender cannot count on anyone answering; the delivery is held and
        // the notification tells the user instead.
        let read = tokio::time::timeout(
            KEYRING_READ_TIMEOUT,
            tokio::task::spawn_blocking(move || match secrets.answers(&key) {
                Ok(true) => secrets.get(&key),
                Ok(false) => Err(SecretError::Unavailable(
                    "The keyring is locked: unlock it and the delivery is sent".into(),
                )),
                Err(err) => Err(err),
            }),
        )
        .await
        .map_err(|_| {
            CredentialError::new(
                Cause::KeyringUnavailable,
                format!(
                    "The keyring did not answer within {} s (is it locked?)",
                    KEYRING_READ_TIMEOUT.as_secs()
                ),
            )
        })?
        .map_err(|e| CredentialError::new(Cause::Internal, format!("keyring task failed: {e}")))?;
        let secret = match read {
            Ok(Some(secret)) if !secret.is_empty() => secret,
            Ok(_) => {
                return Err(CredentialError::new(
                    Cause::SecretMissing,
                    format!(
                        "The {field} of API Auth config \"{}\" is not in the keyring",
                        config.name
                    ),
                ))
            }
            Err(SecretError::Unavailable(message)) | Err(SecretError::Failed(message)) => {
                return Err(CredentialError::new(Cause::KeyringUnavailable, message))
            }
        };
        let credentials = Arc::new(Credentials {
            settings: config.settings,
            secret,
            token: tokio::sync::Mutex::new(None),
        });
        self.lock().insert(id.clone(), credentials.clone());
        Ok(credentials)
    }
}

/// A request's credentials applied: headers and query parameters to add, the same with the
/// secret parts masked for the attempt record, and every secret value used (to mask wherever
/// the target or an error repeats it).
#[derive(Default)]
pub struct Applied {
    pub headers: Vec<(String, Zeroizing<String>)>,
    pub query: Option<(String, Zeroizing<String>)>,
    pub masked_headers: Vec<(String, String)>,
    secrets: Vec<Zeroizing<String>>,
}

impl Credentials {
    /// Signs one request. `message_id` is the delivery id (stable across retries, as Standard
    /// Webhooks asks); `body` the exact bytes sent.
    pub async fn apply(
        &self,
        client: &reqwest::Client,
        message_id: &str,
        body: &[u8],
        force_new_token: bool,
    ) -> Result<Applied, CredentialError> {
        let mut applied = Applied::default();
        // The config's own secret (password, token, key, client secret, HMAC secret) whatever
        // the kind: a target may echo it even where it was not sent as is.
        applied.secret(self.secret.expose());
        // Computed once per request: HMAC's three headers share one timestamp.
        let mut timestamp: Option<String> = None;
        for slot in credential_slots(&self.settings) {
            let value = match slot.value {
                CredentialValue::Basic => {
                    let AuthSettings::Basic { username } = &self.settings else {
                        return Err(CredentialError::new(Cause::Internal, "not a Basic config"));
                    };
                    let raw = Zeroizing::new(format!("{username}:{}", self.secret.expose()));
                    let encoded = Zeroizing::new(
                        base64::engine::general_purpose::STANDARD.encode(raw.as_bytes()),
                    );
                    applied.secret(&raw);
                    applied.secret(&encoded);
                    format!("Basic {}", encoded.as_str())
                }
                CredentialValue::Bearer if self.is_oauth() => {
                    let token = self.token(client, force_new_token).await?;
                    applied.secret(token.expose());
                    format!("Bearer {}", token.expose())
                }
                CredentialValue::Bearer => format!("Bearer {}", self.secret.expose()),
                CredentialValue::ApiKey => self.secret.expose().to_owned(),
                CredentialValue::WebhookId => message_id.to_owned(),
                CredentialValue::WebhookTimestamp => {
                    timestamp.get_or_insert_with(unix_seconds).clone()
                }
                CredentialValue::WebhookSignature => {
                    let timestamp = timestamp.get_or_insert_with(unix_seconds).clone();
                    let signature = Zeroizing::new(sign_standard_webhook(
                        self.secret.expose(),
                        message_id,
                        &timestamp,
                        body,
                    )?);
                    applied.secret(&signature);
                    format!("v1,{}", signature.as_str())
                }
            };
            let masked = slot.value.masked(&value);
            if masked != value {
                // The whole value as sent (`Basic …`, `v1,…`): never the id or timestamp.
                applied.secret(&value);
            }
            match slot.place {
                CredentialPlace::Header(name) => applied.push(&name, value, masked),
                CredentialPlace::Query(name) => applied.query = Some((name, Zeroizing::new(value))),
            }
        }
        Ok(applied)
    }

    pub fn is_oauth(&self) -> bool {
        matches!(self.settings, AuthSettings::OAuth2ClientCredentials { .. })
    }

    async fn token(
        &self,
        client: &reqwest::Client,
        force_new: bool,
    ) -> Result<Secret, CredentialError> {
        let mut cached = self.token.lock().await;
        if !force_new {
            if let Some(token) = cached.as_ref().filter(|t| t.is_fresh()) {
                return Ok(token.value.clone());
            }
        }
        let AuthSettings::OAuth2ClientCredentials {
            token_url,
            client_id,
            scope,
            audience,
        } = &self.settings
        else {
            return Err(CredentialError::new(Cause::Internal, "not an OAuth config"));
        };
        // Built in a block: the serializer is not Send and must not live across an await.
        let body = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "client_credentials");
            form.append_pair("client_id", client_id);
            form.append_pair("client_secret", self.secret.expose());
            if let Some(scope) = scope.as_deref().filter(|s| !s.is_empty()) {
                form.append_pair("scope", scope);
            }
            if let Some(audience) = audience.as_deref().filter(|s| !s.is_empty()) {
                form.append_pair("audience", audience);
            }
            Zeroizing::new(form.finish())
        };
        let failed = |message: String| CredentialError::new(Cause::TokenRequestFailed, message);
        let mut response = client
            .post(token_url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .body(body.as_bytes().to_vec())
            .timeout(Duration::from_secs(30))
            .send()
            .await
            // Without the URL: the error chain is stored with the attempt, and the token URL
            // is named once here.
            .map_err(|e| {
                failed(format!(
                    "token request to {token_url} failed: {}",
                    error_chain(&e.without_url())
                ))
            })?;
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            failed(format!(
                "token response unreadable: {}",
                error_chain(&e.without_url())
            ))
        })? {
            if bytes.len() + chunk.len() > TOKEN_ANSWER_LIMIT {
                return Err(failed(format!(
                    "the token URL's answer is larger than {} KiB, which no token answer needs; \
                     check that the token URL is the OAuth token endpoint",
                    TOKEN_ANSWER_LIMIT / 1024
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&bytes);
        if !status.is_success() {
            // The token URL may echo the form it got, client secret included.
            let masked = mask_secrets(&text, &[self.secret.expose()]);
            let excerpt: String = masked.chars().take(300).collect();
            return Err(failed(format!(
                "the token URL answered {}: {excerpt}",
                status.as_u16()
            )));
        }
        #[derive(serde::Deserialize)]
        struct TokenResponse {
            access_token: String,
            #[serde(default)]
            expires_in: Option<u64>,
        }
        let parsed: TokenResponse = serde_json::from_str(&text)
            .map_err(|e| failed(format!("the token URL's answer has no access_token ({e})")))?;
        // Renew a little early so a token never expires on the way.
        let lifetime = parsed.expires_in.unwrap_or(3600).saturating_sub(30).max(1);
        let token = Secret::new(parsed.access_token);
        *cached = Some(CachedToken {
            value: token.clone(),
            expires: Instant::now() + Duration::from_secs(lifetime),
            expires_wall: std::time::SystemTime::now() + Duration::from_secs(lifetime),
        });
        Ok(token)
    }
}

fn unix_seconds() -> String {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        .to_string()
}

impl Applied {
    fn push(&mut self, name: &str, value: String, masked: String) {
        self.headers.push((name.to_owned(), Zeroizing::new(value)));
        self.masked_headers.push((name.to_owned(), masked));
    }

    fn secret(&mut self, value: &str) {
        if !self.secrets.iter().any(|s| s.as_str() == value) {
            self.secrets.push(Zeroizing::new(value.to_owned()));
        }
    }

    /// Every secret value used for this request: each credential header value as sent, the
    /// query key, the config's secret, and the parts a target may repeat on their own (Basic's
    /// `user:password` and its base64, the OAuth access token, the HMAC signature). Not the
    /// HMAC id or timestamp, which are not secret.
    pub fn secret_values(&self) -> impl Iterator<Item = &str> {
        self.secrets.iter().map(|s| s.as_str())
    }
}

/// `base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))`. A `whsec_` secret is base64 of the
/// key, as Standard Webhooks prints them; any other secret is used as raw bytes.
pub fn sign_standard_webhook(
    secret: &str,
    message_id: &str,
    timestamp: &str,
    body: &[u8],
) -> Result<String, CredentialError> {
    let key: Zeroizing<Vec<u8>> = match secret.strip_prefix("whsec_") {
        Some(encoded) => Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map_err(|_| {
                    CredentialError::new(
                        Cause::SecretMissing,
                        "the HMAC secret starts with whsec_ but the rest is not base64",
                    )
                })?,
        ),
        None => Zeroizing::new(secret.as_bytes().to_vec()),
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|e| CredentialError::new(Cause::Internal, e.to_string()))?;
    mac.update(message_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_webhooks_reference_signature() {
        // The example from the Standard Webhooks specification's reference libraries.
        let signature = sign_standard_webhook(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            br#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(signature, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
