#!/usr/bin/python3
"""How many WebRTC (WHEP) viewers one hub node carries.

Starts the hub (one room, the test:// feed: 480x270 at 10 fps and stereo
AAC, as the default event's rooms) pinned to core 1, and adds WHEP viewers
made of GStreamer's webrtcbin in this process (pinned to core 0): each
offers H.264 and Opus, applies the answer, and counts the pictures it
receives (depayloaded access units; no decoding, so that the viewers'
side stays light). At each step (--steps) it waits for every viewer to
connect, then measures for --measure seconds: the hub's CPU (of one core),
RSS and threads, and each viewer's pictures per second. A step where a
viewer receives under 90 % of the source's rate is where the node is full.

  /usr/bin/python3 bench/latency/whep_viewers.py [--steps 10,25,50,100] [--measure 10] [--json FILE]
  HALLCAST_BINARY: the hub (build/server/hallcast)
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

SOURCE_FPS = 10
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVENT = """event:
  id: whep-bench
  title: {en: WHEP bench, zh: 测试}
  time_zone: Asia/Shanghai
rooms:
  - id: main-forum
    kind: main
    title: {en: Main Forum, zh: 主论坛}
    schedule: {start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T12:00:00+08:00"}
webrtc:
  max_viewers: 10000
  max_viewers_per_address: 10000
"""


class Viewer:
    """One webrtcbin playing /whep/main-forum; counts the pictures it gets."""

    def __init__(self, pipeline, endpoint):
        self.pictures = 0
        self.webrtc = Gst.ElementFactory.make("webrtcbin")
        self.webrtc.set_property("bundle-policy", "max-bundle")
        pipeline.add(self.webrtc)
        self.pipeline = pipeline
        for caps in ("application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
                     "packetization-mode=(string)1,profile-level-id=(string)42e01f",
                     "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,"
                     "encoding-params=(string)2"):
            self.webrtc.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY,
                             Gst.Caps.from_string(caps))
        self.webrtc.connect("pad-added", self.on_pad)
        self.webrtc.sync_state_with_parent()
        offered = Gst.Promise.new()
        self.webrtc.emit("create-offer", None, offered)
        offered.wait()
        reply = offered.get_reply()  # owns the offer: kept while it is used
        offer = reply.get_value("offer")
        promise = Gst.Promise.new()
        self.webrtc.emit("set-local-description", offer, promise)
        promise.wait()
        deadline = time.time() + 10
        while (self.webrtc.get_property("ice-gathering-state") != GstWebRTC.WebRTCICEGatheringState.COMPLETE
               and time.time() < deadline):
            time.sleep(0.02)
        sdp = self.webrtc.get_property("local-description").sdp.as_text()
        request = urllib.request.Request(endpoint, data=sdp.encode(), method="POST",
                                         headers={"Content-Type": "application/sdp"})
        with urllib.request.urlopen(request, timeout=15) as response:
            answer = response.read().decode()
        _, message = GstSdp.SDPMessage.new_from_text(answer)
        promise = Gst.Promise.new()
        self.webrtc.emit("set-remote-description",
                         GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message), promise)
        promise.wait()

    def connected(self):
        return self.webrtc.get_property("connection-state") == GstWebRTC.WebRTCPeerConnectionState.CONNECTED

    def on_pad(self, _webrtc, pad):
        caps = pad.get_current_caps() or pad.query_caps(None)
        video = caps.get_structure(0).get_string("media") == "video"
        depay = Gst.ElementFactory.make("rtph264depay" if video else "rtpopusdepay")
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("sync", False)
        self.pipeline.add(depay)
        self.pipeline.add(sink)
        depay.link(sink)
        if video:
            depay.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, self.count)
        depay.sync_state_with_parent()
        sink.sync_state_with_parent()
        pad.link(depay.get_static_pad("sink"))

    def count(self, _pad, _info):
        self.pictures += 1
        return Gst.PadProbeReturn.OK


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="10,25,50,100")
    parser.add_argument("--measure", type=float, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    steps = [int(n) for n in args.steps.split(",")]
    binary = os.environ.get("HALLCAST_BINARY", os.path.join(REPO, "build", "server", "hallcast"))

    Gst.init(None)
    os.sched_setaffinity(0, {0})
    work = tempfile.mkdtemp(prefix="whep-bench-")
    config = os.path.join(work, "event.yaml")
    open(config, "w").write(EVENT)
    log = open(os.path.join(work, "hub.log"), "w")
    hub = subprocess.Popen(["taskset", "-c", "1", binary, "serve", "--config", config, "--listen", "127.0.0.1:0",
                            "--data", os.path.join(work, "data")], stdout=subprocess.PIPE, stderr=log, text=True)
    port = int(re.search(r":(\d+)\s*$", hub.stdout.readline()).group(1))
    endpoint = f"http://127.0.0.1:{port}/whep/main-forum"
    loop = GLib.MainLoop()
    threading.Thread(target=loop.run, daemon=True).start()
    pipeline = Gst.Pipeline.new("viewers")
    pipeline.set_state(Gst.State.PLAYING)
    time.sleep(4)  # the room's feed goes on air
    viewers = []
    rows = []
    try:
        for target in steps:
            while len(viewers) < target:
                viewers.append(Viewer(pipeline, endpoint))
            deadline = time.time() + 30
            while not all(v.connected() for v in viewers) and time.time() < deadline:
                time.sleep(0.2)
            connected = sum(v.connected() for v in viewers)
            time.sleep(3)  # every viewer past its first keyframe
            before = [v.pictures for v in viewers]
            cpu0, t0 = cpu_seconds(hub.pid), time.time()
            time.sleep(args.measure)
            cpu1, t1 = cpu_seconds(hub.pid), time.time()
            rates = sorted((v.pictures - b) / (t1 - t0) for v, b in zip(viewers, before))
            row = {
                "viewers": target,
                "connected": connected,
                "hub_cpu_percent": round(100 * (cpu1 - cpu0) / (t1 - t0), 1),
                "hub_rss_mb": round(status(hub.pid, "VmRSS") / 1024, 1),
                "hub_threads": status(hub.pid, "Threads"),
                "fps_min": round(rates[0], 2),
                "fps_median": round(rates[len(rates) // 2], 2),
                "below_90_percent": sum(r < 0.9 * SOURCE_FPS for r in rates),
            }
            rows.append(row)
            print(f"{target:4d} viewers ({connected} connected): hub CPU {row['hub_cpu_percent']:5.1f} %, "
                  f"RSS {row['hub_rss_mb']:6.1f} MB, {row['hub_threads']} threads; pictures/s per viewer "
                  f"min {row['fps_min']:.2f} median {row['fps_median']:.2f}, {row['below_90_percent']} below 90 %",
                  flush=True)
    finally:
        pipeline.set_state(Gst.State.NULL)
        hub.terminate()
        hub.wait(timeout=20)
        loop.quit()
    if args.json:
        json.dump({"scenario": "whep-viewers", "source_fps": SOURCE_FPS, "steps": rows}, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    sys.exit(main())
