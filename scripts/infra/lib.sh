# shellcheck shell=bash
# shellcheck disable=SC2034  # variables used by the scripts that source this file
# Shared helpers for scripts/infra/{up,down,status}.sh. Source it; do not run it.
#
# Everything listens on 127.0.0.1 only. Runtime data, logs and pid files go to <repo>/.infra/;
# downloaded jars and builds are cached in ${SANSHE_INFRA_CACHE:-$HOME/.cache/sanshe-infra}.

INFRA_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_SCRIPTS_DIR/../.." && pwd)"

INFRA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"

# Versions are set in the poms; read here for names and messages.
pom_property() { sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1" | head -n1; }
KAFKA_VERSION="$(pom_property "$INFRA_SCRIPTS_DIR/kafka/pom.xml" kafka.version)"
MONGO_JAVA_SERVER_VERSION="$(pom_property "$INFRA_SCRIPTS_DIR/mongo/pom.xml" mongo-java-server.version)"

KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:-${KAFKA_HEAP:--Xms512m -Xmx512m}}"
MONGO_HEAP_OPTS="${MONGO_HEAP_OPTS:--Xms256m -Xmx1g}"

INFRA_CACHE="${SANSHE_INFRA_CACHE:-${HOME:-/root}/.cache/sanshe-infra}"
# INFRA_DIR runs a second, private set (its own env, pids, data and logs), e.g. the chaos suite's
# on other ports; relative paths are taken from the current directory.
INFRA_RUN_DIR="$REPO_ROOT/.infra"
if [[ -n "${INFRA_DIR:-}" ]]; then
  mkdir -p "$INFRA_DIR"
  INFRA_RUN_DIR="$(cd "$INFRA_DIR" && pwd)"
fi
INFRA_LOG_DIR="$INFRA_RUN_DIR/logs"
INFRA_PID_DIR="$INFRA_RUN_DIR/pids"

# Seconds to wait for each server to become ready, and for each to stop before SIGKILL.
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
MONGO_START_TIMEOUT="${MONGO_START_TIMEOUT:-60}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-20}"
INFRA_STOP_TIMEOUT="${INFRA_STOP_TIMEOUT:-30}"

INFRA_SERVICES=(kafka mongo redis)

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# --- processes ----------------------------------------------------------------------------

pid_file() { printf '%s/%s.pid\n' "$INFRA_PID_DIR" "$1"; }

# What must appear in /proc/<pid>/cmdline for a pid to be ours (guards against pid reuse).
service_marker() {
  case "$1" in
    kafka) printf 'kafka.Kafka' ;;
    mongo) printf 'sanshe.infra.MongoWireServer' ;;
    redis) printf 'redis-server' ;;
    *) die "unknown service: $1" ;;
  esac
}

# The port asked for (environment or default).
configured_port() {
  case "$1" in
    kafka) printf '%s' "$KAFKA_PORT" ;;
    mongo) printf '%s' "$MONGO_PORT" ;;
    redis) printf '%s' "$REDIS_PORT" ;;
    *) die "unknown service: $1" ;;
  esac
}

port_file() { printf '%s/%s.port\n' "$INFRA_PID_DIR" "$1"; }

# The port a running service was started on (recorded by up.sh), else the configured one.
service_port() {
  local file
  file="$(port_file "$1")"
  if [[ -s "$file" ]]; then
    tr -dc '0-9' <"$file"
  else
    configured_port "$1"
  fi
}

service_log() {
  case "$1" in
    kafka) printf '%s/kafka.out' "$INFRA_LOG_DIR" ;;
    mongo) printf '%s/mongo.log' "$INFRA_LOG_DIR" ;;
    redis) printf '%s/redis.log' "$INFRA_LOG_DIR" ;;
    *) die "unknown service: $1" ;;
  esac
}

