#!/usr/bin/env bash
# Failover times of a room fed over SRT, measured from the hub's own log:
#   loss   — from killing the encoder to the slate's first frame on air
#   return — from restarting the encoder to its first frame back on air
#   bench/failover.sh [ROUNDS]     (default 5)
# HALLCAST_BENCH_LOG=FILE keeps the hub's log.
# The encoder is GStreamer (x264, 1 s GOP, AAC in MPEG-TS over SRT).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
ensure_packages "${HALLCAST_BUILD_PACKAGES[@]}"
build_hallcast >/dev/null 2>&1
rounds="${1:-5}"
work="$(mktemp -d)"
port=$((40000 + RANDOM % 20000))
cleanup() {
  kill "${encoder:-}" "${hub:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${HALLCAST_BENCH_LOG:-}" ]; then cp "$work/hub.log" "$HALLCAST_BENCH_LOG"; fi
  rm -rf "$work"
}
trap cleanup EXIT

write_one_room_event "$work/event.yaml" "srt://:$port?mode=listener"
"$HALLCAST_BUILD/server/hallcast" serve --config "$work/event.yaml" --listen 127.0.0.1:0 \
  --data "$work/data" >/dev/null 2>"$work/hub.log" &
hub=$!

now() { date +%s.%N; }
# Seconds since the epoch of the first log line matching $1 after line $2.
logtime() {
  local line
  for _ in $(seq 1 200); do
    line=$(tail -n +"$2" "$work/hub.log" | grep -a -m1 "$1" || true)
    if [ -n "$line" ]; then
      date -d "$(echo "$line" | sed -E 's/^\[([^]]+)\].*/\1/')" +%s.%N
      return
    fi
    sleep 0.05
  done
  echo "timeout waiting for '$1'" >&2
  exit 1
}
start_encoder() {
  gst-launch-1.0 -q videotestsrc is-live=true ! video/x-raw,width=1280,height=720,framerate=25/1 ! \
    x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=2000 ! h264parse ! \
    mpegtsmux name=m alignment=7 ! srtsink uri="srt://127.0.0.1:$port?mode=caller" \
    audiotestsrc is-live=true ! voaacenc ! aacparse ! m. >/dev/null 2>&1 &
  encoder=$!
}

sleep 2
losses=()
returns=()
for round in $(seq 1 "$rounds"); do
  mark=$(($(wc -l <"$work/hub.log") + 1))
  t0=$(now)
  start_encoder
  t1=$(logtime "hall: live on air" "$mark")
  returns+=("$(echo "$t1 - $t0" | bc)")
  sleep 3
  mark=$(($(wc -l <"$work/hub.log") + 1))
  t0=$(now)
  kill "$encoder"
  wait "$encoder" 2>/dev/null || true
  t1=$(logtime "hall: slate on air" "$mark")
  losses+=("$(echo "$t1 - $t0" | bc)")
  echo "round $round: return ${returns[-1]} s, loss ${losses[-1]} s" >&2
  sleep 2
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "min %.2f s, median %.2f s, max %.2f s (%d rounds)", v[1], v[int((NR+1)/2)], v[NR], NR}'; }
echo "loss → slate on air:   $(stats "${losses[@]}")"
echo "return → live on air:  $(stats "${returns[@]}")"
