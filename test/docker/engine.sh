#!/usr/bin/env bash
# Reference Docker Engine 26.1 for dockerfile-sim's comparison tests.
#
#   engine.sh start   fetch + unpack the engine if needed, start the daemon (idempotent),
#                     then print the env lines
#   engine.sh stop    stop the daemon this script started (and its managed containerd)
#   engine.sh env     print `export ...` lines:  eval "$(test/docker/engine.sh env)"
#   engine.sh status  exit 0 when the daemon answers
#
# Debian 13 ("trixie") packages are fetched with `apt-get download` through a throw-away apt
# configuration (the system's apt state is left alone) and unpacked with `dpkg -x` into
# $DFSIM_ENGINE_DIR. Debian 13's runc needs glibc 2.38, which Debian 12 lacks, so Debian 12's
# runc package is installed and found first on the daemon's PATH.
#
# Safety: the daemon never creates a bridge, iptables rules or forwarding
# (--bridge=none --iptables=false --ip-forward=false --ip-masq=false); builds must use
# --network=none. Only the daemon named by this script's pidfile is ever stopped.
set -euo pipefail

ENGINE_DIR=${DFSIM_ENGINE_DIR:-/opt/dockerfile-sim-engine}
SOCK=${DFSIM_DOCKER_SOCK:-/run/dfsim-docker.sock}
EXEC_ROOT=${DFSIM_EXEC_ROOT:-/run/dfsim-docker}   # short: containerd's socket lives below it
PIDFILE=${DFSIM_PIDFILE:-/run/dfsim-docker.pid}
STORAGE_DRIVER=${DFSIM_STORAGE_DRIVER:-overlay2}
START_TIMEOUT=${DFSIM_START_TIMEOUT:-60}
DEAD_PROXY=http://127.0.0.1:9                     # nothing listens there (see start)
MIRROR=${DFSIM_DEBIAN_MIRROR:-}                   # default: the host this machine's apt uses
SUITE=trixie
PACKAGES=(docker.io docker-cli docker-buildx containerd tini)

ROOT=$ENGINE_DIR/root            # dpkg -x target
SBIN=$ENGINE_DIR/sbin            # the daemon's PATH head: dockerd, containerd, shim, runc, ...
BIN=$ENGINE_DIR/bin              # the client's PATH head: docker only
CONFIG=$ENGINE_DIR/config        # DOCKER_CONFIG (buildx plugin dir, buildx state)
DATA_ROOT=$ENGINE_DIR/data
LOG=$ENGINE_DIR/dockerd.log
PLUGINS=$ROOT/usr/libexec/docker/cli-plugins

log() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The unpacked 26.1 client, talking to our socket only.
dk() { DOCKER_HOST=unix://$SOCK DOCKER_CONFIG=$CONFIG "$BIN/docker" "$@"; }

print_env() {
  printf 'export DOCKER_HOST=%q\n' "unix://$SOCK"
  printf 'export DOCKER_CONFIG=%q\n' "$CONFIG"
  # $PATH stays literal so it expands where the lines are eval'ed.
  # shellcheck disable=SC2016
  printf 'export PATH=%q:"$PATH"\n' "$BIN"
}

# --- fetch and unpack -------------------------------------------------------------------

# The mirror host of this machine's Debian sources (deb822 or one-line format).
detect_mirror() {
  local m
  m=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  if [[ -z $m ]]; then
    m=$(grep -hE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
          | sed -E 's/\[[^]]*\]//' | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# apt options that keep every list, cache and download inside $ENGINE_DIR/apt.
apt_private() {
  local a=$ENGINE_DIR/apt
  apt-get -q \
    -o Dir::Etc::sourcelist="$a/sources.list" -o Dir::Etc::sourceparts=- \
    -o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
    -o Dir::State::status="$a/status" -o Dir::Etc::preferences="$a/preferences" \
    -o Dir::Etc::preferencesparts="$a/preferences.d" -o APT::Get::List-Cleanup=0 \
    -o APT::Sandbox::User=root "$@"
}

fetch_engine() {
  [[ -x $ROOT/usr/sbin/dockerd && -f $ENGINE_DIR/versions.txt ]] && return 0
  command -v apt-get >/dev/null || die "needs apt-get"
  local a=$ENGINE_DIR/apt mirror keyring
  mirror=${MIRROR:-$(detect_mirror)}
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -f $keyring ]] || die "missing $keyring (package debian-archive-keyring)"
  log "fetching ${PACKAGES[*]} from $mirror $SUITE"
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/preferences.d" "$ENGINE_DIR/debs"
  : >"$a/status"        # empty dpkg status: nothing is "installed" for this private apt
  : >"$a/preferences"   # no pinning from the system's apt
  echo "deb [signed-by=$keyring] $mirror $SUITE main" >"$a/sources.list"
  apt_private update >&2
  rm -f "$ENGINE_DIR"/debs/*.deb
  (cd "$ENGINE_DIR/debs" && apt_private download "${PACKAGES[@]}" >&2)
  rm -rf "$ROOT.tmp" && mkdir -p "$ROOT.tmp"
  local deb
  for deb in "$ENGINE_DIR"/debs/*.deb; do dpkg -x "$deb" "$ROOT.tmp"; done
  rm -rf "$ROOT" && mv "$ROOT.tmp" "$ROOT"
  # shellcheck disable=SC2016
  for deb in "$ENGINE_DIR"/debs/*.deb; do dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"; done \
    >"$ENGINE_DIR/versions.txt"
  log "unpacked into $ROOT: $(paste -sd, "$ENGINE_DIR/versions.txt")"
}

# Debian 12's runc (Debian 13's needs glibc 2.38).
ensure_runc() {
  local r
  for r in /usr/sbin/runc /usr/bin/runc; do
    if [[ -x $r ]] && "$r" --version >/dev/null 2>&1; then echo "$r"; return 0; fi
  done
  log "installing Debian's runc package"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends runc >&2
  for r in /usr/sbin/runc /usr/bin/runc; do
    [[ -x $r ]] && "$r" --version >/dev/null 2>&1 && { echo "$r"; return 0; }
  done
  die "no working runc after installing the runc package"
}

# Trixie's containerd runs on glibc 2.36; fall back to Debian 12's package if it ever does not.
containerd_dir() {
  if "$ROOT/usr/bin/containerd" --version >/dev/null 2>&1 &&
     "$ROOT/usr/bin/containerd-shim-runc-v2" -v >/dev/null 2>&1; then
    echo "$ROOT/usr/bin"; return 0
  fi
  log "trixie's containerd does not run here; using Debian 12's containerd package"
  if ! [[ -x /usr/bin/containerd ]]; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends containerd >&2
  fi
  echo /usr/bin
}

# Symlink farms: $SBIN heads the daemon's PATH, $BIN the client's.
link_bins() {
  local runc cdir
  runc=$(ensure_runc)
  cdir=$(containerd_dir)
  mkdir -p "$SBIN" "$BIN" "$CONFIG"
  ln -sfn "$ROOT/usr/sbin/dockerd" "$SBIN/dockerd"
  ln -sfn "$ROOT/usr/sbin/docker-proxy" "$SBIN/docker-proxy"
  ln -sfn "$ROOT/usr/bin/tini-static" "$SBIN/docker-init"
  ln -sfn "$cdir/containerd" "$SBIN/containerd"
  ln -sfn "$cdir/containerd-shim-runc-v2" "$SBIN/containerd-shim-runc-v2"
  ln -sfn "$cdir/ctr" "$SBIN/ctr"
  ln -sfn "$runc" "$SBIN/runc"
  ln -sfn "$ROOT/usr/bin/docker" "$BIN/docker"
  # The 26.1 CLI finds buildx through cliPluginsExtraDirs.
  printf '{\n  "cliPluginsExtraDirs": ["%s"]\n}\n' "$PLUGINS" >"$CONFIG/config.json"
}

# --- daemon -----------------------------------------------------------------------------

# Pid of the running dockerd we started, if any (pidfile + the process really is our dockerd).
our_pid() {
  [[ -f $PIDFILE ]] || return 1
  local pid exe
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [[ $exe == "$(readlink -f "$ROOT/usr/sbin/dockerd")" ]] || return 1
  echo "$pid"
}

# `docker info` exits 0 even when the daemon is unreachable; `docker version` does not.
answers() { [[ -n $(dk version --format '{{.Server.Version}}' 2>/dev/null) ]]; }

start() {
  if our_pid >/dev/null && answers; then
    log "already running (pid $(our_pid))"
    print_env
    return 0
  fi
  our_pid >/dev/null && die "dockerd pid $(our_pid) runs but does not answer on $SOCK; run '$0 stop' first"
  fetch_engine
  link_bins
  # A stale socket or pidfile from a daemon that is gone.
  rm -f "$SOCK" "$PIDFILE"
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  log "starting dockerd 26.1 (log: $LOG)"
  echo "=== $(date -u +%FT%TZ) engine.sh start" >>"$LOG"
  # setsid: the daemon outlives this shell and its job control. dockerd starts its own
  # containerd (found on PATH) under $EXEC_ROOT/containerd and stops it when it exits.
  # The dead loopback proxy is a safety net: a pull of an image the daemon lacks (a typo in
  # FROM, `docker run` of a missing tag) fails at once on 127.0.0.1 instead of resolving and
  # contacting a registry. It does not reach RUN steps.
  setsid env -i PATH="$SBIN:/usr/sbin:/usr/bin:/sbin:/bin" HOME=/root \
    HTTP_PROXY=$DEAD_PROXY HTTPS_PROXY=$DEAD_PROXY http_proxy=$DEAD_PROXY https_proxy=$DEAD_PROXY \
    "$SBIN/dockerd" \
      --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
      --ip6tables=false --userland-proxy=false \
      --host "unix://$SOCK" \
      --data-root "$DATA_ROOT" \
      --exec-root "$EXEC_ROOT" \
      --pidfile "$PIDFILE" \
      --cgroup-parent /dfsim-docker \
      --storage-driver "$STORAGE_DRIVER" \
      >>"$LOG" 2>&1 </dev/null &
  local spawned=$! waited=0
  until answers; do
    if ! kill -0 "$spawned" 2>/dev/null; then
      tail -n 40 "$LOG" >&2; die "dockerd exited during start-up (log above: $LOG)"
    fi
    if (( waited >= START_TIMEOUT * 2 )); then
      tail -n 40 "$LOG" >&2; die "dockerd did not answer within ${START_TIMEOUT}s (log above: $LOG)"
    fi
    sleep 0.5; waited=$((waited + 1))
  done
  log "up: $(dk version --format 'client {{.Client.Version}}, server {{.Server.Version}}')"
  print_env
}

stop() {
  local pid cpid cfile=$EXEC_ROOT/containerd/containerd.pid i
  if ! pid=$(our_pid); then
    log "not running (no live dockerd from $PIDFILE)"
  else
    log "stopping dockerd pid $pid"
    kill -TERM "$pid"
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd still up after 30s; SIGKILL"; kill -KILL "$pid"; fi
  fi
  # The containerd dockerd started normally exits with it; end it only if it is ours and left.
  if [[ -f $cfile ]]; then
    cpid=$(<"$cfile")
    if [[ $cpid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null | grep -qF "$EXEC_ROOT/"; then
      log "stopping leftover containerd pid $cpid"
      kill -TERM "$cpid" 2>/dev/null || true
      for ((i = 0; i < 20; i++)); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
  rm -f "$PIDFILE"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  status) if our_pid >/dev/null && answers; then log "running (pid $(our_pid))"; else log "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
