// Measures how fast the player starts in each kind of room: the real hub
// (test:// feeds, the default 2 s segments and LL-HLS parts) and the real web
// client in Debian's chromium, each viewer in a fresh browser context (no
// cache, nothing remembered), from the navigation to the room's page to the
// first frame shown (the video's currentTime past 0), by the page's own
// clock (performance.now(), which starts at the navigation). Rooms: a plain
// one (main-forum) and one with interpretation (audio renditions: an
// English page plays the English channel, hls.js loading its audio too).
// With --event FILE (e.g. config/event.yaml: ten rooms' test feeds encoding
// on the same machine), that event's rooms named by --rooms instead.
//   node bench/latency/first_frame.mjs [--duration N] [--warmup S] [--json FILE]
//        [--event FILE --rooms ID,ID]
// --duration: viewers per room (10), one after the other.
// Environment as the browser tests (HALLCAST_BINARY, HALLCAST_STATIC, CHROMIUM).
import { writeFileSync } from "node:fs";
import { openBrowser } from "../../web-client/e2e/browser.mjs";
import { waitFor } from "../../web-client/e2e/hub.mjs";
import { latencyOptions, summary } from "./options.mjs";

const { duration: viewers, warmup, json, event, rooms: roomList } = latencyOptions(10, {
  event: { type: "string" },
  rooms: { type: "string" },
});

const rooms = event
  ? (roomList ?? "main-forum").split(",").map((id) => ({ id, what: `as in ${event}` }))
  : [
    { id: "main-forum", what: "no audio renditions" },
    { id: "interpreted", what: "interpretation (English + Chinese channels), English page" },
  ];
const { hub, browser } = await openBrowser(event ? { configFile: event } : {
  media: { segmentMs: 2000 },
  extraRooms: [{
    id: "interpreted", kind: "panel", en: "Interpreted Panel", zh: "同传分论坛",
    more: "    language: zh\n    interpretation:\n      - {lang: en, uri: \"test://\"}\n      - {lang: zh, name: \"中文\", uri: \"test://\"}\n",
  }],
});
try {
  // Every room on air (its master playlist, when it has one, written once
  // every rendition has a segment), then a warm-up: what a viewer opening
  // the page in the middle of the forum finds.
  const exists = async (path) => (await fetch(hub.url + path)).ok;
  const program = await (await fetch(hub.url + "/api/v1/program")).json();
  const playlistOf = (id) => {
    const room = program.rooms.find((r) => r.id === id);
    if (!room) throw new Error(`no room ${id} in the event`);
    return room.masterPlaylist || room.playlist;
  };
  await waitFor("the rooms on air", async () => {
    for (const room of rooms) if (!(await exists(playlistOf(room.id)))) return false;
    return true;
  }, 60_000);
  await new Promise((r) => setTimeout(r, warmup * 1000));

  const result = { scenario: "first-frame", viewers_per_room: viewers, warmup_s: warmup, rooms: {} };
  for (const room of rooms) {
    const seconds = [];
    let failed = 0;
    for (let i = 0; i < viewers; ++i) {
      const page = await browser.newPage();
      await page.addInitScript(() => {
        // Media events do not bubble: caught on their way down.
        document.addEventListener("timeupdate", (e) => {
          if (window.__firstFrame === undefined && e.target.currentTime > 0) window.__firstFrame = performance.now();
        }, true);
      });
      await page.goto(`${hub.url}/room/${room.id}`);
      try {
        await waitFor("the first frame", () => page.evaluate(() => window.__firstFrame), 30_000, 20);
        seconds.push((await page.evaluate(() => window.__firstFrame)) / 1000);
      } catch {
        failed += 1;
      }
      await browser.closePages();
    }
    result.rooms[room.id] = { what: room.what, first_frame_s: summary(seconds), failed };
    const s = result.rooms[room.id].first_frame_s;
    console.log(`${room.id.padEnd(12)} first frame: median ${s.median.toFixed(2)} s, p95 ${s.p95.toFixed(2)} s, ` +
      `max ${s.max.toFixed(2)} s over ${s.samples} viewers (${failed} never played) — ${room.what}`);
  }
  if (json) writeFileSync(json, JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  await hub.stop();
}
