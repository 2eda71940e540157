// Marketer functions and form bodies, as a marketer meets them in the destination form: the
// editor's completion documents an extension function, a payload hashing the contact's email
// (Meta's normalisation: trim, lower-case, SHA-256) previews the right hash, and "Send test" to
// a form-encoded destination delivers to the sandbox receiver exactly the body previewed.
// With APIDEST_COMPLETION_SCREENSHOT=1 it also saves docs/screenshots/completion-extension.png.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
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

async function previewBody(browser) {
  const body = await browser.$('[data-testid="preview-body"]');
  return (await body.isExisting()) ? body.getText() : "";
}

/** The editor's text; an empty editor shows a placeholder, which is not text. */
function editorText(browser) {
  return browser.execute(() => {
    const content = document.querySelector('[data-testid="payload-expression-editor"] .cm-content');
    return !content || content.querySelector(".cm-placeholder") ? "" : content.textContent;
  });
}

/** Empties the payload editor (checked, since a key can be lost right after the form loads). */
async function clearEditor(browser) {
  const content = await browser.$('[data-testid="payload-expression-editor"] .cm-content');
  for (let i = 0; i < 5; i++) {
    await content.click();
    await browser.keys(["Control", "a"]);
    await browser.keys("Delete");
    if ((await editorText(browser)) === "") return;
    await browser.pause(300);
  }
  throw new Error("the payload editor could not be emptied");
}

async function replaceEditorText(browser, text) {
  await clearEditor(browser);
  for (const ch of text) await browser.keys(ch);
  await browser.waitUntil(
    async () => (await editorText(browser)) === text,
    { timeout: 5000, timeoutMsg: "the editor does not hold the typed payload" },
  );
}

before(async () => {
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  if (app) await invoke(app.browser, "sandbox_set_enabled", { enabled: false, port: null });
  await app?.browser.deleteSession();
});

test("a hashed email previews the right hash and a form body reaches the sandbox as previewed", () =>
  withFailureScreenshot("marketer-functions", async () => {
    const { browser } = app;
    const port = await freePort();
    // Setup through IPC: the sandbox receiver and a form-encoded destination that carries its key.
    await must(browser, "sandbox_set_enabled", { enabled: true, port });
    const { destination_id: sandboxId } = await must(browser, "sandbox_status");
    const sandbox = await must(browser, "destination_get", { id: sandboxId });
    const key = sandbox.input.headers.find((h) => h.name === "X-Sandbox-Key");
    assert.ok(key, "the Sandbox destination carries the sandbox's key");
    await must(browser, "destination_create", {
      input: {
        name: "Form CRM",
        endpoint: `http://127.0.0.1:${port}/v1/customers`,
        method: "POST",
        body_format: "form",
        auth_id: null,
        headers: [key],
        timeout_secs: 5,
        retry: { retry_delays_secs: [5], jitter_percent: 20, retry_after_cap_secs: 3600 },
        rate_limit_per_sec: null,
        concurrency_limit: null,
        enabled: true,
      },
    });

    await openScreen(browser, "Settings");
    await openScreen(browser, "API Destinations");
    await (await browser.$("a=Form CRM")).click();
    const format = await browser.$("#destination-body-format");
    await format.waitForDisplayed();
    assert.equal(await format.getValue(), "form");
    await (await browser.$('[data-testid="preview-panel"]')).scrollIntoView();
    await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");

    // Completion documents the extension: signature, "extension", description and example.
    // Let the form settle (the Test payload is loaded with the destination) before typing.
    await browser.pause(500);
    await clearEditor(browser);
    for (const ch of "{em: sha") await browser.keys(ch);
    await browser.keys(["Control", " "]);
    const option = await browser.$('.cm-tooltip-autocomplete li[aria-selected] ');
    await option.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => /sha256/.test(await option.getText()), {
      timeout: 5000,
      timeoutMsg: "sha256 was not the selected completion",
    });
    assert.match(await option.getText(), /sha256\(string\) → string · extension/);
    const info = await browser.$(".cm-completionInfo");
    await info.waitForDisplayed({ timeout: 5000 });
    const infoText = await info.getText();
    assert.match(infoText, /Extension: not in standard JMESPath/);
    assert.match(infoText, /Example: sha256\(lower\(trim\(contact\.custom_attributes\.email\)\)\)/);
    if (process.env.APIDEST_COMPLETION_SCREENSHOT) {
      await browser.setWindowRect(0, 0, 1280, 800);
      await browser.pause(800);
      await browser.saveScreenshot(join(REPO, "docs/screenshots/completion-extension.png"));
    }
    await browser.keys("Escape");

    // The preview shows the form body with the expected hash of the sample contact's email.
    await replaceEditorText(browser, "{em: sha256(lower(trim(contact.custom_attributes.email))), name: contact.first_name}");
    const hash = createHash("sha256").update("zoe.angstrom@example.com").digest("hex");
    const expected = `em=${hash}&name=Zo%C3%AB`;
    await browser
      .waitUntil(async () => (await previewBody(browser)) === expected, { timeout: 10000 })
      .catch(async (e) => {
        throw new Error(`${e.message}; preview shows ${JSON.stringify(await previewBody(browser))}`);
      });
    const preview = await (await browser.$('[data-testid="preview-panel"]')).getText();
    assert.match(preview, /application\/x-www-form-urlencoded/);

    // Send test: the sandbox receives exactly the previewed bytes.
    await pressSendTest(browser);
    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    assert.match(await result.getText(), /Success · 200/);
    const received = await must(browser, "sandbox_requests");
    const last = received.find((r) => r.path === "/v1/customers");
    assert.ok(last, `the sandbox got the request: ${JSON.stringify(received.map((r) => r.path))}`);
    assert.equal(last.body, expected);
    const contentType = last.headers.find((h) => h.name === "content-type");
    assert.equal(contentType?.value, "application/x-www-form-urlencoded");
  }));
