//! How WebKitGTK draws the window. Its composited mode hands every frame to a GL compositor;
//! without a GPU (virtual machines, remote desktops, Xvfb) that is Mesa's software GL, which
//! competes with the page for the CPU: on a 2-core machine a keystroke's preview is painted
//! after 107–170 ms (median) composited against 38–56 ms without compositing
//! (docs/BENCHMARKS.md, live preview). The app's screens are forms and lists that gain nothing from GPU
//! layers, so it paints without compositing unless the user asks otherwise.

/// Set before the first webview is created: WebKitGTK reads it when it starts its processes.
/// A value the user already set is kept; `APIDEST_GPU_COMPOSITING=1` keeps WebKit's default.
pub fn choose_compositing_mode() {
    if !cfg!(target_os = "linux") {
        return;
    }
    const WEBKIT_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let user_asked_for_gpu = std::env::var("APIDEST_GPU_COMPOSITING").is_ok_and(|v| v == "1");
    if std::env::var_os(WEBKIT_SWITCH).is_none() && !user_asked_for_gpu {
        // Runs on the main thread before Tauri starts any other thread.
        std::env::set_var(WEBKIT_SWITCH, "1");
    }
}
