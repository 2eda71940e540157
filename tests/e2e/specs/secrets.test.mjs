// A secret saved through the app's command lands in the Secret Service (found by secret-tool)
// and nowhere else: not in the SQLite file, its WAL, or any response the web view received.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { filesIn, invoke, launch } from "../lib/app.mjs";

const SECRET = `e2e-secret-${Date.now()}-Zq9X`;
let app;

before(async () => {
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  await app?.browser.deleteSession();
});

test("an API Auth secret goes to the keyring and never to the database or the web view", async () => {
  const status = await invoke(app.browser, "app_status");
  assert.ok(status.ok, JSON.stringify(status));
  const appId = status.result.app_id;

  const created = await invoke(app.browser, "auth_create", {
    input: { name: "CRM bearer", settings: { kind: "bearer" }, secrets: { token: SECRET } },
  });
  assert.ok(created.ok, JSON.stringify(created));
  assert.deepEqual(created.result.secrets, [{ field: "token", set: true, mask: null }]);
  const listed = await invoke(app.browser, "auth_list");
  assert.equal(listed.result.length, 1);
  for (const response of [created, listed, status]) {
    assert.ok(!JSON.stringify(response).includes(SECRET), "a response carried the secret");
  }

  const account = `${created.result.id}/token`;
  const fromKeyring = execFileSync("secret-tool", ["lookup", "service", appId, "username", account], {
    encoding: "utf8",
  });
  assert.equal(fromKeyring, SECRET);

  const files = filesIn(app.dataDir);
  assert.ok(files.some((f) => f.name.endsWith(".sqlite3")), "the database file exists");
  assert.ok(files.some((f) => f.name.endsWith("-wal")), "the WAL file exists");
  for (const file of files) {
    assert.equal(file.bytes.indexOf(SECRET), -1, `secret bytes found in ${file.name}`);
  }
});

test("a duplicate name is refused with a structured error", async () => {
  const again = await invoke(app.browser, "auth_create", {
    input: { name: "crm BEARER", settings: { kind: "bearer" }, secrets: { token: "other-token-1234" } },
  });
  assert.equal(again.ok, false);
  assert.equal(again.error.code, "conflict");
  assert.match(again.error.message, /CRM bearer/);
});
