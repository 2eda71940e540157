//! Which installation this is: the app identifier namespaces the data folder and the keyring,
//! so a development build never reads or writes a release build's data or secrets.

/// The identifier of release builds; the bundle identifier in `tauri.conf.json`.
pub const RELEASE_APP_ID: &str = "app.apidestinations.desktop";

/// The identity a build runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppIdentity {
    pub app_id: String,
}

impl AppIdentity {
    /// Release builds use the bundle identifier, debug builds the same with `.dev` appended.
    pub fn for_build(debug: bool) -> Self {
        let app_id = if debug {
            format!("{RELEASE_APP_ID}.dev")
        } else {
            RELEASE_APP_ID.to_owned()
        };
        Self { app_id }
    }

    /// The keyring service every secret of this build is stored under.
    pub fn keyring_service(&self) -> &str {
        &self.app_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_release_builds_never_share_a_namespace() {
        let release = AppIdentity::for_build(false);
        let debug = AppIdentity::for_build(true);
        assert_ne!(release.keyring_service(), debug.keyring_service());
        assert_eq!(release.app_id, RELEASE_APP_ID);
        assert!(debug.app_id.ends_with(".dev"));
    }
}
