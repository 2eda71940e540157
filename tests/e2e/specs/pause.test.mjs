// Pausing a destination the way a marketer does, from the API Destinations list: a rule's
// delivery made while it is paused waits in the log as held (nothing reaches the target), and
// Resume sends it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { idLink, launch, must, openScreen, press, withFailureScreenshot } from "../lib/app.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../../..");
let app;
let server;

/** Saves the window, at the README's one size of 1280×800, as docs/screenshots/<file>.png. */
async function shoot(browser, file) {
  await browser.setWindowRect(0, 0, 1280, 800);
  // Software rendering under Xvfb reaches the screen a moment after the DOM changes.
  await browser.pause(1200);
  const dir = join(REPO, "docs/screenshots");
  mkdirSync(dir, { recursive: true });
  execFileSync("import", ["-window", "root", "-crop", "1280x800+0+0", "+repage", join(dir, `${file}.png`)]);
}
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
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  await app?.browser.deleteSession();
  server?.close();
});

/** A destination on the local server and an enabled rule sending `payload` to it on `trigger`. */
async function destinationWithRule(browser, name, path, { rule, trigger, payload }) {
  const destination = await must(browser, "destination_create", {
    input: {
      name,
      endpoint: `http://127.0.0.1:${server.address().port}${path}`,
      method: "POST",
      auth_id: null,
      headers: [],
      timeout_secs: 5,
      retry: { retry_delays_secs: [5], jitter_percent: 20, retry_after_cap_secs: 3600 },
      rate_limit_per_sec: null,
      concurrency_limit: null,
      enabled: true,
    },
  });
  await must(browser, "rule_create", {
    input: {
      name: rule,
      enabled: true,
      trigger,
      conditions: { mode: "all", rows: [], expression: "" },
      actions: [{ destination_id: destination.id, bindings: {}, payload }],
    },
  });
  return destination;
}

test("a paused destination holds a rule's delivery, shown as held, and Resume sends it", () =>
  withFailureScreenshot("pause", async () => {
    const { browser } = app;
    const destination = await destinationWithRule(browser, "Paused CRM", "/crm", {
      rule: "Every update to the CRM",
      trigger: "contact.updated",
      payload: "{phone: contact.phone}",
    });

    // The app opens on this list: leave it and come back so it shows what IPC just created.
    await openScreen(browser, "API Auth");
    await openScreen(browser, "API Destinations");
    // Pause is in the row's menu.
    await press(browser, await browser.$(`[data-testid="menu-${destination.id}"]`));
    await press(browser, await browser.$(`[data-testid="pause-${destination.id}"]`));
    const chip = await browser.$(`[data-testid="paused-${destination.id}"]`);
    await chip.waitForDisplayed({ timeout: 10000 });
    assert.match(await chip.getText(), /Paused/);
    await shoot(browser, "destination-paused");

    const contacts = await must(browser, "contact_list");
    const receipt = await must(browser, "event_send_test", {
      input: { event_type: "contact.updated", contact_id: contacts[0].id, data: "" },
    });
    assert.equal(receipt.deliveries.length, 1);

    await openScreen(browser, "API Deliveries");
    const held = await browser.$('[data-testid="held"]');
    await held.waitForDisplayed({ timeout: 10000 });
    assert.match(await held.getText(), /Held: its destination is paused/);
    await browser.pause(1000);
    assert.equal(received.length, 0, "nothing reaches the target while paused");
    await shoot(browser, "deliveries-held");
    // Followed with the keyboard: WebKitWebDriver's hit test misses links in this table.
    const link = await browser.$(idLink(receipt.deliveries[0]));
    await browser.execute((el) => el.focus(), link);
    await browser.keys("Enter");
    const state = await browser.$('[data-testid="delivery-state"]');
    await state.waitForDisplayed({ timeout: 10000 });
    assert.match(await state.getText(), /Held: its destination is paused; no attempt is used/);
    assert.ok(await (await browser.$("button=Cancel retries")).isExisting(), "a held delivery can be cancelled");
    assert.ok(await (await browser.$("p*=once it is no longer held")).isExisting(), "the attempts card says why there is none");

    await openScreen(browser, "API Destinations");
    // Resume is in the row's menu.
    await press(browser, await browser.$(`[data-testid="menu-${destination.id}"]`));
    await press(browser, await browser.$(`[data-testid="resume-${destination.id}"]`));
    await browser.waitUntil(async () => received.length === 1, {
      timeout: 15000,
      timeoutMsg: "the held delivery was not sent after Resume",
    });
    await browser.waitUntil(async () => !(await chip.isExisting()), { timeoutMsg: "still shown as paused" });
    const detail = await must(browser, "delivery_get", { id: receipt.deliveries[0] });
    assert.equal(detail.summary.state, "succeeded");
    assert.equal(detail.summary.attempt_count, 1, "no attempt was used while it was held");
  }));

test("Pause all sending holds what falls due, says why in the log, and Resume sending sends it", () =>
  withFailureScreenshot("pause-all", async () => {
    const { browser } = app;
    const before = received.length;
    await destinationWithRule(browser, "Warehouse", "/warehouse", {
      rule: "Tagged contacts to the warehouse",
      trigger: "contact.tag_added",
      payload: "{tag: event.data.tag}",
    });
    // Paused the way a person does it in the window: Settings › Background and notifications.
    await openScreen(browser, "Settings");
    await press(browser, await browser.$("button=Pause all sending"));
    await (await browser.$('[data-testid="paused-banner"]')).waitForDisplayed({ timeout: 10000 });
    const contacts = await must(browser, "contact_list");
    const receipt = await must(browser, "event_send_test", {
      input: { event_type: "contact.tag_added", contact_id: contacts[0].id, data: '{"tag": "vip"}' },
    });
    assert.equal(receipt.deliveries.length, 1);

    await openScreen(browser, "API Deliveries");
    const row = await browser.$(`tr*=Warehouse`);
    await row.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => /Waiting: all sending is paused/.test(await row.getText()), {
      timeout: 10000,
      timeoutMsg: "the log does not say the delivery waits for the pause",
    });
    await browser.pause(1000);
    assert.equal(received.length, before, "nothing is sent while all sending is paused");

    await press(browser, await (await browser.$('[data-testid="paused-banner"]')).$("button=Resume sending"));
    await browser.waitUntil(async () => received.length === before + 1, {
      timeout: 15000,
      timeoutMsg: "not sent after Resume sending",
    });
    await browser.waitUntil(async () => !/Waiting: all sending is paused/.test(await row.getText()), {
      timeout: 10000,
      timeoutMsg: "the row still says it waits",
    });
  }));
