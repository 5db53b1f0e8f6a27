// The technician monitor wall in a real browser against the real hub: every
// feed live with thumbnails, sparklines and meters; force standby and back
// to automatic through the UI; a real SRT sender (gst-launch) killed, its
// tile turning to standby with an alert; the detail view's history graphs;
// a token limited to other rooms; the Chinese UI.
// Environment: as attendee.test.mjs (HALLCAST_BINARY, HALLCAST_STATIC,
// HALLCAST_ARTIFACTS, CHROMIUM).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { assertClean, openBrowser, screenshot, signIn } from "./browser.mjs";
import { freeUdpPort } from "./encoders.mjs";
import { waitFor } from "./hub.mjs";

const SRT_ROOM = "srt-hall";
const ALL_ROOMS = ["main-forum", "panel-a", "press", SRT_ROOM];

let hub;
let browser;
let sender;
let page; // the technician's wall, signed in once

// A hall encoder as tests/support/gst_publisher.cpp makes it: H.264 + AAC
// in MPEG-TS over SRT, small (320×240) so that it leaves the two cores to
// the hub and the browser.
// The hall's encoder: an SRT caller. srtsink gives up when nobody listens
// yet (a slow hub, a loaded machine), so it is started again until stop().
function startSender(port) {
  const pipeline =
    "videotestsrc is-live=true pattern=smpte ! video/x-raw,width=320,height=240,framerate=25/1 ! " +
    "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bitrate=300 ! h264parse ! " +
    `mpegtsmux alignment=7 name=mux ! srtsink uri=srt://127.0.0.1:${port}?mode=caller latency=100 ` +
    "audiotestsrc is-live=true freq=880 volume=0.1 ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! aacparse ! mux.";
  const sender = { log: "", child: null, stopped: false };
  const spawnOnce = () => {
    const child = spawn("gst-launch-1.0", ["-q", ...pipeline.split(" ")], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk) => (sender.log = (sender.log + chunk).slice(-4000)));
    child.once("exit", () => {
      if (!sender.stopped) setTimeout(() => !sender.stopped && spawnOnce(), 500);
    });
    sender.child = child;
  };
  // The cable pulled: no more sending, no restart.
  sender.stop = () => {
    sender.stopped = true;
    if (sender.child?.exitCode === null) sender.child.kill("SIGKILL");
  };
  process.once("exit", () => sender.stop());
  spawnOnce();
  return sender;
}

const tile = (room) => page.locator(`[data-testid=feed-tile][data-room=${room}]`);
const tileState = (room) => tile(room).getAttribute("data-state");
const states = () => page.$$eval("[data-testid=feed-tile]", (tiles) => Object.fromEntries(tiles.map((t) => [t.dataset.room, t.dataset.state])));

async function waitForState(room, wanted, ms) {
  await waitFor(`${room} ${wanted.join("|")}`, async () => wanted.includes(await tileState(room)), ms).catch(async (err) => {
    throw new Error(`${err.message}; tiles: ${JSON.stringify(await states())}\nhub log:\n${hub.log().slice(-3000)}`);
  });
}

// Whether a canvas has any pixel drawn.
const canvasDrawn = (canvas) =>
  canvas.evaluate((c) => {
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
    return false;
  });

