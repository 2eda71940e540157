// Saves a screenshot of each main screen of the real app to docs/screenshots/ (run via run.sh).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO, launch, openScreen } from "./lib/app.mjs";

const SCREENS = [
  ["API Destinations", "destinations"],
  ["API Auth", "auth"],
  ["Event-Based Rules", "rules"],
  ["Sample Contacts & Team", "contacts"],
  ["API Deliveries", "deliveries"],
  ["Settings", "settings"],
];

const outDir = join(REPO, "docs/screenshots");
mkdirSync(outDir, { recursive: true });
const { browser } = await launch();
try {
  await (await browser.$("nav[aria-label=\"Main\"]")).waitForDisplayed({ timeout: 30000 });
  // The first frames reach the X server a moment after the DOM is ready.
  await browser.pause(2000);
  for (const [label, file] of SCREENS) {
    await openScreen(browser, label);
    if (file === "settings") {
      const status = await browser.$('[data-testid="keyring-status"]');
      await browser.waitUntil(async () => /Available|Unavailable/.test(await status.getText()), { timeout: 20000 });
    }
    await browser.pause(300);
    const target = join(outDir, `${file}.png`);
    // The window is 1200×760 at the top left of the 1280×800 screen.
    execFileSync("import", ["-window", "root", "-crop", "1200x760+0+0", "+repage", target]);
    console.log(`saved ${target}`);
  }
} finally {
  await browser.deleteSession();
}
