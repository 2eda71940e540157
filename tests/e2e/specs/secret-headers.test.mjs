// A secret typed as a static header, as a new user might: the destination form explains the
// risk beside it, "Move to API Auth" puts the value in a new API Auth config in the keyring and
// selects it, and after Send test to the sandbox the attempt screen shows the mask, never the
// value. Saves tests/e2e/artifacts/secret-headers-warning.png of the warning. A key typed into
// the endpoint's query shows masked in the list, and moves to an API Auth config placed in the
// query.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO, invoke, launch, must, openScreen, press, pressSendTest, withFailureScreenshot } from "../lib/app.mjs";

const KEY = `sk-e2e-${Date.now()}-Hq7Zt`;
let app;

/** A port nothing listens on now, so runs side by side do not meet. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

before(async () => {
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  if (app) await invoke(app.browser, "sandbox_set_enabled", { enabled: false, port: null });
  await app?.browser.deleteSession();
});

test("an X-Api-Key typed as a static header is explained, moved to API Auth and shown masked", () =>
  withFailureScreenshot("secret-headers", async () => {
    const { browser } = app;
    const status = await must(browser, "sandbox_set_enabled", { enabled: true, port: await freePort() });
    assert.ok(status.running && status.destination_id, JSON.stringify(status));

    // The list loaded at start; open it afresh so it shows the Sandbox destination.
    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("a=Sandbox")).click();
    const endpoint = await browser.$("#destination-endpoint");
    await endpoint.waitForDisplayed();

    // The sandbox's own per-run key header is the app's, not the user's: no warning for it.
    const rows = (await browser.$$(".header-row")).length;
    await (await browser.$("button=Add header")).click();
    await (await browser.$(`input[aria-label="Header ${rows + 1} name"]`)).setValue("X-Api-Key");
    await (await browser.$(`input[aria-label="Header ${rows + 1} value"]`)).setValue(KEY);

    const notice = await browser.$('[data-testid="static-secrets"]');
    await notice.waitForDisplayed({ timeout: 10000 });
    const warning = await notice.getText();
    assert.match(warning, /The header X-Api-Key looks like a secret/);
    assert.match(warning, /system keyring/);
    assert.doesNotMatch(warning, /X-Sandbox-Key/);
    await notice.scrollIntoView({ block: "center" });
    await browser.pause(300);
    mkdirSync(join(REPO, "tests/e2e/artifacts"), { recursive: true });
    await browser.saveScreenshot(join(REPO, "tests/e2e/artifacts/secret-headers-warning.png"));

    await press(browser, await browser.$('button[aria-label="Move header X-Api-Key to API Auth"]'));
    await notice.waitForDisplayed({ reverse: true, timeout: 10000 });
    const values = [];
    for (const input of await browser.$$(".header-row input")) values.push(await input.getValue());
    assert.ok(!values.includes(KEY) && !values.includes("X-Api-Key"), `the header is still in the form: ${values}`);
    const auth = await browser.$("#destination-auth");
    await browser.waitUntil(async () => (await auth.getValue()) !== "", { timeoutMsg: "the new auth is not selected" });
    const picked = await auth.getValue();
    assert.match(await (await auth.$(`option[value="${picked}"]`)).getText(), /Sandbox X-Api-Key — API key/);

    await press(browser, await browser.$("button=Save changes"));
    await (await browser.$('table[aria-label="API destinations"]')).waitForDisplayed({ timeout: 10000 });
    const configs = await must(browser, "auth_list");
    const moved = configs.find((c) => c.id === picked);
    assert.deepEqual(moved.settings, { kind: "api_key", placement: "header", name: "X-Api-Key" });
    assert.deepEqual(moved.secrets, [{ field: "value", set: true, mask: null }]);
    const saved = await must(browser, "destination_get", { id: status.destination_id });
    assert.equal(saved.input.auth_id, picked);
    assert.ok(!saved.input.headers.some((h) => h.name === "X-Api-Key"), JSON.stringify(saved.input.headers));

    await (await browser.$("a=Sandbox")).click();
    await pressSendTest(browser);
    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    assert.match(await result.getText(), /Success · 200/);

    await (await browser.$('[data-testid="open-attempt"]')).click();
    const sent = await browser.$("section*=Request as sent");
    await sent.waitForDisplayed({ timeout: 10000 });
    const shown = await sent.getText();
    assert.match(shown, /X-Api-Key\s*••••/);
    const page = await browser.execute(() => document.documentElement.outerHTML);
    assert.ok(!page.includes(KEY), "the key is on the attempt screen");
    const deliveries = await must(browser, "delivery_list", { filter: {}, after: null, limit: 10 });
    const detail = await must(browser, "delivery_get", { id: deliveries.items[0].id });
    assert.ok(!JSON.stringify([deliveries, detail]).includes(KEY), "an IPC answer carried the key");
  }));

test("an ?api_key= typed into the endpoint is masked in the list, explained and moved to API Auth", () =>
  withFailureScreenshot("secret-query", async () => {
    const { browser } = app;
    const QUERY_KEY = `qk-e2e-${Date.now()}-Lm4Rs`;
    const created = await must(browser, "destination_create", {
      input: {
        name: "Typed query key",
        endpoint: `http://127.0.0.1:9/track?api_key=${QUERY_KEY}&list=vip`,
        method: "POST",
        auth_id: null,
        headers: [],
        timeout_secs: 5,
        retry: { retry_delays_secs: [5], jitter_percent: 0, retry_after_cap_secs: 3600 },
        rate_limit_per_sec: null,
        concurrency_limit: null,
        enabled: true,
      },
    });

    // The list shows the endpoint with the key masked; the value is only in the form.
    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    const list = await browser.$('table[aria-label="API destinations"]');
    await list.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => (await list.getText()).includes("Typed query key"), {
      timeoutMsg: "the new destination is not listed",
    });
    const listed = await list.getText();
    assert.match(listed, /api_key=••••/);
    assert.ok(!listed.includes(QUERY_KEY), "the list shows the key");

    await (await browser.$("a=Typed query key")).click();
    const notice = await browser.$('[data-testid="static-secrets"]');
    await notice.waitForDisplayed({ timeout: 10000 });
    assert.match(await notice.getText(), /The query parameter api_key looks like a secret/);
    await press(browser, await browser.$('button[aria-label="Move query parameter api_key to API Auth"]'));
    await notice.waitForDisplayed({ reverse: true, timeout: 10000 });
    const endpoint = await browser.$("#destination-endpoint");
    await browser.waitUntil(async () => !(await endpoint.getValue()).includes(QUERY_KEY), {
      timeoutMsg: "the key is still in the endpoint",
    });
    assert.match(await endpoint.getValue(), /\/track\?list=vip$/);
    const auth = await browser.$("#destination-auth");
    await browser.waitUntil(async () => (await auth.getValue()) !== "", { timeoutMsg: "the new auth is not selected" });
    const picked = await auth.getValue();

    await press(browser, await browser.$("button=Save changes"));
    await list.waitForDisplayed({ timeout: 10000 });
    const moved = (await must(browser, "auth_list")).find((c) => c.id === picked);
    assert.deepEqual(moved.settings, { kind: "api_key", placement: "query", name: "api_key" });
    const saved = await must(browser, "destination_get", { id: created.id });
    assert.equal(saved.input.auth_id, picked);
    assert.ok(!JSON.stringify(saved).includes(QUERY_KEY), "the destination still holds the key");
  }));
