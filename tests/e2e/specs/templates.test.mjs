// The template gallery, as a new user connects a tool: "New API Destination" opens on the
// gallery, HubSpot fills the form, "Create this API Auth…" makes the bearer token config the
// template names, the endpoint is pointed at the sandbox receiver, and "Send test" delivers the
// request HubSpot documents (POST /crm/v3/objects/contacts, Bearer, JSON with properties).
// The Test payload is kept with the destination, and a new rule's action starts from it.
// With APIDEST_TEMPLATES_SCREENSHOT=1 it also saves docs/screenshots/template-gallery.png.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { invoke, launch, must, openScreen, press, pressSendTest, REPO, typeInto, withFailureScreenshot } from "../lib/app.mjs";

const FAKE_TOKEN = "pat-na1-e2e-fake-token-0000";
let app;

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

before(async () => {
  app = await launch();
  await (await app.browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
});

after(async () => {
  if (app) await invoke(app.browser, "sandbox_set_enabled", { enabled: false, port: null });
  await app?.browser.deleteSession();
});

test("a template fills the form, and its test send is the request the vendor documents", () =>
  withFailureScreenshot("templates", async () => {
    const { browser } = app;
    // Setup through IPC: the sandbox receiver, and the key header it asks of every request.
    const status = await must(browser, "sandbox_set_enabled", { enabled: true, port: await freePort() });
    assert.ok(status.running, JSON.stringify(status.error));
    const sandbox = await must(browser, "destination_get", { id: status.destination_id });
    const key = sandbox.input.headers.find((h) => h.name.toLowerCase() === "x-sandbox-key");
    assert.ok(key, "the Sandbox destination carries its key header");

    await openScreen(browser, "API Destinations");
    await (await browser.$("button=New API Destination")).click();
    const hubspot = await browser.$('[data-testid="template-hubspot"]');
    await hubspot.waitForDisplayed({ timeout: 10000 });
    const cards = await browser.$$(".template-card");
    assert.ok(cards.length >= 15, `only ${cards.length} templates`);
    if (process.env.APIDEST_TEMPLATES_SCREENSHOT) {
      await browser.setWindowRect(0, 0, 1280, 800);
      await browser.pause(800);
      await browser.saveScreenshot(join(REPO, "docs/screenshots/template-gallery.png"));
    }

    // Search narrows the grid.
    await typeInto(browser, 'input[aria-label="Search templates"]', "crm contact");
    await browser.waitUntil(async () => (await browser.$$(".template-card")).length < cards.length, {
      timeoutMsg: "the search did not narrow the gallery",
    });
    assert.ok(await hubspot.isDisplayed(), "HubSpot matches “crm contact”");
    await hubspot.click();

    // The form is filled from the template, and says where the credential is.
    const endpoint = await browser.$("#destination-endpoint");
    await endpoint.waitForDisplayed();
    assert.equal(await endpoint.getValue(), "https://api.hubapi.com/crm/v3/objects/contacts");
    assert.equal(await (await browser.$("#destination-name")).getValue(), "HubSpot");
    assert.match(await (await browser.$('[data-testid="auth-hint"]')).getText(), /Private Apps/);

    // The credential: an API Auth of the kind the template names, made from the notice.
    await press(browser, await browser.$('[data-testid="template-create-auth"]'));
    const authName = await browser.$("#auth-name");
    await authName.waitForDisplayed();
    assert.equal(await authName.getValue(), "HubSpot private app");
    assert.equal(await (await browser.$("#auth-kind")).getValue(), "bearer");
    await typeInto(browser, "#auth-secret-token", FAKE_TOKEN);
    await press(browser, await browser.$("button=Create API Auth"));
    const authSelect = await browser.$("#destination-auth");
    await browser.waitUntil(async () => (await authSelect.getValue()) !== "", {
      timeoutMsg: "the new API Auth was not chosen",
    });

    // Pointed at the sandbox (same path), with the sandbox's key header.
    await typeInto(browser, "#destination-endpoint", `${status.url}/crm/v3/objects/contacts`);
    await (await browser.$("button=Add header")).click();
    await typeInto(browser, 'input[aria-label="Header 1 name"]', key.name);
    await typeInto(browser, 'input[aria-label="Header 1 value"]', key.value);
    await press(browser, await browser.$("button=Create destination"));
    const table = await browser.$('table[aria-label="API destinations"]');
    await table.waitForDisplayed();

    // Saved with its Test payload; reopened, "Send test" sends it.
    const saved = (await must(browser, "destination_list")).find((d) => d.input.name === "HubSpot");
    assert.ok(saved, "the destination was saved");
    assert.match(saved.input.test.payload, /properties:[\s\S]*firstname: contact\.first_name/);
    await (await browser.$("a=HubSpot")).click();
    await (await browser.$("#destination-endpoint")).waitForDisplayed();
    await browser.waitUntil(
      async () => /firstname/.test(await browser.execute(() => document.querySelector("#payload-expression .cm-content, .cm-content")?.textContent ?? "")),
      { timeout: 10000, timeoutMsg: "the reopened form lost the template's payload" },
    );
    await pressSendTest(browser);
    const result = await browser.$('[data-testid="attempt-result"]');
    await result.waitForDisplayed({ timeout: 20000 });
    assert.match(await result.getText(), /Success · 200/);

    // What arrived is what HubSpot documents.
    const requests = await must(browser, "sandbox_requests");
    const arrived = requests.find((r) => r.path.startsWith("/crm/v3/objects/contacts"));
    assert.ok(arrived, `no request reached /crm/v3/objects/contacts: ${requests.map((r) => r.path).join(", ")}`);
    assert.equal(arrived.method, "POST");
    const header = (name) => arrived.headers.find((h) => h.name === name)?.value;
    assert.match(header("authorization") ?? "", /^Bearer /);
    assert.match(header("content-type") ?? "", /^application\/json/);
    const body = JSON.parse(arrived.body);
    assert.equal(typeof body.properties, "object");
    assert.equal(body.properties.email, "zoe.angstrom@example.com");
    assert.equal(body.properties.firstname, "Zoë");
    assert.equal(body.properties.lastname, "Ångström");
    assert.equal(body.properties.phone, "+447700900123");
    assert.ok(!JSON.stringify(requests).includes(FAKE_TOKEN), "the token is masked before it reaches the window");

    // A new rule's action starts from the destination's test payload.
    await browser.execute(() => {
      window.location.hash = "#/rules/new";
    });
    const select = await browser.$("#action-0-destination");
    await select.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => (await select.getText()).includes("HubSpot"));
    await select.selectByVisibleText("HubSpot");
    await browser.waitUntil(
      async () =>
        /properties[\s\S]*firstname/.test(
          await browser.execute(() => document.querySelector('[data-testid="action-0"] .cm-content')?.textContent ?? ""),
        ),
      { timeout: 10000, timeoutMsg: "the new action did not start from the destination's payload" },
    );
  }));
