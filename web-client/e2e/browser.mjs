// What every browser test shares: the real hub (hub.mjs) and Debian's
// chromium driven by playwright-core, a fresh browser context (its own
// localStorage and sessionStorage) per person, and the checks each page ends
// with: no Content-Security-Policy violation, no uncaught error.
// Environment: HALLCAST_BINARY (build/server/hallcast), HALLCAST_STATIC
// (web-client/dist), HALLCAST_ARTIFACTS (where screenshots go),
// CHROMIUM (/usr/bin/chromium); HALLCAST_E2E_LOG_LEVEL the hub's log level
// (warn; info shows every switch).
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { startHub, waitFor } from "./hub.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const binary = process.env.HALLCAST_BINARY ?? join(repo, "build", "server", "hallcast");
const staticDir = process.env.HALLCAST_STATIC ?? join(repo, "web-client", "dist");
const artifacts = process.env.HALLCAST_ARTIFACTS ?? join(repo, "build", "test-artifacts");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

// As root there is no sandbox; the rest keeps chromium off the network
// (this machine's is closed) and quiet.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--autoplay-policy=no-user-gesture-required",
];

// Starts a hub and a browser. browser.newPage(options) opens a page in a new
// context (desktop 1280×800, en-GB unless `options` say otherwise) that
// records CSP violations (window.__violations), uncaught errors
// (page.errors) and console lines (page.logs); browser.closePages() closes
// the pages opened so far, browser.close() everything.
// `hubOptions` go to startHub (e.g. extraRooms). `fakeMedia`: a camera
// and microphone (Chromium's test pattern and tone), allowed without asking.
export async function openBrowser(hubOptions = {}, { fakeMedia = false } = {}) {
  assert.ok(existsSync(binary), `no hub binary at ${binary} (build it first)`);
  assert.ok(existsSync(join(staticDir, "index.html")), `no web client at ${staticDir} (npm run build)`);
  const hub = await startHub({ binary, staticDir, ...hubOptions });
  const args = fakeMedia
    ? [...CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
    : CHROMIUM_ARGS;
  const chrome = await chromium.launch({ executablePath, headless: true, args });
  const contexts = [];
  const newPage = async (options = {}) => {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", ...options });
    contexts.push(context);
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.errors = [];
    page.on("pageerror", (err) => page.errors.push(String(err)));
    page.logs = [];
    page.on("console", (m) => page.logs.push(`${m.type()}: ${m.text()}`));
    return page;
  };
  // Closes every page opened so far: a test's people leave when it ends, so
  // that the next test does not share the machine with their players.
  const closePages = async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
  };
  const close = async () => {
    await closePages();
    await chrome.close().catch(() => {});
  };
  return { hub, browser: { newPage, closePages, close } };
}

// Opens a staff page (/moderator or /tech) and signs in with `token`, as a
// person pasting it would; waits until the hub accepted it.
export async function signIn(page, url, token) {
  await page.goto(url);
  await page.getByTestId("token-input").fill(token);
  await page.getByTestId("sign-in").click();
  await waitFor("the sign-in", async () => (await page.getByTestId("staff-user").count()) > 0, 15_000);
}

export async function assertClean(page) {
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "Content-Security-Policy violations");
  assert.deepEqual(page.errors, [], "uncaught errors in the page");
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name), fullPage: false });
}

// The people of a test, each in their own browser context, on `hub`:
// page(options) (actions wait at most 15 s, enough on a loaded machine, not
// the default 30 s); attendeePage() without the video (decoding it in
// several pages at once only slows tests down); attendee(room, name) online
// with that name; moderator(room, token, setup) signed in, on `room` (or the
// overview), `setup` run on the page before it loads.
export function people(hub, browser) {
  const page = async (options) => {
    const p = await browser.newPage(options);
    p.setDefaultTimeout(15_000);
    return p;
  };
  const attendeePage = async (options) => {
    const p = await page(options);
    await p.route("**/live/**", (route) => route.fulfill({ status: 404, body: "" }));
    return p;
  };
  const attendee = async (room, name, options) => {
    const p = await attendeePage(options);
    await p.goto(`${hub.url}/room/${room}`);
    await p.getByTestId("rename").click();
    await p.getByTestId("rename-input").fill(name);
    await p.getByTestId("rename-input").press("Enter");
    await waitFor(`${name} online`, async () =>
      (await p.getByTestId("me").textContent()).includes(name) &&
      (await p.getByTestId("conn-state").getAttribute("data-state")) === "online", 15_000);
    return p;
  };
  const moderator = async (room, token = hub.token({ role: "moderator", name: "Mo Deration" }), setup = async () => {}) => {
    const p = await page();
    await setup(p);
    await signIn(p, `${hub.url}/moderator${room ? `/${room}` : ""}`, token);
    if (room) await p.waitForSelector(`[data-testid=mod-room][data-room=${room}]`);
    return p;
  };
  return { page, attendeePage, attendee, moderator };
}

// In a describe(): a hub and a browser for its tests (started before them,
// stopped after), handed with the people on them (see people()) to `ready`.
export function withBrowser(ready, hubOptions = {}, browserOptions = {}) {
  let opened;
  before(async () => {
    opened = await openBrowser(hubOptions, browserOptions);
    ready({ hub: opened.hub, browser: opened.browser, ...people(opened.hub, opened.browser) });
  });
  after(async () => {
    await opened?.browser.close();
    await opened?.hub.stop();
  });
}
