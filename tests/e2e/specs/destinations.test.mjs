// The marketer's path through API Auth and API Destinations: create both in the UI, restart,
// find them again; the secret is in the keyring and nowhere else — not in the SQLite files,
// not in the export file, not in any IPC response the web view received.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { filesIn, freshDataDir, invoke, launch, must, openScreen, press, typeInto, withFailureScreenshot } from "../lib/app.mjs";

const SECRET = `tok_live_${Date.now()}_QxR7`;
const dataDir = freshDataDir();
let app;

/** Asks the UI's IPC layer to record every response, so they can be searched for the secret. */
async function recordIpc(browser) {
  await browser.execute(() => {
    window.__APIDEST_IPC_RECORDER__ = [];
  });
}

async function ipcResponses(browser) {
  return browser.execute(() => window.__APIDEST_IPC_RECORDER__ ?? []);
}

after(async () => {
  await app?.browser.deleteSession().catch(() => undefined);
});

test("create an API Auth config and a destination in the UI, restart, and find both", () =>
  withFailureScreenshot("destinations", async () => {
  app = await launch({ dataDir });
  const { browser } = app;
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  await recordIpc(browser);

  // API Auth: a bearer token.
  await openScreen(browser, "API Auth");
  await (await browser.$("button=New API Auth")).click();
  await typeInto(browser, "#auth-name", "CRM token");
  await (await browser.$("#auth-kind")).selectByAttribute("value", "bearer");
  await typeInto(browser, "#auth-secret-token", SECRET);
  await (await browser.$("button=Create API Auth")).click();
  const authTable = await browser.$('table[aria-label="API Auth configs"]');
  await authTable.waitForDisplayed();
  assert.match(await authTable.getText(), /CRM token[\s\S]*Bearer token[\s\S]*In keyring/);

  // Destination: endpoint variables are detected while typing.
  await openScreen(browser, "API Destinations");
  await (await browser.$("button=New API Destination")).click();
  await (await browser.$('[data-testid="start-from-scratch"]')).click(); // past the template gallery
  await typeInto(browser, "#destination-name", "CRM contacts");
  await typeInto(browser, "#destination-endpoint", "https://crm.example.com/contacts/{contact_id}?list={list}");
  const variables = await browser.$('[data-testid="endpoint-variables"]');
  await browser.waitUntil(async () => /contact_id\s*list/.test(await variables.getText()), {
    timeoutMsg: "the endpoint's variables were not listed",
  });
  await (await browser.$("#destination-method")).selectByVisibleText("PUT");
  const authSelect = await browser.$("#destination-auth");
  await browser.waitUntil(async () => (await authSelect.getText()).includes("CRM token"));
  await authSelect.selectByVisibleText("CRM token — Bearer token");
  await press(browser, await browser.$("button=Create destination"));
  const table = await browser.$('table[aria-label="API destinations"]');
  await table.waitForDisplayed();
  assert.match(await table.getText(), /CRM contacts[\s\S]*PUT[\s\S]*crm\.example\.com[\s\S]*CRM token/);

  // A placeholder in the host is refused inline, with its position.
  await (await browser.$("button=New API Destination")).click();
  await (await browser.$('[data-testid="start-from-scratch"]')).click(); // past the template gallery
  await typeInto(browser, "#destination-endpoint", "https://{tenant}.example.com/hook");
  const endpointError = await browser.$('[data-testid="endpoint-error"]');
  await browser.waitUntil(
    async () => (await endpointError.isExisting()) && /host[\s\S]*character 9/.test(await endpointError.getText()),
    { timeoutMsg: "no inline error about the placeholder in the host" },
  );
  await press(browser, await browser.$("button=Cancel"));

  // Editing the auth config shows the secret masked, never in full.
  await openScreen(browser, "API Auth");
  await (await browser.$("button=CRM token")).click();
  const mask = await browser.$('[data-testid="secret-mask-token"]');
  await mask.waitForDisplayed();
  assert.equal(await mask.getText(), `••••${SECRET.slice(-4)}`);
  await (await browser.$("button=Cancel")).click();

  // Export through the button.
  await openScreen(browser, "API Destinations");
  await (await browser.$("button=Export")).click();
  let exportPath;
  await browser.waitUntil(
    async () => {
      const texts = await browser.execute(() => Array.from(document.querySelectorAll(".toast")).map((t) => t.textContent));
      exportPath = texts.map((t) => t.match(/Exported[\s\S]* to (\/\S+\.json)/)?.[1]).find(Boolean);
      return exportPath !== undefined;
    },
    { timeoutMsg: "no toast said where the export went" },
  );
  const exported = readFileSync(exportPath, "utf8");
  assert.ok(exported.includes("CRM contacts"));
  assert.ok(!exported.includes(SECRET), "the export file holds the secret");

  const responses = await ipcResponses(browser);
  assert.ok(responses.length >= 6, `only ${responses.length} IPC responses were recorded`);
  for (const response of responses) {
    assert.ok(!response.includes(SECRET), `an IPC response carried the secret: ${response.slice(0, 200)}`);
  }

  // Restart the app on the same data folder.
  await browser.deleteSession();
  app = await launch({ dataDir });
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
  const again = await app.browser.$('table[aria-label="API destinations"]');
  await again.waitForDisplayed();
  assert.match(await again.getText(), /CRM contacts[\s\S]*CRM token/);
  await openScreen(app.browser, "API Auth");
  assert.match(await (await app.browser.$('table[aria-label="API Auth configs"]')).getText(), /CRM token/);

  // The secret is in the Secret Service, and in no file of the data folder.
  const status = await invoke(app.browser, "app_status");
  const [auth] = (await invoke(app.browser, "auth_list")).result;
  const fromKeyring = execFileSync(
    "secret-tool",
    ["lookup", "service", status.result.app_id, "username", `${auth.id}/token`],
    { encoding: "utf8" },
  );
  assert.equal(fromKeyring, SECRET);
  for (const file of filesIn(dataDir)) {
    assert.equal(file.bytes.indexOf(SECRET), -1, `secret bytes found in ${file.name}`);
  }
}));

