// Writes from `apidest` show in the open window without a reload: a destination created,
// disabled and deleted from the command line appears, changes and goes on the Destinations
// screen, and an API Auth config created from the command line appears on the API Auth screen
// while it is open.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, test } from "node:test";
import { REPO, freshDataDir, launch, openScreen, withFailureScreenshot } from "../lib/app.mjs";

const APIDEST = process.env.APIDEST_CLI_BINARY ?? join(REPO, "target/debug/apidest");
let app;

after(async () => {
  await app?.browser.deleteSession().catch(() => undefined);
});

/** Runs apidest against the window's data folder; throws (with its stderr) when it fails. */
function apidest(dataDir, ...args) {
  return execFileSync(APIDEST, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
}

test("changes made by apidest appear in the open window without a reload", () =>
  withFailureScreenshot("cli-live", async () => {
    const dataDir = freshDataDir();
    app = await launch({ dataDir });
    const { browser } = app;
    await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
    await openScreen(browser, "API Destinations");
    // Marks this page: a reload would drop it.
    await browser.execute(() => {
      window.__APIDEST_NOT_RELOADED__ = true;
    });

    const started = Date.now();
    apidest(dataDir, "destinations", "create", "--name", "Made in a terminal", "--endpoint", "https://crm.example.com/hook");
    const table = await browser.$('table[aria-label="API destinations"]');
    await browser.waitUntil(async () => (await table.isExisting()) && /Made in a terminal/.test(await table.getText()), {
      timeout: 5000,
      timeoutMsg: "the destination created by apidest did not appear",
    });
    const shownAfter = Date.now() - started;
    console.log(`# appeared ${shownAfter} ms after apidest was started`);

    const toggle = await browser.$('[aria-label="Made in a terminal enabled"]');
    assert.equal(await toggle.isSelected(), true);
    apidest(dataDir, "destinations", "disable", "made in a TERMINAL");
    await browser.waitUntil(async () => !(await toggle.isSelected()), {
      timeout: 5000,
      timeoutMsg: "disabling from apidest did not show",
    });

    apidest(dataDir, "destinations", "delete", "Made in a terminal");
    await browser.waitUntil(async () => !/Made in a terminal/.test(await browser.$("main").getText()), {
      timeout: 5000,
      timeoutMsg: "deleting from apidest did not show",
    });

    await openScreen(browser, "API Auth");
    apidest(dataDir, "auth", "create", "--name", "Terminal token", "--kind", "bearer");
    await browser.waitUntil(async () => /Terminal token/.test(await browser.$("main").getText()), {
      timeout: 5000,
      timeoutMsg: "the API Auth config created by apidest did not appear",
    });
    assert.equal(await browser.execute(() => window.__APIDEST_NOT_RELOADED__), true, "the page was not reloaded");
  }));
