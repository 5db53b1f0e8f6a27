// Measures Low-Latency HLS as an attendee sees it: the real hub (test://
// feed, 2 s segments, its default parts) and the real web client in Debian's
// chromium, whose hls.js reports its latency. After a warm-up, samples once a
// second what the player shows: hls.js's latency (from the live edge of the
// playlist), how far behind the wall clock the picture is (by its program
// date-time, stamped as the hub packaged it), glass-to-glass latency (the
// test source's time code read off the picture: bench/latency/time_code.mjs),
// and stalls.
//   node bench/latency/llhls.mjs [--duration S] [--warmup S] [--part-ms MS] [--json FILE]
// --part-ms 0 measures the same with plain HLS (no parts), for comparison.
// Environment as the browser tests (HALLCAST_BINARY, HALLCAST_STATIC, CHROMIUM).
import { writeFileSync } from "node:fs";
import { openBrowser } from "../../web-client/e2e/browser.mjs";
import { waitFor } from "../../web-client/e2e/hub.mjs";
import { latencyOptions, summary } from "./options.mjs";
import { readTimeCodeInPage } from "./time_code.mjs";

const values = latencyOptions(20, { "part-ms": { type: "string" } });
const { duration, warmup } = values;

const partMs = values["part-ms"] === undefined ? undefined : Number(values["part-ms"]);
const { hub, browser } = await openBrowser({ media: { segmentMs: 2000, partMs } });
try {
  const page = await browser.newPage();
  await page.goto(hub.url + "/room/main-forum");
  const video = page.getByTestId("video");
  await waitFor("the video to play", () => video.evaluate((v) => v.currentTime > 0), 60_000);
  await video.evaluate((v) => {
    window.__stalls = 0;
    v.addEventListener("waiting", () => (window.__stalls += 1));
  });
  await page.waitForTimeout(warmup * 1000);
  const stallsBefore = await page.evaluate(() => window.__stalls);
  const player = page.locator(".player");
  const latency = [];
  const behind = [];
  const glass = [];
  let unreadable = 0;
  for (let i = 0; i < duration; ++i) {
    await page.waitForTimeout(1000);
    latency.push(Number(await player.getAttribute("data-latency")));
    behind.push(Number(await player.getAttribute("data-behind-wall-clock")));
    const code = await page.evaluate(readTimeCodeInPage);
    if (code) glass.push(code.latencyMs / 1000);
    else unreadable += 1;
  }
  const result = {
    scenario: "llhls",
    part_ms: partMs ?? "default",
    duration_s: duration,
    warmup_s: warmup,
    target_latency_s: Number(await player.getAttribute("data-target-latency")),
    parts_loaded: Number(await player.getAttribute("data-parts")),
    hlsjs_latency_s: summary(latency),
    behind_wall_clock_s: summary(behind),
    glass_to_glass_s: summary(glass),
    time_code_unreadable: unreadable,
    stalls: (await page.evaluate(() => window.__stalls)) - stallsBefore,
    fatal_errors: Number(await player.getAttribute("data-fatal-errors")),
  };
  const f = (s) => `median ${s.median.toFixed(2)} s, p95 ${s.p95.toFixed(2)} s, max ${s.max.toFixed(2)} s`;
  const kind = partMs === 0 ? "plain HLS (no parts)" : "LL-HLS";
  console.log(`${kind}, ${duration} s after ${warmup} s warm-up, hls.js target ${result.target_latency_s} s:`);
  console.log(`  hls.js latency       ${f(result.hlsjs_latency_s)}`);
  console.log(`  behind wall clock    ${f(result.behind_wall_clock_s)}`);
  console.log(`  glass to glass       ${f(result.glass_to_glass_s)} (${unreadable} pictures without a readable code)`);
  console.log(`  stalls ${result.stalls}, fatal errors ${result.fatal_errors}, parts loaded ${result.parts_loaded}`);
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  await hub.stop();
}
