//! The ready-made "Sandbox" destination: created the first time the sandbox is switched on
//! (again if the user deleted it), and kept pointing at the sandbox's port.

use sqlx::SqlitePool;

use super::server::KEY_HEADER;
use super::SETTING_DESTINATION;
use crate::destinations::{
    create_destination, get_destination, list_destinations, update_destination, DestinationInput,
    DestinationView, HeaderEntry, HttpMethod,
};
use crate::error::{AppResult, ErrorCode};
use crate::ids::DestinationId;
use crate::store::settings;

pub const SANDBOX_DESTINATION_NAME: &str = "Sandbox";

/// Where the sandbox receives on `port`: the sample contacts all have
/// `custom_attributes.email`, so `{email}` binds without any typing.
pub fn sandbox_endpoint(port: u16) -> String {
    format!("{}/contacts/{{email}}", origin(port))
}

fn origin(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// The remembered Sandbox destination if it still exists, without creating anything.
pub(crate) async fn existing(pool: &SqlitePool) -> AppResult<Option<DestinationView>> {
    let Some(id) = settings::get(pool, SETTING_DESTINATION).await? else {
        return Ok(None);
    };
    let Ok(id) = id.parse::<DestinationId>() else {
        return Ok(None);
    };
    match get_destination(pool, &id).await {
        Ok(view) => Ok(Some(view)),
        Err(err) if err.code == ErrorCode::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// Makes sure the Sandbox destination exists, points at `port` and carries this run's `key`;
/// every other destination that carries the key header (a copy of the Sandbox destination
/// sending to another path, say) gets the new key too. Returns the Sandbox destination's id.
pub(crate) async fn ensure(pool: &SqlitePool, port: u16, key: &str) -> AppResult<DestinationId> {
    let view = match existing(pool).await? {
        Some(view) => view,
        None => match adoptable(pool).await? {
            Some(view) => view,
            None => create(pool, port, key).await?,
        },
    };
    settings::set(pool, SETTING_DESTINATION, view.id.as_str()).await?;
    let mut input = view.input.clone();
    if let Some(endpoint) = repointed(&view.input.endpoint, port) {
        input.endpoint = endpoint;
    }
    with_key(&mut input.headers, key);
    if input != view.input {
        update_destination(pool, &view.id, input).await?;
    }
    for other in list_destinations(pool).await? {
        if other.id == view.id || !carries_key(&other.input.headers) {
            continue;
        }
        let mut input = other.input.clone();
        with_key(&mut input.headers, key);
        if input != other.input {
            update_destination(pool, &other.id, input).await?;
        }
    }
    Ok(view.id)
}

fn carries_key(headers: &[HeaderEntry]) -> bool {
    headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case(KEY_HEADER))
}

/// Sets the key header to `key`, adding it when missing.
fn with_key(headers: &mut Vec<HeaderEntry>, key: &str) {
    match headers
        .iter_mut()
        .find(|h| h.name.eq_ignore_ascii_case(KEY_HEADER))
    {
        Some(header) => header.value = key.to_owned(),
        None => headers.push(HeaderEntry {
            name: KEY_HEADER.to_owned(),
            value: key.to_owned(),
        }),
    }
}

/// A destination named "Sandbox" that already sends to this machine (its id was forgotten,
/// e.g. after a configuration import): reuse it rather than fail on the name.
async fn adoptable(pool: &SqlitePool) -> AppResult<Option<DestinationView>> {
    Ok(list_destinations(pool).await?.into_iter().find(|d| {
        d.input.name.eq_ignore_ascii_case(SANDBOX_DESTINATION_NAME)
            && d.input.endpoint.starts_with("http://127.0.0.1:")
    }))
}

async fn create(pool: &SqlitePool, port: u16, key: &str) -> AppResult<DestinationView> {
    let taken: Vec<String> = list_destinations(pool)
        .await?
        .into_iter()
        .map(|d| d.input.name.to_lowercase())
        .collect();
    // The user may have a destination of their own called "Sandbox": do not clash with it.
    let name = std::iter::once(SANDBOX_DESTINATION_NAME.to_owned())
        .chain((1..).map(|n| format!("{SANDBOX_DESTINATION_NAME} (local {n})")))
        .find(|name| !taken.contains(&name.to_lowercase()))
        .unwrap_or_else(|| SANDBOX_DESTINATION_NAME.to_owned());
    let mut input = DestinationInput::blank();
    input.name = name;
    input.endpoint = sandbox_endpoint(port);
    input.method = HttpMethod::Post;
    with_key(&mut input.headers, key);
    create_destination(pool, input).await
}

/// The endpoint moved to `port`, keeping whatever path the user chose; `None` when it already
/// points there or no longer points at the sandbox (the user sent it elsewhere: leave it).
fn repointed(endpoint: &str, port: u16) -> Option<String> {
    let rest = endpoint.strip_prefix("http://127.0.0.1:")?;
    let path_start = rest.find('/').unwrap_or(rest.len());
    let (current, path) = rest.split_at(path_start);
    if current == port.to_string() || current.parse::<u16>().is_err() {
        return None;
    }
    Some(format!("{}{path}", origin(port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_change_keeps_the_path_and_leaves_other_hosts_alone() {
        assert_eq!(
            repointed("http://127.0.0.1:47811/status/500", 5000).as_deref(),
            Some("http://127.0.0.1:5000/status/500")
        );
        assert_eq!(
            repointed("http://127.0.0.1:47811", 5000).as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(
            repointed("http://127.0.0.1:5000/contacts/{email}", 5000),
            None
        );
        assert_eq!(repointed("https://api.example.com/x", 5000), None);
    }

    #[test]
    fn the_key_header_is_renewed_or_added_once() {
        let mut headers = vec![HeaderEntry {
            name: "x-sandbox-key".into(),
            value: "old".into(),
        }];
        with_key(&mut headers, "new");
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].value, "new");
        let mut none = Vec::new();
        with_key(&mut none, "k");
        assert_eq!(none[0].name, KEY_HEADER);
        assert!(carries_key(&none));
    }
}
