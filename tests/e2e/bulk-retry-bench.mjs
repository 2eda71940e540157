// How long the real app takes to bulk-retry N failed deliveries, from the click on "Retry N" to
// the dialog's tally showing all delivered: the window follows every change the engine pushes
// while it queues the retries in batches. Prints the times; saves /tmp/bulk-retry-bench.png.
//   N=6000 bash tests/e2e/run.sh bench bulk-retry-bench.mjs
//   (APIDEST_APP_BINARY=… to measure another build)
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { launch, must, openScreen } from "./lib/app.mjs";

const N = Number(process.env.N ?? 2000);
let down = true;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(down ? 503 : 200, { "content-type": "application/json" });
    res.end(down ? '{"error":"maintenance"}' : '{"ok":true}');
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const app = await launch();
const { browser } = app;
try {
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  const input = {
    name: "Shop orders",
    endpoint: `http://127.0.0.1:${server.address().port}/shop`,
    method: "POST",
    auth_id: null,
    headers: [],
    timeout_secs: 5,
    retry: { retry_delays_secs: [], jitter_percent: 0, retry_after_cap_secs: 3600 },
    rate_limit_per_sec: null,
    concurrency_limit: 32,
    enabled: true,
  };
  const destination = (await must(browser, "destination_create", { input })).id;
  const contacts = await must(browser, "contact_list");
  let started = Date.now();
  // N deliveries that fail (503, no retries), sent 50 at a time from the page.
  await browser.execute(
    async (destination_id, contacts, n) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      for (let i = 0; i < n; i += 50) {
        const batch = Array.from({ length: Math.min(50, n - i) }, (_, k) =>
          invoke("delivery_send_test", {
            request: {
              destination_id,
              contact_id: contacts[(i + k) % contacts.length].id,
              payload: "{name: contact.first_name}",
              bindings: {},
              event_type: "contact.updated",
              event_data: null,
            },
          }),
        );
        await Promise.all(batch);
      }
    },
    destination,
    contacts,
    N,
  );
  console.log(`${N} deliveries sent and failed in ${Date.now() - started} ms`);

  await openScreen(browser, "API Deliveries");
  down = false;
  await (await browser.$("button=Retry failed…")).click();
  const dialog = await browser.$("dialog[open]");
  const retry = await dialog.$(`button=Retry ${N.toLocaleString("en-US")}`);
  await retry.waitForDisplayed({ timeout: 20000 });
  started = Date.now();
  await retry.click();
  const outcome = await browser.$('[data-testid="bulk-retry-outcome"]');
  await outcome.waitForDisplayed({ timeout: 120000 });
  console.log(`all queued after ${Date.now() - started} ms (tally then: ${await outcome.getText()})`);
  await browser.waitUntil(async () => (await outcome.getText()).startsWith(`${N.toLocaleString("en-US")} delivered`), {
    timeout: 120000,
    interval: 100,
  });
  console.log(`all delivered in the tally after ${Date.now() - started} ms`);
  execFileSync("import", ["-window", "root", "/tmp/bulk-retry-bench.png"]);
} finally {
  await browser.deleteSession();
  server.close();
}
