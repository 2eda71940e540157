// Running in the background, through the real app: closing the window hides it and the process
// keeps sending (a retry due after the close reaches a local server); a second launch with the
// same data folder hands over to the first (one process, its window shown again); and a
// destination paused by its circuit breaker is announced as an OS notification, which a stand-in
// notification server on the test's session bus (lib/notification-server.py) records and clicks:
// the click opens that destination in the window.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { APP_BINARY, REPO, freshDataDir, invoke, launch, must, openScreen, withFailureScreenshot } from "../lib/app.mjs";

const apps = [];
let server;
let notifications;
let recorded = "";
const received = [];
// The first request to /flaky fails, later ones succeed; /down always fails.
let flakyCalls = 0;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(req.url);
      const fail = req.url === "/down" || (req.url === "/flaky" && flakyCalls++ === 0);
      res.writeHead(fail ? 500 : 200, { "content-type": "application/json" });
      res.end(fail ? '{"error":"down"}' : '{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  // The notification server of this test's private session bus: a JSON line per notification
  // shown, and a click on each one that can be clicked, half a second later.
  notifications = spawn("/usr/bin/python3", [`${REPO}/tests/e2e/lib/notification-server.py`, "--click-after-ms", "500"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  notifications.stdout.on("data", (chunk) => (recorded += chunk.toString()));
  const started = Date.now();
  while (!recorded.includes('"ready"')) {
    if (Date.now() - started > 10000) throw new Error("the notification server did not start");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

after(async () => {
  for (const app of apps) await app.browser.deleteSession().catch(() => undefined);
  notifications?.kill();
  server?.close();
});

/** The processes of the app running on this data folder. */
function appProcesses(dataDir) {
  try {
    return execFileSync("pgrep", ["-f", `${APP_BINARY} --data-dir ${dataDir}`]).toString().trim().split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function destinationInput(name, path, retryDelays, breaker) {
  return {
    name,
    endpoint: `http://127.0.0.1:${server.address().port}${path}`,
    method: "POST",
    auth_id: null,
    headers: [],
    timeout_secs: 5,
    retry: { retry_delays_secs: retryDelays, jitter_percent: 0, retry_after_cap_secs: 3600, circuit_breaker: breaker },
    rate_limit_per_sec: null,
    concurrency_limit: null,
    enabled: true,
  };
}

async function sendTest(browser, destinationId) {
  const contacts = await must(browser, "contact_list");
  return must(browser, "delivery_send_test", {
    request: {
      destination_id: destinationId,
      contact_id: contacts[0].id,
      payload: "{phone: contact.phone}",
      bindings: {},
      event_type: "message.received",
      event_data: null,
    },
  });
}

async function isVisible(browser) {
  const outcome = await invoke(browser, "plugin:window|is_visible", { label: "main" });
  assert.ok(outcome.ok, JSON.stringify(outcome.error));
  return outcome.result;
}

test("closing the window hides it, the app keeps sending, and a second launch brings it back", () =>
  withFailureScreenshot("background-close", async () => {
    const dataDir = freshDataDir();
    const app = await launch({ dataDir });
    apps.push(app);
    const { browser } = app;
    await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
    const destination = await must(browser, "destination_create", {
      input: destinationInput("Flaky CRM", "/flaky", [4], { failures: 0, period_secs: 120 }),
    });
    // The first attempt fails; its retry is due 4 s later, after the window is closed.
    const detail = await sendTest(browser, destination.id);
    assert.equal(detail.summary.state, "scheduled", JSON.stringify(detail.summary));
    assert.equal(await isVisible(browser), true);

    // As the window's close button does (WebDriver's own close would end the session).
    await must(browser, "plugin:window|close", { label: "main" });
    await browser.waitUntil(async () => (await isVisible(browser)) === false, {
      timeout: 5000,
      timeoutMsg: "the window was not hidden",
    });
    assert.equal(appProcesses(dataDir).length, 1, "the app still runs");
    await browser.waitUntil(async () => received.filter((u) => u === "/flaky").length >= 2, {
      timeout: 15000,
      timeoutMsg: "the retry did not reach the server with the window closed",
    });
    const after = await must(browser, "delivery_get", { id: detail.summary.id });
    assert.equal(after.summary.state, "succeeded");

    // A second launch on the same folder hands over and exits; the first shows its window.
    const second = spawn(APP_BINARY, ["--data-dir", dataDir], { stdio: "ignore" });
    const code = await new Promise((resolve) => second.on("exit", resolve));
    assert.equal(code, 0, "the second launch exits once the first has its arguments");
    await browser.waitUntil(async () => (await isVisible(browser)) === true, {
      timeout: 5000,
      timeoutMsg: "the first window was not brought back",
    });
    assert.equal(appProcesses(dataDir).length, 1, "one process for the folder");

    // Another data folder is another instance: both run side by side.
    const otherDir = freshDataDir();
    const other = spawn(APP_BINARY, ["--data-dir", otherDir], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 4000));
      assert.equal(other.exitCode, null, "an app on another data folder keeps running");
      assert.equal(appProcesses(otherDir).length, 1);
      assert.equal(appProcesses(dataDir).length, 1);
    } finally {
      other.kill("SIGTERM");
    }
    await app.browser.deleteSession();
    apps.splice(apps.indexOf(app), 1);
  }));

test("a destination paused by its circuit breaker is announced as an OS notification; a click opens it", () =>
  withFailureScreenshot("background-notification", async () => {
    const app = await launch();
    apps.push(app);
    const { browser } = app;
    await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });
    const destination = await must(browser, "destination_create", {
      input: destinationInput("Down Vendor", "/down", [], { failures: 2, period_secs: 0 }),
    });
    // The window shows another screen: the click must bring the destination's.
    await openScreen(browser, "Settings");
    await sendTest(browser, destination.id);
    await sendTest(browser, destination.id);
    await browser.waitUntil(async () => (await must(browser, "destination_get", { id: destination.id })).paused, {
      timeout: 10000,
      timeoutMsg: "the circuit breaker did not pause the destination",
    });
    await browser.waitUntil(async () => recorded.includes("Down Vendor was paused"), {
      timeout: 10000,
      timeoutMsg: `no notification on the session bus; recorded: ${recorded.slice(0, 2000)}`,
    });
    assert.match(recorded, /kept failing/);
    const shown = recorded
      .split("\n")
      .filter((line) => line.includes("was paused"))
      .map((line) => JSON.parse(line))[0];
    assert.ok(shown.actions.includes("default"), `the notification can be clicked: ${JSON.stringify(shown)}`);
    await browser.waitUntil(async () => recorded.includes(`{"clicked": ${shown.id}}`), { timeout: 5000, timeoutMsg: "not clicked" });
    await browser.waitUntil(async () => (await browser.getUrl()).includes(`#/destinations/${destination.id}`), {
      timeout: 10000,
      timeoutMsg: "the click did not open the destination",
    });
  }));
