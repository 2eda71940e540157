//! Paste a cURL command: the proposal for the dialog, and the API Auth config it found. The
//! secret never crosses to the web view: creating the config parses the same text again here.

use apidest_core::auth::AuthConfigView;
use apidest_core::curl_import::{self, CurlProposal};
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    /// What the command would become; `bind` lists the body paths to take from the contact.
    pub async fn curl_import_parse(text: String, bind: Vec<String>) -> Result<CurlProposal, AppError> {
        curl_import::import_curl(&text, &bind).map(|import| import.proposal)
    }
}

command! {
    /// Creates the API Auth config the command carries (its secret straight into the keyring);
    /// `None` when it carries no credential.
    pub async fn curl_import_create_auth(
        state: State<'_, AppState>,
        text: String,
    ) -> Result<Option<AuthConfigView>, AppError> {
        let import = curl_import::import_curl(&text, &[])?;
        curl_import::create_auth_from_curl(&state.db()?.pool, state.secrets.clone(), &import).await
    }
}
