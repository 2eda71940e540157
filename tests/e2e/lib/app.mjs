// Launches the real app binary through tauri-driver and gives specs a WebDriver session.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const APP_BINARY = process.env.APIDEST_APP_BINARY ?? join(REPO, "target/debug/api-destinations");

export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), "apidest-e2e-"));
}

/** Starts the app with its own data folder. `port` picks the tauri-driver (see run.sh). */
export async function launch({ dataDir = freshDataDir(), port = Number(process.env.TAURI_DRIVER_PORT ?? 4444) } = {}) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryCount: 0,
    waitforTimeout: 15000,
    capabilities: {
      browserName: "wry",
      // WebKitWebDriver speaks classic WebDriver only; without this wdio 9 asks for BiDi.
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP_BINARY, args: ["--data-dir", dataDir] },
    },
  });
  return { browser, dataDir };
}

/** Calls a Rust command from inside the web view, as the UI does. Rejections come back as data. */
export async function invoke(browser, command, args = {}) {
  const outcome = await browser.executeAsync(
    (cmd, cmdArgs, done) => {
      window.__TAURI_INTERNALS__
        .invoke(cmd, cmdArgs)
        .then((result) => done(JSON.stringify({ ok: true, result })))
        .catch((error) => done(JSON.stringify({ ok: false, error })));
    },
    command,
    args,
  );
  // A JSON string: WebKitWebDriver mistakes a returned object with an `error` key for a failure.
  return JSON.parse(outcome);
}

/** `invoke` that must succeed: fails the test with the command's error, else gives its result. */
export async function must(browser, command, args) {
  const outcome = await invoke(browser, command, args);
  assert.ok(outcome.ok, `${command}: ${JSON.stringify(outcome.error)}`);
  return outcome.result;
}

/** Clicks a main navigation item by its visible label and waits for that screen's heading. */
export async function openScreen(browser, label) {
  const nav = await browser.$('nav[aria-label="Main"]');
  await nav.waitForDisplayed();
  const link = await nav.$(`a=${label}`);
  await link.click();
  const heading = await browser.$("main h1");
  await browser.waitUntil(async () => (await heading.getText()) === label, {
    timeoutMsg: `screen "${label}" did not open`,
  });
}

/**
 * Activates a button as a keyboard user does: focus, then Enter. A pointer click computes where
 * to click first, and on a slow machine the live preview, growing as its render lands, can move
 * form buttons away in between and the click is lost; a focused button cannot be missed.
 */
export async function press(browser, button) {
  await button.waitForEnabled();
  await browser.execute((el) => el.focus(), button);
  await browser.keys("Enter");
}

/**
 * Presses "Send test" once the preview has rendered (the panel grows when it does, which moves
 * the button). A press the page shows no sign of taking ("Sending…", a result or an error)
 * within 3 s is made once more, and said so in the log: on a slow machine a click right after
 * opening the form can be lost (WebKitWebDriver may drop a click right after a route change).
 */
export async function pressSendTest(browser) {
  const panel = await browser.$('[data-testid="preview-panel"]');
  await browser.waitUntil(
    async () =>
      (await panel.getAttribute("aria-busy")) === "false" &&
      (await (await browser.$('[data-testid="preview-url"]')).isExisting()),
    { timeout: 10000, timeoutMsg: "the preview did not render" },
  );
  const send = await browser.$('[data-testid="send-test"]');
  await send.scrollIntoView();
  await send.waitForEnabled({ timeout: 10000 });
  const taken = async () =>
    (await send.getText()) === "Sending…" ||
    (await (await browser.$('[data-testid="attempt-result"]')).isExisting()) ||
    (await (await browser.$('[data-testid="send-error"]')).isExisting());
  await press(browser, send);
  const tookIt = await browser.waitUntil(taken, { timeout: 3000 }).catch(() => false);
  if (!tookIt) {
    console.log("# Send test: the first press was not taken; pressing again");
    await press(browser, send);
  }
}

/**
 * The text of the element `selector` finds now, or "" while there is none. Looked up afresh on
 * each call: right after a route change the screen re-renders, and a handle kept (or even one
 * being made) across that goes stale.
 */
export async function textNow(browser, selector) {
  try {
    return await (await browser.$(selector)).getText();
  } catch {
    return "";
  }
}

/**
 * Replaces an input's text, and checks it holds. WebDriver's clear does not always reach a
 * React-controlled input as a change, so a re-render in between (a list reloading behind the
 * form) can put the old text back and the typing lands after it; then it is set again.
 */
export async function typeInto(browser, selector, text) {
  const input = await browser.$(selector);
  await input.waitForDisplayed();
  await browser.waitUntil(
    async () => {
      await input.clearValue();
      await input.setValue(text);
      return (await input.getValue()) === text;
    },
    { timeout: 10000, timeoutMsg: `${selector} could not be set to ${JSON.stringify(text)}` },
  );
}

/**
 * The whole id an id element (ShortId: short on screen, whole in `data-full-id`) stands for now,
 * or "" while there is none. Looked up afresh like `textNow`.
 */
export async function fullIdNow(browser, selector) {
  try {
    return (await (await browser.$(selector)).getAttribute("data-full-id")) ?? "";
  } catch {
    return "";
  }
}

/** The link that shows this id (short on screen). */
export const idLink = (id) => `a[data-full-id="${id}"]`;

/** Every byte of every file in a folder (the SQLite file, its WAL and shared memory). */
export function filesIn(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({ name: entry.name, bytes: readFileSync(join(dir, entry.name)) }));
}

/** Runs a test body; on failure saves the window to tests/e2e/artifacts/<name>.png first. */
export async function withFailureScreenshot(name, body) {
  try {
    await body();
  } catch (error) {
    const dir = join(REPO, "tests/e2e/artifacts");
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync("import", ["-window", "root", join(dir, `${name}.png`)]);
      console.log(`failure screenshot: ${join(dir, `${name}.png`)}`);
    } catch {
      // No screenshot tool: the error below still says what failed.
    }
    throw error;
  }
}
