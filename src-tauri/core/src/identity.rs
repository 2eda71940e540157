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

    /// The name a running copy is known by, so a second launch finds it and hands over (the
    /// single-instance D-Bus name on Linux, the autostart entry): one per data folder, so copies
    /// with folders of their own (tests, portable installs) run side by side. `data_dir` is the
    /// folder given on the command line or in the environment; `None` for the default one.
    pub fn instance_id(&self, data_dir: Option<&std::path::Path>) -> String {
        use sha2::{Digest, Sha256};
        let Some(dir) = data_dir else {
            return self.app_id.clone();
        };
        let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let digest = Sha256::digest(absolute.as_os_str().as_encoded_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        // A D-Bus name element may not start with a digit.
        format!("{}.folder_{hex}", self.app_id)
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

    #[test]
    fn each_data_folder_is_an_instance_of_its_own() {
        let id = AppIdentity::for_build(false);
        assert_eq!(id.instance_id(None), RELEASE_APP_ID);
        let a = id.instance_id(Some(std::path::Path::new("/tmp/a")));
        let b = id.instance_id(Some(std::path::Path::new("/tmp/b")));
        assert_ne!(a, b);
        assert_eq!(a, id.instance_id(Some(std::path::Path::new("/tmp/a"))));
        assert!(a.starts_with(&format!("{RELEASE_APP_ID}.folder_")), "{a}");
        assert!(a
            .split('.')
            .all(|part| !part.is_empty() && !part.starts_with(|c: char| c.is_ascii_digit())));
    }
}
