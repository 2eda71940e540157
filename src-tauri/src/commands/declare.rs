//! `command!`: declares an IPC command once. It writes the `#[tauri::command]` function and,
//! beside it, a module of the same name whose `signature()` gives the TypeScript types of its
//! arguments and result, read from the Rust types themselves (ts-rs). The registration list in
//! `mod.rs` names each command once; the handler and the generated `Commands` interface both
//! come from it.

use std::marker::PhantomData;

use apidest_core::auth::{AuthConfigInput, AuthConfigInputTs};
use apidest_core::types::CommandSignature;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::state::AppState;

/// A parameter's type, wrapped so that method resolution (autoref, most specific first) can
/// tell what the UI sends from what Tauri injects. A parameter that is neither fails to compile.
pub struct Param<T: ?Sized>(pub PhantomData<T>);

/// Arguments whose TypeScript shape is declared by another type (secrets cross as strings).
pub trait NamedArgument {
    fn typescript(&self) -> Option<String>;
}

impl NamedArgument for &&Param<AuthConfigInput> {
    fn typescript(&self) -> Option<String> {
        Some(AuthConfigInputTs::name(&ts_rs::Config::default()))
    }
}

/// Arguments with a TypeScript declaration of their own.
pub trait IpcArgument {
    fn typescript(&self) -> Option<String>;
}

impl<T: ts_rs::TS + ?Sized> IpcArgument for &Param<T> {
    fn typescript(&self) -> Option<String> {
        Some(T::name(&ts_rs::Config::default()))
    }
}

/// What Tauri injects: not part of the UI's call.
pub trait Injected {
    fn typescript(&self) -> Option<String>;
}

impl Injected for Param<State<'_, AppState>> {
    fn typescript(&self) -> Option<String> {
        None
    }
}

impl Injected for Param<AppHandle> {
    fn typescript(&self) -> Option<String> {
        None
    }
}

/// `attempt_id` → `attemptId`: Tauri's default for argument names on the JavaScript side.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The signature of a command from its parameters (`None` for injected ones) and result.
pub fn signature(
    name: &'static str,
    params: Vec<(&'static str, Option<String>)>,
    result: String,
) -> CommandSignature {
    let args: Vec<String> = params
        .into_iter()
        .filter_map(|(param, ts)| ts.map(|ts| format!("{}: {ts}", camel_case(param))))
        .collect();
    CommandSignature {
        name,
        args: if args.is_empty() {
            apidest_core::types::NO_ARGS.to_owned()
        } else {
            format!("{{ {} }}", args.join("; "))
        },
        result,
    }
}

/// Declares one command: `command! { /// doc \n pub async fn name(params) -> Result<T, AppError> { … } }`.
macro_rules! command {
    (
        $(#[$meta:meta])*
        pub async fn $name:ident ( $($param:ident : $ty:ty),* $(,)? ) -> Result<$ok:ty, AppError> $body:block
    ) => {
        $(#[$meta])*
        #[tauri::command]
        pub async fn $name($($param: $ty),*) -> Result<$ok, AppError> $body
        $crate::commands::declare::command!(@signature $name ($($param : $ty),*) $ok);
    };
    (
        $(#[$meta:meta])*
        pub fn $name:ident ( $($param:ident : $ty:ty),* $(,)? ) -> Result<$ok:ty, AppError> $body:block
    ) => {
        $(#[$meta])*
        #[tauri::command]
        pub fn $name($($param: $ty),*) -> Result<$ok, AppError> $body
        $crate::commands::declare::command!(@signature $name ($($param : $ty),*) $ok);
    };
    (@signature $name:ident ($($param:ident : $ty:ty),*) $ok:ty) => {
        /// The TypeScript signature of the command of the same name.
        #[allow(non_snake_case, unused_imports)]
        pub mod $name {
            use super::*;
            #[allow(unused_imports)]
            use $crate::commands::declare::{
                Injected as _, IpcArgument as _, NamedArgument as _, Param,
            };

            pub fn signature() -> apidest_core::types::CommandSignature {
                $crate::commands::declare::signature(
                    stringify!($name),
                    vec![$((
                        stringify!($param),
                        (&&&Param::<$ty>(std::marker::PhantomData)).typescript(),
                    )),*],
                    <$ok as ::ts_rs::TS>::name(&::ts_rs::Config::default()),
                )
            }
        }
    };
}
pub(crate) use command;

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn argument_names_are_camel_cased_as_tauri_does() {
        assert_eq!(camel_case("attempt_id"), "attemptId");
        assert_eq!(camel_case("id"), "id");
    }
}
