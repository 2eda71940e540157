// "Send test" from the destination form: a real request to a local server, and the first
// attempt shown with its status, code and response body.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { invoke, launch, must, openScreen, withFailureScreenshot, pressSendTest } from "../lib/app.mjs";

let app;
let server;
const received = [];

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, body });
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "lead_42", accepted: true }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  await app?.browser.deleteSession();
  server?.close();
});

test("Send test delivers the rendered request and shows the first attempt", () =>
  withFailureScreenshot("send-test", async () => {
    const { browser } = app;
    const port = server.address().port;
    const created = await invoke(browser, "destination_create", {
      input: {
        name: "Local CRM",
        endpoint: `http://127.0.0.1:${port}/leads/{email}`,
        method: "POST",
        auth_id: null,
        headers: [],
        timeout_secs: 5,
        retry: { retry_delays_secs: [5, 30], jitter_percent: 20, retry_after_cap_secs: 3600 },
        rate_limit_per_sec: null,
        concurrency_limit: null,
        enabled: true,
      },
    });
    assert.ok(created.ok, JSON.stringify(created.error));

    // The list loaded at start; open it afresh so it shows the destination just created.
    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("a=Local CRM")).click();
    await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");
    await pressSendTest(browser);
    assert.match(await (await browser.$('[data-testid="send-hint"]')).getText(), /^Sends a real request/);

    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    const text = await result.getText();
    assert.match(text, /Success · 201/);
    assert.match(text, /Delivered/);
    assert.match(await (await browser.$('[data-testid="response-body"]')).getText(), /"id": "lead_42"/);
    assert.match(await (await browser.$('[data-testid="delivery-id"]')).getAttribute("data-full-id"), /^dlv_[0-9a-z]{26}$/);

    assert.equal(received.length, 1);
    assert.equal(received[0].method, "POST");
    assert.equal(received[0].url, "/leads/zoe.angstrom%40example.com");
    assert.match(received[0].body, /"name":"Zoë Ångström"/);
  }));

test("with no sample contacts, Send test is disabled and says what to add", () =>
  withFailureScreenshot("send-test-no-contacts", async () => {
    const { browser } = app;
    for (const contact of await must(browser, "contact_list")) {
      await must(browser, "contact_delete", { id: contact.id });
    }

    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("a=Local CRM")).click();
    const hint = await browser.$('[data-testid="send-hint"]');
    await hint.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => /^Add a sample contact first/.test(await hint.getText()), {
      timeout: 10000,
      timeoutMsg: "the hint never asked for a sample contact",
    });
    assert.equal(await (await browser.$('[data-testid="send-test"]')).isEnabled(), false);
    assert.match(await (await browser.$('[data-testid="preview-no-contacts"]')).getText(), /^No sample contacts yet/);
  }));
