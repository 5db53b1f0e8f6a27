// A remote speaker's browser as a whip:// room's feed (WHIP), in Debian's
// chromium with its fake camera and microphone, against the real hub: a
// technician token for the room, "Go on air" on the feed's page, the room
// live with H.264 from the browser; "Stop", and the slate is back.
// Environment as attendee.test.mjs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertClean, openBrowser, screenshot, signIn } from "./browser.mjs";
import { waitFor } from "./hub.mjs";

const ROOM = "remote-talk";
let hub;
let browser;

// The room's feed as /api/v1/health reports it.
async function feed() {
  const report = await (await fetch(hub.url + "/api/v1/health")).json();
  return (report.feeds ?? []).find((f) => f.roomId === ROOM) ?? {};
}

describe("remote speaker (WHIP)", { timeout: 120_000 }, () => {
  before(async () => {
    ({ hub, browser } = await openBrowser(
      { extraRooms: [{ id: ROOM, kind: "activity", en: "Remote Talk", zh: "远程演讲", uri: "whip://" }] },
      { fakeMedia: true },
    ));
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("sends the camera to the room over WebRTC, and the slate is back after Stop", async () => {
    const page = await browser.newPage();
    await signIn(page, hub.url + `/tech/${ROOM}`, hub.token({ role: "technician", name: "Speaker", rooms: [ROOM] }));
    const publisher = page.getByTestId("whip-publisher");
    await waitFor("the WHIP panel", async () => (await publisher.count()) > 0, 15_000);
    await page.getByTestId("whip-start").click();
    await waitFor("sending", async () => (await publisher.getAttribute("data-state")) === "live", 30_000).catch(async (err) => {
      const shown = await page.getByTestId("whip-error").textContent().catch(() => "");
      throw new Error(`${err.message}: ${shown}; console: ${page.logs.join(" | ")}`);
    });
    let last = {};
    await waitFor("the room live from the browser", async () => {
      last = await feed();
      return last.state === "FEED_STATE_LIVE" && last.videoCodec === "h264";
    }, 30_000).catch((err) => {
      throw new Error(`${err.message}: ${JSON.stringify(last)}\nhub log:\n${hub.log()}`);
    });
    assert.ok(last.width > 0 && last.height > 0, JSON.stringify(last));
    await screenshot(page, "tech-whip-live.png");

    await page.getByTestId("whip-stop").click();
    await waitFor("the slate back", async () => (await feed()).onAir === "slate", 20_000);
    await assertClean(page);
  });
});
