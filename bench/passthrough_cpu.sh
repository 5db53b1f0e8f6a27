#!/usr/bin/env bash
# CPU of one passthrough 1080p30 H.264/AAC feed in the hub against
# `ffmpeg -c copy -f hls` on the same input, side by side in one run:
#   bench/passthrough_cpu.sh [SECONDS]     (default 30)
# HALLCAST_BENCH_LOG=FILE keeps the hub's log.
#
# The input is made once per run, before anything is measured: 30 s of
# 1920×1080 at 30 fps (a test pattern with moving noise, so that x264 needs
# the bitrate), x264 at 6 Mb/s (VBV 6 Mb/s) with a 1 s GOP (30 frames, no
# scene cuts) and 2 B-frames, AAC-LC 128 kb/s at 48 kHz stereo, in MPEG-TS.
# The hub plays it as the feed of its one room, `file://` (paced to the
# clock, looped); ffmpeg plays it with `-re -stream_loop -1`. Both run at the
# same time; after a warm-up each one's CPU (utime + stime of the whole
# process) is read from /proc over the same window. The hub's figure is all
# that a room costs, not the remux alone: parsing and HLS packaging, plus the
# room's slate loop, its audio level meter (the AAC decoded) and its snapshot
# (a keyframe decoded to JPEG every 5 s), and an idle HTTP server.
# A third process, measured in the same window, shows what GStreamer itself
# costs for the remux: gst-launch-1.0 with the chain the hub's passthrough
# is built of (tsdemux, h264parse and aacparse, paced to the clock, into
# hlssink2, whose muxer is mpegtsmux) and nothing else. It reads the file
# once, so the input is made long enough to outlast the window.
# Fails unless the hub reports the feed live and not transcoded, and unless
# both wrote HLS segments at the real-time rate during the window.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
ensure_packages "${HALLCAST_BUILD_PACKAGES[@]}"
build_hallcast >/dev/null 2>&1
seconds="${1:-30}"
warmup=5
work="$(mktemp -d)"
cleanup() {
  kill "${ffmpeg:-}" "${hub:-}" "${gst:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${HALLCAST_BENCH_LOG:-}" ] && [ -f "$work/hub.log" ]; then cp "$work/hub.log" "$HALLCAST_BENCH_LOG"; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "passthrough_cpu: $*" >&2
  if [ -f "$work/hub.log" ]; then tail -n 20 "$work/hub.log" >&2; fi
  exit 1
}

input_seconds=$((seconds + warmup + 40))
log "encoding the input (${input_seconds} s of 1080p30, not timed)"
ffmpeg -nostdin -hide_banner -loglevel error \
  -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=12:allf=t" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$input_seconds" \
  -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
  -b:v 6M -maxrate 6M -bufsize 6M -g 30 -keyint_min 30 -sc_threshold 0 -bf 2 \
  -c:a aac -b:a 128k -ac 2 -ar 48000 -f mpegts "$work/input.ts"
input_mbps=$(ffprobe -v error -show_entries format=bit_rate -of default=nw=1:nk=1 "$work/input.ts" |
  awk '{printf "%.1f", $1 / 1e6}')

write_one_room_event "$work/event.yaml" "file://$work/input.ts"
"$HALLCAST_BUILD/server/hallcast" serve --config "$work/event.yaml" --listen 127.0.0.1:0 \
  --data "$work/data" >"$work/hub.out" 2>"$work/hub.log" &
hub=$!
mkdir "$work/ffmpeg"
ffmpeg -nostdin -hide_banner -loglevel error -re -stream_loop -1 -i "$work/input.ts" \
  -c copy -f hls -hls_time 2 -hls_list_size 6 -hls_flags delete_segments \
  "$work/ffmpeg/index.m3u8" 2>"$work/ffmpeg.log" &
ffmpeg=$!
mkdir "$work/gst"
gst-launch-1.0 -q filesrc location="$work/input.ts" ! tsdemux name=demux \
  demux. ! queue ! h264parse ! identity sync=true ! hls.video \
  demux. ! queue ! aacparse ! identity sync=true ! hls.audio \
  hlssink2 name=hls target-duration=2 playlist-length=6 max-files=6 \
  location="$work/gst/segment%05d.ts" playlist-location="$work/gst/index.m3u8" \
  >"$work/gst.log" 2>&1 &
gst=$!

