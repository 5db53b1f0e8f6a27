#!/usr/bin/env bash
# CPU and memory of the hub running the default program (every room on its
# test feed, with its slate and HLS output), measured from /proc over a window.
#   bench/media_cpu.sh [SECONDS] [CONFIG] [now]   (default 30, config/event.yaml)
# With `now`, every room's session is moved to around now (from an hour ago
# to two hours on), so that recorded rooms keep their replay segments as
# they would during the event.
# Prints the hub's CPU in percent of one core, its RSS and its thread count.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
ensure_packages "${HALLCAST_BUILD_PACKAGES[@]}"
build_hallcast >/dev/null
seconds="${1:-30}"
config="${2:-$HALLCAST_ROOT/config/event.yaml}"
data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
if [ "${3:-}" = now ]; then
  sed -E -e "s/(^ *start: ).*/\1$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)/" \
    -e "s/(^ *end: ).*/\1$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)/" "$config" >"$data/event.yaml"
  # What the event names beside it (the booths' logos) goes with it.
  cp -r "$(dirname "$config")/booths" "$data/" 2>/dev/null || true
  config="$data/event.yaml"
fi
"$HALLCAST_BUILD/server/hallcast" serve --config "$config" \
  --listen 127.0.0.1:0 --data "$data" >/dev/null 2>&1 &
pid=$!
sleep 10  # every room on air, segments flowing
ticks=$(getconf CLK_TCK)
t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
sleep "$seconds"
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
rooms=$(grep -c '^  - id:' "$config")
awk -v d="$((t1 - t0))" -v t="$ticks" -v s="$seconds" -v r="$rss" -v n="$threads" -v rooms="$rooms" 'BEGIN {
  printf "default program (%d rooms): CPU %.1f%% of one core over %d s, RSS %.0f MB, %d threads\n",
         rooms, 100 * d / t / s, s, r / 1024, n }'
