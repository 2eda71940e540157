// The payload editor and live preview, the way a marketer uses them: type an expression and
// watch the preview; switch contact; make a syntax error and see where; import contacts.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { freshDataDir, launch, openScreen, withFailureScreenshot } from "../lib/app.mjs";

let app;

before(async () => {
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  await app?.browser.deleteSession();
});

async function previewBody(browser) {
  const body = await browser.$('[data-testid="preview-body"]');
  return (await body.isExisting()) ? body.getText() : "";
}

/** Types like a person: one key at a time, `pauseMs` apart. */
async function replaceEditorText(browser, text, pauseMs = 0) {
  const content = await browser.$('[data-testid="payload-expression-editor"] .cm-content');
  await content.click();
  await browser.keys(["Control", "a"]);
  await browser.keys("Delete");
  for (const ch of text) {
    await browser.keys(ch);
    if (pauseMs) await browser.pause(pauseMs);
  }
}

test("typing a payload updates the preview, and switching contact re-renders it", () =>
  withFailureScreenshot("rendering-preview", async () => {
    const { browser } = app;
    await openScreen(browser, "API Destinations");
    await (await browser.$("button=New API Destination")).click();
    await (await browser.$("#destination-endpoint")).setValue("https://api.example.com/contacts/{email}");
    await (await browser.$('[data-testid="preview-panel"]')).scrollIntoView();

    await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");
    await browser.execute(() => {
      window.__APIDEST_PREVIEW_TIMINGS__ = [];
    });
    await replaceEditorText(browser, "{who: contact.first_name, tier: contact.custom_attributes.loyalty.tier}", 80);
    await browser.waitUntil(async () => /"tier": "gold"[\s\S]*"who": "Zoë"/.test(await previewBody(browser)), {
      timeoutMsg: "the preview did not show the typed payload",
    }).catch(async (e) => {
      const doc = await browser.execute(() => document.querySelector(".cm-content")?.textContent);
      throw new Error(`${e.message}; editor holds ${JSON.stringify(doc)}; preview ${JSON.stringify(await previewBody(browser))}`);
    });
    const url = await (await browser.$('[data-testid="preview-url"]')).getText();
    assert.match(url, /POST https:\/\/api\.example\.com\/contacts\/zoe\.angstrom%40example\.com/);

    const timings = await browser.execute(() => window.__APIDEST_PREVIEW_TIMINGS__ ?? []);
    assert.ok(timings.length >= 1, "no preview timing was recorded");
    const sorted = [...timings].sort((a, b) => a - b);
    const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    console.log(
      `preview round trip (keystroke to painted preview, ${sorted.length} renders): median ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms`,
    );

    await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Marcus O'Neill");
    await browser.waitUntil(async () => /"who": "Marcus"/.test(await previewBody(browser)), {
      timeoutMsg: "switching contact did not re-render",
    });
    const warnings = await browser.$('[data-testid="preview-warnings"]');
    await warnings.waitForDisplayed();
    assert.match(await warnings.getText(), /contact\.custom_attributes\.loyalty\.tier is null/);
  }));

test("a syntax error is marked in the editor and explained in the preview", () =>
  withFailureScreenshot("rendering-error", async () => {
    const { browser } = app;
    await replaceEditorText(browser, "{who: contact.first_name,");
    const errors = await browser.$('[data-testid="preview-errors"]');
    await browser.waitUntil(async () => (await errors.isExisting()) && /Syntax error at character/.test(await errors.getText()), {
      timeoutMsg: "no syntax error in the preview",
    });
    const marker = await browser.$('[data-testid="payload-expression-editor"] .cm-lintRange-error');
    await marker.waitForExist({ timeoutMsg: "no error marker in the editor" });
  }));

test("a CSV with one bad row imports nothing and names that row", () =>
  withFailureScreenshot("contacts-import", async () => {
    const { browser } = app;
    const file = join(freshDataDir(), "contacts.csv");
    writeFileSync(
      file,
      "phone,first_name,tags,custom_attributes.email\n+447700900999,Ada,vip;beta,ada@example.com\n0770 bad,Bob,,bob@example.com\n",
    );
    await openScreen(browser, "Sample Contacts & Team");
    const table = await browser.$('table[aria-label="Sample contacts"]');
    await table.waitForDisplayed();
    const before = (await table.$$("tbody tr")).length;
    await browser.execute(() => document.querySelector('[data-testid="contact-import-file"]').classList.remove("visually-hidden"));
    await (await browser.$('[data-testid="contact-import-file"]')).addValue(file);
    const report = await browser.$('[data-testid="contact-import-error"]');
    await report.waitForDisplayed();
    const text = await report.getText();
    assert.match(text, /Nothing was imported/);
    assert.match(text, /Row 3: Phone "0770 bad" is not in E\.164 form/);
    await (await browser.$("button=Close")).click();
    assert.equal((await table.$$("tbody tr")).length, before);
  }));
