// Starts the real hallcast binary for the browser tests: a temporary event
// with media on (test:// feeds), an ephemeral port, a temporary data
// directory, and the built web client as its static files.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

// Three rooms of three kinds: the main forum on now (live), a panel later
// today (upcoming) and the press conference earlier (ended; questions from
// accredited press only). `extraRooms`
// ({id, kind, en, zh, uri, more: YAML of further keys, start, end: unix ms;
// on now unless given}) come after them, e.g. a room whose feed is an SRT
// listener that a test sends to. `media` may set segmentMs (1000)
// and partMs (the hub's default).
export function eventYaml(now = Date.now(), extraRooms = [], media = {}) {
  const hour = 3600_000;
  const room = (id, kind, en, zh, start, end, uri = "test://", more = "") => `  - id: ${id}
    kind: ${kind}
    title: {en: "${en}", zh: "${zh}"}
    schedule: {start: "${iso(start)}", end: "${iso(end)}"}
    feed: {uri: "${uri}"}
${more}`;
  const extra = extraRooms
    .map((r) => room(r.id, r.kind, r.en, r.zh, r.start ?? now - hour, r.end ?? now + 2 * hour, r.uri, r.more))
    .join("");
  return `event:
  id: e2e
  title: {en: "Browser Test Forum", zh: "浏览器测试论坛"}
  theme: {en: "Ignite Life for Future", zh: "点燃生命 共创未来"}
  time_zone: Asia/Shanghai
rooms:
${room("main-forum", "main", "Main Forum", "主论坛", now - hour, now + 2 * hour)}${room("panel-a", "panel", "Frontier of Science", "聚焦科技前沿", now + 3 * hour, now + 5 * hour)}${room("press", "press", "Press Conference", "新闻发布会", now - 4 * hour, now - 3 * hour, "test://", "    press_only_questions: true\n")}${extra}media:
  segment_ms: ${media.segmentMs ?? 1000}
${media.partMs === undefined ? "" : `  part_ms: ${media.partMs}\n`}  playlist_segments: 4
  # A loaded CI machine (the browser, other tests) must not make the test
  # feed look failed and put the slate on air.
  feed_timeout_ms: 3000
  snapshot_interval_ms: 1000
`;
}

// `files` ({name: content}) are written beside the configuration (e.g. a
// booth's logo). `configFile`: run that event instead (e.g. the default
// one, config/event.yaml, for a benchmark).
export async function startHub({ binary, staticDir, extraRooms = [], media = {}, files = {}, configFile }) {
  const dir = mkdtempSync(join(tmpdir(), "hallcast-e2e-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const config = configFile ?? join(dir, "event.yaml");
  if (!configFile) writeFileSync(config, eventYaml(Date.now(), extraRooms, media));
  // Staff tokens are signed with this secret (hub.token() mints them).
  const secret = randomBytes(32).toString("hex");
  const env = { ...process.env, HALLCAST_SECRET: secret };
  // One hub process; restart() runs the next on the same port and data.
  let child;
  let exited;
  let stderr = "";
  const launch = async (listen) => {
    child = spawn(
      binary,
      ["serve", "--config", config, "--listen", listen, "--data", join(dir, "data"), "--static", staticDir, "--log-level", process.env.HALLCAST_E2E_LOG_LEVEL ?? "warn"],
      { stdio: ["ignore", "pipe", "pipe"], env },
    );
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    const proc = child;
    exited = new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
    const done = exited;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start in 20 s\n${stderr}`)), 20_000);
      const lines = createInterface({ input: proc.stdout });
      lines.on("line", (line) => {
        const m = /hallcast listening on (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      done.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`hub exited (${code ?? signal}) before listening\n${stderr}`));
      });
    });
  };
  const url = await launch("127.0.0.1:0");
  const running = () => child.exitCode === null && child.signalCode === null;
  const terminate = async () => {
    if (!running()) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await terminate();
    rmSync(dir, { recursive: true, force: true });
  };
  // Stops the hub (SIGTERM) and starts it again on the same address with
  // the same data: what clients see of a restart.
  const restart = async () => {
    await terminate();
    await launch(new URL(url).host);
  };
  // Never leave a hub behind, whatever ends this process: a signal (ctest's
  // timeout) exits through the "exit" handler, which kills it.
  process.once("exit", () => {
    if (running()) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.once(signal, () => process.exit(1));
  // A token from `hallcast token`: role moderator|technician|admin, press
  // with an outlet, or exhibitor with a booth.
  const token = ({ role, name, rooms = [], subject, outlet, booth }) =>
    execFileSync(
      binary,
      ["token", "--config", config, "--role", role, "--name", name, ...(rooms.length ? ["--rooms", rooms.join(",")] : []),
        ...(subject ? ["--subject", subject] : []), ...(outlet ? ["--outlet", outlet] : []),
        ...(booth ? ["--booth", booth] : [])],
      { env, encoding: "utf8" },
    ).trim();
  // dataDir: the hub's --data (live/<room>/ holds what it serves).
  return { url, stop, restart, token, log: () => stderr, dataDir: join(dir, "data") };
}

// Waits until `fn` returns a truthy value (polling), or throws after `ms`.
export async function waitFor(what, fn, ms = 20_000, everyMs = 250) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
