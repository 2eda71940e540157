// Runs axe-core (an npm dev dependency of these tests, injected into the web view from
// node_modules: nothing is downloaded at test time) against the screen shown now, for the
// WCAG 2.0/2.1/2.2 A and AA rules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The violations of impact serious or critical on the current screen, as readable lines. */
export async function seriousViolations(browser) {
  const injected = await browser.execute(() => typeof window.axe === "object");
  if (!injected) await browser.execute(`${AXE_SOURCE}\n;window.axe = axe;`);
  const json = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((results) =>
        done(
          JSON.stringify(
            results.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
            })),
          ),
        ),
      )
      .catch((error) => done(JSON.stringify([{ id: "axe-error", impact: "critical", help: String(error), nodes: [] }])));
  }, TAGS);
  return JSON.parse(json)
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 6).join("\n    ")}`);
}
