// The main flow with the keyboard only: create an API Auth, a destination using it, watch the
// preview, Send test, and open the attempt. Every step is a key sent through WebDriver actions
// (Tab, Shift+Tab, Enter, Space, arrows, typed text); the page is only read, never clicked.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { launch, withFailureScreenshot } from "../lib/app.mjs";

let app;
let server;
const received = [];

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ url: req.url, authorization: req.headers.authorization, body });
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"id":"lead_7"}');
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

/** What has the focus now: tag, id, role, its text or label. */
function focused(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el) return { tag: "", text: "" };
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      role: el.getAttribute("role") ?? "",
      testId: el.getAttribute("data-testid") ?? "",
      text: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim(),
      href: el.getAttribute("href") ?? "",
    };
  });
}

/** Presses Tab (or Shift+Tab) until `wanted(focused)` holds; fails after `max` presses. */
async function tabTo(browser, what, wanted, { max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (wanted(await focused(browser))) return;
    await browser.keys(back ? ["Shift", "Tab"] : ["Tab"]);
  }
  assert.fail(`Tab never reached ${what}; the focus is on ${JSON.stringify(await focused(browser))}`);
}

async function heading(browser, text) {
  const h1 = await browser.$("main h1");
  await browser.waitUntil(async () => (await h1.getText()) === text, { timeout: 15000, timeoutMsg: `"${text}" did not open` });
}

/** Types text into the focused field: each character pressed and released in turn. */
async function type(browser, text) {
  const action = browser.action("key");
  for (const char of text) action.down(char).up(char);
  await action.perform();
}

test("create auth → destination → preview → Send test → the attempt, with the keyboard only", () =>
  withFailureScreenshot("keyboard-flow", async () => {
    const { browser } = app;
    const port = server.address().port;

    // The skip link is the first stop, then the navigation.
    await browser.keys(["Tab"]);
    assert.equal((await focused(browser)).text, "Skip to content");
    await tabTo(browser, "API Auth in the navigation", (f) => f.href === "#/auth");
    await browser.keys(["Enter"]);
    await heading(browser, "API Auth");

    await tabTo(browser, "New API Auth", (f) => f.tag === "button" && f.text === "New API Auth");
    await browser.keys(["Enter"]);
    await (await browser.$("dialog[open]")).waitForDisplayed();
    await tabTo(browser, "the auth config's Name field", (f) => f.id === "auth-name");
    await type(browser, "CRM token");
    await tabTo(browser, "the Token field", (f) => f.id === "auth-secret-token");
    await type(browser, "kbd-secret-42");
    await tabTo(browser, "Save", (f) => f.tag === "button" && /^(Save|Create)/.test(f.text));
    await browser.keys(["Enter"]);
    const table = await browser.$('table[aria-label="API Auth configs"]');
    await table.waitForDisplayed({ timeout: 15000 });
    await browser.waitUntil(async () => /CRM token/.test(await table.getText()));

    await tabTo(browser, "API Destinations in the navigation", (f) => f.href === "#/destinations", { back: true });
    await browser.keys(["Enter"]);
    await heading(browser, "API Destinations");
    await tabTo(browser, "New API Destination", (f) => f.tag === "button" && f.text === "New API Destination");
    await browser.keys([" "]); // Space presses a button too
    await heading(browser, "New API Destination");

    // A new destination may open on the template gallery: start from scratch.
    if (await (await browser.$('[data-testid="start-from-scratch"]')).isExisting()) {
      await tabTo(browser, "Start from scratch", (f) => f.testId === "start-from-scratch");
      await browser.keys(["Enter"]);
    }
    await tabTo(browser, "the destination's Name field", (f) => f.id === "destination-name");
    await type(browser, "Keyboard CRM");
    await browser.keys(["Tab"]);
    assert.equal((await focused(browser)).id, "destination-endpoint");
    await type(browser, `http://127.0.0.1:${port}/leads?via=keyboard`);
    await tabTo(browser, "the API Auth select", (f) => f.id === "destination-auth");
    await browser.keys(["ArrowDown"]);
    await browser.waitUntil(
      async () => (await browser.execute(() => document.querySelector("#destination-auth").selectedOptions[0]?.textContent ?? "")).startsWith("CRM token"),
      { timeout: 5000, timeoutMsg: "ArrowDown did not pick the auth config" },
    );
    await tabTo(browser, "Create destination", (f) => f.tag === "button" && f.text === "Create destination");
    await browser.keys(["Enter"]);
    await heading(browser, "API Destinations");

    await tabTo(browser, "the new destination's name", (f) => f.tag === "a" && f.text === "Keyboard CRM");
    await browser.keys(["Enter"]);
    await heading(browser, "Edit “Keyboard CRM”");
    // The preview renders the request, with the credentials it will carry.
    const url = await browser.$('[data-testid="preview-url"]');
    await url.waitForDisplayed({ timeout: 15000 });
    assert.match(await url.getText(), /\/leads\?via=keyboard/);

    await tabTo(browser, "Send test", (f) => f.testId === "send-test");
    await browser.waitUntil(async () => await (await browser.$('[data-testid="send-test"]')).isEnabled(), { timeout: 10000 });
    await browser.keys(["Enter"]);
    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    await browser.waitUntil(async () => /201/.test(await result.getText()), { timeout: 20000, timeoutMsg: "no 201 shown" });
    assert.equal(received.length, 1);
    assert.equal(received[0].authorization, "Bearer kbd-secret-42");

    await tabTo(browser, "Open in API Deliveries", (f) => f.testId === "open-attempt");
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => /#\/deliveries\/dlv_\w+\/attempts\/att_\w+$/.test(await browser.getUrl()), {
      timeout: 15000,
      timeoutMsg: "the attempt did not open",
    });
    const main = await browser.$("main");
    await browser.waitUntil(async () => /201/.test(await main.getText()), { timeout: 15000 });
  }));