test("deleting an auth config in use names its destinations, which then show it missing", () =>
  withFailureScreenshot("auth-delete", async () => {
    const { browser } = app;
    await openScreen(browser, "API Auth");
    // Delete… is in the row's menu.
    await (await browser.$('button[aria-label="More actions for CRM token"]')).click();
    await (await browser.$('[role="menuitem"]=Delete…')).click();
    const usedBy = await browser.$('[data-testid="auth-used-by"]');
    await usedBy.waitForDisplayed();
    assert.equal(await usedBy.getText(), "CRM contacts");
    await (await (await browser.$("dialog[open]")).$("button.danger=Delete")).click();
    await openScreen(browser, "API Destinations");
    const table = await browser.$('table[aria-label="API destinations"]');
    await browser.waitUntil(async () => /Auth config missing/.test(await table.getText()), {
      timeoutMsg: "the destination does not show its auth config missing",
    });
  }));

test("importing a file reports what was created, identical or in conflict", () =>
  withFailureScreenshot("import", async () => {
    const { browser } = app;
    const text = await importDocument(browser, {
      format: "api-destinations/export@1",
      exported_at: "2026-11-27T00:00:00Z",
      auth_configs: [{ name: "Warehouse key", settings: { kind: "api_key", placement: "query", name: "key" } }],
      destinations: [
        { name: "Warehouse", endpoint: "https://dw.example.com/events", method: "POST", auth: "Warehouse key", timeout_secs: 20 },
        { name: "crm CONTACTS", endpoint: "https://elsewhere.example.com/{x}", method: "POST", auth: null, timeout_secs: 15 },
      ],
    });
    assert.match(text, /Created\s*Warehouse key[\s\S]*secret needed/);
    assert.match(text, /Created\s*Warehouse\b/);
    assert.match(text, /Conflict\s*crm CONTACTS[\s\S]*left unchanged/);
    await (await browser.$("button=Close")).click();
    const table = await browser.$('table[aria-label="API destinations"]');
    await browser.waitUntil(async () => /Warehouse[\s\S]*Secret needed/.test(await table.getText()));
  }));

test("a whole set-up imports: rules and sample contacts are reported beside destinations", () =>
  withFailureScreenshot("import-setup", async () => {
    const { browser } = app;
    const text = await importDocument(browser, {
      format: "api-destinations/export@2",
      exported_at: "2026-12-05T00:00:00Z",
      auth_configs: [],
      destinations: [{ name: "Loyalty CRM", endpoint: "https://crm.example.com/members", method: "POST", auth: null, timeout_secs: 15 }],
      rules: [
        {
          name: "New members to the CRM",
          enabled: false,
          trigger: "contact.created",
          actions: [{ destination: "Loyalty CRM", bindings: {}, payload: "{phone: contact.phone}" }],
        },
      ],
      contacts: [{ phone: "+447700900999", first_name: "Imported", last_name: "Sample", tags: ["vip"] }],
    });
    assert.match(text, /Created\s*Loyalty CRM/);
    assert.match(text, /Rules[\s\S]*Created\s*New members to the CRM/);
    assert.match(text, /Sample contacts[\s\S]*Created\s*Imported Sample/);
    await (await browser.$("button=Close")).click();
    const rules = await must(browser, "rule_list");
    assert.ok(rules.some((r) => r.input.name === "New members to the CRM"), JSON.stringify(rules).slice(0, 300));
  }));

/** Imports `doc` as the Import… button's file chooser would, and gives the report's text. */
async function importDocument(browser, doc) {
  const file = join(freshDataDir(), "import.json");
  writeFileSync(file, JSON.stringify(doc));
  await openScreen(browser, "API Destinations");
  // What the Import… button's file chooser does: hand the file to the hidden file input.
  await browser.execute(() => document.querySelector('[data-testid="import-file"]').classList.remove("visually-hidden"));
  await (await browser.$('[data-testid="import-file"]')).addValue(file);
  const report = await browser.$('[data-testid="import-report"]');
  await report.waitForDisplayed();
  return report.getText();
}
