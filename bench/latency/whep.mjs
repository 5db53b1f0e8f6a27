// Measures WebRTC (WHEP) playback as a low-latency viewer sees it: the real
// hub (test:// feed) and the real web client in Debian's chromium with its
// "low latency" switch on. After a warm-up, samples once a second the
// glass-to-glass latency (the test source's time code read off the picture:
// bench/latency/time_code.mjs) and the frames decoded (getStats).
//   node bench/latency/whep.mjs [--duration S] [--warmup S] [--json FILE]
// Environment as the browser tests (HALLCAST_BINARY, HALLCAST_STATIC, CHROMIUM).
import { writeFileSync } from "node:fs";
import { openBrowser } from "../../web-client/e2e/browser.mjs";
import { waitFor } from "../../web-client/e2e/hub.mjs";
import { latencyOptions, summary } from "./options.mjs";
import { readTimeCodeInPage } from "./time_code.mjs";

const values = latencyOptions(10);
const { duration, warmup } = values;

const { hub, browser } = await openBrowser();
try {
  const page = await browser.newPage();
  await page.goto(hub.url + "/room/main-forum");
  await page.getByTestId("low-latency").click();
  const player = page.locator(".player");
  await waitFor("WebRTC to play", async () =>
    (await player.getAttribute("data-mode")) === "webrtc" && (await player.getAttribute("data-state")) === "playing",
  60_000);
  await page.waitForTimeout(warmup * 1000);
  const glass = [];
  let unreadable = 0;
  for (let i = 0; i < duration; ++i) {
    await page.waitForTimeout(1000);
    const code = await page.evaluate(readTimeCodeInPage);
    if (code) glass.push(code.latencyMs / 1000);
    else unreadable += 1;
  }
  const result = {
    scenario: "whep",
    duration_s: duration,
    warmup_s: warmup,
    glass_to_glass_s: summary(glass),
    time_code_unreadable: unreadable,
    frames_decoded: Number(await player.getAttribute("data-frames-decoded")),
  };
  const f = (s) => `median ${s.median.toFixed(3)} s, p95 ${s.p95.toFixed(3)} s, max ${s.max.toFixed(3)} s`;
  console.log(`WebRTC (WHEP), ${duration} s after ${warmup} s warm-up:`);
  console.log(`  glass to glass       ${f(result.glass_to_glass_s)} (${unreadable} pictures without a readable code)`);
  console.log(`  frames decoded ${result.frames_decoded}`);
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  await hub.stop();
}
