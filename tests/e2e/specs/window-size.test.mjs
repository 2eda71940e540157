// Every screen fits the window at the smallest size tauri.conf.json allows and at 1440×900:
// nothing scrolls sideways, neither the page nor a table inside it. Screens are filled with
// data of realistic length (a long endpoint, a delivery with attempts, an event).
// WINDOW_SHOTS=1 also saves each screen to tests/e2e/artifacts/window-<size>-<screen>.png.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, must, REPO, withFailureScreenshot } from "../lib/app.mjs";

const WINDOW = JSON.parse(readFileSync(join(REPO, "tauri.conf.json"), "utf8")).app.windows[0];

let app;
let server;
const routes = [];

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "lead_42", status: "created" }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  app = await launch();
  const { browser } = app;
  await (await browser.$('nav[aria-label="Main"]')).waitForDisplayed({ timeout: 30000 });

  const base = `http://127.0.0.1:${server.address().port}`;
  const destination = await must(browser, "destination_create", {
    input: {
      name: "Customer data platform (production workspace)",
      endpoint: `${base}/v2/workspaces/marketing-emea/contacts/{email}/events?delay_ms=0&source=api-destinations`,
      method: "POST",
      auth_id: null,
      headers: [{ name: "X-Workspace-Identifier", value: "marketing-emea-production-0123456789abcdef" }],
      timeout_secs: 5,
      retry: { retry_delays_secs: [5, 30], jitter_percent: 0, retry_after_cap_secs: 3600 },
      rate_limit_per_sec: null,
      concurrency_limit: null,
      enabled: true,
    },
  });
  const contacts = await must(browser, "contact_list");
  const sent = await must(browser, "delivery_send_test", {
    request: {
      destination_id: destination.id,
      contact_id: contacts[0].id,
      payload: "{name: contact.first_name, phone: contact.phone, tags: contact.tags}",
      bindings: { email: "contact.custom_attributes.email" },
      event_type: "contact.tag_added",
      event_data: { tag: "vip" },
    },
  });
  const delivery = sent.summary.id;
  const event = await must(browser, "event_send_test", {
    input: { event_type: "contact.tag_added", contact_id: contacts[0].id, data: '{"tag": "vip"}' },
  });
  // The attempt is made in the background: wait until it is stored.
  let detail;
  for (let i = 0; i < 50; i++) {
    detail = await must(browser, "delivery_get", { id: delivery });
    if (detail.attempts.some((a) => a.completed_at !== null)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  routes.push(
    "/destinations",
    "/destinations/new",
    `/destinations/${destination.id}`,
    "/auth",
    "/rules",
    "/rules/new",
    `/events/${event.event_id}`,
    "/contacts",
    "/deliveries",
    `/deliveries/${delivery}`,
    `/deliveries/${delivery}/attempts/${detail.attempts[0].id}`,
    "/settings",
  );
});

after(async () => {
  await app?.browser.deleteSession();
  server?.close();
});

/** What scrolls sideways on the screen shown: the page, the main area, or an element in it. */
async function sidewaysScrollers(browser) {
  return browser.execute(() => {
    const found = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`page (${root.scrollWidth} > ${root.clientWidth})`);
    for (const el of document.querySelectorAll("main, main *")) {
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      const overflow = getComputedStyle(el).overflowX;
      if (overflow !== "auto" && overflow !== "scroll") continue;
      const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}`;
      // Which columns take the room, to see what to narrow.
      const columns = [...el.querySelectorAll("thead th")].map((th) => `${th.textContent}=${Math.round(th.getBoundingClientRect().width)}`);
      found.push(`${name} (${el.scrollWidth} > ${el.clientWidth})${columns.length ? ` columns ${columns.join(" ")}` : ""}`);
    }
    return found;
  });
}

async function checkEveryScreen(width, height) {
  const { browser } = app;
  await browser.setWindowSize(width, height);
  const inner = await browser.execute(() => [window.innerWidth, window.innerHeight]);
  assert.ok(inner[0] <= width && inner[0] >= width - 40, `the window is ${inner[0]} wide, not about ${width}`);
  const problems = [];
  for (const route of routes) {
    await browser.execute((hash) => {
      window.location.hash = hash;
    }, route);
    await browser.waitUntil(
      async () =>
        (await browser.execute(
          () => document.querySelector("main h1")?.textContent !== undefined && !document.querySelector('main [aria-busy="true"]'),
        )) === true,
      { timeout: 10000, timeoutMsg: `${route} did not load` },
    );
    await browser.pause(400); // lists and previews settle
    for (const what of await sidewaysScrollers(browser)) problems.push(`${route}: ${what}`);
    if (process.env.WINDOW_SHOTS) {
      const dir = join(REPO, "tests/e2e/artifacts");
      mkdirSync(dir, { recursive: true });
      const slug = route.replace(/\/(dlv|att|dst|evt)_[0-9a-z]+/g, "/$1").replace(/\W+/g, "-").replace(/^-/, "");
      execFileSync("import", ["-window", "root", "-crop", `${width}x${height}+0+0`, join(dir, `window-${width}x${height}-${slug}.png`)]);
    }
  }
  assert.deepEqual(problems, [], `at ${width}×${height} these scroll sideways`);
}

test("every screen fits the smallest window without sideways scrolling", () =>
  withFailureScreenshot("window-min-size", () => checkEveryScreen(WINDOW.minWidth, WINDOW.minHeight)));

test("every screen fits a 1440×900 window without sideways scrolling", () =>
  withFailureScreenshot("window-1440", () => checkEveryScreen(1440, 900)));
