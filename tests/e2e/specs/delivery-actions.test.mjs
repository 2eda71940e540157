// API Deliveries, what a marketer does after something failed, driven through the real app:
// the health pictures (a sparkline per destination that opens its deliveries, the chart above
// the log), Replay with its diff against the original, cancelling scheduled retries, bulk retry
// of the filtered failed deliveries, exporting the filtered list as CSV and NDJSON, and the
// retention setting with its background pruning.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fullIdNow, idLink, invoke, launch, must, openScreen, textNow, withFailureScreenshot } from "../lib/app.mjs";

const SHOP_DELIVERIES = 30; // more than one batch of the bulk retry (25), so progress shows
const DAY_MS = 24 * 60 * 60 * 1000;

let app;
let server;
let shopDown = true;
const received = []; // { url, headers } of every request the local servers got
const ids = {}; // destination and delivery ids made in before()

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push({ url: req.url, headers: req.headers });
      const json = (code, body) => {
        res.writeHead(code, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.url.startsWith("/shop")) shopDown ? json(503, { error: "maintenance" }) : json(200, { ok: true });
      else if (req.url.startsWith("/warehouse")) json(500, { error: "disk full" });
      else if (req.url.startsWith("/gone")) json(404, { error: "no such list" });
      else json(200, { id: "lead_42" });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  app = await launch();
  const { browser } = app;
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  await browser.setWindowSize(1280, 800).catch(() => undefined);

  // Four destinations, and deliveries sent to them the way Send test sends them.
  const base = `http://127.0.0.1:${server.address().port}`;
  ids.crmInput = destination("Local CRM", `${base}/crm/{email}`, []);
  ids.crm = (await must(browser, "destination_create", { input: ids.crmInput })).id;
  ids.shop = (await must(browser, "destination_create", { input: destination("Shop orders", `${base}/shop`, []) })).id;
  // A retry an hour away: the delivery stays scheduled for the whole test.
  ids.warehouse = (await must(browser, "destination_create", { input: destination("Warehouse", `${base}/warehouse`, [3600]) })).id;
  ids.gone = (await must(browser, "destination_create", { input: destination("Old list", `${base}/gone`, []) })).id;
  const contacts = await must(browser, "contact_list");
  ids.zoe = contacts.find((c) => c.first_name === "Zoë").id;
  const send = async (destination_id, contact_id) =>
    (
      await must(browser, "delivery_send_test", {
        request: {
          destination_id,
          contact_id,
          payload: "{name: contact.first_name, phone: contact.phone}",
          bindings: { email: "contact.custom_attributes.email" },
          event_type: "contact.tag_added",
          event_data: { tag: "vip" },
        },
      })
    ).summary.id;
  ids.crmDelivery = await send(ids.crm, ids.zoe);
  for (let i = 0; i < SHOP_DELIVERIES; i++) await send(ids.shop, contacts[i % contacts.length].id);
  ids.scheduled = await send(ids.warehouse, ids.zoe);
  ids.keptScheduled = await send(ids.warehouse, contacts[1].id);
  ids.goneDelivery = await send(ids.gone, contacts[1].id);
});

after(async () => {
  await app?.browser.deleteSession();
  server?.close();
});

function destination(name, endpoint, retry_delays_secs) {
  return {
    name,
    endpoint,
    method: "POST",
    auth_id: null,
    headers: [],
    timeout_secs: 5,
    retry: { retry_delays_secs, jitter_percent: 0, retry_after_cap_secs: 3600 },
    rate_limit_per_sec: null,
    concurrency_limit: null,
    enabled: true,
  };
}

/**
 * Opens a screen anew, by way of Settings. The same screen's nav link only clears its filters
 * and keeps the page: its lists are not reloaded, and WebKitWebDriver then fires no change when
 * a select is set back to the option it last picked (a person's pick does fire it).
 */
async function freshScreen(browser, label) {
  // A dialog left open by a failed test would keep the navigation out of reach.
  if (await (await browser.$("dialog[open]")).isExisting()) await browser.keys("Escape");
  await openScreen(browser, "Settings");
  await openScreen(browser, label);
}

/** Follows a link as a keyboard user does (WebKitWebDriver may drop a click right after a route change). */
async function follow(browser, link) {
  await link.waitForDisplayed();
  await browser.execute((el) => el.focus(), link);
  await browser.keys("Enter");
}

