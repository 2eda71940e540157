// Tauri's build step: reads ../tauri.conf.json (the manifest sits at the repository root)
// and the capability files kept under src-tauri/capabilities.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri build step failed");
}
