// A data file that is not a database gives an error screen that says what to do, and the
// file is left as it was.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { freshDataDir, launch } from "../lib/app.mjs";

test("a file that is not a database shows the error screen, not a crash", async () => {
  const dataDir = freshDataDir();
  const file = join(dataDir, "api-destinations.sqlite3");
  const junk = "my shopping list, definitely not SQLite\n".repeat(100);
  writeFileSync(file, junk);
  const { browser } = await launch({ dataDir });
  try {
    const screen = await browser.$('[data-testid="startup-error"]');
    await screen.waitForDisplayed({ timeout: 30000 });
    const text = await screen.getText();
    assert.match(text, /not an API Destinations database/);
    assert.match(text, /What to do/);
    assert.ok(text.includes(file), "the screen names the file");
    assert.equal(await (await browser.$('nav[aria-label="Main"]')).isExisting(), false);
  } finally {
    await browser.deleteSession();
  }
  assert.equal(readFileSync(file, "utf8"), junk);
});
