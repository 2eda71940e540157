//! The function catalogue is the truth the editor's completion is generated from: every entry
//! runs (its example evaluates on a sample contact), the standard ones are exactly the JMESPath
//! runtime's, and the generated file the UI imports is current.
//! Regenerate with `UPDATE_GENERATED=1 cargo test -p apidest-core --test integration function_catalogue`.

use crate::common;

use apidest_core::render::{render_payload, ExpressionCache, RenderContext, CATALOGUE};

const GENERATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../ui/src/payload/functions.generated.json"
);

#[test]
fn every_example_runs_and_standard_functions_are_the_runtimes() {
    let context = RenderContext::from_value(common::sample_context()).unwrap();
    let cache = ExpressionCache::default();
    let mut names: Vec<&str> = CATALOGUE.iter().map(|f| f.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CATALOGUE.len(), "a function is listed twice");
    for f in CATALOGUE {
        assert!(f.example.contains(&format!("{}(", f.name)), "{}", f.name);
        assert!(
            f.signature.starts_with(&format!("{}(", f.name)),
            "{}",
            f.name
        );
        if let Err(e) = render_payload(f.example, &cache, &context) {
            panic!("{}: example {} fails: {}", f.name, f.example, e.message);
        }
        // Standard means the reference runtime has it; an extension must not shadow one.
        assert_eq!(
            jmespath::DEFAULT_RUNTIME.get_function(f.name).is_some(),
            !f.extension,
            "{}",
            f.name
        );
    }
    assert_eq!(CATALOGUE.iter().filter(|f| !f.extension).count(), 26);
}

#[test]
fn the_editor_completion_list_is_generated_from_the_catalogue() {
    let expected = serde_json::to_string_pretty(CATALOGUE).unwrap() + "\n";
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(GENERATED, &expected).unwrap();
    }
    let current = std::fs::read_to_string(GENERATED).unwrap_or_default();
    assert!(
        current == expected,
        "ui/src/payload/functions.generated.json is stale: run \
         UPDATE_GENERATED=1 cargo test -p apidest-core --test integration function_catalogue"
    );
}