async function openDelivery(browser, id) {
  await freshScreen(browser, "API Deliveries");
  const row = await browser.$(`tr[data-delivery-id="${id}"]`);
  await row.waitForDisplayed({ timeout: 10000 });
  await follow(browser, await row.$(idLink(id)));
  await browser.waitUntil(async () => (await fullIdNow(browser, '[data-testid="delivery-id"]')) === id, {
    timeout: 10000,
    timeoutMsg: `delivery ${id} did not open`,
  });
}

const rows = (browser) => browser.$$("tr[data-delivery-id]");

/** A minimal CSV reader (quoted fields, doubled quotes), enough for the export's own output. */
function parseCsv(text) {
  const records = [];
  let field = "";
  let record = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[i++];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n") record.push(field), records.push(record), (record = []), (field = "");
    else if (c !== "\r") field += c;
  }
  if (field || record.length) record.push(field), records.push(record);
  return records;
}

/** Clicks an export button and reads the file its toast names (in APIDEST_EXPORT_DIR). */
async function exportFile(browser, button, extension) {
  const toast = await browser.$(`.toast*=${extension}`);
  await (await browser.$(`button=${button}`)).click();
  await toast.waitForDisplayed({ timeout: 10000 });
  const text = await (await toast.$("p")).getText();
  const path = text.match(/ to (\S+\.[a-z]+)$/)?.[1];
  assert.ok(path, `the toast names the file: ${text}`);
  assert.equal(dirname(path), process.env.APIDEST_EXPORT_DIR, "exports go to APIDEST_EXPORT_DIR");
  await (await toast.$('button[aria-label="Dismiss"]')).click();
  return { text, content: readFileSync(path, "utf8") };
}

test("the health sparkline opens that destination's deliveries, above them the larger chart", () =>
  withFailureScreenshot("delivery-actions-health", async () => {
    const { browser } = app;
    await freshScreen(browser, "API Destinations");
    const link = await browser.$('a[data-health-of="Shop orders"]');
    await link.waitForDisplayed();
    await browser.waitUntil(async () => /0% succeeded/.test(await link.getText()), {
      timeout: 5000,
      timeoutMsg: "the sparkline shows no success rate",
    });
    const sparkline = await link.$(".sparkline");
    assert.equal(await sparkline.getAttribute("title"), `Last 24 hours: 0% succeeded of ${SHOP_DELIVERIES}`);
    // The failed part of the last hour's bar has a height; the succeeded part none.
    const bars = await sparkline.$$("g");
    assert.equal(bars.length, 24, "one bar per hour");
    const lastBar = bars[23];
    assert.ok(Number(await (await lastBar.$("rect.health-failed")).getAttribute("height")) > 0);
    assert.equal(Number(await (await lastBar.$("rect.health-ok")).getAttribute("height")), 0);
    assert.match(await (await browser.$('a[data-health-of="Local CRM"]')).getText(), /100% succeeded/);

    await follow(browser, link);
    const heading = await browser.$("main h1");
    await browser.waitUntil(async () => (await heading.getText()) === "API Deliveries · Shop orders", {
      timeout: 10000,
      timeoutMsg: "the sparkline did not open the destination's deliveries",
    });
    await browser.waitUntil(async () => (await rows(browser)).length === SHOP_DELIVERIES, { timeout: 10000 });
    for (const row of await rows(browser)) assert.match(await row.getText(), /Shop orders/);

    const chart = await browser.$('[data-testid="health-chart"]');
    await browser.waitUntil(async () => new RegExp(`0% succeeded of ${SHOP_DELIVERIES}`).test(await chart.getText()), {
      timeout: 5000,
      timeoutMsg: "the chart shows no success rate",
    });
    const chartText = await chart.getText();
    assert.match(chartText, /Shop orders · Last 24 hours/);
    assert.match(chartText, new RegExp(`Server Error\\s*${SHOP_DELIVERIES}`));
    assert.match(chartText, /now/);
    // Each bar says when it is (a real time, not the epoch) and how it went.
    const titles = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="health-chart"] svg title')].map((t) => t.textContent),
    );
    assert.equal(titles.length, 24);
    assert.match(titles[23], new RegExp(`0 of ${SHOP_DELIVERIES} succeeded`));
    assert.ok(!titles.some((t) => t.includes("1970")), `bars dated 1970: ${titles[0]}`);

    // All destinations: the chart adds them up.
    await (await browser.$('select[aria-label="Destination"]')).selectByVisibleText("All destinations");
    const total = SHOP_DELIVERIES + 4;
    await browser.waitUntil(async () => /All destinations · Last 24 hours/.test(await chart.getText()), { timeout: 5000 });
    await browser.waitUntil(async () => new RegExp(`succeeded of ${total}`).test(await chart.getText()), { timeout: 5000 });
    assert.match(await chart.getText(), /Success\s*1[\s\S]*Client Error\s*1[\s\S]*Server Error\s*32/);
  }));

