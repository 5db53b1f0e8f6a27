// Hall encoders for the browser tests and benchmarks: ffmpeg sending over
// SRT or publishing to nginx-rtmp (the OBS way: the hub pulls the stream),
// as an operator's hall would. Each runs until stop() — SIGTERM, as an
// operator stopping the encoder (its goodbye reaches the hub) — or kill()
// (SIGKILL, a pulled cable).
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "./hub.mjs";

// A UDP port nobody uses now (SRT runs over UDP).
export async function freeUdpPort() {
  const socket = createSocket("udp4");
  await new Promise((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

export async function freeTcpPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

// nginx with Debian's RTMP module (libnginx-mod-rtmp), in the foreground,
// everything it writes in a temporary directory: url(stream) is where an
// encoder publishes and the hub pulls.
export async function startNginxRtmp() {
  const dir = mkdtempSync(join(tmpdir(), "hallcast-rtmp-"));
  const port = await freeTcpPort();
  writeFileSync(
    join(dir, "nginx.conf"),
    `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
lock_file ${dir}/nginx.lock;
error_log ${dir}/error.log info;
events { worker_connections 64; }
rtmp {
  access_log off;
  server {
    listen 127.0.0.1:${port};
    application live { live on; record off; }
  }
}
`,
  );
  const child = spawn("/usr/sbin/nginx", ["-p", `${dir}/`, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
    stdio: "ignore",
  });
  const log = () => {
    try {
      return readFileSync(join(dir, "error.log"), "utf8").slice(-3000);
    } catch {
      return "";
    }
  };
  await waitFor("nginx-rtmp to listen", () => accepts(port), 10_000, 50).catch((err) => {
    child.kill("SIGKILL");
    throw new Error(`${err.message}\n${log()}`);
  });
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stop);
  return { url: (stream) => `rtmp://127.0.0.1:${port}/live/${stream}`, stop, log };
}

// ffmpeg as a hall encoder: a test picture (width×height at fps, a
// keyframe every gop frames, B-frames as x264 makes them) and a 1 kHz tone
// (sampleRate, channels) in `format` ("mpegts" for SRT, "flv" for RTMP) to
// `url`, in real time.
export function ffmpegEncoder({ width = 640, height = 360, fps = 25, gop = 50, sampleRate = 48000, channels = 2, format, url }) {
  const args = [
    "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=${width}x${height}:rate=${fps}`,
    "-f", "lavfi", "-i", `sine=frequency=1000:sample_rate=${sampleRate}`,
    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", "800k",
    "-g", String(gop), "-keyint_min", String(gop), "-sc_threshold", "0",
    "-c:a", "aac", "-b:a", "128k", "-ar", String(sampleRate), "-ac", String(channels),
    "-f", format, url,
  ];
  const encoder = { log: "", child: null };
  encoder.start = () => {
    const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk) => (encoder.log = (encoder.log + chunk).slice(-4000)));
    encoder.child = child;
    encoder.exited = new Promise((resolve) => child.once("exit", resolve));
  };
  const end = async (signal) => {
    const child = encoder.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await encoder.exited;
    clearTimeout(killer);
  };
  encoder.stop = () => end("SIGTERM");
  encoder.kill = () => end("SIGKILL");
  process.once("exit", () => encoder.child?.exitCode === null && encoder.child.kill("SIGKILL"));
  return encoder;
}

// The hub's health of `room`'s feed (GET /api/v1/health).
export async function feedHealth(hubUrl, room) {
  const r = await fetch(`${hubUrl}/api/v1/health`);
  if (!r.ok) return undefined;
  const report = await r.json();
  return (report.feeds ?? []).find((f) => (f.roomId ?? f.room_id) === room);
}
