// With no keyring reachable (no D-Bus session) the app still starts and says so plainly.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { invoke, launch, openScreen } from "../lib/app.mjs";

const port = Number(process.env.TAURI_DRIVER_NO_KEYRING_PORT);
let app;

before(async () => {
  assert.ok(port, "run through tests/e2e/run.sh, which starts a tauri-driver without a keyring");
  app = await launch({ port });
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  await app?.browser.deleteSession();
});

test("the no-keyring banner explains the problem and the app keeps working", async () => {
  const banner = await app.browser.$('[data-testid="keyring-banner"]');
  await banner.waitForDisplayed({ timeout: 20000 });
  const text = await banner.getText();
  assert.match(text, /No keyring available/);
  assert.match(text, /Secret Service/);
  await openScreen(app.browser, "API Deliveries");
  await openScreen(app.browser, "Settings");
  const status = await app.browser.$('[data-testid="keyring-status"]');
  assert.match(await status.getText(), /Unavailable/);
});

test("saving a secret fails with keyring_unavailable and stores nothing", async () => {
  const created = await invoke(app.browser, "auth_create", {
    input: { name: "Needs keyring", settings: { kind: "bearer" }, secrets: { token: "some-token-1234" } },
  });
  assert.equal(created.ok, false);
  assert.equal(created.error.code, "keyring_unavailable");
  const listed = await invoke(app.browser, "auth_list");
  assert.deepEqual(listed.result, []);
});
