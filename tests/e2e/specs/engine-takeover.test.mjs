// One sender per data folder: while `apidest work` holds the engine lock the window says that
// another program sends; when that program stops, the window takes the sending over by itself
// (no restart) and a test delivery goes out from it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO, freshDataDir, launch, must, withFailureScreenshot } from "../lib/app.mjs";

const APIDEST = process.env.APIDEST_CLI_BINARY ?? join(REPO, "target/debug/apidest");
let app;
let server;
let worker;
const received = [];

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(req.url);
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
});

after(async () => {
  worker?.kill("SIGKILL");
  await app?.browser.deleteSession().catch(() => undefined);
  server?.close();
});

test("the window takes the sending over when apidest work stops", () =>
  withFailureScreenshot("engine-takeover", async () => {
    const dataDir = freshDataDir();
    worker = spawn(APIDEST, ["--data-dir", dataDir, "work"], { stdio: "ignore" });
    // Until its engine holds the lock (the database is created and migrated first).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(worker.exitCode, null, "apidest work is running");

    app = await launch({ dataDir });
    const { browser } = app;
    await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
    const elsewhere = await browser.$('[data-testid="elsewhere-banner"]');
    await elsewhere.waitForDisplayed({ timeout: 10000 });
    assert.match(await elsewhere.getText(), /Another program is sending these deliveries/);

    worker.kill("SIGKILL");
    await browser.waitUntil(async () => !(await elsewhere.isExisting()), {
      timeout: 15000,
      timeoutMsg: "the window did not take the sending over",
    });

    const destination = await must(browser, "destination_create", {
      input: {
        name: "Taken over",
        endpoint: `http://127.0.0.1:${server.address().port}/hooks`,
        method: "POST",
        auth_id: null,
        headers: [],
        timeout_secs: 5,
        retry: {
          retry_delays_secs: [5],
          jitter_percent: 0,
          retry_after_cap_secs: 3600,
          circuit_breaker: { failures: 10, period_secs: 120 },
        },
        rate_limit_per_sec: null,
        concurrency_limit: null,
        enabled: true,
      },
    });
    const contacts = await must(browser, "contact_list");
    const detail = await must(browser, "delivery_send_test", {
      request: {
        destination_id: destination.id,
        contact_id: contacts[0].id,
        payload: "{phone: contact.phone}",
        bindings: {},
        event_type: "message.received",
        event_data: null,
      },
    });
    assert.equal(detail.summary.state, "succeeded");
    assert.deepEqual(received, ["/hooks"]);
  }));
