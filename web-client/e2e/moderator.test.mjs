// The moderator console in a real browser against the real hub, each person
// in their own browser context: sign-in (and the tokens it refuses), every
// room at a glance, a pre-moderated question approved and pinned, a poll
// run to its results, and chat moderation (delete, mute, an announcement to
// every room). The attendee side is the attendee app's room page.
// Environment: as attendee.test.mjs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, screenshot, withBrowser } from "./browser.mjs";
import { waitFor } from "./hub.mjs";

let hub, newPage, attendeePage, attendee, moderator;

const text = async (locator) => (await locator.textContent())?.trim();
const until = (what, fn) => waitFor(what, fn, 15_000, 100);

describe("moderator console", { timeout: 180_000 }, () => {
  withBrowser((b) => ({ hub, page: newPage, attendeePage, attendee, moderator } = b));

  it("signs in moderators only and shows every room at a glance", async () => {
    // One person trying tokens in one tab. A garbage token: the hub's reason, and the form again.
    const trier = await newPage();
    await trier.goto(hub.url + "/moderator/main-forum");
    const tryToken = async (token) => {
      await trier.getByTestId("token-input").fill(token);
      await trier.getByTestId("sign-in").click();
    };
    await tryToken("not-a-token");
    await until("the refusal", async () => (await trier.getByTestId("sign-in-error").count()) > 0);
    assert.match(await text(trier.getByTestId("sign-in-error")), /token/i);
    assert.equal(await trier.getByTestId("moderator-app").count(), 0);

    // A technician's token is good, but not for this page.
    await tryToken(hub.token({ role: "technician", name: "Tech" }));
    await until("the wrong role", async () =>
      (await trier.getByTestId("sign-in-error").count()) > 0 && (await text(trier.getByTestId("sign-in-error"))).startsWith("This page"));
    assert.equal(await text(trier.getByTestId("sign-in-error")), "This page is not for the technician role. Sign in with another token.");
    assert.equal(await trier.getByTestId("moderator-app").count(), 0);

    const page = await moderator();
    await page.getByTestId("moderator-app").waitFor();
    assert.match(await text(page.getByTestId("staff-user")), /Mo Deration \(moderator\)/);
    await page.waitForSelector("[data-testid=room-link][data-room=press]");
    // Live once its feed is on air (the program is read again every 5 s).
    await until("the main forum live", async () =>
      (await text(page.locator("[data-testid=room-link][data-room=main-forum] [data-testid=status]"))) === "Live");
    const rooms = await page.$$eval("[data-testid=room-link]", (links) =>
      links.map((a) => [a.dataset.room, a.querySelector(".mod-room-title").textContent, a.querySelector("[data-testid=status]").textContent,
        a.querySelector("[data-testid=room-viewers]").textContent]));
    assert.deepEqual(rooms.map((r) => r.slice(0, 3)), [
      ["main-forum", "Main Forum", "Live"],
      ["panel-a", "Frontier of Science", "Upcoming"],
      ["press", "Press Conference", "Ended"],
    ]);
    for (const r of rooms) assert.match(r[3], /^\d+ watching$/);

    // Choosing a room: client-side, and the console joins it (one viewer: us).
    await page.evaluate(() => (window.__samePage = true));
    await page.click("[data-testid=room-link][data-room=main-forum]");
    await page.waitForURL("**/moderator/main-forum");
    assert.equal(await page.evaluate(() => window.__samePage), true, "the page reloaded");
    assert.equal(await text(page.getByTestId("mod-room-title")), "Main Forum");
    const viewers = async () => Number.parseInt(await text(page.locator("[data-testid=room-link][data-room=main-forum] [data-testid=room-viewers]")), 10);
    await until("our presence counted", async () => (await viewers()) >= 1);
    // Live: an attendee comes in, and the count follows (Presence, not the program's refresh).
    const before = await viewers();
    const watcher = await attendeePage();
    await watcher.goto(hub.url + "/room/main-forum");
    await until("the attendee counted", async () => (await viewers()) === before + 1);
    assert.equal(await page.locator("[data-room=main-forum] [aria-current=page]").count(), 1);
    await screenshot(page, "moderator-overview.png");

    // Chinese.
    await page.getByTestId("lang-switch").click();
    await until("Chinese", async () => (await text(page.getByTestId("queue-tab-pending"))).startsWith("待审核"));
    assert.equal(await text(page.locator("[data-testid=room-link][data-room=main-forum] .mod-room-title")), "主论坛");
    await screenshot(page, "moderator-overview-zh.png");
    await page.getByTestId("lang-switch").click();

    // A moderator of panel-a only: main-forum's settings are refused, with the hub's message.
    await tryToken(hub.token({ role: "moderator", name: "Pat", rooms: ["panel-a"] }));
    await trier.waitForSelector("[data-testid=mod-room][data-room=main-forum]");
    await trier.getByTestId("premoderation").click();
    const refusal = trier.locator(".mod-settings [data-testid=action-error]");
    await until("the refusal inline", async () => (await refusal.count()) > 0);
    assert.match(await text(refusal), /main-forum/);
    assert.equal(await trier.getByTestId("premoderation").isChecked(), false);

    // A room the event does not have.
    await trier.goto(hub.url + "/moderator/no-such-room");
    await until("the unknown room", async () => (await trier.getByTestId("mod-no-room").count()) === 1);
    assert.equal(await text(trier.getByTestId("mod-no-room")), "There is no room “no-such-room” in this event.");

    // Narrow: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 420, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 420), "the console scrolls sideways at 420 px");
    for (const p of [trier, page, watcher]) await assertClean(p);
  });

  it("pre-moderates a question: pending for the moderator, edited, approved, pinned, replied to and answered for the room", async () => {
    const mod = await moderator("panel-a");
    await mod.getByTestId("premoderation").click();
    await until("pre-moderation on", () => mod.getByTestId("premoderation").isChecked());

    const [asker, other] = await Promise.all([attendee("panel-a", "Quinn"), attendee("panel-a", "Olive")]);
    await asker.getByTestId("tab-qa").click();
    await other.getByTestId("tab-qa").click();
    const question = "Will the slides be shared? <b>please</b>";
    await asker.getByTestId("qa-input").fill(question);
    await asker.getByTestId("qa-anonymous").check();
    await asker.getByTestId("qa-submit").click();
    const mine = asker.locator("[data-testid=questions] li[data-question-id]");
    await until("the asker's own pending question", async () => (await mine.count()) === 1 && (await mine.getAttribute("data-status")) === "pending");

    // The moderator sees it pending, with who asked, marked anonymous.
    await until("the pending count", async () => (await mod.getByTestId("queue-tab-pending").getAttribute("data-count")) === "1");
    assert.equal(await text(mod.locator("[data-testid=room-link][data-room=panel-a] [data-testid=room-pending]")), "1 pending");
    const item = mod.locator("[data-testid=queue] li[data-question-id]");
    assert.equal(await text(item.locator(".q-text")), question);
    assert.equal(await text(item.locator(".q-author")), "Quinn");
    assert.equal(await text(item.getByTestId("q-anonymous")), "anonymous");
    assert.equal(await mod.locator("[data-testid=queue] b").count(), 0);
    // Others do not see it yet.
    assert.equal(await other.locator("[data-testid=questions] li[data-question-id]").count(), 0);
    await screenshot(mod, "moderator-queue-pending.png");

    // Edit, approve, pin.
    const edited = "Will the slides be shared after the session?";
    await item.getByTestId("q-edit").click();
    await item.getByTestId("q-edit-input").fill(edited);
    await item.getByTestId("q-save").click();
    await until("the edit", async () => (await text(item.locator(".q-text"))) === edited);
    await item.getByTestId("q-approve").click();
    await until("approved", async () => (await mod.getByTestId("queue-tab-approved").getAttribute("data-count")) === "1");
    assert.equal(await mod.getByTestId("queue-tab-pending").getAttribute("data-count"), "0");
    await mod.getByTestId("queue-tab-approved").click();
    await mod.locator("[data-testid=queue] li[data-question-id]").getByTestId("q-pin").click();
    await until("now answering", async () => (await mod.getByTestId("mod-now-answering").count()) > 0);
    assert.match(await text(mod.getByTestId("mod-now-answering")), /slides be shared after/);

    for (const page of [asker, other]) {
      const li = page.locator("[data-testid=questions] li[data-question-id]");
      await until("the visible question", async () => (await li.count()) === 1 && (await li.getAttribute("data-status")) === "visible");
      assert.equal(await text(li.locator(".q-text")), edited);
      // Anonymous to the room (the moderator saw the name).
      if (page === other) assert.doesNotMatch(await text(li.locator(".q-meta")), /Quinn/);
      await until("the now answering banner", async () => ((await page.getByTestId("now-answering").textContent()) ?? "").includes(edited));
    }
    await screenshot(mod, "moderator-queue.png");

    // A written reply, then answered: it moves to the answered tab, and the room sees both.
    const approved = mod.locator("[data-testid=queue] li[data-question-id]");
    await approved.getByTestId("q-reply").click();
    await approved.getByTestId("q-reply-input").fill("Yes, on the event site tonight.");
    await approved.getByTestId("q-save").click();
    await until("the reply", async () => (await approved.locator(".q-reply").count()) === 1);
    await approved.getByTestId("q-answer").click();
    await until("answered", async () => (await mod.getByTestId("queue-tab-answered").getAttribute("data-count")) === "1");
    assert.equal(await mod.getByTestId("queue-tab-approved").getAttribute("data-count"), "0");
    const li = other.locator("[data-testid=questions] li[data-question-id]");
    await until("answered for the room", async () => (await li.getAttribute("data-status")) === "answered");
    assert.equal(await text(li.locator(".q-reply")), "Answer: Yes, on the event site tonight.");
    for (const p of [mod, asker, other]) await assertClean(p);
  });

  it("runs a poll: created, opened, voted on live, closed with the final results", async () => {
    // The console's WebSocket goes through a relay the test can cut.
    let linkUp = true;
    const live = new Set();
    const mod = await moderator("press", undefined, (page) => page.routeWebSocket(/\/ws$/, (ws) => {
      if (!linkUp) return ws.close({ code: 1006, reason: "network down" });
      ws.connectToServer();
      live.add(ws);
    }));
    await mod.getByTestId("poll-question").fill("Best session today?");
    await mod.getByTestId("poll-option-add").click();
    const inputs = mod.getByTestId("poll-option-input");
    await inputs.nth(0).fill("Keynote");
    await inputs.nth(1).fill("Panel 🎤");
    await inputs.nth(2).fill("Press");
    // The link drops while the poll is being written: the console stays, and so does the draft.
    linkUp = false;
    for (const ws of live) await ws.close({ code: 1006, reason: "network down" });
    live.clear();
    await until("the console offline", async () => (await mod.getByTestId("staff-offline").count()) === 1);
    assert.equal(await mod.getByTestId("poll-question").inputValue(), "Best session today?");
    assert.equal(await inputs.nth(1).inputValue(), "Panel 🎤");
    linkUp = true;
    await until("online again", async () => (await mod.getByTestId("staff-offline").count()) === 0);
    await mod.getByTestId("poll-create").click();
    const poll = mod.locator(".mod-polls li[data-poll-id]");
    await until("the draft", async () => (await poll.getAttribute("data-state")) === "draft");
    assert.equal(await mod.getByTestId("poll-question").inputValue(), "");
    const voters = await Promise.all([attendee("press", "Vera"), attendee("press", "Victor")]);
    await poll.getByTestId("poll-open").click();
    await until("open", async () => (await poll.getAttribute("data-state")) === "open");

    for (const [i, page] of voters.entries()) {
      const card = page.getByTestId("poll");
      await until("the open poll", async () => (await card.getAttribute("data-state")) === "open");
      await card.locator(`[data-testid=poll-option][data-index="${i}"]`).click();
    }
    const votes = () => poll.locator("[data-testid=poll-results] li").evaluateAll((lis) => lis.map((li) => li.dataset.votes));
    await until("the live results", async () => (await votes()).join() === "1,1,0");
    assert.equal(await text(poll.getByTestId("poll-total")), "2 votes in all");
    const widths = await poll.locator(".bar-fill").evaluateAll((bars) => bars.map((b) => b.style.width));
    assert.deepEqual(widths, ["50%", "50%", "0%"]);
    await screenshot(mod, "moderator-poll.png");

    await poll.getByTestId("poll-close").click();
    await until("closed", async () => (await poll.getAttribute("data-state")) === "closed");
    for (const page of voters) {
      const card = page.getByTestId("poll");
      await until("the closed poll", async () => (await card.getAttribute("data-state")) === "closed");
      const results = await card.getByTestId("poll-result").allTextContents();
      assert.deepEqual(results, ["50% · 1", "50% · 1", "0% · 0"]);
      assert.match(await card.textContent(), /2 votes/);
    }
    for (const p of [mod, ...voters]) await assertClean(p);
  });

  it("moderates the chat: slow mode, pin, delete, mute, ban, an announcement to every room", async () => {
    const [mod, spammer, elsewhere] = await Promise.all([moderator("main-forum"), attendee("main-forum", "Sam"), attendee("panel-a", "Eli")]);
    // Slow mode, as the room is told; then off again for what follows.
    await mod.getByTestId("slow-mode").selectOption("10");
    const hint = spammer.locator(".composer").locator("xpath=preceding-sibling::p[contains(@class,'hint')]");
    await until("slow mode at the attendee", async () => (await hint.count()) === 1);
    assert.equal(await text(hint), "Slow mode: one message every 10 s.");
    // The console shows the hub's state: 10 once the change comes back to it too.
    await until("slow mode in the console", async () => (await mod.getByTestId("slow-mode").inputValue()) === "10");
    await mod.getByTestId("slow-mode").selectOption("0");
    await until("slow mode off", async () => (await hint.count()) === 0);

    // A message worth pinning: shown on top for the room.
    await spammer.getByTestId("chat-input").fill("Slides: hallcast.example/slides");
    await spammer.getByTestId("chat-send").click();
    const good = mod.locator("[data-testid=mod-messages] li.msg", { hasText: "Slides:" });
    await until("the good message", async () => (await good.count()) === 1);
    await good.getByTestId("m-pin").click();
    await until("pinned", async () => (await mod.getByTestId("mod-pinned-chat").count()) === 1);
    assert.match(await text(mod.getByTestId("mod-pinned-chat")), /Sam: Slides: hallcast\.example\/slides/);
    await until("pinned for the room", async () =>
      (await spammer.getByTestId("pinned-chat").count()) === 1 && (await text(spammer.getByTestId("pinned-chat"))).includes("Slides: hallcast.example/slides"));

    await spammer.getByTestId("chat-input").fill("buy cheap tickets!!!");
    await spammer.getByTestId("chat-send").click();

    const spam = mod.locator("[data-testid=mod-messages] li.msg", { hasText: "buy cheap tickets" });
    await until("the message at the moderator", async () => (await spam.count()) === 1);
    // The line stays (its text goes): found by its seq from now on.
    const line = mod.locator(`[data-testid=mod-messages] li.msg[data-seq="${await spam.getAttribute("data-seq")}"]`);
    assert.equal(await text(line.locator(".author")), "Sam");
    await line.getByTestId("m-delete").click();
    const attendeeLine = spammer.locator("[data-testid=messages] li.msg").last();
    await until("the message removed for the attendee", async () => (await text(attendeeLine.locator(".text"))) === "(message removed by a moderator)");
    assert.equal(await spammer.locator("[data-testid=messages]", { hasText: "buy cheap" }).count(), 0);
    await until("deleted at the moderator too", async () => (await line.getByTestId("m-delete").count()) === 0);
    assert.equal(await text(line.locator(".text")), "(message removed by a moderator)");

    // Mute for 10 minutes.
    await line.getByTestId("m-mute").click();
    await line.locator("[data-testid=m-mute-for][data-seconds='600']").click();
    await until("the muted mark", async () => (await line.getByTestId("m-muted").count()) === 1);
    assert.equal(await line.getByTestId("m-unmute").count(), 1);
    assert.match(await text(mod.getByTestId("sanctions")), /Muted or banned now \(1\)/);
    assert.equal(await mod.locator("[data-testid=sanctions] li").getAttribute("data-user-id"), await line.getAttribute("data-user-id"));
    // The attendee is told (the hub's Sanction event), and cannot send.
    await until("the mute at the attendee", async () => (await spammer.getByTestId("muted").count()) === 1);
    assert.match(await text(spammer.getByTestId("muted")), /^A moderator muted you in this room until \d\d:\d\d\.$/);
    await spammer.getByTestId("chat-input").fill("am I muted?");
    await spammer.getByTestId("chat-input").press("Enter");
    assert.equal(await spammer.getByTestId("chat-send").isDisabled(), true);
    await spammer.waitForTimeout(500);
    assert.equal(await mod.locator("[data-testid=mod-messages] li.msg", { hasText: "am I muted" }).count(), 0);
    await screenshot(mod, "moderator-chat.png");

    // An announcement to every room reaches panel-a.
    await mod.getByTestId("announce-input").fill("Lunch is served in the atrium 🍜");
    await mod.getByTestId("announce-all").check();
    await mod.getByTestId("announce-send").click();
    await until("sent", async () => (await mod.getByTestId("announce-sent").count()) === 1);
    await until("the announcement elsewhere", async () =>
      (await text(elsewhere.getByTestId("announcement")))?.includes("Lunch is served in the atrium 🍜"));
    await until("the announcement here", async () =>
      (await text(spammer.getByTestId("announcement")))?.includes("Lunch is served in the atrium 🍜"));

    // A ban (event-wide): the attendee is cut off; the console marks it and can lift it.
    await line.getByTestId("m-ban").click();
    await line.getByTestId("m-ban-confirm").click();
    await until("the banned mark", async () => (await line.getByTestId("m-banned").count()) === 1);
    await until("the attendee cut off", async () => (await spammer.getByTestId("conn-state").getAttribute("data-state")) !== "online");
    assert.match(await text(mod.getByTestId("sanctions")), /Muted or banned now \(2\)/);
    await mod.getByTestId("sanctions").locator("summary").click();
    await mod.locator("[data-testid=sanctions] li", { hasText: "banned" }).getByTestId("s-lift").click();
    await until("the ban lifted", async () => (await line.getByTestId("m-banned").count()) === 0);
    assert.equal(await line.getByTestId("m-ban").count(), 1);
    for (const p of [mod, spammer, elsewhere]) await assertClean(p);
  });
});