# Prints the pid recorded for a service if that process is alive and is ours; fails otherwise.
service_pid() {
  local svc="$1" file pid
  file="$(pid_file "$svc")"
  [[ -s "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(service_marker "$svc")" || return 1
  printf '%s\n' "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  (exec 3<>"/dev/tcp/$INFRA_HOST/$1") 2>/dev/null
}

# Describes who listens on a port (best effort, for error messages).
port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n1
  fi
}

# Full health check of one service (process alive and answering).
service_healthy() {
  local svc="$1" pid
  pid="$(service_pid "$svc")" || return 1
  case "$svc" in
    kafka)
      port_open "$(service_port kafka)" || return 1
      # The broker logs "Kafka Server started" once it serves requests; remember it (the log
      # file may roll) in a marker that is wiped with the data dir on every fresh start.
      local ready="$INFRA_RUN_DIR/kafka/ready"
      if [[ ! -f "$ready" ]]; then
        grep -q 'Kafka Server started' "$INFRA_LOG_DIR/kafka-server.log" 2>/dev/null || return 1
        echo "$pid" >"$ready" 2>/dev/null || true
      fi
      [[ "$(cat "$ready" 2>/dev/null)" == "$pid" ]] || return 1
      ;;
    mongo)
      port_open "$(service_port mongo)" || return 1
      ;;
    redis)
      [[ "$(redis-cli -h "$INFRA_HOST" -p "$(service_port redis)" ping 2>/dev/null)" == PONG ]] || return 1
      ;;
  esac
}

# Waits until service_healthy, or fails with the tail of its log.
wait_healthy() {
  local svc="$1" timeout="$2" start=$SECONDS
  while ! service_healthy "$svc"; do
    if ! service_pid "$svc" >/dev/null; then
      show_log_tail "$svc"
      die "$svc exited during start-up (log: $(service_log "$svc"))"
    fi
    if (( SECONDS - start >= timeout )); then
      show_log_tail "$svc"
      die "$svc was not ready after ${timeout}s (log: $(service_log "$svc")); still running as pid $(service_pid "$svc" || echo '?')"
    fi
    sleep 0.5
  done
}

show_log_tail() {
  local svc="$1" f files
  files=("$(service_log "$svc")")
  [[ "$svc" != kafka ]] || files+=("$INFRA_LOG_DIR/kafka-server.log")
  for f in "${files[@]}"; do
    [[ -s "$f" ]] || continue
    printf '[infra] ----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2 || true
    printf '[infra] -----\n' >&2
  done
}

# Stops a service by its pid: SIGTERM, then SIGKILL after INFRA_STOP_TIMEOUT seconds.
stop_service() {
  local svc="$1" pid start
  if ! pid="$(service_pid "$svc")"; then
    rm -f "$(pid_file "$svc")" "$(port_file "$svc")"
    log "$svc: not running"
    return 0
  fi
  log "$svc: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - start >= INFRA_STOP_TIMEOUT )); then
      log "$svc: still running after ${INFRA_STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$svc")" "$(port_file "$svc")"
  log "$svc: stopped"
}

# --- installation ---------------------------------------------------------------------------

# apt-get install, with 'apt-get update' only if the first try fails. Services that a package
# would start by itself (redis-server's init script) are kept from starting.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these by hand: $*"
  local as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: $*"
    as_root=(sudo)
  fi
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    added_policy=1
  fi
  local rc=0
  log "apt-get install $*"
  if ! DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "$@" \
      >"$INFRA_LOG_DIR/apt.log" 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    { DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "$@"; } \
      >>"$INFRA_LOG_DIR/apt.log" 2>&1 || rc=$?
  fi
  if (( added_policy )); then "${as_root[@]}" rm -f "$policy"; fi
  if (( rc != 0 )); then
    tail -n 20 "$INFRA_LOG_DIR/apt.log" >&2 || true
    die "apt-get install $* failed (log: $INFRA_LOG_DIR/apt.log)"
  fi
}

require_java_and_maven() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if (( ${#missing[@]} > 0 )); then
    # shellcheck disable=SC2207
    missing=($(printf '%s\n' "${missing[@]}" | sort -u))
    apt_install "${missing[@]}"
  fi
}

# Content hash of files, to key caches on the poms and sources that produced them.
files_hash() {
  cat "$@" | sha256sum | cut -c1-16
}

# Runs Maven quietly; on failure shows its output.
run_mvn() {
  local out="$1"; shift
  if ! mvn -B -q "$@" >"$out" 2>&1; then
    tail -n 40 "$out" >&2 || true
    die "mvn $* failed (log: $out)"
  fi
}

# Removes cached builds of a kind other than the current one (older versions, interrupted runs).
# A build still in use by a running server (another INFRA_DIR's, or another checkout's) is kept.
prune_cache() {
  local prefix="$1" keep="$2" d
  for d in "$INFRA_CACHE/$prefix"*; do
    [[ -e "$d" && "$d" != "$keep" ]] || continue
    if grep -qsF -- "$d/" /proc/[0-9]*/cmdline; then continue; fi
    rm -rf "$d"
  done
}

ensure_dirs() {
  mkdir -p "$INFRA_RUN_DIR" "$INFRA_LOG_DIR" "$INFRA_PID_DIR" "$INFRA_CACHE"
}