# The room's health as "state onAir videoCodec videoTranscoded audioCodec
# audioTranscoded width height switches reconnects".
health() {
  python3 - "$address" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(f"http://{sys.argv[1]}/api/v1/health", timeout=5) as r:
    f = json.load(r)["feeds"][0]
keys = ("state", "onAir", "videoCodec", "videoTranscoded", "audioCodec", "audioTranscoded",
        "width", "height", "switches", "reconnects")
print(" ".join(json.dumps(f.get(k)).strip('"') for k in keys))
PY
}
# Segments listed so far by the live playlist $1: its first sequence number
# plus the segments it lists.
segments() {
  [ -f "$1" ] || fail "no playlist $1"
  awk -F: '/^#EXT-X-MEDIA-SEQUENCE:/ {s = $2} /^#EXTINF:/ {n++} END {print s + n}' "$1"
}
hub_playlist="$work/data/live/hall/index.m3u8"
ffmpeg_playlist="$work/ffmpeg/index.m3u8"
gst_playlist="$work/gst/index.m3u8"
# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# "TID NAME TICKS" of each of the hub's threads (names hold no spaces).
thread_ticks() {
  local task
  for task in /proc/"$hub"/task/*; do
    echo "${task##*/} $(cat "$task/comm") $(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')"
  done 2>/dev/null || true
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

address=""
for _ in $(seq 1 100); do
  address=$(sed -nE 's|^hallcast listening on http://([^ ]+).*|\1|p' "$work/hub.out")
  [ -n "$address" ] && break
  kill -0 "$hub" 2>/dev/null || fail "the hub exited"
  sleep 0.1
done
[ -n "$address" ] || fail "the hub did not start listening"
state=""
for _ in $(seq 1 60); do
  read -r state on_air _ <<<"$(health 2>/dev/null)"
  [ "$state $on_air" = "FEED_STATE_LIVE live" ] && break
  sleep 0.5
done
[ "$state $on_air" = "FEED_STATE_LIVE live" ] || fail "the room's feed is not on air: $(health)"
sleep "$warmup"
kill -0 "$ffmpeg" 2>/dev/null || fail "ffmpeg exited: $(cat "$work/ffmpeg.log")"
kill -0 "$gst" 2>/dev/null || fail "gst-launch-1.0 exited: $(cat "$work/gst.log")"

read -r state on_air vcodec vtrans acodec atrans width height sw0 rc0 <<<"$(health)"
[ "$vcodec $vtrans $width×$height" = "h264 false 1920×1080" ] ||
  fail "the hub does not pass the video through: videoCodec $vcodec, videoTranscoded $vtrans, $width×$height"
[ "$acodec $atrans" = "aac false" ] ||
  fail "the hub does not pass the audio through: audioCodec $acodec, audioTranscoded $atrans"
hseg0=$(segments "$hub_playlist")
fseg0=$(segments "$ffmpeg_playlist")
gseg0=$(segments "$gst_playlist")

ticks=$(getconf CLK_TCK)
w0=$(date +%s.%N)
h0=$(cpu_ticks "$hub")
f0=$(cpu_ticks "$ffmpeg")
g0=$(cpu_ticks "$gst")
thread_ticks >"$work/threads0"
sleep "$seconds"
h1=$(cpu_ticks "$hub")
f1=$(cpu_ticks "$ffmpeg")
g1=$(cpu_ticks "$gst")
thread_ticks >"$work/threads1"
w1=$(date +%s.%N)
hub_rss=$(rss_mb "$hub")
ffmpeg_rss=$(rss_mb "$ffmpeg")
gst_rss=$(rss_mb "$gst")
hub_threads=$(awk '/Threads/ {print $2}' "/proc/$hub/status")

read -r state on_air _ vtrans _ atrans _ _ sw1 rc1 <<<"$(health)"
[ "$state $on_air $vtrans $atrans" = "FEED_STATE_LIVE live false false" ] ||
  fail "after the window the room is $state, $on_air on air, videoTranscoded $vtrans, audioTranscoded $atrans"
hseg1=$(segments "$hub_playlist")
fseg1=$(segments "$ffmpeg_playlist")
gseg1=$(segments "$gst_playlist")
gst_segments=$((gseg1 - gseg0))
hub_segments=$((hseg1 - hseg0))
ffmpeg_segments=$((fseg1 - fseg0))
# 2 s segments: about seconds / 2 each; fewer means a side fell behind real time.
expected=$((seconds / 2 - 2))
[ "$expected" -ge 1 ] || expected=1
echo "input ${input_mbps} Mb/s; in ${seconds} s the hub wrote $hub_segments segments," \
  "ffmpeg $ffmpeg_segments, gst-launch-1.0 $gst_segments; the hub's feed looped $((rc1 - rc0)) times, its source on air changed" \
  "$((sw1 - sw0)) times; the hub has $hub_threads threads" >&2
[ "$hub_segments" -ge "$expected" ] || fail "the hub wrote $hub_segments segments in $seconds s"
[ "$ffmpeg_segments" -ge "$expected" ] || fail "ffmpeg wrote $ffmpeg_segments segments in $seconds s"
[ "$gst_segments" -ge "$expected" ] || fail "gst-launch-1.0 wrote $gst_segments segments in $seconds s"
[ "$sw1" -eq "$sw0" ] || echo "passthrough_cpu: warning: the slate went on air during the window" >&2
# Where the hub's CPU went, by thread name (a GStreamer streaming thread is
# named after the pad that started it; threads it starts inherit the name —
# the snapshots' are "src:src"). Threads that ended in the window (a
# pipeline restarted at the end of the file) are counted only in the total.
awk -v t="$ticks" -v w0="$w0" -v w1="$w1" -v total="$((h1 - h0))" '
  FNR == NR { before[$1] = $3; next }
  { spent[$2] += $3 - before[$1]; counted += $3 - before[$1] }
  END {
    spent["ended-threads"] = total - counted
    for (name in spent) if (spent[name] > 0) printf "%.1f %s\n", 100 * spent[name] / t / (w1 - w0), name
  }' "$work/threads0" "$work/threads1" |
  sort -rn | awk '{line = line sep $2 " " $1; sep = ", "} END {print "hub CPU by thread (% of one core): " line}' >&2

awk -v hd="$((h1 - h0))" -v fd="$((f1 - f0))" -v gd="$((g1 - g0))" -v t="$ticks" -v s="$seconds" \
  -v w0="$w0" -v w1="$w1" -v hr="$hub_rss" -v fr="$ffmpeg_rss" -v gr="$gst_rss" 'BEGIN {
  w = w1 - w0; h = 100 * hd / t / w; f = 100 * fd / t / w; g = 100 * gd / t / w
  printf "passthrough 1080p30 (%d s): hallcast %.1f %% of one core (RSS %d MB), ffmpeg -c copy %.1f %% (RSS %d MB), ratio %s; the bare GStreamer remux (gst-launch-1.0) %.1f %% (RSS %d MB), ratio to ffmpeg %s\n",
         s, h, hr, f, fr, (f > 0 ? sprintf("%.2f", h / f) : "n/a"), g, gr, (f > 0 ? sprintf("%.2f", g / f) : "n/a") }'
