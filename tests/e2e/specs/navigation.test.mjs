// The app starts, and each navigation item opens its screen.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, openScreen } from "../lib/app.mjs";

const SCREENS = [
  "API Destinations",
  "API Auth",
  "Event-Based Rules",
  "Sample Contacts & Team",
  "API Deliveries",
  "Settings",
];

let app;
let coldStartMs;

before(async () => {
  const started = Date.now();
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  coldStartMs = Date.now() - started;
  console.log(`cold start (session request to navigation shown): ${coldStartMs} ms`);
});

after(async () => {
  await app?.browser.deleteSession();
});

test("the window opens on API Destinations", async () => {
  const heading = await app.browser.$("main h1");
  assert.equal(await heading.getText(), "API Destinations");
  assert.equal(await app.browser.getTitle(), "API Destinations");
});

test("each navigation item opens its screen", async () => {
  for (const label of SCREENS) {
    await openScreen(app.browser, label);
    const current = await app.browser.$('nav[aria-label="Main"] a[aria-current="page"]');
    assert.equal(await current.getText(), label);
  }
});

test("the navigation works from the keyboard", async () => {
  await openScreen(app.browser, "API Destinations");
  // Focus the link and press Enter instead of clicking.
  await app.browser.execute(() => document.querySelector('a[href="#/rules"]').focus());
  await app.browser.keys("Enter");
  const heading = await app.browser.$("main h1");
  await app.browser.waitUntil(async () => (await heading.getText()) === "Event-Based Rules");
});

test("Settings shows where the data lives and that the keyring works", async () => {
  await openScreen(app.browser, "Settings");
  const keyring = await app.browser.$('[data-testid="keyring-status"]');
  await app.browser.waitUntil(async () => (await keyring.getText()).includes("Available"), {
    timeout: 20000,
    timeoutMsg: "the keyring check did not report Available",
  });
  const text = await (await app.browser.$("main")).getText();
  assert.match(text, new RegExp(app.dataDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  assert.match(text, /Schema version/);
});
