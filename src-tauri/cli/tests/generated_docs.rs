//! `apidest completions` and `apidest man`: generated from the clap definitions, printed to
//! stdout by the real binary.

use std::process::Command;

const SUBCOMMANDS: [&str; 9] = [
    "render",
    "contacts",
    "send",
    "deliveries",
    "events",
    "work",
    "doctor",
    "completions",
    "man",
];

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_apidest"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "apidest {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn bash_completion_knows_every_subcommand() {
    let script = run(&["completions", "bash"]);
    assert!(script.contains("_apidest()"), "{script}");
    assert!(script.contains("complete -F _apidest"), "{script}");
    for name in SUBCOMMANDS {
        assert!(script.contains(name), "bash completion lacks {name}");
    }
    // Nested subcommands and flags are completed too.
    assert!(script.contains("--data-dir"));
    assert!(script.contains("--until-idle"));
}

#[test]
fn zsh_and_fish_completions_are_generated() {
    let zsh = run(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef apidest"), "{zsh}");
    assert!(zsh.contains("doctor"));
    let fish = run(&["completions", "fish"]);
    assert!(fish.contains("complete -c apidest"), "{fish}");
    assert!(fish.contains("doctor"));
}

#[test]
fn man_is_a_roff_page_naming_the_subcommands() {
    let page = run(&["man"]);
    assert!(page.contains(".TH apidest 1"), "{page}");
    assert!(page.contains(".SH NAME"));
    assert!(page.contains(".SH SUBCOMMANDS"));
    for name in SUBCOMMANDS {
        // roff escapes the dash: `apidest\-doctor(1)`.
        assert!(
            page.contains(&format!("apidest\\-{name}(1)")),
            "the man page does not name {name}"
        );
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_choices() {
    let output = Command::new(env!("CARGO_BIN_EXE_apidest"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("bash") && err.contains("zsh") && err.contains("fish"),
        "{err}"
    );
}
