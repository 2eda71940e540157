// Saves docs/screenshots/offline-banner.png: the app as a marketer sees it with no network.
// A rule's delivery to a local target fails once and is due again a few seconds later; the
// app is then started again inside a network namespace of its own with its loopback down
// (root: `unshare --net`), where that retry finds no network, so the window shows the
// offline banner and the log the held delivery. Run with `bash tests/e2e/run.sh bench
// offline-screenshot.mjs` after a `cargo build`.
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { APP_BINARY, REPO, launch, must } from "./lib/app.mjs";

const { browser, dataDir } = await launch();
await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
// Port 9 (discard) has nothing listening here: the first try is refused, the retry is due 8 s on.
const destination = await must(browser, "destination_create", {
  input: {
    name: "Team CRM",
    endpoint: "http://127.0.0.1:9/contacts",
    method: "POST",
    auth_id: null,
    headers: [],
    timeout_secs: 5,
    retry: {
      retry_delays_secs: [8, 60],
      jitter_percent: 0,
      retry_after_cap_secs: 3600,
      circuit_breaker: { failures: 0, period_secs: 0 },
    },
    rate_limit_per_sec: null,
    concurrency_limit: null,
    enabled: true,
  },
});
await must(browser, "rule_create", {
  input: {
    name: "New contacts to the CRM",
    enabled: true,
    trigger: "contact.created",
    conditions: { mode: "all", rows: [], expression: "" },
    actions: [{ destination_id: destination.id, bindings: {}, payload: "{phone: contact.phone}" }],
  },
});
const contacts = await must(browser, "contact_list");
await must(browser, "event_send_test", { input: { event_type: "contact.created", contact_id: contacts[0].id, data: "" } });
await browser.pause(1500);
await browser.deleteSession();

const app = spawn("unshare", ["--net", "--", APP_BINARY, "--data-dir", dataDir], { stdio: "ignore" });
try {
  await new Promise((resolve) => setTimeout(resolve, 14000));
  // The README's one size: 1280×800 (no WebDriver here to ask the window for it).
  execFileSync("python3", [join(REPO, "tests/e2e/lib/resize_window.py"), "API Destinations", "1280", "800"]);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const target = join(REPO, "docs/screenshots/offline-banner.png");
  execFileSync("import", ["-window", "root", "-crop", "1280x800+0+0", "+repage", target]);
  console.log(`saved ${target}`);
} finally {
  app.kill();
}
