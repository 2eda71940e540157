// Saves screenshots of the main screens of the real app to docs/screenshots/ (run via run.sh).
// Sample destinations and auth configs are created first so the lists show what a user sees.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO, invoke, launch, openScreen } from "./lib/app.mjs";

const outDir = join(REPO, "docs/screenshots");
mkdirSync(outDir, { recursive: true });

async function shoot(file, settleMs = 1500) {
  // Software rendering under Xvfb reaches the screen a second or so after the DOM changes.
  await browser.pause(settleMs);
  const target = join(outDir, `${file}.png`);
  // Every picture is the window at 1280×800, the whole Xvfb screen.
  execFileSync("import", ["-window", "root", "-crop", "1280x800+0+0", "+repage", target]);
  console.log(`saved ${target}`);
}

async function must(browser, command, args) {
  const outcome = await invoke(browser, command, args);
  if (!outcome.ok) throw new Error(`${command}: ${JSON.stringify(outcome.error)}`);
  return outcome.result;
}

const { browser, dataDir } = await launch();
try {
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  // One size for every screenshot in the README: 1280×800.
  await browser.setWindowRect(0, 0, 1280, 800);
  // The first frames reach the X server a moment after the DOM is ready.
  await browser.pause(1500);

  // deliveries.png, delivery-detail.png and attempt-detail.png come from specs/deliveries.test.mjs,
  // and sandbox.png from specs/sandbox.test.mjs, which have real traffic to show.
  // deliveries-health.png and replay-diff.png are made below, with traffic of their own.

  await openScreen(browser, "API Destinations");
  await browser.pause(300);
  await shoot("destinations-empty");

  const hubspot = await must(browser, "auth_create", {
    input: { name: "HubSpot private app", settings: { kind: "bearer" }, secrets: { token: "pat-na1-0000-screenshot-7f3a" } },
  });
  const shop = await must(browser, "auth_create", {
    input: {
      name: "Shop API key",
      settings: { kind: "api_key", placement: "header", name: "X-Shop-Key" },
      secrets: { value: "shop-key-screenshot-1234" },
    },
  });
  const base = {
    headers: [],
    timeout_secs: 15,
    retry: { retry_delays_secs: [5, 30, 120, 600, 1800, 3600, 7200], jitter_percent: 20, retry_after_cap_secs: 3600 },
    rate_limit_per_sec: null,
    concurrency_limit: null,
    enabled: true,
  };
  const crm = await must(browser, "destination_create", {
    input: {
      ...base,
      name: "HubSpot contact upsert",
      endpoint: "https://api.hubapi.com/crm/v3/objects/contacts/{contact_email}?idProperty=email",
      method: "PATCH",
      auth_id: hubspot.id,
      headers: [{ name: "X-Source", value: "api-destinations" }],
    },
  });
  await must(browser, "destination_create", {
    input: { ...base, name: "Order tagger", endpoint: "https://shop.example.com/api/orders/{order_id}/tags", method: "POST", auth_id: shop.id },
  });
  await must(browser, "destination_create", {
    input: { ...base, name: "Warehouse events", endpoint: "https://ingest.example.com/v1/events", method: "POST", auth_id: null, enabled: false },
  });

  await openScreen(browser, "API Auth");
  await browser.pause(300);
  await shoot("auth");
  await openScreen(browser, "API Destinations");
  await (await browser.$('table[aria-label="API destinations"]')).waitForDisplayed();
  await browser.pause(300);
  await shoot("destinations");

  await browser.execute((id) => {
    window.location.hash = `#/destinations/${id}`;
  }, crm.id);
  await (await browser.$('[data-testid="endpoint-variables"]')).waitForDisplayed();
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="endpoint-variables"]')).getText()).includes("contact_email"));
  await browser.pause(300);
  await shoot("destination-form");

  await (await browser.$('[data-testid="preview-panel"]')).scrollIntoView();
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="preview-body"]')).isExisting()));
  await shoot("payload-editor");

  // A local CRM that accepts everything, so Send test and the rule have a real answer to show;
  // its /signups endpoint is down while `signupsDown` is set.
  let signupsDown = false;
  const crmServer = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url.startsWith("/signups") && signupsDown) {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "maintenance" }));
        return;
      }
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "lead_42", status: "created" }));
    });
  });
  await new Promise((resolve) => crmServer.listen(0, "127.0.0.1", resolve));
  const local = await must(browser, "destination_create", {
    input: { ...base, name: "Local CRM", endpoint: `http://127.0.0.1:${crmServer.address().port}/leads/{email}`, method: "POST", auth_id: null },
  });
  await browser.execute((id) => {
    window.location.hash = `#/destinations/${id}`;
  }, local.id);
  await (await browser.$('select[aria-label="Sample contact"]')).waitForDisplayed();
  await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");
  const send = await browser.$('[data-testid="send-test"]');
  await send.scrollIntoView();
  await send.click();
  await (await browser.$('[data-testid="attempt-result"]')).waitForDisplayed({ timeout: 20000 });
  await (await browser.$('[data-testid="attempt-result"]')).scrollIntoView({ block: "end" });
  await shoot("send-test");

  const rule = await must(browser, "rule_create", {
    input: {
      name: "VIP tag → Local CRM",
      enabled: true,
      trigger: "contact.tag_added",
      conditions: { mode: "all", rows: [{ path: "event.data.tag", operator: "equals", value: "vip" }], expression: "" },
      actions: [
        {
          destination_id: local.id,
          bindings: { email: "contact.custom_attributes.email" },
          payload: "{\n  name: join(' ', [contact.first_name, contact.last_name]),\n  phone: contact.phone,\n  tier: contact.custom_attributes.loyalty.tier,\n  tag: event.data.tag\n}",
        },
      ],
    },
  });
  await must(browser, "rule_create", {
    input: {
      name: "Unsubscribes → HubSpot",
      enabled: false,
      trigger: "contact.unsubscribed",
      conditions: { mode: "all", rows: [], expression: "" },
      actions: [{ destination_id: crm.id, bindings: {}, payload: "{email: contact.custom_attributes.email, marketing: contact.subscriptions.marketing}" }],
    },
  });
  await openScreen(browser, "Event-Based Rules");
  await (await browser.$('table[aria-label="Event-based rules"]')).waitForDisplayed();
  await shoot("rules");
  await browser.execute((id) => {
    window.location.hash = `#/rules/${id}`;
  }, rule.id);
  await (await browser.$('[data-testid="action-0"]')).waitForDisplayed();
  await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");
  await browser.waitUntil(async () => /Zoë/.test(await (await browser.$('[data-testid="preview-body"]')).getText()));
  await (await browser.$('[data-testid="action-0"]')).scrollIntoView();
  await shoot("rule-editor");

  const contacts = await must(browser, "contact_list", {});
  const zoe = contacts.find((c) => c.first_name === "Zoë") ?? contacts[0];
  const receipt = await must(browser, "event_send_test", { input: { event_type: "contact.tag_added", contact_id: zoe.id, data: '{"tag": "vip"}' } });
  await browser.execute((id) => {
    window.location.hash = `#/events/${id}`;
  }, receipt.event_id);
  await (await browser.$('[data-testid="matched-rules"]')).waitForDisplayed();
  await shoot("event-detail");

  // Events: the one above, plus events no rule matched (a trigger no rule waits for, and a
  // tag the VIP rule's condition does not take), so the log shows both kinds.
  await must(browser, "event_send_test", { input: { event_type: "contact.updated", contact_id: contacts[1 % contacts.length].id, data: "" } });
  await must(browser, "event_send_test", { input: { event_type: "contact.tag_added", contact_id: contacts[2 % contacts.length].id, data: '{"tag": "newsletter"}' } });
  await openScreen(browser, "Events");
  await (await browser.$('table[aria-label="Events"]')).waitForDisplayed();
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="events-count"]')).getText()) === "3 events");
  await shoot("events");

  // API Deliveries with its health chart: a day of a webinar-signups webhook with an outage in
  // the middle. The deliveries are really sent (the endpoint answers 201 or 503), then moved
  // back in time, spread over the last 24 hours, since the app cannot send in the past.
  const signups = await must(browser, "destination_create", {
    input: {
      ...base,
      name: "Webinar signups",
      endpoint: `http://127.0.0.1:${crmServer.address().port}/signups`,
      method: "POST",
      auth_id: null,
      retry: { ...base.retry, retry_delays_secs: [] },
    },
  });
  const HOUR = 3600_000;
  const moves = [];
  for (let i = 0; i < 46; i++) {
    const hoursAgo = 23 - Math.floor(i / 2);
    signupsDown = (hoursAgo >= 9 && hoursAgo <= 11) || i % 9 === 4;
    const sent = await must(browser, "delivery_send_test", {
      request: {
        destination_id: signups.id,
        contact_id: contacts[i % contacts.length].id,
        payload: "{email: contact.custom_attributes.email, webinar: 'spring-launch'}",
        bindings: {},
        event_type: "contact.tag_added",
        event_data: { tag: "webinar" },
      },
    });
    moves.push([sent.summary.id, hoursAgo * HOUR + (i % 2) * 20 * 60_000 + 5 * 60_000]);
  }
  signupsDown = false;
  const back = (key) => `CASE ${key} ${moves.map(([id, ms]) => `WHEN '${id}' THEN ${ms}`).join(" ")} END`;
  const moved = moves.map(([id]) => `'${id}'`).join(", ");
  execFileSync("sqlite3", [
    "-cmd",
    ".timeout 5000",
    join(dataDir, "api-destinations.sqlite3"),
    `UPDATE deliveries SET created_at = created_at - ${back("id")}, updated_at = updated_at - ${back("id")}
       WHERE id IN (${moved});
     UPDATE attempts SET started_at = started_at - ${back("delivery_id")}, completed_at = completed_at - ${back("delivery_id")}
       WHERE delivery_id IN (${moved});`,
  ]);
  await openScreen(browser, "Settings");
  await openScreen(browser, "API Deliveries");
  await (await browser.$('[data-testid="health-chart"]')).waitForDisplayed();
  await browser.waitUntil(async () => /succeeded of \d+/.test(await (await browser.$('[data-testid="health-chart"]')).getText()));
  await shoot("deliveries-health");

  // Replay: since the Send test above, the CRM moved to a v2 path and wants a version header.
  const localDeliveries = await must(browser, "delivery_list", {
    filter: { categories: [], pending: false, destination_id: local.id, rule_id: null, since: null, until: null, text: null },
    after: null,
    limit: 50,
  });
  const sentTest = localDeliveries.items.find((d) => d.source === "test") ?? localDeliveries.items[0];
  await must(browser, "destination_update", {
    id: local.id,
    input: {
      ...base,
      name: "Local CRM",
      endpoint: `http://127.0.0.1:${crmServer.address().port}/v2/leads/{email}`,
      method: "POST",
      auth_id: null,
      headers: [{ name: "X-Api-Version", value: "2" }],
    },
  });
  await browser.execute((id) => {
    window.location.hash = `#/deliveries/${id}`;
  }, sentTest.id);
  await (await browser.$("button=Replay…")).waitForClickable();
  await (await browser.$("button=Replay…")).click();
  await (await browser.$('[data-testid="replay-diff"] .diff-added')).waitForDisplayed();
  // A dialog over a page is a big repaint: give it longer to reach the screen.
  await shoot("replay-diff", 4000);
  await (await browser.$("button=Cancel")).click();
  crmServer.close();

  await openScreen(browser, "Sample Contacts & Team");
  await (await browser.$('table[aria-label="Sample contacts"]')).waitForDisplayed();
  await shoot("contacts");

  await openScreen(browser, "Settings");
  const status = await browser.$('[data-testid="keyring-status"]');
  await browser.waitUntil(async () => /Available|Unavailable/.test(await status.getText()), { timeout: 20000 });
  await browser.pause(300);
  await shoot("settings");
} finally {
  await browser.deleteSession();
}