test("Replay shows what changed against the original, then sends a new delivery linked to it", () =>
  withFailureScreenshot("delivery-actions-replay", async () => {
    const { browser } = app;
    // Since the original was sent, the destination moved to a v2 path and wants a version header.
    await must(browser, "destination_update", {
      id: ids.crm,
      input: {
        ...ids.crmInput,
        endpoint: ids.crmInput.endpoint.replace("/crm/", "/crm/v2/"),
        headers: [{ name: "X-Api-Version", value: "2" }],
      },
    });
    await openDelivery(browser, ids.crmDelivery);
    await (await browser.$("button=Replay…")).click();
    const diff = await browser.$('[data-testid="replay-diff"]');
    await diff.waitForDisplayed({ timeout: 10000 });
    const lines = async (kind) => {
      const out = [];
      for (const el of await diff.$$(`.diff-${kind}`)) out.push((await el.getText()).trim());
      return out;
    };
    const removed = await lines("removed");
    const added = await lines("added");
    assert.equal(removed.length, 1, `removed: ${removed}`);
    assert.match(removed[0], /^− POST http:\/\/127\.0\.0\.1:\d+\/crm\/zoe\.angstrom%40example\.com$/);
    assert.equal(added.length, 2, `added: ${added}`);
    assert.match(added[0], /^\+ POST http:\/\/127\.0\.0\.1:\d+\/crm\/v2\/zoe\.angstrom%40example\.com$/);
    assert.equal(added[1], "+ X-Api-Version: 2");
    // What did not change is shown too, unmarked: the body.
    assert.match(await diff.getText(), /"name": "Zoë"/);
    assert.match(await (await browser.$("dialog[open]")).getText(), /Sending creates a new delivery, linked to this one/);
    assert.equal(received.filter((r) => r.url.startsWith("/crm/v2/")).length, 0, "nothing is sent before Send replay");

    await (await browser.$("button=Send replay")).click();
    let replayId = "";
    await browser.waitUntil(
      async () => {
        replayId = await fullIdNow(browser, '[data-testid="delivery-id"]');
        return /^dlv_/.test(replayId) && replayId !== ids.crmDelivery;
      },
      { timeout: 10000, timeoutMsg: "Send replay did not open the new delivery" },
    );
    await browser.waitUntil(async () => (await textNow(browser, '[data-testid="delivery-state"]')) === "Delivered", {
      timeout: 10000,
      timeoutMsg: "the replay was not delivered",
    });
    assert.match(await (await browser.$('[data-testid="delivery-url"]')).getText(), /\/crm\/v2\/zoe\.angstrom%40example\.com$/);
    const main = await (await browser.$("main")).getText();
    assert.match(main, /None \(Replay\)/);
    const sent = received.filter((r) => r.url.startsWith("/crm/v2/"));
    assert.equal(sent.length, 1);
    assert.equal(sent[0].headers["x-api-version"], "2");

    // Linked: "Replay of" leads back to the original, which is unchanged.
    const back = await browser.$(idLink(ids.crmDelivery));
    await follow(browser, back);
    await browser.waitUntil(async () => (await fullIdNow(browser, '[data-testid="delivery-id"]')) === ids.crmDelivery, { timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="delivery-url"]')).getText(), /\/crm\/zoe\.angstrom%40example\.com$/);
    // …and names the replay it was sent again as, with how that went.
    const replayedAs = await browser.$('[data-testid="replayed-as"]');
    const replayItem = await replayedAs.$(`li*=Success`);
    assert.ok(await replayItem.$(idLink(replayId)).isExisting(), "the replay is listed with its outcome");
    const replay = await must(browser, "delivery_get", { id: replayId });
    assert.equal(replay.replay_of, ids.crmDelivery);
    assert.equal(replay.summary.source, "replay");
  }));

test("Cancel retries stops the retry a delivery has scheduled", () =>
  withFailureScreenshot("delivery-actions-cancel", async () => {
    const { browser } = app;
    await openDelivery(browser, ids.scheduled);
    const state = await browser.$('[data-testid="delivery-state"]');
    assert.match(await state.getText(), /^Retry scheduled at /);
    const attempts = await browser.$('[data-testid="attempts-table"]');
    const nextCell = async () => (await (await attempts.$("tbody tr")).$$("td"))[7].getText();
    assert.match(await nextCell(), /\d/, "the first attempt names when the next one is due");

    await (await browser.$("button=Cancel retries")).click();
    await browser.waitUntil(async () => (await state.getText()) === "Cancelled", {
      timeout: 10000,
      timeoutMsg: "the delivery did not turn Cancelled",
    });
    assert.equal(await (await browser.$("button=Cancel retries")).isExisting(), false);
    assert.equal(await nextCell(), "Cancelled");
    assert.match(await (await browser.$(".toast*=Scheduled retries cancelled")).getText(), /cancelled/);
    const detail = await must(browser, "delivery_get", { id: ids.scheduled });
    assert.equal(detail.summary.state, "cancelled");
    assert.equal(detail.summary.next_attempt_at, null);

    // The log says so too; the other Warehouse delivery keeps its retry.
    await freshScreen(browser, "API Deliveries");
    const row = await browser.$(`tr[data-delivery-id="${ids.scheduled}"]`);
    await row.waitForDisplayed({ timeout: 10000 });
    assert.match(await row.getText(), /retries cancelled/);
    assert.match(await (await browser.$(`tr[data-delivery-id="${ids.keptScheduled}"]`)).getText(), /retry (\w{3} \d{1,2} )?\d{1,2}:\d{2}/);
  }));

test("bulk retry of the filtered failed deliveries shows progress, then how they came out", () =>
  withFailureScreenshot("delivery-actions-bulk", async () => {
    const { browser } = app;
    shopDown = false;
    await freshScreen(browser, "API Deliveries");
    await (await browser.$('select[aria-label="Destination"]')).selectByVisibleText("Shop orders");
    await (await (await browser.$('[aria-label="Status"]')).$("button*=Server Error")).click();
    await browser.waitUntil(async () => (await rows(browser)).length === SHOP_DELIVERIES, { timeout: 10000 });

    // Every text the progress line shows, however briefly.
    await browser.execute(() => {
      window.__bulkProgress = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="bulk-retry-progress"]');
        if (el && window.__bulkProgress.at(-1) !== el.textContent) window.__bulkProgress.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await (await browser.$("button=Retry failed…")).click();
    const dialog = await browser.$("dialog[open]");
    await browser.waitUntil(async () => new RegExp(`${SHOP_DELIVERIES} failed deliveries in the current filter`).test(await dialog.getText()), {
      timeout: 10000,
      timeoutMsg: "the dialog did not say how many",
    });
    await (await dialog.$(`button=Retry ${SHOP_DELIVERIES}`)).click();
    const result = await browser.$('[data-testid="bulk-retry-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    assert.match(await result.getText(), new RegExp(`^${SHOP_DELIVERIES} queued for a new attempt\\.`));
    const outcome = await browser.$('[data-testid="bulk-retry-outcome"]');
    await browser.waitUntil(
      async () => (await outcome.getText()) === `${SHOP_DELIVERIES} delivered · 0 failed again · 0 still on their way`,
      { timeout: 20000, timeoutMsg: "the summary did not follow the new attempts" },
    );
    const progress = await browser.execute(() => window.__bulkProgress);
    assert.ok(progress.includes(`25 of ${SHOP_DELIVERIES} queued`), `progress shown: ${JSON.stringify(progress)}`);
    await (await dialog.$("button=Close")).click();

    // The rows behind turned Success by themselves; the failure outside the filter was left alone.
    await browser.waitUntil(
      async () => {
        for (const row of await rows(browser)) if (!/^Success/.test(await row.getText())) return false;
        return true;
      },
      { timeout: 10000, timeoutMsg: "the list did not follow the retries" },
    );
    assert.equal(received.filter((r) => r.url.startsWith("/shop")).length, SHOP_DELIVERIES * 2);
    assert.equal(received.filter((r) => r.url.startsWith("/gone")).length, 1);
    assert.equal((await must(browser, "delivery_get", { id: ids.goneDelivery })).summary.attempt_count, 1);
    const chart = await browser.$('[data-testid="health-chart"]');
    await browser.waitUntil(async () => new RegExp(`100% succeeded of ${SHOP_DELIVERIES}`).test(await chart.getText()), {
      timeout: 5000,
      timeoutMsg: "the chart did not follow",
    });
  }));

test("the filtered list exports as CSV and as NDJSON", () =>
  withFailureScreenshot("delivery-actions-export", async () => {
    const { browser } = app;
    assert.ok(process.env.APIDEST_EXPORT_DIR, "run through tests/e2e/run.sh, which sets APIDEST_EXPORT_DIR");
    await freshScreen(browser, "API Deliveries");
    await (await browser.$('select[aria-label="Destination"]')).selectByVisibleText("Shop orders");
    await browser.waitUntil(async () => (await rows(browser)).length === SHOP_DELIVERIES, { timeout: 10000 });
    const shown = [];
    for (const row of await rows(browser)) shown.push(await row.getAttribute("data-delivery-id"));

    const csv = await exportFile(browser, "Export CSV", "csv");
    assert.match(csv.text, new RegExp(`^Exported ${SHOP_DELIVERIES} deliveries to `));
    const [header, ...records] = parseCsv(csv.content);
    assert.deepEqual(header.slice(0, 9), [
      "delivery_id",
      "created_at",
      "state",
      "status",
      "http_code",
      "duration_ms",
      "attempts",
      "destination_id",
      "destination",
    ]);
    assert.equal(records.length, SHOP_DELIVERIES);
    const col = (name) => header.indexOf(name);
    // The same deliveries, in the same order (newest first), as the list on screen.
    assert.deepEqual(
      records.map((r) => r[col("delivery_id")]),
      shown,
    );
    for (const r of records) {
      assert.equal(r.length, header.length);
      assert.equal(r[col("destination")], "Shop orders");
      assert.equal(r[col("state")], "succeeded");
      assert.equal(r[col("status")], "Success");
      assert.equal(r[col("http_code")], "200");
      assert.equal(r[col("attempts")], "2");
      assert.match(r[col("created_at")], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    }
    assert.ok(records.some((r) => r[col("contact")] === "Zoë Ångström"), "names keep their accents");

    const nd = await exportFile(browser, "Export NDJSON", "ndjson");
    assert.match(nd.text, new RegExp(`^Exported ${SHOP_DELIVERIES} deliveries to `));
    const lines = nd.content.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((d) => d.id),
      shown,
    );
    for (const d of lines) {
      assert.equal(d.destination_name, "Shop orders");
      assert.equal(d.last_category, "success");
      assert.equal(d.attempt_count, 2);
    }
  }));

test("retention: the setting is saved, and older finished deliveries are pruned in the background", () =>
  withFailureScreenshot("delivery-actions-retention", async () => {
    const { browser, dataDir } = app;
    // Two deliveries ten days old: one finished (Old list), one still waiting for its retry.
    const database = join(dataDir, "api-destinations.sqlite3");
    execFileSync("sqlite3", [
      "-cmd",
      ".timeout 5000",
      database,
      `UPDATE deliveries SET created_at = created_at - ${10 * DAY_MS} WHERE id IN ('${ids.goneDelivery}', '${ids.keptScheduled}')`,
    ]);
    await freshScreen(browser, "API Deliveries");
    const old = await browser.$(`tr[data-delivery-id="${ids.goneDelivery}"]`);
    await old.waitForDisplayed({ timeout: 10000 });

    await (await browser.$("button=Retention")).click();
    const days = await browser.$("#retention-days");
    await browser.waitUntil(async () => (await days.getValue()) === "30", { timeout: 5000, timeoutMsg: "the default is not 30 days" });
    await days.setValue("a week");
    await (await browser.$("button=Save")).click();
    assert.match(await (await browser.$("dialog[open]")).getText(), /A whole number of days from 1 to 3650/);
    await days.setValue("7");
    await (await browser.$("button=Save")).click();
    await (await browser.$(".toast*=kept for 7 days")).waitForDisplayed({ timeout: 5000 });
    assert.equal(await (await browser.$("dialog[open]")).isExisting(), false);

    // The pruning runs after the save, in the background; the list on screen follows it.
    await old.waitForExist({ reverse: true, timeout: 10000, timeoutMsg: "the old delivery is still listed" });
    assert.equal((await invoke(browser, "delivery_get", { id: ids.goneDelivery })).ok, false);
    assert.ok(await (await browser.$(`tr[data-delivery-id="${ids.keptScheduled}"]`)).isExisting(), "a scheduled one is kept");
    assert.deepEqual(await must(browser, "delivery_retention_get"), { days: 7 });

    // Saved: the dialog opens on the new value.
    await (await browser.$("button=Retention")).click();
    await browser.waitUntil(async () => (await days.getValue()) === "7", { timeout: 5000 });
    await (await browser.$("button=Cancel")).click();
  }));
