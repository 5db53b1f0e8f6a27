// The attendee app in a real browser (Debian's chromium, driven by
// playwright-core) against the real hub: the program, a room whose video
// plays, two attendees chatting, and a reload that stays the same guest.
// Environment: HALLCAST_BINARY (build/server/hallcast), HALLCAST_STATIC
// (web-client/dist), HALLCAST_ARTIFACTS (where screenshots go),
// CHROMIUM (/usr/bin/chromium).
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { assertClean, openBrowser, screenshot } from "./browser.mjs";
import { freeUdpPort } from "./encoders.mjs";
import { waitFor } from "./hub.mjs";

let hub;
let browser;
const newAttendee = (options) => browser.newPage(options);

async function rename(page, name) {
  await page.getByTestId("rename").click();
  await page.getByTestId("rename-input").fill(name);
  await page.getByTestId("rename-input").press("Enter");
  await waitFor(`the name ${name}`, async () => (await page.getByTestId("me").textContent()).includes(name), 10_000);
  await waitFor("online", async () => (await page.getByTestId("conn-state").getAttribute("data-state")) === "online", 10_000);
}

async function say(page, text) {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
}

// The texts of the chat messages shown, with their authors.
async function chatLines(page) {
  return page.$$eval("[data-testid=messages] li.msg", (items) =>
    items.map((li) => `${li.querySelector(".author").textContent}: ${li.querySelector(".text").textContent}`),
  );
}