describe("technician wall", { timeout: 200_000 }, () => {
  before(async () => {
    const port = await freeUdpPort();
    ({ hub, browser } = await openBrowser({
      extraRooms: [{ id: SRT_ROOM, kind: "panel", en: "SRT Hall", zh: "SRT 会场", uri: `srt://:${port}?mode=listener` }],
    }));
    sender = startSender(port);
    page = await browser.newPage();
    await signIn(page, hub.url + "/tech", hub.token({ role: "technician", name: "Tess" }));
  });

  after(async () => {
    sender?.stop();
    await browser?.close();
    await hub?.stop();
  });

  it("shows every feed live, with its thumbnail, sparklines and audio meters", async () => {
    await page.getByTestId("tech-app").waitFor();
    await waitFor("a tile per feed", async () => (await page.getByTestId("feed-tile").count()) === ALL_ROOMS.length, 15_000);
    for (const room of ALL_ROOMS) await waitForState(room, ["live"], 30_000);
    assert.deepEqual(Object.keys(await states()).sort(), [...ALL_ROOMS].sort());

    await waitFor("every thumbnail", () =>
      page.$$eval("[data-testid=feed-tile]", (tiles) =>
        tiles.every((t) => {
          const img = t.querySelector("img[data-testid=feed-thumb]");
          return img && img.complete && img.naturalWidth > 0;
        })), 20_000);
    // Two sparklines per tile, each drawn from a few seconds of reports.
    await waitFor("sparklines with eight seconds of data", () =>
      page.$$eval("[data-testid=sparkline]", (charts) => charts.length === 2 * 4 && charts.every((c) => Number(c.dataset.points) >= 8)), 20_000);
    const canvases = page.getByTestId("sparkline-canvas");
    assert.equal(await canvases.count(), 8);
    for (const canvas of await canvases.all()) assert.ok(await canvasDrawn(canvas), "an empty sparkline");

    const srt = tile(SRT_ROOM);
    assert.match(await srt.getByTestId("feed-bitrate").textContent(), /^\d+(\.\d+)? (b|kb|Mb)\/s$/);
    assert.match(await srt.getByTestId("feed-fps").textContent(), /^\d+\.\d fps$/);
    // The sender's stereo tone: two channels with a level.
    assert.equal(await srt.getByTestId("audio-channel").count(), 2);
    const peak = Number(await srt.getByTestId("audio-channel").first().getAttribute("data-dbfs"));
    assert.ok(peak > -30 && peak < -12, `peak ${peak} dBFS`); // the tone at volume 0.1: -20 dBFS
    const bar = await srt.locator(".meter-peak").first().evaluate((el) => el.style.width);
    assert.match(bar, /^\d+(\.\d+)?%$/);
    // Every feed live: no alert is active. (One raised while the SRT sender
    // was still connecting — a slow hub under the sanitizers — clears with
    // the next report and stays listed as cleared.)
    await waitFor("no active alert", async () =>
      (await page.locator("[data-testid=alert-item][data-active=true]").count()) === 0, 10_000);
    await screenshot(page, "tech-wall.png");
    await assertClean(page);
  });

  it("forces standby through the UI (after a confirmation), automatic brings the feed back, a refusal shows", async () => {
    const main = tile("main-forum");
    await main.getByTestId("feed-standby").click();
    // Nothing happens before the confirmation; cancel leaves it live.
    await main.getByTestId("feed-cancel").click();
    assert.equal(await main.getByTestId("feed-confirm").count(), 0);
    assert.equal(await tileState("main-forum"), "live");

    await main.getByTestId("feed-standby").click();
    await main.getByTestId("feed-confirm").click();
    await waitFor("the hub's answer", async () => (await main.getByTestId("feed-control-result").getAttribute("data-ok")) === "true", 10_000);
    assert.equal(await main.getByTestId("feed-control-result").textContent(), "Standby forced.");
    await waitForState("main-forum", ["standby"], 15_000);
    assert.equal(await main.getByTestId("feed-forced").textContent(), "Forced standby");
    assert.match(await main.getByTestId("feed-on-air").textContent(), /slate/);

    await main.getByTestId("feed-auto").click(); // no confirmation: it ends forcing
    await waitForState("main-forum", ["live"], 20_000);
    assert.equal(await main.getByTestId("feed-forced").count(), 0);

    // A room without a backup feed: the hub's refusal shows on its tile.
    const press = tile("press");
    await press.getByTestId("feed-backup").click();
    await press.getByTestId("feed-confirm").click();
    await waitFor("the refusal", async () => (await press.getByTestId("feed-control-result").getAttribute("data-ok")) === "false", 10_000);
    assert.match(await press.getByTestId("feed-control-result").textContent(), /^Refused: .*no backup feed/);
    assert.equal(await tileState("press"), "live");
    await assertClean(page);
  });

  it("turns a feed whose sender stopped to standby, with an alert in the list", async () => {
    sender.stop(); // the hall encoder's cable pulled
    await waitForState(SRT_ROOM, ["standby", "down"], 30_000);
    const alert = page.locator(`[data-testid=alert-item][data-room=${SRT_ROOM}][data-active=true]`);
    await waitFor("the feed-down alert", async () => (await alert.count()) > 0, 20_000);
    assert.match(await alert.first().getByTestId("alert-time").textContent(), /^\d\d:\d\d:\d\d$/);
    assert.equal(await alert.first().getByTestId("alert-room").textContent(), "SRT Hall");
    assert.equal(await alert.first().getAttribute("data-severity"), "critical");
    // Active alerts come first.
    assert.equal(await page.getByTestId("alert-item").first().getAttribute("data-active"), "true");
    assert.ok((await tile(SRT_ROOM).getByTestId("feed-alert").count()) > 0);
    // The others stay live.
    for (const room of ["main-forum", "panel-a", "press"]) assert.equal(await tileState(room), "live");
    await assertClean(page);
  });

  it("shows a feed's detail with its history graphs", async () => {
    await tile("main-forum").getByTestId("feed-detail-link").click(); // client-side navigation
    await page.waitForURL("**/tech/main-forum");
    const detail = page.getByTestId("feed-detail");
    await detail.waitFor();
    assert.equal(await detail.getAttribute("data-room"), "main-forum");
    await waitFor("four history graphs", () =>
      page.$$eval("[data-testid=history-graph]", (graphs) => graphs.length === 4 && graphs.every((g) => Number(g.dataset.points) >= 10)), 15_000);
    assert.deepEqual(await page.$$eval("[data-testid=history-graph]", (gs) => gs.map((g) => g.dataset.series)), ["bitrate", "fps", "audio", "segment-age"]);
    for (const canvas of await page.getByTestId("history-graph-canvas").all()) assert.ok(await canvasDrawn(canvas), "an empty graph");
    // The history covers the time since the page opened, the standby included.
    assert.match(await page.getByTestId("feed-fields").textContent(), /test:\/\//);
    await page.getByTestId("feed-thumb").waitFor();
    await screenshot(page, "tech-detail.png");

    // The SRT room's detail lists its alert.
    await page.getByTestId("tech-back").click();
    await tile(SRT_ROOM).getByTestId("feed-detail-link").click();
    await page.waitForURL(`**/tech/${SRT_ROOM}`);
    await waitFor("the room's alert", async () => (await page.locator("[data-testid=alert-item][data-active=true]").count()) > 0, 10_000);
    assert.equal(await page.locator(`[data-testid=alert-item]:not([data-room=${SRT_ROOM}])`).count(), 0);
    await assertClean(page);
  });

  it("shows a technician whose token names some rooms those rooms only", async () => {
    const limited = await browser.newPage();
    await signIn(limited, hub.url + "/tech", hub.token({ role: "technician", name: "Pat", rooms: ["press"] }));
    const press = limited.locator("[data-testid=feed-tile][data-room=press]");
    await press.waitFor({ timeout: 15_000 });
    await waitFor("a live press tile", async () => (await press.getAttribute("data-state")) === "live", 15_000);
    // The hub sends this technician the press room's health only.
    await limited.waitForTimeout(1500);
    assert.deepEqual(
      await limited.$$eval("[data-testid=feed-tile]", (tiles) => tiles.map((t) => t.dataset.room)),
      ["press"],
    );
    await assertClean(limited);
  });

  it("speaks Chinese", async () => {
    await page.goto(hub.url + "/tech"); // the token is kept for the tab
    await page.getByTestId("feed-tile").first().waitFor({ timeout: 15_000 });
    await page.getByTestId("lang-switch").click();
    await page.waitForSelector("text=监看墙");
    assert.equal(await tile("main-forum").getByTestId("feed-state").textContent(), "直播");
    assert.equal(await tile("main-forum").locator("h2").textContent(), "主论坛");
    assert.equal(await tile("main-forum").getByTestId("feed-standby").textContent(), "强制待机");
    assert.match(await tile("main-forum").getByTestId("feed-fps").textContent(), /帧\/秒$/);
    assert.equal(await page.locator(".alert-panel h2").textContent(), "告警");
    await waitForState(SRT_ROOM, ["standby", "down"], 5_000);
    assert.match(await tile(SRT_ROOM).getByTestId("feed-state").textContent(), /^(待机|故障)$/);
    await screenshot(page, "tech-wall-zh.png");
    await assertClean(page);
  });
});
