// The sandbox receiver, as a new user tries it: switch it on in Settings, follow the link to the
// ready-made Sandbox destination, "Send test", and see the request arrive in Settings.
// With APIDEST_SANDBOX_SCREENSHOT=1 it also saves docs/screenshots/sandbox.png.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { invoke, launch, openScreen, pressSendTest, REPO, typeInto, withFailureScreenshot } from "../lib/app.mjs";

let app;

/** A port nothing listens on now, so two runs side by side do not meet on the default. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** docs/screenshots/sandbox.png: the window at the screen's full 1280×800, the card at the top. */
async function saveScreenshot(browser) {
  await browser.setWindowRect(0, 0, 1280, 800);
  for (const close of await browser.$$(".toast button")) await close.click();
  // Both requests in view: the 503 folded, the one "Send test" made unfolded.
  const rows = await browser.$$("button.sandbox-request-row");
  await rows[1].click();
  await browser.execute(() => {
    window.scrollTo(0, 0);
    const main = document.querySelector("main");
    const card = document.querySelector('[data-testid="sandbox-card"]').closest("section");
    main.scrollTop = card.offsetTop - main.offsetTop - 24;
  });
  await browser.pause(1000);
  // WebDriver's own capture: after a resize, Xvfb's screen keeps showing a stale frame.
  await browser.saveScreenshot(join(REPO, "docs/screenshots/sandbox.png"));
}

before(async () => {
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  // Stop the receiver so its port is free for the next run (setup through IPC, not the flow).
  if (app) await invoke(app.browser, "sandbox_set_enabled", { enabled: false, port: null });
  await app?.browser.deleteSession();
});

test("a request sent to the Sandbox destination shows up in Settings", () =>
  withFailureScreenshot("sandbox", async () => {
    const { browser } = app;
    const port = await freePort();

    await openScreen(browser, "Settings");
    const card = await browser.$('[data-testid="sandbox-card"]');
    await card.scrollIntoView();
    await (await browser.$("#sandbox-port")).waitForEnabled();
    await typeInto(browser, "#sandbox-port", String(port));
    // The sandbox card's own switch: Settings has other switches above it.
    const toggle = await card.$('input[role="switch"]');
    assert.equal(await toggle.isSelected(), false, "off by default");
    await toggle.click();

    const address = await browser.$('[data-testid="sandbox-url"]');
    await address.waitForDisplayed({ timeout: 10000 });
    assert.equal(await address.getText(), `http://127.0.0.1:${port}`);
    assert.equal(await toggle.isSelected(), true);

    await (await browser.$('[data-testid="sandbox-destination-link"]')).click();
    const endpoint = await browser.$("#destination-endpoint");
    await endpoint.waitForDisplayed();
    assert.equal(await endpoint.getValue(), `http://127.0.0.1:${port}/contacts/{email}`);
    // Enabled once the sample contacts are in; a click on the disabled button does nothing.
    await pressSendTest(browser);
    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    assert.match(await result.getText(), /Success · 200/);
    assert.match(await (await browser.$('[data-testid="response-body"]')).getText(), /"received": true/);

    await openScreen(browser, "Settings");
    const list = await browser.$('[data-testid="sandbox-requests"]');
    await list.scrollIntoView();
    const row = await list.$("button.sandbox-request-row");
    await row.waitForDisplayed({ timeout: 10000 });
    const rowText = await row.getText();
    assert.match(rowText, /POST/);
    assert.match(rowText, /\/contacts\/[^ ]+%40/);
    assert.match(rowText, /200/);
    await row.click();
    assert.equal(await row.getAttribute("aria-expanded"), "true");
    const body = await browser.$('[data-testid="sandbox-request-body"]');
    await body.waitForDisplayed();
    assert.match(await body.getText(), /"name": "Zoë Ångström"/);
    assert.match(await list.getText(), /content-type\s*application\/json/);

    // What a web page can send (no custom header) is refused and not listed; the sandbox takes
    // requests that carry this run's key, which the Sandbox destination holds.
    const refused = await fetch(`http://127.0.0.1:${port}/contacts/from-a-page`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "written by a web page",
    });
    assert.equal(refused.status, 403);
    const { destination_id: destinationId } = (await invoke(browser, "sandbox_status")).result;
    const destination = (await invoke(browser, "destination_get", { id: destinationId })).result;
    const key = destination.input.headers.find((h) => h.name === "X-Sandbox-Key");
    assert.ok(key, "the Sandbox destination carries the sandbox's key");

    // A request that lands while Settings is open appears at once (pushed, not polled), and
    // its credentials are masked before they reach the window.
    await fetch(`http://127.0.0.1:${port}/status/503?api_key=e2e-query-secret`, {
      method: "POST",
      headers: {
        authorization: "Bearer e2e-header-secret",
        "content-type": "application/json",
        [key.name]: key.value,
      },
      body: JSON.stringify({ email: "zoe.angstrom@example.com", plan: "pro" }),
    });
    await browser.waitUntil(async () => (await list.getText()).includes("/status/503"), {
      timeout: 10000,
      timeoutMsg: "the second request did not appear",
    });
    const newest = await list.$("button.sandbox-request-row");
    assert.match(await newest.getText(), /503/);
    await newest.click();
    await browser.waitUntil(async () => (await list.getText()).includes("Bearer ••••"), {
      timeoutMsg: "the masked authorization header is not shown",
    });
    const shown = await list.getText();
    assert.match(shown, /api_key=••••/);
    assert.doesNotMatch(shown, /e2e-header-secret|e2e-query-secret/);
    assert.doesNotMatch(shown, /from-a-page/);
    assert.ok(!shown.includes(key.value), "the key is masked like any credential");

    if (process.env.APIDEST_SANDBOX_SCREENSHOT) await saveScreenshot(browser);

    await (await list.$("button=Clear")).click();
    await browser.waitUntil(async () => (await list.getText()).includes("Nothing received yet"), {
      timeoutMsg: "the list was not cleared",
    });
  }));
