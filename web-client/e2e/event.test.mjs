// The hybrid event's own features in a real browser against the real hub:
// the hall's stage display driven from the moderator console, the press
// conference where only accredited press ask, the exhibition's booths
// where visitors chat with the exhibitors' staff, a recorded session
// that becomes a replay when it ends, and a panel with simultaneous
// interpretation whose attendees pick the language they hear.
// Environment: as attendee.test.mjs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, signIn, screenshot, withBrowser } from "./browser.mjs";
import { waitFor } from "./hub.mjs";

let hub, newPage, attendeePage, attendee, moderator;

const text = async (locator) => (await locator.textContent())?.trim();
const until = (what, fn, ms = 15_000) => waitFor(what, fn, ms, 50);

describe("hybrid event", { timeout: 200_000 }, () => {
  const signingEnd = Date.now() + 20_000;
  withBrowser((b) => ({ hub, page: newPage, attendeePage, attendee, moderator } = b), {
    // The themed exhibition with two booths: one with a logo, one with neither logo nor feed.
    extraRooms: [{
      id: "expo", kind: "exhibition", en: "Life Science Valley", zh: "生命科学谷",
      more: `    booths:
      - id: booth-genomics
        name: {en: "Genomics Pavilion", zh: "基因组学展区"}
        description: {en: "Sequencing platforms and biobanks", zh: "测序平台与生物样本库"}
        logo: genomics.svg
      - id: booth-devices
        name: {en: "Medical Devices", zh: "医疗器械"}
`,
    }, {
      // A recorded supporting activity whose session ends 20 s after the hub starts: then a replay.
      id: "signing", kind: "activity", en: "Project Signing", zh: "项目签约", end: signingEnd, more: "    record: true\n",
    }],
    files: { "genomics.svg": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="96" height="96"><rect width="10" height="10" fill="#0a6cbd"/></svg>` },
  });

  it("puts the online audience on the hall's stage display: pinned question, poll, next session, reactions", async () => {
    const mod = await moderator("main-forum");
    // The projector: full HD, no one touches it.
    const stage = await newPage({ viewport: { width: 1920, height: 1080 } });
    await stage.goto(`${hub.url}/stage/main-forum`);
    const display = stage.getByTestId("stage");
    await until("the stage on the questions", async () => (await display.getAttribute("data-view")) === "questions");
    await until("the room's title from the program", async () => (await text(stage.getByTestId("stage-title"))) === "Main Forum");
    await until("the invitation to ask", async () => /\/room\/main-forum/.test((await text(stage.locator(".sd-hint"))) ?? ""));
    // No controls on the stage: nothing to click, no header.
    assert.equal(await stage.locator("button, input, select, a, header.top").count(), 0);

    const asker = await attendee("main-forum", "Ada");
    await asker.getByTestId("tab-qa").click();
    const question = "How will the new biobank share data with hospitals?";
    await asker.getByTestId("qa-input").fill(question);
    await asker.getByTestId("qa-submit").click();
    const top = stage.locator("[data-testid=stage-top] li");
    await until("the question among the top ones", async () => (await top.count()) === 1);
    assert.equal(await text(top.locator(".sd-q-text")), question);
    const questionId = await top.getAttribute("data-question");

    // The moderator pins it: it goes on the stage by itself (how fast:
    // bench/run stage, not a timed test on a loaded machine).
    await mod.getByTestId("queue-tab-approved").click();
    const item = mod.locator(`[data-testid=queue] li[data-question-id="${questionId}"]`);
    await item.getByTestId("q-pin").click();
    const pinned = stage.getByTestId("stage-pinned");
    await until("the pinned question on the stage", async () => (await pinned.count()) === 1, 10_000);
    assert.equal(await text(pinned.locator(".sd-pinned-text")), question);
    assert.equal(await text(pinned.locator(".sd-author")), "— Ada");
    assert.equal(await top.count(), 0, "the pinned question is not listed again below itself");
    await screenshot(stage, "stage-question.png");

    // Reactions from the room fill the meter.
    await asker.getByTestId("react-👏").click();
    await asker.getByTestId("react-👏").click();
    await until("claps on the meter", async () =>
      Number(await stage.locator(".sd-meter-item[data-emoji='👏']").getAttribute("data-count")) >= 2);
    // The online count: the asker, the moderator and the stage itself.
    await until("the viewers", async () => Number(await stage.getByTestId("stage-viewers").getAttribute("data-viewers")) === 3);

    // A poll: created and opened, then put on the stage; votes show live.
    await mod.getByTestId("poll-question").fill("Which topic next?");
    const inputs = mod.getByTestId("poll-option-input");
    await inputs.nth(0).fill("Gene therapy");
    await inputs.nth(1).fill("AI in drug design");
    await mod.getByTestId("poll-create").click();
    const poll = mod.locator(".mod-polls li[data-poll-id]");
    await until("the draft", async () => (await poll.getAttribute("data-state")) === "draft");
    const pollId = await poll.getAttribute("data-poll-id");
    // A draft cannot be chosen: the hall sees what attendees see.
    assert.equal(await mod.locator(`[data-testid=stage-show-poll] option[value="${pollId}"]`).count(), 0);
    await poll.getByTestId("poll-open").click();
    await until("open", async () => (await poll.getAttribute("data-state")) === "open");
    await mod.getByTestId("stage-show-poll").selectOption(pollId);
    await until("the poll on the stage", async () => (await display.getAttribute("data-view")) === "poll");
    const stagePoll = stage.getByTestId("stage-poll");
    assert.equal(await stagePoll.getAttribute("data-poll"), pollId);
    assert.equal(await text(stagePoll.locator(".sd-poll-question")), "Which topic next?");
    await asker.locator("[data-testid=poll-option][data-index='1']").click();
    await until("the vote on the stage", async () => (await stagePoll.getAttribute("data-total")) === "1");
    assert.deepEqual(await stagePoll.locator(".sd-bar-percent").allTextContents(), ["0%", "100%"]);
    assert.equal(await mod.getByTestId("mod-stage").getAttribute("data-poll"), pollId);
    await screenshot(stage, "stage-poll.png");

    // The next session: the panel in three hours, counting down.
    await mod.getByTestId("stage-show-next").click();
    await until("the next session on the stage", async () => (await display.getAttribute("data-view")) === "next");
    assert.equal(await text(stage.locator("[data-testid=stage-next] li[data-room=panel-a] .sd-next-title")), "Frontier of Science");
    const first = await text(stage.getByTestId("stage-countdown"));
    assert.match(first, /^Starts in 2:5\d:\d\d$/);
    await until("the countdown ticking", async () => (await text(stage.getByTestId("stage-countdown"))) !== first, 3_000);
    assert.equal(await mod.getByTestId("stage-show-next").getAttribute("aria-pressed"), "true");
    await screenshot(stage, "stage-next.png");

    // Back to the questions, then the hub restarts: the stage reconnects by
    // itself and shows the same, from the hub's stored state.
    await mod.getByTestId("stage-show-questions").click();
    await until("the questions again", async () => (await display.getAttribute("data-view")) === "questions");
    await hub.restart();
    await until("the stage back online", async () =>
      (await stage.getByTestId("stage-offline").count()) === 0 && (await pinned.count()) === 1, 30_000);
    assert.equal(await text(pinned.locator(".sd-pinned-text")), question);

    // In Chinese (?lang=zh: set once on the projector's browser).
    const zh = await newPage({ viewport: { width: 1280, height: 720 } });
    await zh.goto(`${hub.url}/stage/main-forum?lang=zh`);
    await until("the Chinese stage", async () => (await text(zh.locator(".sd-pinned .sd-label"))) === "正在回答");
    await until("the Chinese title", async () => (await text(zh.getByTestId("stage-title"))) === "主论坛");
    await screenshot(zh, "stage-question-zh.png");
    for (const p of [mod, stage, asker, zh]) await assertClean(p);
  });

  it("takes questions at the press conference from accredited press only, named with their outlet, given the floor in turn", async () => {
    const room = "press";
    const visitor = await attendee(room, "Vera");
    await visitor.getByTestId("tab-qa").click();
    await until("the press-only notice", async () => (await visitor.getByTestId("qa-press-only").count()) === 1);
    assert.equal(await text(visitor.locator("[data-testid=qa-press-only] .hint")),
      "Questions here are for accredited press. You can vote on them and react.");
    assert.equal(await visitor.getByTestId("qa-input").count(), 0, "attendees get no question box here");
    // A token that is not one: the hub's reason, and still a guest.
    await visitor.getByTestId("qa-press-open").click();
    await visitor.getByTestId("qa-press-token").fill("not-a-token");
    await visitor.getByTestId("qa-press-sign-in").click();
    await until("the refusal", async () => (await visitor.getByTestId("qa-press-error").count()) === 1);
    assert.match(await text(visitor.getByTestId("qa-press-error")), /token/i);

    // An accredited journalist signs in with the token from the accreditation desk.
    const journalist = await attendeePage();
    await journalist.goto(`${hub.url}/room/${room}`);
    await journalist.getByTestId("tab-qa").click();
    await journalist.getByTestId("qa-press-open").click();
    await journalist.getByTestId("qa-press-token").fill(hub.token({ role: "press", name: "Li Na", outlet: "Xinhua News Agency", rooms: [room] }));
    await journalist.getByTestId("qa-press-sign-in").click();
    await until("signed in as press", async () => (await journalist.getByTestId("qa-press-user").count()) === 1);
    assert.match(await text(journalist.getByTestId("qa-press-user")), /^Asking as Li Na · Xinhua News Agency/);
    assert.equal(await journalist.getByTestId("qa-anonymous").count(), 0, "press ask under their name");
    const ask = async (page, question) => {
      await page.getByTestId("qa-input").fill(question);
      await page.getByTestId("qa-submit").click();
    };
    await ask(journalist, "When will the park open to visitors?");
    const second = await attendeePage();
    await second.goto(`${hub.url}/room/${room}`);
    await second.getByTestId("tab-qa").click();
    await second.getByTestId("qa-press-open").click();
    await second.getByTestId("qa-press-token").fill(hub.token({ role: "press", name: "Tom Reed", outlet: "Reuters" }));
    await second.getByTestId("qa-press-sign-in").click();
    await until("the second journalist", async () => (await second.getByTestId("qa-press-user").count()) === 1);
    await ask(second, "How much is invested in the first phase?");

    // Everyone sees who asked, and for which outlet.
    const authors = visitor.locator("[data-testid=questions] li[data-question-id] .q-author");
    await until("both questions for the visitor", async () => (await authors.count()) === 2);
    assert.deepEqual((await authors.allTextContents()).sort(), ["Li Na · Xinhua News Agency", "Tom Reed · Reuters"]);

    // The moderator gives the floor in the order asked.
    const mod = await moderator(room);
    await mod.getByTestId("queue-tab-approved").click();
    const queued = mod.locator("[data-testid=queue] li[data-question-id] .q-author");
    await until("the queue", async () => (await queued.count()) === 2);
    assert.deepEqual(await queued.allTextContents(), ["Li Na · Xinhua News Agency", "Tom Reed · Reuters"]);
    await mod.getByTestId("q-next-floor").click();
    await until("the first journalist has the floor", async () =>
      ((await visitor.getByTestId("now-answering").textContent()) ?? "").includes("When will the park open"));
    await mod.getByTestId("q-next-floor").click();
    await until("the second journalist has the floor", async () =>
      ((await visitor.getByTestId("now-answering").textContent()) ?? "").includes("How much is invested"));
    await until("the first one answered", async () => (await mod.getByTestId("queue-tab-answered").getAttribute("data-count")) === "1");
    assert.equal(await mod.getByTestId("q-next-floor").isDisabled(), true, "nobody else is waiting");
    await screenshot(mod, "moderator-press-conference.png");
    await screenshot(visitor, "attendee-press-conference.png");
    for (const p of [visitor, journalist, second, mod]) await assertClean(p);
  });

  it("shows the exhibition's booths, where visitors chat with the exhibitor's staff who moderate their booth", async () => {
    const visitor = await attendeePage();
    await visitor.goto(hub.url + "/");
    const booths = visitor.locator("[data-group=pressExhibition] [data-testid=booths] li[data-booth]");
    await until("the booths on the landing page", async () => (await booths.count()) === 2);
    assert.deepEqual(await booths.evaluateAll((lis) => lis.map((li) => li.dataset.booth)), ["booth-genomics", "booth-devices"]);
    assert.equal(await text(visitor.locator("[data-booth=booth-genomics] .booth-name")), "Genomics Pavilion");
    assert.equal(await text(visitor.locator("[data-booth=booth-genomics] .booth-description")), "Sequencing platforms and biobanks");
    await until("the logo", () => visitor.locator("[data-booth=booth-genomics] img.booth-logo").evaluate((img) => img.complete && img.naturalWidth > 0));
    // Booths are not rooms of the program of their own.
    assert.equal(await visitor.locator(".room-card[data-room=booth-genomics]").count(), 0);

    // Into the booth: its description, no video (it has no feed), a way back to the exhibition.
    await visitor.click("[data-booth=booth-genomics] a");
    await visitor.waitForURL("**/room/booth-genomics");
    await until("the booth page", async () => (await visitor.getByTestId("booth-head").count()) === 1);
    assert.equal(await text(visitor.getByTestId("booth-description")), "Sequencing platforms and biobanks");
    assert.equal(await visitor.locator(".screen").count(), 0, "a booth without a feed shows no player");
    assert.equal(await text(visitor.getByTestId("booth-back")), "← Life Science Valley");
    await visitor.getByTestId("rename").click();
    await visitor.getByTestId("rename-input").fill("Vera");
    await visitor.getByTestId("rename-input").press("Enter");
    await until("online", async () => (await visitor.getByTestId("conn-state").getAttribute("data-state")) === "online");

    // The exhibitor's staff sign in at /moderator and land on their booth, the only room they see.
    const staff = await newPage();
    await staff.goto(hub.url + "/moderator");
    await staff.getByTestId("token-input").fill(hub.token({ role: "exhibitor", name: "Zhang Wei", booth: "booth-genomics" }));
    await staff.getByTestId("sign-in").click();
    await staff.waitForURL("**/moderator/booth-genomics");
    await staff.waitForSelector("[data-testid=mod-room][data-room=booth-genomics]");
    assert.match(await text(staff.getByTestId("staff-user")), /Zhang Wei \(exhibitor\)/);
    const listed = () => staff.$$eval("[data-testid=room-link]", (links) => links.map((a) => a.dataset.room));
    await until("the rooms the console lists", async () => (await listed()).length > 0);
    assert.deepEqual(await listed(), ["booth-genomics"]);
    assert.equal(await staff.getByTestId("mod-stage").count(), 0, "no stage display in a booth");
    assert.equal(await staff.getByTestId("announce-all").count(), 0, "nothing event-wide for a booth's staff");

    // A visitor asks in the chat, the exhibitor answers, marked as the exhibitor.
    await visitor.getByTestId("chat-input").fill("Do you partner with hospitals?");
    await visitor.getByTestId("chat-send").click();
    const staffLines = staff.locator("[data-testid=mod-messages] li");
    await until("the question at the booth", async () => (await staffLines.allTextContents()).some((l) => l.includes("partner with hospitals")));
    await staff.getByTestId("m-chat-input").fill("Yes, with twelve so far. Come and see us at stand B3!");
    await staff.getByTestId("m-chat-send").click();
    const reply = visitor.locator("[data-testid=messages] li", { hasText: "twelve so far" });
    await until("the exhibitor's answer", async () => (await reply.count()) === 1);
    assert.equal(await text(reply.locator(".author")), "Zhang Wei");
    assert.equal(await reply.getByTestId("role-badge").getAttribute("data-role"), "exhibitor");

    // Spam: the exhibitor deletes it for everyone.
    await visitor.getByTestId("chat-input").fill("cheap invoices, message me");
    await visitor.getByTestId("chat-send").click();
    const spam = staff.locator("[data-testid=mod-messages] li", { hasText: "cheap invoices" });
    await until("the spam at the booth", async () => (await spam.count()) === 1);
    assert.equal(await spam.getByTestId("m-ban").count(), 0, "bans are event-wide: not for a booth's staff");
    await spam.getByTestId("m-delete").click();
    await until("the spam gone for the visitor", async () =>
      !(await visitor.getByTestId("messages").textContent()).includes("cheap invoices"));
    await screenshot(visitor, "booth.png");
    await screenshot(staff, "booth-exhibitor.png");
    for (const p of [visitor, staff]) await assertClean(p);
  });

  it("plays a recorded session as a replay once it has ended, with its chat beside it", async () => {
    const page = await newPage();
    await page.goto(hub.url + "/");
    const card = page.locator(".room-card[data-room=signing]");
    // The session ends 20 s after the hub started; the program is read every 15 s.
    await waitFor("the replay on the program", async () => {
      if ((await card.getByTestId("replay-badge").count()) === 1) return true;
      await page.reload();
      await card.waitFor();
      return false;
    }, 90_000, 2_000);
    assert.equal(await text(card.getByTestId("status")), "Ended");
    await card.locator("a").click();
    await page.waitForURL("**/room/signing");
    await until("the replay badge", async () => (await page.getByTestId("replay-badge").count()) === 1);
    assert.equal(await page.getByTestId("low-latency").count(), 0, "a replay has no low-latency switch");
    // It plays from the start of the session: a whole, finite recording.
    const video = page.getByTestId("video");
    await until("the replay playing", () => video.evaluate((v) => v.currentTime > 1 && Number.isFinite(v.duration)), 30_000);
    const duration = await video.evaluate((v) => v.duration);
    // The recording runs to the session's end: its last segment, dated by
    // the wall clock when it was packaged, ends within 3 s of it (when the
    // room went on air depends on the machine, and a slow hub — the
    // sanitizer build — packages fewer seconds of pictures than seconds
    // pass: judged by the playlist's dates, not by its length).
    const replay = await (await fetch(`${hub.url}/replay/signing/index.m3u8`)).text();
    const lines = replay.split("\n");
    const lastDate = lines.findLastIndex((l) => l.startsWith("#EXT-X-PROGRAM-DATE-TIME:"));
    assert.ok(lastDate >= 0, `no program date-time in the replay:\n${replay}`);
    const extinf = (from) => lines.slice(from).filter((l) => l.startsWith("#EXTINF:")).map((l) => parseFloat(l.slice(8)));
    const lastDated = Date.parse(lines[lastDate].slice("#EXT-X-PROGRAM-DATE-TIME:".length));
    const ends = lastDated + extinf(lastDate).reduce((a, b) => a + b, 0) * 1000;
    assert.ok(Math.abs(ends - signingEnd) <= 3000, `the replay ends ${(ends - signingEnd) / 1000} s from the session's end`);
    // And the player plays all of it.
    const listed = extinf(0).reduce((a, b) => a + b, 0);
    assert.ok(duration >= listed - 1 && duration <= 30, `the player plays ${duration} s of the replay's ${listed} s`);
    // Seeking works in a VOD playlist.
    await video.evaluate((v) => { v.currentTime = v.duration / 2; });
    await until("after the seek", () => video.evaluate((v) => v.currentTime >= v.duration / 2 - 1));
    // The room's chat is beside it.
    await page.getByTestId("chat-input").fill("Watching the signing again");
    await page.getByTestId("chat-send").click();
    await until("the chat", async () => (await page.getByTestId("messages").textContent()).includes("Watching the signing again"));
    await screenshot(page, "replay.png");
    await assertClean(page);
  });
});

// Its own hub: the interpreted panel's pipelines (a picture and two tones)
// would load the machine under the other scenarios.
describe("simultaneous interpretation", { timeout: 120_000 }, () => {
  withBrowser((b) => ({ hub, page: newPage, attendeePage, attendee, moderator } = b), {
    extraRooms: [{
      // A Chinese panel interpreted into English and Chinese (test:// channels: the hub's tones).
      id: "interpreted", kind: "panel", en: "Interpreted Panel", zh: "同传分论坛",
      more: "    language: zh\n    interpretation:\n      - {lang: en, uri: \"test://\"}\n      - {lang: zh, name: \"中文\", uri: \"test://\"}\n",
    }],
  });

  it("lets attendees of an interpreted panel choose what they hear: remembered, English by default for English speakers", async () => {
    const room = "interpreted";
    // What hls.js fetched of the English rendition besides its playlist: its audio.
    const englishAudio = (urls) => urls.filter((u) => u.includes(`/live/${room}/audio-en/`) && !new URL(u).pathname.endsWith(".m3u8"));
    const playing = (page) => page.getByTestId("video").evaluate((v) => v.currentTime > 0 && !v.paused);

    // The room's renditions are listed (a slow hub — the sanitizer build —
    // may still be starting them): this test is about choosing a language,
    // not about a page opened before there is anything to play, which the
    // player retries (a fatal error counted, which is asserted below).
    await until("the room's master playlist", async () => (await fetch(`${hub.url}/live/${room}/master.m3u8`)).ok, 30_000);
    // A Chinese-speaking attendee: the hall speaks Chinese, so the original.
    const zh = await newPage({ locale: "zh-CN" });
    const zhRequests = [];
    zh.on("request", (r) => zhRequests.push(r.url()));
    await zh.goto(`${hub.url}/room/${room}`);
    await until("the interpretation in the program", async () => (await text(zh.getByTestId("interpretation"))) === "同声传译：English · 中文");
    const player = zh.locator(".player");
    await until("the three audio tracks", async () => (await player.getAttribute("data-audio-tracks")) === "3", 30_000);
    await until("the video playing", () => playing(zh), 30_000);
    assert.equal(await player.getAttribute("data-audio-language"), "original");
    const menu = zh.getByTestId("audio-language");
    assert.equal(await menu.getAttribute("aria-label"), "音频语言");
    assert.deepEqual(await menu.locator("option").allTextContents(), ["原声（中文）", "English", "中文"]);
    assert.deepEqual(englishAudio(zhRequests), [], "the original is muxed with the video: nothing from audio-en/ yet");

    // English: hls.js switches to the English rendition; the picture goes on.
    await menu.selectOption({ label: "English" });
    await until("English on", async () => (await player.getAttribute("data-audio-language")) === "en");
    await until("English audio fragments", async () => englishAudio(zhRequests).length > 0, 20_000);
    const video = zh.getByTestId("video");
    const t0 = await video.evaluate((v) => v.currentTime);
    await until("the video going on in English", async () => (await video.evaluate((v) => v.currentTime)) - t0 >= 2, 20_000);
    assert.equal(await player.getAttribute("data-fatal-errors"), "0", `console: ${zh.logs.join(" | ")}`);
    assert.equal(await zh.evaluate(() => localStorage.getItem("hallcast.audioLanguage")), "en");
    await screenshot(zh, "interpretation-zh.png");

    // The choice is remembered.
    await zh.reload();
    await until("English again after a reload", async () =>
      (await player.getAttribute("data-audio-tracks")) === "3" && (await player.getAttribute("data-audio-language")) === "en", 30_000);
    assert.equal(await menu.inputValue(), "1");
    await assertClean(zh);
    await zh.close(); // one video decoding at a time on this machine

    // An English speaker who never chose: English, since the hall speaks Chinese.
    const en = await newPage();
    const enRequests = [];
    en.on("request", (r) => enRequests.push(r.url()));
    await en.goto(hub.url + "/");
    const card = en.locator(`.room-card[data-room=${room}]`);
    await until("the interpretation on the program's card", async () =>
      (await text(card.getByTestId("interpretation"))) === "Interpretation: English · 中文");
    await card.locator("a").click();
    await en.waitForURL(`**/room/${room}`);
    assert.equal(await text(en.getByTestId("interpretation")), "Interpretation: English · 中文");
    const enPlayer = en.locator(".player");
    await until("English chosen by itself", async () =>
      (await enPlayer.getAttribute("data-audio-tracks")) === "3" && (await enPlayer.getAttribute("data-audio-language")) === "en", 30_000);
    const enMenu = en.getByTestId("audio-language");
    assert.equal(await enMenu.getAttribute("aria-label"), "Audio language");
    assert.deepEqual(await enMenu.locator("option").allTextContents(), ["Original (中文)", "English", "中文"]);
    await until("the video playing in English", () => playing(en), 30_000);
    await until("English audio fragments", async () => englishAudio(enRequests).length > 0, 20_000);
    assert.equal(await enPlayer.getAttribute("data-fatal-errors"), "0", `console: ${en.logs.join(" | ")}`);
    assert.equal(await en.evaluate(() => localStorage.getItem("hallcast.audioLanguage")), null, "nothing saved until the attendee chooses");
    await screenshot(en, "interpretation-en.png");
    await assertClean(en);
    await en.close();

    // The technicians' wall: each channel's signal on the room's tile, its
    // state and level in the room's detail.
    const tech = await newPage();
    await signIn(tech, hub.url + "/tech", hub.token({ role: "technician", name: "Tess" }));
    const tile = tech.locator(`[data-testid=feed-tile][data-room=${room}]`);
    const signals = () => tile.locator("[data-testid=interpretation-indicator]").evaluateAll((lis) => lis.map((li) => `${li.dataset.channel}:${li.dataset.signal}`));
    await until("both channels live on the tile", async () => (await signals()).join() === "en:ok,zh:ok", 20_000);
    await tile.getByTestId("feed-detail-link").click();
    const channels = tech.getByTestId("interpretation-channel");
    await until("the channels in the detail", async () => (await channels.count()) === 2);
    assert.equal(await channels.first().getAttribute("data-state"), "live");
    await screenshot(tech, "tech-interpretation.png");
    await assertClean(tech);
  });
});
