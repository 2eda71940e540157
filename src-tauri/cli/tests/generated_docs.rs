//! `apidest completions` and `apidest man`: generated from the clap definitions, printed to
//! stdout by the real binary.

use std::process::Command;

const SUBCOMMANDS: [&str; 10] = [
    "render",
    "contacts",
    "send",
    "deliveries",
    "events",
    "work",
    "doctor",
    "logs",
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
fn man_out_writes_every_page_the_pages_refer_to_with_the_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let listed = run(&["man", "--out", out.to_str().unwrap()]);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(listed.lines().count(), names.len(), "{listed}");
    for expected in [
        "apidest.1",
        "apidest-destinations.1",
        "apidest-destinations-create.1",
        "apidest-auth-set-secret.1",
        "apidest-doctor.1",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    for name in &names {
        let page = std::fs::read_to_string(out.join(name)).unwrap();
        let title = name.trim_end_matches(".1");
        assert!(page.contains(&format!(".TH {title} 1")), "{name}: {page}");
        // Every page another names exists: `apidest\-destinations\-create(1)`.
        for reference in page.split_whitespace().filter(|w| w.ends_with("(1)")) {
            let file = format!(
                "{}.1",
                reference.trim_end_matches("(1)").replace("\\-", "-")
            );
            assert!(names.contains(&file), "{name} refers to missing {file}");
        }
        let exit = &page[page
            .find(".SH \"EXIT STATUS\"")
            .unwrap_or_else(|| panic!("{name}"))..];
        for code in ["\n0\n", "\n1\n", "\n2\n"] {
            assert!(exit.contains(code), "{name}: no exit code {code:?}");
        }
        if name != "apidest.1" {
            assert!(page.contains(".SH \"SEE ALSO\""), "{name}");
        }
    }
    let top = run(&["man"]);
    assert!(top.contains(".SH \"EXIT STATUS\""), "{top}");
    assert!(
        top.find("EXIT STATUS") < top.find(".SH VERSION"),
        "EXIT STATUS comes before VERSION"
    );
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
