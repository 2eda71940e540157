// The payload editor and live preview, the way a marketer uses them: type an expression and
// watch the preview; switch contact; make a syntax error and see where; import contacts.
import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { freshDataDir, launch, openScreen, textNow, withFailureScreenshot } from "../lib/app.mjs";

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

/** Median and 95th percentile (nearest rank), to one decimal. */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1);
  return { median: pick(0.5), p95: pick(0.95) };
}

test("typing a payload updates the preview, and switching contact re-renders it", () =>
  withFailureScreenshot("rendering-preview", async () => {
    const { browser } = app;
    await openScreen(browser, "API Destinations");
    await (await browser.$("button=New API Destination")).click();
    await (await browser.$('[data-testid="start-from-scratch"]')).click(); // past the template gallery
    await (await browser.$("#destination-endpoint")).setValue("https://api.example.com/contacts/{email}");
    await (await browser.$('[data-testid="preview-panel"]')).scrollIntoView();

    await (await browser.$('select[aria-label="Sample contact"]')).selectByVisibleText("Zoë Ångström");
    await browser.execute(() => {
      window.__APIDEST_PREVIEW_TIMINGS__ = [];
    });
    const typed = "{who: contact.first_name, tier: contact.custom_attributes.loyalty.tier}";
    await replaceEditorText(browser, typed, 80);
    await browser.waitUntil(async () => /"who": "Zoë"[\s\S]*"tier": "gold"/.test(await previewBody(browser)), {
      timeoutMsg: "the preview did not show the typed payload",
    }).catch(async (e) => {
      const doc = await browser.execute(() => document.querySelector(".cm-content")?.textContent);
      throw new Error(`${e.message}; editor holds ${JSON.stringify(doc)}; preview ${JSON.stringify(await previewBody(browser))}`);
    });
    const url = await (await browser.$('[data-testid="preview-url"]')).getText();
    assert.match(url, /POST https:\/\/api\.example\.com\/contacts\/zoe\.angstrom%40example\.com/);

    // Each key that changes the text must be timed once: Delete (it clears the editor) and every
    // character but the closing brace, which types over the one CodeMirror added with "{".
    const keys = [...typed].length;
    let timings = [];
    await browser
      .waitUntil(
        async () => {
          timings = await browser.execute(() => window.__APIDEST_PREVIEW_TIMINGS__ ?? []);
          return timings.length >= keys && timings.every((t) => t.painted !== null);
        },
        { timeout: 10000 },
      )
      .catch(() => undefined);
    await browser.execute(() => {
      delete window.__APIDEST_PREVIEW_TIMINGS__;
    });
    assert.equal(timings.length, keys, "every keystroke that changed the text is timed once");
    assert.ok(timings.every((t) => t.painted !== null), "a preview was committed but no frame followed it");
    // The key's own timestamp is on the page's clock: it never comes after its handler runs.
    assert.ok(timings.every((t) => t.queued >= -1 && t.queued < 5000), `keystroke clock: ${JSON.stringify(timings.map((t) => t.queued))}`);
    const dom = stats(timings.map((t) => t.dom));
    const painted = stats(timings.map((t) => t.painted));
    const queued = stats(timings.map((t) => t.queued));
    const superseded = timings.filter((t) => t.superseded).length;
    console.log(`preview round trip, keystroke to preview committed to the DOM (${keys} keys, ${superseded} shown by a later preview): median ${dom.median} ms, p95 ${dom.p95} ms`);
    console.log(`preview round trip, keystroke to the next painted frame (${keys} keys): median ${painted.median} ms, p95 ${painted.p95} ms`);
    console.log(`keystroke to the page's keydown handler: median ${queued.median} ms, p95 ${queued.p95} ms`);
    // For statistics over many runs (docs/BENCHMARKS.md): one JSON line of this run's timings.
    if (process.env.PREVIEW_TIMINGS_FILE) appendFileSync(process.env.PREVIEW_TIMINGS_FILE, `${JSON.stringify(timings)}\n`);
    // Bounds that catch a preview gone slow (a timer, a lost request), not the 50 ms target,
    // which the printed numbers show: on a loaded 2-core machine the p95 reached ~650 ms.
    assert.ok(Number(dom.median) < 250, `keystroke to preview in the DOM: median ${dom.median} ms`);
    assert.ok(Number(dom.p95) < 1000, `keystroke to preview in the DOM: p95 ${dom.p95} ms`);

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
    await browser.waitUntil(async () => /Syntax error at character/.test(await textNow(browser, '[data-testid="preview-errors"]')), {
      timeoutMsg: "no syntax error in the preview",
    });
    // Asked of the page, not through an element handle: CodeMirror redraws the lint marks
    // while the linter reruns, and a handle being made across that redraw goes stale.
    await browser.waitUntil(
      () => browser.execute(() => Boolean(document.querySelector('[data-testid="payload-expression-editor"] .cm-lintRange-error'))),
      { timeoutMsg: "no error marker in the editor" },
    );
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
