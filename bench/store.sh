#!/usr/bin/env bash
# The hub and its durable store (issue 24): how fast chat is acknowledged,
# and what everyone else sees while the store stalls.
#   bench/store.sh ingest sqlite|redis [--hallcast PATH] [--duration T]
#     8 writers in one room, each keeping 20 chat messages unanswered, for
#     T s (10), media off: acknowledged chats per second (every accepted
#     message is stored first; the SQLite file with the default sync,
#     Redis with AOF fsync every second).
#   bench/store.sh stall sleep|partition [--hallcast PATH]
#     A hub in cluster mode on a redis-server started here, two rooms with
#     the test feed (media on); 8 writers chat in room "hall" (20 in flight
#     each) while 20 bystanders ping (one Ping every 20 ms in turn) and a
#     loop asks room "panel"'s playlist every 50 ms. After 4 s Redis
#     stalls: `DEBUG SLEEP 2` (sleep), or it is stopped with SIGSTOP for 6 s
#     (partition: connections are accepted, nothing is answered). Prints the
#     bystanders' Ping round trips and the playlist's times (p50, p99, max)
#     over the whole 14 s run, and the chats acknowledged and refused.
# --hallcast PATH measures another build (e.g. an older commit's, for
# "before" figures). The open-files limit is raised to the hard limit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
what="$1" how="$2"
shift 2
case "$what $how" in
  "ingest sqlite"|"ingest redis"|"stall sleep"|"stall partition") ;;
  *) usage ;;
esac
hallcast="" duration=10
while [ $# -gt 0 ]; do
  case "$1" in
    --hallcast) hallcast="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) usage ;;
  esac
done

ensure_packages "${HALLCAST_BUILD_PACKAGES[@]}" redis-server curl
if [ ! -f "$HALLCAST_BUILD/build.ninja" ]; then
  cmake -S "$HALLCAST_ROOT" -B "$HALLCAST_BUILD" -G Ninja >/dev/null
fi
cmake --build "$HALLCAST_BUILD" -j "$(nproc)" --target hallcast hallcast-loadgen >/dev/null
hallcast="${hallcast:-$HALLCAST_BUILD/server/hallcast}"
loadgen="$HALLCAST_BUILD/bench/hallcast-loadgen"
raise_open_files_limit

work="$(mktemp -d)"
hub_pid="" redis_pid=""
cleanup() {
  [ -z "$redis_pid" ] || kill -CONT "$redis_pid" 2>/dev/null || true
  [ -z "$hub_pid" ] || { kill "$hub_pid" 2>/dev/null; wait "$hub_pid" 2>/dev/null || true; }
  [ -z "$redis_pid" ] || { kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

use_redis=0
[ "$what" = stall ] || [ "$how" = redis ] && use_redis=1
if [ "$use_redis" = 1 ]; then
  redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --appendfsync everysec \
    --save "" --daemonize no --enable-debug-command local >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break
    sleep 0.05
  done
fi

media="media: {enabled: false}"
[ "$what" = stall ] && media="media: {segment_ms: 1000}"
now=$(date -u +%s)
{
  echo "event: {id: bench, title: {en: Bench, zh: 基准}, time_zone: Asia/Shanghai}"
  echo "rooms:"
  for room in hall panel; do
    echo "  - id: $room"
    echo "    kind: main"
    echo "    title: {en: $room, zh: $room}"
    echo "    schedule: {start: \"$(date -u -d "@$((now - 3600))" +%FT%TZ)\", end: \"$(date -u -d "@$((now + 3600))" +%FT%TZ)\"}"
  done
  echo "limits: {requests_per_second: 10000, request_burst: 10000, connections_per_ip: 0}"
  echo "$media"
  [ "$use_redis" = 0 ] || echo "cluster: {redis: \"redis://127.0.0.1:$redis_port\", node_id: bench-a}"
} >"$work/event.yaml"
"$hallcast" serve --config "$work/event.yaml" --listen 127.0.0.1:0 --data "$work/data" \
  >"$work/hub.out" 2>"$work/hub.log" &
hub_pid=$!
await_port "$hub_pid" "$work/hub.out" "$work/hub.log" hallcast
port="$awaited_port"

if [ "$what" = ingest ]; then
  log "ingest, $how: 8 writers x 20 in flight, ${duration} s"
  "$loadgen" --mode chat --port "$port" --rooms hall -n 8 --publishers 8 --in-flight 20 --duration "$duration" \
    --server-pid "$hub_pid" --label "ingest-$how"
  exit 0
fi

# stall: wait for the other room's playlist, then measure.
for _ in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/live/panel/index.m3u8")" = 200 ] && break
  sleep 0.1
done
run_seconds=14
(
  end=$(( $(date +%s%N) + run_seconds * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/live/panel/index.m3u8" >>"$work/playlist.times"
    sleep 0.05
  done
) &
curl_pid=$!
(
  sleep 4
  if [ "$how" = sleep ]; then
    redis-cli -p "$redis_port" DEBUG SLEEP 2 >/dev/null
  else
    kill -STOP "$redis_pid"; sleep 6; kill -CONT "$redis_pid"
  fi
) &
stall_pid=$!
log "stall, $how: 8 writers x 20 in flight in hall, 20 bystanders pinging, panel's playlist every 50 ms; Redis stalls at 4 s"
"$loadgen" --mode chat --port "$port" --rooms hall -n 28 --publishers 8 --in-flight 20 --ping-interval-ms 20 \
  --duration "$run_seconds" --drain-timeout 10 --server-pid "$hub_pid" --label "stall-$how"
wait "$stall_pid" "$curl_pid"
sort -n "$work/playlist.times" | awk '{ t[NR] = $1 } END {
  p50 = t[int((NR - 1) * 0.50) + 1]; p99 = t[int((NR - 1) * 0.99) + 1];
  printf "  panel playlist (%d requests)  p50 / p99 / max %.1f / %.1f / %.1f ms\n", NR, p50 * 1000, p99 * 1000, t[NR] * 1000 }'
grep -c "not stored" "$work/hub.log" | sed 's/^/  writes the store refused (log lines): /'
