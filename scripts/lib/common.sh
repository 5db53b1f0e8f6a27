# Shared by scripts/run and scripts/test: install what is missing, then build.
# Sourced, not executed. Every system package the project needs is named here,
# so a fresh Debian 12 machine gets exactly what the project needs.

HALLCAST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HALLCAST_BUILD="${HALLCAST_BUILD:-$HALLCAST_ROOT/build}"

# Build toolchain and libraries (Debian 12 package names).
HALLCAST_BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libwebsockets-dev libuv1-dev  # libuv: the event loop (epoll) lws runs on
  libssl-dev  # the load generator's WebSocket handshake (SHA-1, base64)
  libprotobuf-dev protobuf-compiler
  libspdlog-dev libfmt-dev
  libyaml-cpp-dev libsqlite3-dev libcli11-dev
  libjwt-dev
  # Cluster mode (cluster.redis): the room logs and votes in Redis
  libhiredis-dev
  libgtest-dev libgmock-dev
  libcurl4-openssl-dev
  python3-websockets python3-protobuf
  # GStreamer: the media pipelines and the tests' senders and RTSP server
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  libgstrtspserver-1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-x gstreamer1.0-tools
  # WebRTC (WHEP): webrtcbin's ICE transport is libnice's GStreamer elements;
  # the bench's WHEP viewers are webrtcbins in Python (GObject introspection)
  gstreamer1.0-nice python3-gi gir1.2-gst-plugins-bad-1.0
  fonts-dejavu-core fonts-wqy-microhei
  ffmpeg
)

# What only the tests need (scripts/test installs these too, scripts/run
# does not): the RTMP server OBS publishes to — Debian's plain nginx binary
# (nginx-light only adds a module to it) and the RTMP module. The tests run
# their own nginx on a free port; the package's service is not used.
HALLCAST_TEST_PACKAGES=(
  nginx libnginx-mod-rtmp
  # The web client's browser tests drive Debian's chromium with playwright-core
  # (never a browser download of its own); the emoji font makes reactions
  # and emoji in chat render (and show in the screenshots) as people see them.
  chromium fonts-noto-color-emoji
  # The cluster tests start their own redis-server (AOF on) on a free port;
  # the package's service is not used.
  redis-server
  # The TLS test makes a self-signed certificate with openssl's command.
  openssl
)

# scripts/test --sanitize, --tsan and scripts/fuzz: clang with its sanitizer and
# libFuzzer runtimes, and llvm-symbolizer for readable reports.
HALLCAST_SANITIZE_PACKAGES=(clang libclang-rt-dev llvm)
HALLCAST_SANITIZE_BUILD="${HALLCAST_SANITIZE_BUILD:-$HALLCAST_ROOT/build-sanitize}"
HALLCAST_TSAN_BUILD="${HALLCAST_TSAN_BUILD:-$HALLCAST_ROOT/build-tsan}"

log() { printf '\033[1m[hallcast]\033[0m %s\n' "$*" >&2; }

# Installs the Debian packages in "$@" that are not installed yet.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; return 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once) and builds the tree into $HALLCAST_BUILD.
build_hallcast() {
  local build_type="${HALLCAST_BUILD_TYPE:-RelWithDebInfo}"
  if [ ! -f "$HALLCAST_BUILD/build.ninja" ]; then
    log "configuring ($build_type) in $HALLCAST_BUILD"
    cmake -S "$HALLCAST_ROOT" -B "$HALLCAST_BUILD" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
  fi
  log "building"
  cmake --build "$HALLCAST_BUILD" -j "$(nproc)"
}

# Configures (once) a clang tree in folder $1 with the CMake options in $2
# (a string) and builds the targets that follow (default: all).
build_with_clang() {
  local build="$1" options="$2"
  shift 2
  if [ ! -f "$build/build.ninja" ]; then
    log "configuring a clang build ($options) in $build"
    # -O1 and line tables only: the sanitizers' own advice, reports with
    # file and line, and a quicker build than -O2 -g.
    # shellcheck disable=SC2086
    CC=clang CXX=clang++ cmake -S "$HALLCAST_ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" $options >/dev/null
  fi
  log "building $build"
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  cmake --build "$build" -j "$(nproc)" "${targets[@]}"
}

# The clang tree with AddressSanitizer, UndefinedBehaviorSanitizer and the
# libFuzzer targets (scripts/test --sanitize, scripts/fuzz); "$@": targets.
build_sanitized() { build_with_clang "$HALLCAST_SANITIZE_BUILD" "-DHALLCAST_SANITIZE=ON -DHALLCAST_FUZZ=ON" "$@"; }

# The hub alone under ThreadSanitizer (scripts/test --tsan).
build_tsan() { build_with_clang "$HALLCAST_TSAN_BUILD" "-DHALLCAST_TSAN=ON" hallcast; }

