//! The list of every type and command that crosses to the UI, from which
//! `ui/src/api/generated.ts` is written (`cargo run -p apidest-core --bin gen-types`).

use ts_rs::TS;

use crate::auth::{
    ApiKeyPlacement, AuthConfigInputTs, AuthConfigView, AuthSettings, SecretFieldState,
};
use crate::error::{AppError, ErrorCode};
use crate::events::AppEvent;
use crate::ids::{AttemptId, AuthId, DeliveryId, DestinationId, EventId, RuleId};
use crate::secrets::KeyringStatus;
use crate::status::{AppStatus, DatabaseStatus};

/// One IPC command: its name and the TypeScript types of its arguments and result.
pub struct CommandSignature {
    pub name: &'static str,
    /// TypeScript object type of the arguments, [`NO_ARGS`] when there are none.
    pub args: &'static str,
    pub result: &'static str,
}

/// The argument type of a command that takes none.
pub const NO_ARGS: &str = "Record<string, never>";

/// Every `#[tauri::command]` the app registers. The app's tests check this list against
/// its handler, so a command cannot be added on one side only.
pub const COMMANDS: &[CommandSignature] = &[
    CommandSignature {
        name: "app_status",
        args: NO_ARGS,
        result: "AppStatus",
    },
    CommandSignature {
        name: "keyring_check",
        args: NO_ARGS,
        result: "KeyringStatus",
    },
    CommandSignature {
        name: "auth_list",
        args: NO_ARGS,
        result: "AuthConfigView[]",
    },
    CommandSignature {
        name: "auth_create",
        args: "{ input: AuthConfigInput }",
        result: "AuthConfigView",
    },
    CommandSignature {
        name: "auth_delete",
        args: "{ id: AuthId }",
        result: "null",
    },
];

/// The name of the channel every [`AppEvent`] is emitted on.
pub const APP_EVENT_CHANNEL: &str = "app-event";

/// The whole generated TypeScript file.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let declarations = [
        AuthId::decl(&cfg),
        DestinationId::decl(&cfg),
        RuleId::decl(&cfg),
        EventId::decl(&cfg),
        DeliveryId::decl(&cfg),
        AttemptId::decl(&cfg),
        ErrorCode::decl(&cfg),
        AppError::decl(&cfg),
        KeyringStatus::decl(&cfg),
        DatabaseStatus::decl(&cfg),
        AppStatus::decl(&cfg),
        AppEvent::decl(&cfg),
        ApiKeyPlacement::decl(&cfg),
        AuthSettings::decl(&cfg),
        SecretFieldState::decl(&cfg),
        AuthConfigView::decl(&cfg),
        AuthConfigInputTs::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `cargo run -p apidest-core --bin gen-types`.\n\
         // Do not edit: CI fails when this file is out of date.\n\n",
    );
    for decl in declarations {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "export const APP_EVENT_CHANNEL = \"{APP_EVENT_CHANNEL}\";\n\n"
    ));
    out.push_str(
        "/** Every IPC command: its arguments and its result. */\nexport interface Commands {\n",
    );
    for command in COMMANDS {
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {} }};\n",
            command.name, command.args, command.result
        ));
    }
    out.push_str("}\n");
    out
}
