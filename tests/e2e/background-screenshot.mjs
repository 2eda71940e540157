// Saves docs/screenshots/sending-paused.png and settings-background.png: Settings › Background
// and notifications with all sending paused (as the tray's "Pause all sending" does), so the window shows what the tray
// menu would: "All sending is paused: N deliveries waiting". The tray menu itself cannot be
// drawn under Xvfb (no status notifier host). Run with `bash tests/e2e/run.sh bench
// background-screenshot.mjs` after a `cargo build`.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO, launch, must } from "./lib/app.mjs";

const { browser } = await launch();
try {
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  await browser.setWindowRect(0, 0, 1280, 800);
  const destination = await must(browser, "destination_create", {
    input: {
      name: "Team CRM",
      endpoint: "http://127.0.0.1:9/contacts",
      method: "POST",
      auth_id: null,
      headers: [],
      timeout_secs: 5,
      retry: { retry_delays_secs: [60], jitter_percent: 0, retry_after_cap_secs: 3600, circuit_breaker: { failures: 0, period_secs: 0 } },
      rate_limit_per_sec: null,
      concurrency_limit: null,
      enabled: true,
    },
  });
  // Three retries waiting: each first try is refused (port 9), the retry is due in a minute;
  // then all sending is paused.
  const contacts = await must(browser, "contact_list");
  for (const contact of contacts.slice(0, 3)) {
    await must(browser, "delivery_send_test", {
      request: {
        destination_id: destination.id,
        contact_id: contact.id,
        payload: "{phone: contact.phone}",
        bindings: {},
        event_type: "message.received",
        event_data: null,
      },
    });
  }
  await must(browser, "sending_set_paused", { paused: true });
  await browser.execute(() => (window.location.hash = "#/settings"));
  const card = await browser.$('[data-testid="background-card"]');
  await card.waitForDisplayed({ timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$('[data-testid="paused-banner"]')).isDisplayed(), { timeout: 10000 });
  const shoot = async (file) => {
    await browser.pause(2000);
    const target = join(REPO, `docs/screenshots/${file}.png`);
    execFileSync("import", ["-window", "root", "-crop", "1280x800+0+0", "+repage", target]);
    console.log(`saved ${target}`);
  };
  // The window's state where the tray's would be: the paused banner on top of Settings.
  await shoot("sending-paused");
  await browser.execute(() => document.querySelector('[data-testid="background-card"]')?.scrollIntoView({ block: "center" }));
  await shoot("settings-background");
} finally {
  await browser.deleteSession();
}
