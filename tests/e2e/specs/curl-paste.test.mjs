// "Paste a cURL command" as a new user does it: a vendor's documented example (Intercom's
// create-a-lead, from tests/curl_corpus, pointed at the sandbox receiver instead of
// api.intercom.io) pasted into New API Destination; the dialog shows what it will create and
// what it could not map; the form is filled, the token goes to the keyring, and Send test
// arrives at the sandbox. With APIDEST_CURL_SCREENSHOT=1 it saves docs/screenshots/curl-paste.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO, invoke, launch, must, openScreen, pressSendTest, withFailureScreenshot } from "../lib/app.mjs";

let app;

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

test("a pasted vendor example becomes a destination whose test arrives", () =>
  withFailureScreenshot("curl-paste", async () => {
    const { browser } = app;
    // Setup through IPC: the sandbox receiver, and the key header it asks of every request.
    const status = await must(browser, "sandbox_set_enabled", { enabled: true, port: await freePort() });
    assert.ok(status.running, JSON.stringify(status.error));
    const sandbox = await must(browser, "destination_get", { id: status.destination_id });
    const key = sandbox.input.headers.find((h) => h.name.toLowerCase() === "x-sandbox-key");
    assert.ok(key, "the Sandbox destination carries its key header");

    const example = readFileSync(join(REPO, "tests/curl_corpus/intercom-1.sh"), "utf8");
    const command = example.replace("https://api.intercom.io", status.url);
    assert.notEqual(command, example);

    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("button=New API Destination")).click();
    // The template gallery a new destination opens on offers the paste beside the templates.
    await (await browser.$('[data-testid="start-from-scratch"]')).waitForDisplayed();
    await (await browser.$('[data-testid="paste-curl"]')).click();

    const textarea = await browser.$("#curl-text");
    await textarea.waitForDisplayed();
    // As a paste does it: the whole text at once, line breaks kept (typing keys loses them).
    await browser.execute(
      (el, value) => {
        const setter = Object.getOwnPropertyDescriptor(window.HTMLTextAreaElement.prototype, "value").set;
        setter.call(el, value);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      },
      textarea,
      command,
    );
    const proposal = await browser.$('[data-testid="curl-proposal"]');
    await proposal.waitForDisplayed({ timeout: 10000 });
    const shown = await proposal.getText();
    assert.match(shown, new RegExp(`POST ${status.url}/contacts`));
    assert.match(shown, /Accept: application\/json/);
    const auth = await (await browser.$('[data-testid="curl-auth"]')).getText();
    assert.match(auth, /Bearer/);
    assert.match(auth, /keyring/);
    assert.ok(!auth.includes("Your access token"), "the dialog shows only the mask");
    const unmapped = await (await browser.$('[data-testid="curl-unmapped"]')).getText();
    assert.match(unmapped, /\$/, "the prompt of the docs' example is listed, not dropped");

    // Take the email from the contact instead of the example's literal.
    const bindEmail = await browser.$("label*=contact.custom_attributes.email");
    await (await bindEmail.$("input")).click();
    const payload = await browser.$('[data-testid="curl-payload"]');
    await browser.waitUntil(async () => /email: contact\.custom_attributes\.email/.test(await payload.getText()), {
      timeout: 10000,
      timeoutMsg: "the payload never bound the email",
    });

    if (process.env.APIDEST_CURL_SCREENSHOT === "1") {
      await browser.setWindowRect(0, 0, 1280, 800);
      // The report in view: the dialog's body scrolled to its end, past the pasted text.
      await browser.execute(() => {
        const body = document.querySelector(".dialog-body");
        body.scrollTop = body.scrollHeight;
      });
      await browser.pause(800);
      await browser.saveScreenshot(join(REPO, "docs/screenshots/curl-paste.png"));
    }

    await (await browser.$('[data-testid="curl-apply"]')).click();
    const name = await browser.$("#destination-name");
    await browser.waitUntil(async () => (await name.getValue()) === "Local server contacts", {
      timeout: 10000,
      timeoutMsg: "the form was not filled",
    });
    assert.equal(await (await browser.$("#destination-endpoint")).getValue(), `${status.url}/contacts`);

    // The token is in the keyring, not in the web view.
    const configs = await must(browser, "auth_list");
    const config = configs.find((c) => c.name === "Local server token");
    assert.ok(config, JSON.stringify(configs.map((c) => c.name)));
    assert.deepEqual(
      config.secrets.map((s) => [s.field, s.set]),
      [["token", true]],
    );

    await (await browser.$("button=Create destination")).click();
    await browser.waitUntil(async () => (await (await browser.$("main h1")).getText()) === "API Destinations", {
      timeoutMsg: "the destination was not saved",
    });
    const saved = (await must(browser, "destination_list")).find((d) => d.input.name === "Local server contacts");
    assert.ok(saved);
    assert.equal(saved.input.auth_id, config.id);
    // The sandbox's key header, as the Sandbox destination carries it.
    await must(browser, "destination_update", {
      id: saved.id,
      input: { ...saved.input, headers: [...saved.input.headers, key] },
    });
    await must(browser, "sandbox_clear");

    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("a=Local server contacts")).click();
    await pressSendTest(browser);
    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    assert.match(await result.getText(), /Success · 200/);

    const received = await must(browser, "sandbox_requests");
    assert.equal(received.length, 1);
    const [request] = received;
    assert.equal(request.method, "POST");
    assert.equal(request.path, "/contacts");
    const authorization = request.headers.find((h) => h.name === "authorization");
    assert.ok(authorization && authorization.value.startsWith("Bearer "), JSON.stringify(request.headers));
    const body = JSON.parse(request.body);
    assert.equal(body.name, "Winston Smith", "literals stay literals");
    assert.equal(body.phone, "123987456");
    assert.match(body.email, /@example\./, "the email comes from the sample contact");
  }));
