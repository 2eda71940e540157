// Every screen passes an automated WCAG 2.2 AA audit (axe-core, run inside the real web view)
// with no serious or critical violation, filled with real data: lists, forms, dialogs, the
// Events log and detail, deliveries, a delivery and its attempt, and a row's open menu.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { idLink, launch, must, openScreen, withFailureScreenshot } from "../lib/app.mjs";
import { seriousViolations } from "../lib/axe.mjs";

let app;
let server;
let ids;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"id":"lead_42"}');
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  app = await launch();
  const { browser } = app;
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  const auth = await must(browser, "auth_create", {
    input: { name: "CRM token", settings: { kind: "bearer" }, secrets: { token: "a11y-token-1234" } },
  });
  const destination = await must(browser, "destination_create", {
    input: {
      name: "Local CRM",
      endpoint: `http://127.0.0.1:${server.address().port}/leads/{email}?source=app&x=1`,
      method: "POST",
      auth_id: auth.id,
      headers: [],
      timeout_secs: 5,
      retry: { retry_delays_secs: [5], jitter_percent: 0, retry_after_cap_secs: 3600 },
      rate_limit_per_sec: null,
      concurrency_limit: null,
      enabled: true,
    },
  });
  const rule = await must(browser, "rule_create", {
    input: {
      name: "VIP → Local CRM",
      enabled: true,
      trigger: "contact.tag_added",
      conditions: { mode: "all", rows: [{ path: "event.data.tag", operator: "equals", value: "vip" }], expression: "" },
      actions: [{ destination_id: destination.id, bindings: { email: "contact.custom_attributes.email" }, payload: "{phone: contact.phone}" }],
    },
  });
  const contacts = await must(browser, "contact_list");
  const matched = await must(browser, "event_send_test", {
    input: { event_type: "contact.tag_added", contact_id: contacts[0].id, data: '{"tag": "vip"}' },
  });
  await must(browser, "event_send_test", { input: { event_type: "contact.updated", contact_id: contacts[1].id, data: "" } });
  const delivery = matched.deliveries[0];
  let detail;
  await browser.waitUntil(
    async () => {
      detail = await must(browser, "delivery_get", { id: delivery });
      return detail.attempts.length > 0;
    },
    { timeout: 20000, timeoutMsg: "the delivery was not attempted" },
  );
  ids = { destination: destination.id, rule: rule.id, event: matched.event_id, delivery, attempt: detail.attempts[0].id };
});

after(async () => {
  await app?.browser.deleteSession();
  server?.close();
});

async function audit(name, ready) {
  const { browser } = app;
  await ready();
  // Let the screen settle (lists load, the preview renders) before auditing it.
  await browser.pause(500);
  const found = await seriousViolations(browser);
  assert.deepEqual(found, [], `${name}: serious or critical WCAG violations\n${found.join("\n")}`);
}

async function openHash(hash, selector) {
  await app.browser.execute((h) => {
    window.location.hash = h;
  }, hash);
  await (await app.browser.$(selector)).waitForDisplayed({ timeout: 15000 });
}

test("every screen passes the WCAG 2.2 AA audit", () =>
  withFailureScreenshot("accessibility", async () => {
    const { browser } = app;
    const screens = [
      ["API Destinations", () => openScreen(browser, "API Destinations").then(() => browser.$('table[aria-label="API destinations"]').then((t) => t.waitForDisplayed()))],
      ["the destination form", () => openHash(`#/destinations/${ids.destination}`, '[data-testid="preview-body"]')],
      ["the template gallery", () => openHash("#/destinations/new", '[data-testid="template-hubspot"]')],
      ["API Auth", () => openScreen(browser, "API Auth").then(() => browser.$('table[aria-label="API Auth configs"]').then((t) => t.waitForDisplayed()))],
      ["Event-Based Rules", () => openScreen(browser, "Event-Based Rules").then(() => browser.$('table[aria-label="Event-based rules"]').then((t) => t.waitForDisplayed()))],
      ["the rule editor", () => openHash(`#/rules/${ids.rule}`, '[data-testid="action-0"]')],
      ["a new rule", () => openHash("#/rules/new", "main h1")],
      ["Events", () => openScreen(browser, "Events").then(() => browser.$('table[aria-label="Events"]').then((t) => t.waitForDisplayed()))],
      ["an event", () => openHash(`#/events/${ids.event}`, '[data-testid="matched-rules"]')],
      ["Sample Contacts & Team", () => openScreen(browser, "Sample Contacts & Team").then(() => browser.$('table[aria-label="Sample contacts"]').then((t) => t.waitForDisplayed()))],
      ["API Deliveries", () => openScreen(browser, "API Deliveries").then(() => browser.$(idLink(ids.delivery)).then((l) => l.waitForDisplayed()))],
      ["a delivery", () => openHash(`#/deliveries/${ids.delivery}`, '[data-testid="delivery-state"]')],
      ["an attempt", () => openHash(`#/deliveries/${ids.delivery}/attempts/${ids.attempt}`, "main h1")],
      ["Settings", () => openScreen(browser, "Settings")],
    ];
    const failures = [];
    for (const [name, ready] of screens) {
      try {
        await audit(name, ready);
        console.log(`# ${name}: no serious or critical violation`);
      } catch (error) {
        failures.push(error.message);
      }
    }
    assert.deepEqual(failures, []);
  }));

test("dialogs and an open row menu pass the audit too", () =>
  withFailureScreenshot("accessibility-dialogs", async () => {
    const { browser } = app;
    await openScreen(browser, "API Auth");
    await (await browser.$("button=New API Auth")).click();
    await audit("the New API Auth dialog", () => browser.$("dialog[open] #auth-name").then((f) => f.waitForDisplayed()));
    await browser.keys("Escape");
    await openScreen(browser, "API Destinations");
    const menuButton = await browser.$(`[data-testid="menu-${ids.destination}"]`);
    await menuButton.waitForDisplayed();
    await browser.execute((el) => el.focus(), menuButton);
    await browser.keys("Enter");
    await audit("a row's menu", () => browser.$('[role="menu"]').then((m) => m.waitForDisplayed()));
    await browser.keys("Escape");
    await openScreen(browser, "Event-Based Rules");
    await (await browser.$("button=Send test event")).click();
    await audit("the Send test event dialog", () => browser.$("dialog[open]").then((d) => d.waitForDisplayed()));
    await browser.keys("Escape");
  }));
