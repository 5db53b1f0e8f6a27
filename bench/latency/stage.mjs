// Measures how fast what a moderator puts on the hall's stage display gets
// there: the real hub (the e2e event, its media on) and the web client in
// Debian's chromium — the stage display (1920×1080), a moderator console and
// an attendee who asks the questions. For each of N questions: the
// moderator clicks "pin"; the time from the click to the question's text on
// the stage, both read off the same machine clock (Date.now() in each page:
// the click's handler, and a MutationObserver on the stage).
//   node bench/latency/stage.mjs [--duration N] [--json FILE]
// --duration: questions pinned (20), one after the other.
// Environment as the browser tests (HALLCAST_BINARY, HALLCAST_STATIC, CHROMIUM).
import { writeFileSync } from "node:fs";
import { openBrowser, people } from "../../web-client/e2e/browser.mjs";
import { waitFor } from "../../web-client/e2e/hub.mjs";
import { latencyOptions, summary } from "./options.mjs";

const { duration: pins, json } = latencyOptions(0);
const { hub, browser } = await openBrowser();
try {
  const { page, attendee, moderator } = people(hub, browser);
  const stage = await page({ viewport: { width: 1920, height: 1080 } });
  await stage.goto(`${hub.url}/stage/main-forum`);
  await waitFor("the stage on the questions", async () =>
    (await stage.getByTestId("stage").getAttribute("data-view")) === "questions");
  await stage.evaluate(() => {
    window.__onStage = {};
    new MutationObserver(() => {
      const text = document.querySelector("[data-testid=stage-pinned] .sd-pinned-text")?.textContent?.trim();
      if (text && !(text in window.__onStage)) window.__onStage[text] = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const mod = await moderator("main-forum");
  await mod.getByTestId("queue-tab-approved").click();
  const asker = await attendee("main-forum", "Ada");
  await asker.getByTestId("tab-qa").click();

  const delays = [];
  for (let i = 0; i < pins; ++i) {
    const question = `Question ${i + 1}: how will the biobank share its data?`;
    await asker.getByTestId("qa-input").fill(question);
    await asker.getByTestId("qa-submit").click();
    const item = mod.locator("[data-testid=queue] li", { hasText: question });
    await item.waitFor();
    const pin = item.getByTestId("q-pin");
    await pin.evaluate((button) => button.addEventListener("click", () => (window.__clickedAt = Date.now()), { once: true }));
    await pin.click();
    await waitFor("the question on the stage", () => stage.evaluate((q) => window.__onStage[q], question), 10_000, 20);
    const clickedAt = await mod.evaluate(() => window.__clickedAt);
    delays.push((await stage.evaluate((q) => window.__onStage[q], question)) - clickedAt);
  }
  const s = summary(delays);
  console.log(`moderator's pin to the stage display: median ${s.median} ms, p95 ${s.p95} ms, max ${s.max} ms over ${s.samples} pins`);
  if (json) writeFileSync(json, JSON.stringify({ scenario: "stage", pins, pin_to_stage_ms: s }, null, 1));
} finally {
  await browser.close();
  await hub.stop();
}