describe("attendee app", { timeout: 170_000 }, () => {
  before(async () => {
    ({ hub, browser } = await openBrowser());
  });

  afterEach(async () => {
    await browser?.closePages();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("lists the program's rooms grouped by kind, with status, viewers and schedule", async () => {
    const page = await newAttendee();
    const response = await page.goto(hub.url + "/");
    assert.match(response.headers()["content-security-policy"] ?? "", /default-src 'self'/);
    await page.waitForSelector("[data-room=main-forum]");
    assert.equal(await page.getByTestId("event-title").textContent(), "Browser Test Forum");
    const groups = await page.$$eval("section.group", (sections) =>
      sections.map((s) => [s.querySelector("h2").textContent, [...s.querySelectorAll("li[data-room]")].map((li) => li.dataset.room)]),
    );
    assert.deepEqual(groups, [
      ["Main forum", ["main-forum"]],
      ["Panel sessions", ["panel-a"]],
      ["Press conference and exhibition", ["press"]],
    ]);
    const status = (room) => page.locator(`[data-room=${room}] [data-testid=status]`).textContent();
    // Live once the session has started and its feed is on air (the hub may have just started it).
    await waitFor("the main forum live", async () => {
      if ((await status("main-forum")) === "Live") return true;
      await page.reload();
      await page.waitForSelector("[data-room=main-forum] [data-testid=status]");
      return false;
    }, 20_000, 500);
    assert.equal(await page.locator("[data-room=main-forum] [data-testid=starts-in]").count(), 0);
    assert.match(await page.locator("[data-room=panel-a] [data-testid=starts-in]").textContent(), /^Starts in 2:5\d:\d\d$/);
    assert.equal(await status("panel-a"), "Upcoming");
    assert.equal(await status("press"), "Ended");
    assert.match(await page.locator("[data-room=main-forum] [data-testid=viewers]").textContent(), /^\d+ watching$/);
    assert.match(await page.locator("[data-room=main-forum] .schedule").textContent(), /^\d{1,2} \w{3}, \d\d:\d\d – /);
    // The thumbnails come from the hub's snapshots (one a second here).
    await waitFor("a thumbnail", async () => {
      await page.reload();
      await page.waitForSelector("[data-room=main-forum]");
      return page.$eval("[data-room=main-forum] img.thumb", (img) => img.complete && img.naturalWidth > 0).catch(() => false);
    }, 30_000, 1000);
    await screenshot(page, "attendee-landing.png");

    // Chinese, remembered across a reload.
    await page.getByTestId("lang-switch").click();
    await page.waitForSelector("text=主论坛");
    await page.reload();
    await page.waitForSelector("[data-room=main-forum]");
    assert.equal(await page.getByTestId("event-title").textContent(), "浏览器测试论坛");
    assert.equal(await page.locator("section.group h2").first().textContent(), "主论坛");
    assert.equal(await status("main-forum"), "直播中");
    await screenshot(page, "attendee-landing-zh.png");
    await assertClean(page);
  });

  it("plays the room's video: currentTime advances and hls.js has no fatal error", async () => {
    // As soon as the room's playlist has segments: the first ones are the
    // slate's (the feed is starting), so the player also goes through the
    // switch from the slate to the feed (a discontinuity).
    let playlist = "";
    await waitFor("the room's first segments", async () => {
      const r = await fetch(hub.url + "/live/main-forum/index.m3u8");
      playlist = r.ok ? await r.text() : `HTTP ${r.status}`;
      return playlist.split("#EXTINF").length > 2;
    }, 30_000, 300).catch((err) => {
      throw new Error(`${err.message}\n${playlist}\nhub log:\n${hub.log()}`);
    });
    const page = await newAttendee();
    await page.goto(hub.url + "/");
    await page.click("[data-room=main-forum] a"); // client-side navigation
    await page.waitForURL("**/room/main-forum");
    const video = page.getByTestId("video");
    await waitFor("the video to start", () => video.evaluate((v) => v.currentTime > 0), 30_000);
    // It plays on (how fast is not this test's to say: a loaded machine
    // decodes slower than real time).
    const t0 = await video.evaluate((v) => v.currentTime);
    await waitFor("the video playing on", () => video.evaluate((v, t) => v.currentTime > t + 1.5, t0), 15_000, 100).catch(
      async (err) => {
        const t1 = await video.evaluate((v) => v.currentTime);
        throw new Error(`${err.message}: currentTime went from ${t0} to ${t1}; console: ${page.logs.join(" | ")}`);
      },
    );
    assert.equal(await page.locator(".player").getAttribute("data-fatal-errors"), "0");
    assert.equal(await page.locator(".player").getAttribute("data-state"), "playing");
    assert.equal(await video.evaluate((v) => v.paused || v.error !== null), false);
    // Low-Latency HLS: hls.js loads parts and aims at the playlist's
    // PART-HOLD-BACK (1.002 s), not three segments (6 s) behind.
    const player = page.locator(".player");
    await waitFor("hls.js to load parts", async () => Number(await player.getAttribute("data-parts")) > 0, 10_000);
    assert.equal(await player.getAttribute("data-target-latency"), "1.00");
    const latency = Number(await player.getAttribute("data-latency"));
    assert.ok(latency > 0 && Number.isFinite(latency), `hls.js latency ${latency}`);
    console.log(`hls.js: ${await player.getAttribute("data-parts")} parts loaded, latency ${latency} s`);
    await screenshot(page, "attendee-room-desktop.png");

    // A phone, 375 px wide: nothing wider than the screen.
    const phone = await newAttendee({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.goto(hub.url + "/room/main-forum"); // served as the app by the hub
    await waitFor("the video on the phone", () => phone.getByTestId("video").evaluate((v) => v.currentTime > 0), 30_000);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 375), "the page scrolls sideways at 375 px");
    await screenshot(phone, "attendee-room-375.png");
    await assertClean(page);
    await assertClean(phone);
  });

  it("plays the room over WebRTC (WHEP) with the low latency switch, and back to HLS", async () => {
    const page = await newAttendee();
    await page.goto(hub.url + "/room/main-forum");
    const player = page.locator(".player");
    const toggle = page.getByTestId("low-latency");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    await waitFor("WebRTC to play", async () =>
      (await player.getAttribute("data-mode")) === "webrtc" && (await player.getAttribute("data-state")) === "playing",
    30_000).catch((err) => {
      throw new Error(`${err.message}; console: ${page.logs.join(" | ")}; ${page.errors.join(" | ")}`);
    });
    // getStats: pictures keep being decoded (the test source sends 10 a second).
    const frames = async () => Number(await player.getAttribute("data-frames-decoded"));
    await waitFor("decoded pictures", async () => (await frames()) > 0, 10_000);
    const f0 = await frames();
    await page.waitForTimeout(3000);
    const f1 = await frames();
    assert.ok(f1 - f0 >= 15, `framesDecoded went from ${f0} to ${f1} in 3 s`);
    const video = page.getByTestId("video");
    assert.equal(await video.evaluate((v) => v.srcObject instanceof MediaStream && !v.paused), true);
    const viewers = async () => Number((await (await fetch(hub.url + "/metrics")).text()).match(/\nhallcast_webrtc_viewers (\d+)/)[1]);
    assert.equal(await viewers(), 1);
    await screenshot(page, "attendee-room-webrtc.png");

    // Off again: the session is deleted and hls.js plays.
    await toggle.click();
    await waitFor("HLS to play again", async () =>
      (await player.getAttribute("data-mode")) === "hls" && (await video.evaluate((v) => v.currentTime > 0 && !v.paused)),
    30_000);
    await waitFor("the WHEP session to end", async () => (await viewers()) === 0, 5_000);
    // The choice is kept: a reload plays WebRTC again.
    await toggle.click();
    await page.reload();
    await waitFor("WebRTC after a reload", async () =>
      (await player.getAttribute("data-mode")) === "webrtc" && (await player.getAttribute("data-state")) === "playing",
    30_000);
    await assertClean(page);
  });

  it("lets two attendees chat in Chinese and emoji, as text, never as HTML", async () => {
    const alice = await newAttendee();
    const bob = await newAttendee({ locale: "zh-CN" });
    await alice.goto(hub.url + "/room/main-forum");
    await bob.goto(hub.url + "/room/main-forum");
    await rename(alice, "Alice");
    await rename(bob, "小明 🐼");

    const hello = "你好，世界！🎉👍🏽 <b>not bold</b> <img src=x onerror=alert(1)>";
    await say(alice, hello);
    await waitFor("Bob to see Alice", async () => (await chatLines(bob)).includes(`Alice: ${hello}`), 10_000);
    const reply = "Hi Alice 😀 来自小明 👨‍👩‍👧";
    await say(bob, reply);
    await waitFor("Alice to see Bob", async () => (await chatLines(alice)).includes(`小明 🐼: ${reply}`), 10_000);
    assert.ok((await chatLines(bob)).includes(`小明 🐼: ${reply}`));
    // Markup in a message stays text.
    assert.equal(await bob.locator("[data-testid=messages] b, [data-testid=messages] img").count(), 0);
    // Each sees its own message as its own.
    assert.equal(await alice.locator("li.msg.mine .text").last().textContent(), hello);
    await screenshot(bob, "attendee-chat-zh.png");
    await assertClean(alice);
    await assertClean(bob);
  });

  it("lets attendees ask, upvote and sort questions, and react with floating emoji", async () => {
    const dana = await newAttendee();
    const eli = await newAttendee({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await dana.goto(hub.url + "/room/main-forum");
    await eli.goto(hub.url + "/room/main-forum");
    await rename(dana, "Dana");
    await rename(eli, "Eli");
    await dana.getByTestId("tab-qa").click();
    await eli.getByTestId("tab-qa").click();

    const ask = async (page, text, anonymous = false) => {
      await page.getByTestId("qa-input").fill(text);
      if (anonymous) await page.getByTestId("qa-anonymous").check();
      await page.getByTestId("qa-submit").click();
      await waitFor(`the question "${text}"`, async () => (await page.locator(".q-text", { hasText: text }).count()) > 0, 10_000);
    };
    const shown = (page) => page.$$eval("[data-testid=questions] li[data-question-id]", (items) =>
      items.map((li) => [li.querySelector(".q-text").textContent, li.querySelector(".q-votes").textContent, li.querySelector(".q-meta span").textContent]));

    await ask(dana, "How will AI change drug discovery? 🧪");
    await ask(dana, "匿名的问题：<i>真的吗</i>？", true);
    await waitFor("Eli to see both questions", async () => (await shown(eli)).length === 2, 10_000);
    // Popular (the default), ties oldest first; the anonymous one names nobody.
    assert.deepEqual(await shown(eli), [
      ["How will AI change drug discovery? 🧪", "0", "Dana"],
      ["匿名的问题：<i>真的吗</i>？", "0", "Anonymous"],
    ]);
    assert.equal(await eli.locator("[data-testid=questions] i").count(), 0, "markup in a question became HTML");

    // Eli upvotes the second: it moves up for both; a second click takes the vote back.
    const second = eli.locator("li[data-question-id]", { hasText: "匿名的问题" });
    await second.getByTestId("q-upvote").click();
    await waitFor("the vote to count for Dana", async () => (await shown(dana))[0]?.[1] === "1", 10_000);
    assert.equal((await shown(dana))[0][0], "匿名的问题：<i>真的吗</i>？");
    assert.equal(await second.getByTestId("q-upvote").getAttribute("aria-pressed"), "true");
    await dana.getByTestId("qa-sort-recent").click();
    assert.deepEqual((await shown(dana)).map((q) => q[0]), ["匿名的问题：<i>真的吗</i>？", "How will AI change drug discovery? 🧪"]);
    await second.getByTestId("q-upvote").click();
    await waitFor("the vote taken back", async () => (await shown(dana)).every((q) => q[1] === "0"), 10_000);
    assert.ok(await eli.evaluate(() => document.documentElement.scrollWidth <= 375), "the Q&A scrolls sideways at 375 px");
    await screenshot(eli, "attendee-qa-375.png");

    // A clap from Eli floats over Dana's video.
    await eli.getByTestId("react-👏").click();
    await waitFor("a clap floating on Dana's page", async () =>
      (await dana.locator(".float-emoji", { hasText: "👏" }).count()) > 0, 10_000, 50);
    await assertClean(dana);
    await assertClean(eli);
  });

  it("shows the link going down, reconnects by itself, and delivers what was written meanwhile once", async () => {
    const page = await newAttendee();
    // The page's WebSocket goes through this relay to the real hub, so the
    // test can cut it and refuse reconnects, as a lost network would.
    let linkUp = true;
    const live = new Set();
    await page.routeWebSocket(/\/ws$/, (ws) => {
      if (!linkUp) {
        ws.close({ code: 1006, reason: "network down" });
        return;
      }
      ws.connectToServer();
      live.add(ws);
    });
    const watcher = await newAttendee();
    await watcher.goto(hub.url + "/room/main-forum");
    await rename(watcher, "Grace");
    await page.goto(hub.url + "/room/main-forum");
    await rename(page, "Frank");
    await say(page, "before the outage");
    await waitFor("the first message delivered", async () => (await chatLines(watcher)).includes("Frank: before the outage"), 10_000);

    linkUp = false;
    for (const ws of live) await ws.close({ code: 1006, reason: "network down" });
    live.clear();
    const state = page.getByTestId("conn-state");
    await waitFor("the reconnecting state", async () => (await state.getAttribute("data-state")) === "reconnecting", 10_000, 100);
    assert.match(await state.textContent(), /^Reconnecting in \d+ s…$/);
    await say(page, "written while offline 📴");
    assert.equal(await page.locator("li.msg.pending .text").last().textContent(), "written while offline 📴");
    await screenshot(page, "attendee-reconnecting.png");
    await say(watcher, "said during the outage");

    linkUp = true;
    await waitFor("online again", async () => (await state.getAttribute("data-state")) === "online", 30_000, 100);
    await waitFor("the offline message delivered", async () =>
      (await chatLines(watcher)).includes("Frank: written while offline 📴"), 10_000);
    await waitFor("the missed message resumed", async () =>
      (await chatLines(page)).includes("Grace: said during the outage"), 10_000);
    const lines = await chatLines(page);
    assert.equal(lines.filter((l) => l === "Frank: written while offline 📴").length, 1, lines.join("\n"));
    assert.equal(lines.filter((l) => l === "Frank: before the outage").length, 1, lines.join("\n"));
    assert.equal(await page.locator("li.msg.pending").count(), 0);
    await assertClean(page);
  });

  it("stays the same guest across a reload, and the chat comes back", async () => {
    const page = await newAttendee();
    await page.goto(hub.url + "/room/main-forum");
    await rename(page, "Carol");
    const id = await page.getByTestId("me").getAttribute("data-user-id");
    assert.match(id, /.+/);
    await say(page, "before the reload ✓");
    await waitFor("the echo", async () => (await page.locator("li.msg.mine:not(.pending)").count()) > 0, 10_000);
    assert.equal(await page.evaluate(() => location.href.includes("token")), false, "a token in the URL");

    // An app of modules: they have run once the document is parsed.
    await page.reload({ waitUntil: "domcontentloaded" });
    await waitFor("online again", async () => (await page.getByTestId("conn-state").getAttribute("data-state")) === "online", 10_000);
    assert.equal(await page.getByTestId("me").getAttribute("data-user-id"), id);
    assert.match(await page.getByTestId("me").textContent(), /Carol/);
    await waitFor("the earlier message as its own", async () =>
      (await page.locator("li.msg.mine .text").allTextContents()).includes("before the reload ✓"), 10_000);
    await assertClean(page);
  });
});

// A room opened in the seconds after the hub (or the room) started, before
// its first segment: its playlist answers 503 with Retry-After, which the
// player waits through as "starting" — no error shown, none counted — and
// plays as soon as the segment is there. The hall's encoder does not send
// (the slate is on air from the start) and segments are 10 s without parts,
// so the page surely opens before the first one.
describe("a room opened while its stream starts", { timeout: 120_000 }, () => {
  let starting;
  before(async () => {
    const port = await freeUdpPort();
    starting = await openBrowser({
      extraRooms: [{ id: "hall-b", kind: "panel", en: "Hall B", zh: "B 厅", uri: `srt://:${port}?mode=listener` }],
      media: { segmentMs: 10_000, partMs: 0 },
    });
  });
  after(async () => {
    await starting?.browser.close();
    await starting?.hub.stop();
  });

  it("plays once the first segment is there, showing no error meanwhile", async () => {
    const page = await starting.browser.newPage();
    const answers = [];
    const notFound = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === "/live/hall-b/index.m3u8") answers.push(r.status());
      if (r.status() === 404) notFound.push(r.url());
    });
    await page.goto(`${starting.hub.url}/room/hall-b`);
    const player = page.locator(".player");
    const video = page.getByTestId("video");
    await waitFor("the player to say the stream is starting", async () =>
      (await player.getAttribute("data-state")) === "starting", 30_000, 100).catch((err) => {
      throw new Error(`${err.message}: playlist answers ${answers.join(", ")}; console: ${page.logs.join(" | ")}`);
    });
    assert.equal(await page.locator(".player-note").textContent(), "The stream is starting…");
    await waitFor("the video to start", () => video.evaluate((v) => v.currentTime > 0), 60_000, 250).catch((err) => {
      throw new Error(`${err.message}: playlist answers ${answers.join(", ")}; console: ${page.logs.join(" | ")}`);
    });
    assert.equal(answers[0], 503, `the first answer was not "starting": ${answers.join(", ")}`);
    assert.ok(answers.includes(200), answers.join(", "));
    assert.deepEqual(notFound, []);
    assert.equal(await player.getAttribute("data-fatal-errors"), "0", page.logs.join("\n"));
    assert.equal(await player.getAttribute("data-state"), "playing");
    assert.equal(await page.locator(".player-note").count(), 0, "the player showed a note");
    await assertClean(page);
  });
});
