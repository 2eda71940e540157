//! Running in the background: whether closing the window quits the app (off by default: the
//! app keeps sending from the tray), and the one line the tray shows about sending.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::engine::SendingStatus;
use crate::error::AppResult;
use crate::notices::NoticeSettings;
use crate::store::settings;

const SETTING_QUIT_ON_CLOSE: &str = "quit_on_close";

/// Settings › Background and notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackgroundSettings {
    /// Closing the window quits the app (off: it keeps sending from the tray).
    pub quit_on_close: bool,
    /// The app starts, in the background, when the user logs in (kept by the OS).
    pub start_at_login: bool,
    pub notices: NoticeSettings,
}

/// Whether closing the window quits the app rather than hiding it.
pub async fn quit_on_close(pool: &SqlitePool) -> AppResult<bool> {
    Ok(settings::get(pool, SETTING_QUIT_ON_CLOSE).await?.as_deref() == Some("true"))
}

pub async fn set_quit_on_close(pool: &SqlitePool, quit: bool) -> AppResult<()> {
    settings::set(
        pool,
        SETTING_QUIT_ON_CLOSE,
        if quit { "true" } else { "false" },
    )
    .await
}

/// What the tray's status line says: why sending waits and how many deliveries wait, or that
/// all is well.
pub fn tray_status(status: &SendingStatus) -> String {
    let waiting = |n: u64| match n {
        1 => "1 delivery waiting".to_owned(),
        n => format!("{n} deliveries waiting"),
    };
    if status.sent_elsewhere {
        "Another program is sending".into()
    } else if let Some(_problem) = &status.storage_problem {
        "Results cannot be saved: sending stopped".into()
    } else if status.paused {
        format!("Paused: {}", waiting(status.paused_waiting))
    } else if status.offline {
        format!("Offline: {}", waiting(status.waiting))
    } else if status.keyring_locked {
        format!("Keyring locked: {}", waiting(status.keyring_waiting))
    } else {
        "Sending normally".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tray_names_what_holds_sending_back_first() {
        let mut s = SendingStatus::default();
        assert_eq!(tray_status(&s), "Sending normally");
        s.keyring_locked = true;
        s.keyring_waiting = 1;
        assert_eq!(tray_status(&s), "Keyring locked: 1 delivery waiting");
        s.offline = true;
        s.waiting = 4;
        assert_eq!(tray_status(&s), "Offline: 4 deliveries waiting");
        s.paused = true;
        s.paused_waiting = 7;
        assert_eq!(tray_status(&s), "Paused: 7 deliveries waiting");
        s.storage_problem = Some("disk full".into());
        assert_eq!(tray_status(&s), "Results cannot be saved: sending stopped");
    }
}
