//! `apidest auth …`: API Auth configs through the same core functions as the app. Secret
//! values go to the keyring only, read from stdin or a prompt by `set-secret` (or from an
//! input document on stdin/a file), never from argv.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use apidest_core::auth::{
    create_auth_config, delete_auth_config, get_auth_config, list_auth_configs, update_auth_config,
    AuthConfigInput, AuthConfigView,
};
use apidest_core::destinations::destinations_using_auth;
use apidest_core::identity::AppIdentity;
use apidest_core::secrets::{KeyringStore, SecretStore};
use apidest_core::store::Database;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{json, Value};

use crate::args::DataArgs;
use crate::data::{fail, open};
use crate::manage_io::{build_then, flags, pick, pretty, read_secret, to_value};

#[derive(Subcommand)]
pub enum AuthCommand {
    /// Every API Auth config, by name, with which secrets are set (never their values).
    List(JsonFlag),
    /// One config as JSON (the app's AuthConfigView: each secret's mask, never its value).
    Show(Target),
    /// Create a config from flags and/or --from (the app's AuthConfigInput as JSON).
    Create(AuthFields),
    /// Change a config: only what is given changes; its secrets stay.
    Update(UpdateAuth),
    /// Delete a config and its secrets (--force when destinations still use it).
    Delete(DeleteAuth),
    /// Store one secret field (e.g. token) in the keyring, read from stdin or a prompt.
    SetSecret(SetSecret),
}

