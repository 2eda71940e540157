//! Drives the real `apidest` binary with every case in tests/cli/render_cases.json.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn cases_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cli/render_cases.json")
}

fn expression(case: &Value) -> String {
    if let Some(expr) = case["expr"].as_str() {
        return expr.to_owned();
    }
    let r = &case["expr_repeat"];
    let times = r["times"].as_u64().unwrap_or(1) as usize;
    format!(
        "{}{}{}",
        r["open"].as_str().unwrap_or("").repeat(times),
        r["inner"].as_str().unwrap_or(""),
        r["close"].as_str().unwrap_or("").repeat(times)
    )
}

#[test]
fn every_case_in_the_file_renders_as_expected() {
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(cases_file()).unwrap()).unwrap();
    let dir = tempfile_dir();
    let context_path = dir.join("context.json");
    std::fs::write(&context_path, file["context"].to_string()).unwrap();

    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_apidest"))
            .args(["render", "--compact", "--context"])
            .arg(&context_path)
            .args(["--expr", &expression(case)])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if let Some(expected) = case.get("stdout") {
            let got: Result<Value, _> = serde_json::from_str(stdout.trim());
            if !output.status.success() || got.as_ref().ok() != Some(expected) {
                failures.push(format!(
                    "{name}: expected {expected}, got {stdout} (stderr: {stderr})"
                ));
            }
        } else {
            let part = case["error"].as_str().unwrap();
            if output.status.code() != Some(1)
                || !stderr.contains(part)
                || !stdout.trim().is_empty()
            {
                failures.push(format!(
                    "{name}: expected exit 1 and an error containing {part:?}, got {:?} / {stderr}",
                    output.status.code()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apidest-cli-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