# The sanitizers' settings for every process started from here on. With a
# folder $1, each report goes to a file there, which the caller checks: a
# hub started by a test may report after the test has passed (a leak found
# at exit). Without, reports go to stderr (libFuzzer reads them there).
sanitizer_environment() {
  local reports="${1:-}" to_asan="" to_ubsan="" to_tsan=""
  if [ -n "$reports" ]; then
    rm -rf "$reports" "$reports.index" && mkdir -p "$reports"
    # Which test started which process (tests/support/child_process.cpp).
    export HALLCAST_PROCESS_INDEX="$reports.index"
    to_asan="log_path=$reports/asan:"
    to_ubsan="log_path=$reports/ubsan:"
    to_tsan="log_path=$reports/tsan:"
  fi
  export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer
  # GLib 2.74 hands out GstBuffers and other small blocks from its slice
  # allocator's per-thread magazines, whose locking the sanitizers do not
  # see: a buffer freed on one streaming thread and reused on another looked
  # like a data race to TSan (a GstBuffer's PTS, written by a room's source
  # thread and read by its HLS output's appsink thread). With malloc the
  # sanitizers see each block's hand-over.
  export G_SLICE=always-malloc
  export ASAN_OPTIONS="${to_asan}detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1"
  export LSAN_OPTIONS="suppressions=$HALLCAST_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="${to_ubsan}print_stacktrace=1:halt_on_error=1"
  export TSAN_OPTIONS="${to_tsan}suppressions=$HALLCAST_ROOT/tests/sanitizers/tsan.supp:ignore_noninstrumented_modules=1:second_deadlock_stack=1:history_size=4"
}

# Fails, printing them, when the sanitizers wrote reports to $1. A report
# that is only LeakSanitizer's tracer crashing (it stops every thread of the
# process to scan their stacks, and once in a while crashes doing so, with
# no finding) says the leak check of that one process did not run: it is
# printed, with the test that started the process, but fails nothing;
# anything else in a report — a leak, an error, a race — fails.
check_sanitizer_reports() {
  local reports="$1" report found=0
  for report in "$reports"/*; do
    [ -e "$report" ] || continue
    local pid="${report##*.}" started=""
    [ -f "$reports.index" ] && started="$(awk -v pid="$pid" '$1 == pid { $1 = ""; print substr($0, 2); exit }' "$reports.index")"
    if grep -q 'LeakSanitizer has encountered a fatal error' "$report" && grep -q 'Tracer caught signal' "$report" &&
      ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer: detected)|runtime error|WARNING: ThreadSanitizer' "$report"; then
      log "warning: the leak check of process $pid (${started:-not started by a test}) did not run: LeakSanitizer's tracer crashed ($report)"
      continue
    fi
    found=1
    log "sanitizer report $report (process $pid: ${started:-not started by a test}):"
    cat "$report" >&2
  done
  [ "$found" -eq 0 ] || { log "the sanitizers found problems (reports above)"; return 1; }
  log "no sanitizer reports"
}

# Node.js and npm build the web client. A machine that has them (any
# packaging) keeps them; one without gets Debian's. Vite needs Node.js 20.19
# or later.
ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    ensure_packages nodejs npm
  fi
  local major minor
  IFS=. read -r major minor _ <<<"$(node --version | tr -d v)"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    log "warning: Node.js $(node --version) is older than the web client needs (20.19)"
  fi
}

# npm ci in folder $1 (whose packages $2 names, for the log) when its
# node_modules is missing or its package-lock.json changed since the last
# npm ci there.
ensure_npm_packages() {
  local dir="$1" stamp lock
  stamp="$dir/node_modules/.hallcast-lock"
  lock="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock" ]; then
    log "installing $2 packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock" >"$stamp"
  fi
}

# Builds the web client into web-client/dist (served at / by the hub): its
# packages, then npm run build (message classes generated from proto/, type
# check, Vite).
build_web_client() {
  local dir="$HALLCAST_ROOT/web-client"
  ensure_npm_packages "$dir" "the web client's"
  log "building the web client"
  (cd "$dir" && npm run --silent build)
}

# The benchmarks' Node.js peer (bench/peers/node-ws): Node.js and its packages.
HALLCAST_NODE_PEER="$HALLCAST_ROOT/bench/peers/node-ws"
ensure_node_peer() {
  ensure_node
  ensure_npm_packages "$HALLCAST_NODE_PEER" "the node-ws peer's"
}

# Load tests and many viewers need more than the default 1024 descriptors.
raise_open_files_limit() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# Benchmarks: writes to file $1 an event of one room, "hall", fed by URI $2.
write_one_room_event() {
  cat >"$1" <<YAML
event: {id: bench, title: {en: Bench, zh: 基准}, time_zone: Asia/Shanghai}
rooms:
  - id: hall
    kind: main
    title: {en: Hall, zh: 会场}
    schedule: {start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T12:00:00+08:00"}
    feed: {uri: "$2"}
YAML
}

# Sets $awaited_port to the port a server started as pid $1 listens on, from
# the line it prints on stdout (file $2); exits with its log ($3) when it
# does not start ($4 names it).
await_port() {
  awaited_port=""
  for _ in $(seq 1 200); do
    awaited_port=$(sed -nE 's|.*listening on http://[^:]+:([0-9]+).*|\1|p' "$2" | head -1)
    [ -n "$awaited_port" ] && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  echo "$4 did not start; its log:" >&2
  cat "$3" >&2
  exit 1
}
