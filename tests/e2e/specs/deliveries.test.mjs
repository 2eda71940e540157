// API Deliveries, the marketer's path: a destination whose server answers 500 twice and then
// 200; Send test; the log; the delivery with its three attempts; an attempt's response body;
// Retry now, confirmed since the delivery succeeded, adds a manual attempt; Copy as cURL holds
// no secret. Also saves the screenshots of the list, the delivery and the attempt for the README.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO, idLink, launch, must, openScreen, withFailureScreenshot, pressSendTest } from "../lib/app.mjs";

const SECRET = "sk-live-e2e-7f3a9b2c4d";
let app;
let server;
let crmCalls = 0;

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url.startsWith("/crm")) {
        crmCalls += 1;
        if (crmCalls <= 2) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "database is warming up", attempt: crmCalls }));
        } else {
          res.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${crmCalls}` });
          res.end(JSON.stringify({ id: "lead_42", status: "created", attempt: crmCalls }));
        }
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("no such list");
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  await app.browser.setWindowSize(1280, 800).catch(() => undefined);
});

after(async () => {
  await app?.browser.deleteSession();
  server?.close();
});

/** The text of each cell of a table row (getText of a row runs the cells together). */
async function cells(row) {
  const out = [];
  for (const td of await row.$$("td")) out.push((await td.getText()).trim());
  return out;
}

async function shoot(browser, file) {
  // Software rendering under Xvfb reaches the screen a moment after the DOM changes.
  await browser.pause(1200);
  const dir = join(REPO, "docs/screenshots");
  mkdirSync(dir, { recursive: true });
  execFileSync("import", ["-window", "root", "-crop", "1280x800+0+0", "+repage", join(dir, `${file}.png`)]);
}

function destination(name, endpoint, auth_id, retry_delays_secs) {
  return {
    name,
    endpoint,
    method: "POST",
    auth_id,
    headers: [{ name: "X-Source", value: "api-destinations" }],
    timeout_secs: 5,
    retry: { retry_delays_secs, jitter_percent: 0, retry_after_cap_secs: 3600 },
    rate_limit_per_sec: null,
    concurrency_limit: null,
    enabled: true,
  };
}

test("a failing-then-succeeding delivery is debugged from the log", () =>
  withFailureScreenshot("deliveries", async () => {
    const { browser } = app;
    const port = server.address().port;
    const auth = await must(browser, "auth_create", {
      input: { name: "CRM token", settings: { kind: "bearer" }, secrets: { token: SECRET } },
    });
    await must(browser, "destination_create", {
      input: destination("Local CRM", `http://127.0.0.1:${port}/crm/{email}`, auth.id, [1, 1]),
    });
    const shop = await must(browser, "destination_create", {
      input: destination("Shop lists", `http://127.0.0.1:${port}/lists`, null, []),
    });
    // Another delivery, so the log shows more than one status.
    const contacts = await must(browser, "contact_list");
    await must(browser, "delivery_send_test", {
      request: {
        destination_id: shop.id,
        contact_id: contacts[1].id,
        payload: "{phone: contact.phone, tags: contact.tags}",
        bindings: {},
        event_type: "contact.tag_added",
        event_data: null,
      },
    });

    // Send test, as a user does it, from the destination form.
    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("a=Local CRM")).click();
    await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");
    await pressSendTest(browser);
    await (await browser.$('[data-testid="attempt-result"]')).waitForDisplayed({ timeout: 20000 });
    assert.match(await (await browser.$('[data-testid="attempt-result"]')).getText(), /Server Error · 500/);

    // The log: the delivery turns to Success by itself when the third attempt lands (pushed).
    await openScreen(browser, "API Deliveries");
    const row = await browser.$("tr[data-delivery-id]*=Local CRM");
    await row.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => /Success/.test(await row.getText()), {
      timeout: 15000,
      timeoutMsg: "the list did not update to Success",
    });
    // Status, id, destination, automation and event, contact, created, attempts, HTTP, duration.
    const [status, , dest, why, contact, , attempts, code, duration] = await cells(row);
    assert.equal(status, "Success");
    assert.equal(dest, "Local CRM");
    assert.match(why, /^Send test\s*message\.received$/);
    assert.equal(contact, "Zoë Ångström");
    assert.equal(attempts, "3");
    assert.equal(code, "200");
    assert.match(duration, /\d+ ms/);
    const statusGroup = await browser.$('[aria-label="Status"]');
    // The counts per status follow a moment after the pushed change.
    await browser.waitUntil(async () => /Client Error\s*1\s*Success\s*1|Success\s*1[\s\S]*Client Error\s*1/.test(await statusGroup.getText()), {
      timeout: 5000,
      timeoutMsg: "the counts per status did not update",
    });
    await shoot(browser, "deliveries");

    // The delivery.
    const deliveryId = await row.getAttribute("data-delivery-id");
    await (await row.$(idLink(deliveryId))).click();
    const table = await browser.$('[data-testid="attempts-table"]');
    await table.waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await browser.$('[data-testid="delivery-id"]')).getAttribute("data-full-id"), deliveryId);
    const rows = await table.$$("tbody tr");
    assert.equal(rows.length, 3);
    // #, Status, Completed, Duration, Attempt ID, HTTP code, Trigger, Next attempt.
    const table3 = [];
    for (const r of rows) table3.push(await cells(r));
    assert.deepEqual(
      table3.map((c) => [c[0], c[1], c[5], c[6]]),
      [
        ["1", "Server Error", "500", "Scheduled"],
        ["2", "Server Error", "500", "Scheduled"],
        ["3", "Success", "200", "Scheduled"],
      ],
    );
    for (const c of table3) {
      assert.match(c[2], /\d/, "a completion time");
      assert.match(c[3], /^\d+ ms$|^\d+\.\d+ s$/, `a duration: ${c[3]}`);
    }
    // The attempt id is shown short, whole in its link's title.
    for (const r of rows) {
      const id = await (await r.$('a[href*="/attempts/"]')).getAttribute("title");
      assert.match(id, /^att_[0-9a-z]{26}$/, `an attempt id: ${id}`);
    }
    // The first two scheduled the next; its time is shown.
    assert.match(table3[0][7], /\d/);
    const detailText = await (await browser.$("main")).getText();
    assert.match(detailText, /Bearer ••••/);
    assert.match(detailText, /CRM token/);
    assert.ok(!detailText.includes(SECRET));
    await shoot(browser, "delivery-detail");

    // An attempt: the response body the server sent.
    await (await rows[2].$('a[href*="/attempts/"]')).click();
    const body = await browser.$('[data-testid="response-body"]');
    await body.waitForDisplayed({ timeout: 10000 });
    assert.match(await body.getText(), /"id": "lead_42"/);
    assert.match(await (await browser.$('[data-testid="body-kept"]')).getText(), /(\d+) of \1 bytes kept/);
    assert.match(await (await browser.$("main")).getText(), /x-request-id/);
    await shoot(browser, "attempt-detail");
    // The first attempt: the 500 and its hint.
    await (await browser.$("a=Back to delivery")).click();
    await table.waitForDisplayed();

    // Retry now: the delivery succeeded, so it asks first and says it sends again; then a
    // fourth attempt, manual.
    await (await browser.$("button=Retry now")).click();
    const confirm = await browser.$("dialog[open]");
    await confirm.waitForDisplayed({ timeout: 5000 });
    assert.match(await confirm.getText(), /already succeeded.*again/s);
    await (await confirm.$("button=Send again")).click();
    await browser.waitUntil(async () => (await table.$$("tbody tr")).length === 4, {
      timeout: 10000,
      timeoutMsg: "Retry now added no attempt",
    });
    // Looked up afresh each time: the row re-renders as the attempt goes from in flight to done.
    const fourth = async () => cells((await browser.$$('[data-testid="attempts-table"] tbody tr'))[3]);
    await browser.waitUntil(async () => (await fourth())[1] === "Success", {
      timeout: 10000,
      timeoutMsg: "the manual attempt did not turn Success",
    });
    assert.equal((await fourth())[6], "Manual");
    assert.equal(crmCalls, 4);

    // Copy as cURL: the secret is masked.
    await (await browser.$("button=Copy as cURL")).click();
    const curl = await browser.$('[data-testid="curl-command"]');
    await browser.waitUntil(async () => /curl -X POST/.test(await curl.getText()), { timeout: 5000 });
    const command = await curl.getText();
    assert.match(command, /Authorization: Bearer ••••/);
    assert.match(command, /zoe\.angstrom%40example\.com/);
    assert.ok(!command.includes(SECRET), "the cURL command holds the secret");
    await (await browser.$("button=Done")).click();
  }));

test("filters and text search narrow the log", () =>
  withFailureScreenshot("deliveries-filters", async () => {
    const { browser } = app;
    await openScreen(browser, "API Deliveries");
    const rows = () => browser.$$("tr[data-delivery-id]");
    await browser.waitUntil(async () => (await rows()).length === 2, { timeout: 10000 });
    const search = await browser.$('input[aria-label="Search URL, payload and response"]');
    await search.setValue("warming");
    await browser.waitUntil(async () => (await rows()).length === 1, { timeout: 5000, timeoutMsg: "search did not narrow" });
    assert.match(await (await rows())[0].getText(), /Local CRM/);
    await search.setValue("no such list");
    await browser.waitUntil(async () => /Shop lists/.test(await (await rows())[0].getText()), { timeout: 5000 });
    await (await browser.$("button=Clear filters")).click();
    await browser.waitUntil(async () => (await rows()).length === 2, { timeout: 5000 });
    await (await browser.$("button*=Client Error")).click();
    await browser.waitUntil(async () => (await rows()).length === 1, { timeout: 5000 });
    assert.match(await (await rows())[0].getText(), /Shop lists/);
  }));