#[derive(Args)]
pub struct JsonFlag {
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct Target {
    /// The config's name or id (auth_…).
    pub auth: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct DeleteAuth {
    /// The config's name or id (auth_…).
    pub auth: String,
    /// Delete it even though destinations use it (they will fail until given another).
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct UpdateAuth {
    /// The config's name or id (auth_…).
    pub auth: String,
    #[command(flatten)]
    pub fields: AuthFields,
}

#[derive(Args)]
pub struct SetSecret {
    /// The config's name or id (auth_…).
    pub auth: String,
    /// The secret field: password (basic), token (bearer), value (api_key),
    /// client_secret (oauth2_client_credentials) or secret (hmac).
    pub field: String,
    /// Read the value from this environment variable instead of stdin (only when asked:
    /// the environment is easier to leak than a pipe).
    #[arg(long, value_name = "VAR")]
    pub from_env: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Basic,
    Bearer,
    #[value(name = "api_key", alias = "api-key")]
    ApiKey,
    #[value(name = "oauth2_client_credentials", alias = "oauth2")]
    OAuth2,
    Hmac,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Placement {
    Header,
    Query,
}

#[derive(Args)]
pub struct AuthFields {
    /// A JSON file (or - for stdin) in the app's AuthConfigInput shape:
    /// {"name", "settings": {"kind", …}, "secrets": {"token": …}}; flags win over it.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// basic: the user name.
    #[arg(long)]
    pub username: Option<String>,
    /// api_key: where the key goes.
    #[arg(long, value_enum)]
    pub placement: Option<Placement>,
    /// api_key: the header or query parameter name, e.g. X-API-Key.
    #[arg(long)]
    pub key_name: Option<String>,
    /// oauth2_client_credentials: the token URL.
    #[arg(long)]
    pub token_url: Option<String>,
    #[arg(long)]
    pub client_id: Option<String>,
    #[arg(long)]
    pub scope: Option<String>,
    #[arg(long)]
    pub audience: Option<String>,
    /// hmac: the header names.
    #[arg(long)]
    pub id_header: Option<String>,
    #[arg(long)]
    pub timestamp_header: Option<String>,
    #[arg(long)]
    pub signature_header: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// The keyring the app uses for this kind of build.
pub fn secret_store() -> Arc<dyn SecretStore> {
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    Arc::new(KeyringStore::new(identity.keyring_service()))
}

pub async fn run(args: &DataArgs, command: AuthCommand) -> Result<String, String> {
    let db = open(args).await?;
    match command {
        AuthCommand::List(JsonFlag { json }) => {
            let all = list_auth_configs(&db.pool).await.map_err(fail)?;
            if json {
                return pretty(&all);
            }
            Ok(table(&all))
        }
        AuthCommand::Show(target) => {
            let found = find(&db, &target.auth).await?;
            let view = get_auth_config(&db.pool, secret_store(), &found.id)
                .await
                .map_err(fail)?;
            pretty(&view)
        }
        AuthCommand::Create(fields) => {
            let json = fields.json;
            if fields.kind.is_none() && fields.from.is_none() {
                return Err("apidest: give the kind with --kind (basic, bearer, api_key, oauth2_client_credentials, hmac) or the whole config with --from FILE".into());
            }
            let input = input_from(json!({ "name": "" }), fields)?;
            let created = create_auth_config(&db.pool, secret_store(), input)
                .await
                .map_err(fail)?;
            done(json, "Created", &created)
        }
        AuthCommand::Update(update) => {
            let json = update.fields.json;
            let current = find(&db, &update.auth).await?;
            let start = json!({ "name": current.name, "settings": to_value(&current.settings)? });
            let input = input_from(start, update.fields)?;
            let updated = update_auth_config(&db.pool, secret_store(), &current.id, input)
                .await
                .map_err(fail)?;
            done(json, "Updated", &updated)
        }
        AuthCommand::Delete(delete) => {
            let found = find(&db, &delete.auth).await?;
            let users = destinations_using_auth(&db.pool, &found.id)
                .await
                .map_err(fail)?;
            if !users.is_empty() && !delete.force {
                return Err(format!(
                    "apidest: \"{}\" is used by {}; give them another auth first, or add --force to delete it anyway (their deliveries will fail until then)",
                    found.name,
                    users.join(", ")
                ));
            }
            delete_auth_config(&db.pool, secret_store(), &found.id)
                .await
                .map_err(fail)?;
            if delete.json {
                return pretty(&json!({ "deleted": found.id }));
            }
            Ok(format!(
                "Deleted API Auth config {} \"{}\"",
                found.id, found.name
            ))
        }
        AuthCommand::SetSecret(set) => set_secret(&db, set).await,
    }
}

async fn set_secret(db: &Database, set: SetSecret) -> Result<String, String> {
    let found = find(db, &set.auth).await?;
    let fields = found.settings.secret_fields();
    if !fields.contains(&set.field.as_str()) {
        return Err(format!(
            "apidest: \"{}\" is not a secret of {} auth; expected {}",
            set.field,
            found.settings.kind(),
            fields.join(", ")
        ));
    }
    let secret = read_secret(
        &format!("{} for \"{}\" (not shown): ", set.field, found.name),
        set.from_env.as_deref(),
    )?;
    // The app's own update: same name and settings, one secret replaced.
    let input = AuthConfigInput {
        name: found.name.clone(),
        settings: found.settings.clone(),
        secrets: BTreeMap::from([(set.field.clone(), secret)]),
    };
    let updated = update_auth_config(&db.pool, secret_store(), &found.id, input)
        .await
        .map_err(fail)?;
    if set.json {
        return pretty(&updated);
    }
    Ok(format!(
        "Stored the {} of {} \"{}\" in the keyring",
        set.field, updated.id, updated.name
    ))
}

fn done(json: bool, verb: &str, view: &AuthConfigView) -> Result<String, String> {
    if json {
        return pretty(view);
    }
    let missing: Vec<&str> = view
        .secrets
        .iter()
        .filter(|s| !s.set)
        .map(|s| s.field.as_str())
        .collect();
    let mut line = format!("{verb} API Auth config {} \"{}\"", view.id, view.name);
    if !missing.is_empty() {
        line.push_str(&format!(
            "\nSecret needed: apidest auth set-secret \"{}\" {}   (reads it from stdin)",
            view.name,
            missing.join(" / ")
        ));
    }
    Ok(line)
}

/// A config by name (any case) or id.
pub async fn find(db: &Database, wanted: &str) -> Result<AuthConfigView, String> {
    let all = list_auth_configs(&db.pool).await.map_err(fail)?;
    pick(
        &all,
        wanted,
        "API Auth config",
        |a| a.id.as_str(),
        |a| vec![a.name.clone()],
    )
    .cloned()
}

fn input_from(start: Value, fields: AuthFields) -> Result<AuthConfigInput, String> {
    let kind = fields.kind.map(|k| {
        Value::from(match k {
            Kind::Basic => "basic",
            Kind::Bearer => "bearer",
            Kind::ApiKey => "api_key",
            Kind::OAuth2 => "oauth2_client_credentials",
            Kind::Hmac => "hmac",
        })
    });
    let placement = fields.placement.map(|p| {
        Value::from(match p {
            Placement::Header => "header",
            Placement::Query => "query",
        })
    });
    let settings = flags(vec![
        ("kind", kind),
        ("username", fields.username.map(Value::from)),
        ("placement", placement),
        ("name", fields.key_name.map(Value::from)),
        ("token_url", fields.token_url.map(Value::from)),
        ("client_id", fields.client_id.map(Value::from)),
        ("scope", fields.scope.map(Value::from)),
        ("audience", fields.audience.map(Value::from)),
        ("id_header", fields.id_header.map(Value::from)),
        ("timestamp_header", fields.timestamp_header.map(Value::from)),
        ("signature_header", fields.signature_header.map(Value::from)),
    ]);
    let settings = settings
        .as_object()
        .is_some_and(|o| !o.is_empty())
        .then_some(settings);
    let given = flags(vec![
        ("name", fields.name.map(Value::from)),
        ("settings", settings),
    ]);
    build_then(
        start,
        fields.from.as_deref(),
        given,
        "API Auth config",
        blank_fields,
    )
}

/// A field of the kind left out is blank, so the core's check names it ("Username is
/// required") as the app's form does, rather than a parser's "missing field".
fn blank_fields(input: &mut Value) {
    let Some(settings) = input.get_mut("settings").and_then(Value::as_object_mut) else {
        return;
    };
    let fields: &[(&str, &str)] = match settings.get("kind").and_then(Value::as_str) {
        Some("basic") => &[("username", "")],
        Some("api_key") => &[("placement", "header"), ("name", "")],
        Some("oauth2_client_credentials") => &[("token_url", ""), ("client_id", "")],
        Some("hmac") => &[
            ("id_header", ""),
            ("timestamp_header", ""),
            ("signature_header", ""),
        ],
        _ => &[],
    };
    for (field, blank) in fields {
        settings
            .entry(*field)
            .or_insert_with(|| Value::from(*blank));
    }
}

fn table(all: &[AuthConfigView]) -> String {
    if all.is_empty() {
        return "No API Auth configs yet: create one with `apidest auth create`".into();
    }
    all.iter()
        .map(|a| {
            let secrets: Vec<String> = a
                .secrets
                .iter()
                .map(|s| format!("{} {}", s.field, if s.set { "set" } else { "NOT SET" }))
                .collect();
            format!(
                "{}  {}  {}  ({})",
                a.id,
                a.name,
                a.settings.kind(),
                secrets.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
