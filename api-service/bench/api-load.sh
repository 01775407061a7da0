#!/usr/bin/env bash
# Load test of the configuration REST API with wrk: GET list, GET one, POST create.
#
# Assumes the test stack is running (FP_PROFILE=test: PostgreSQL primary on 55432, Temporal on 17233;
# start it with `FP_PROFILE=test source scripts/lib/stack.sh; start_postgres_primary; start_temporal`).
# Starts only the api-service jar, on free loopback ports against a fresh database, and removes both
# when done. Writes the method and figures to docs/benchmarks-api.md.
#
# Usage: api-service/bench/api-load.sh [--duration SECONDS] [--threads N] [--connections N]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=15
THREADS=2
CONNECTIONS=16
while (($#)); do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

SERVER_URL=${FLOWPLANE_TEST_PRIMARY_URL:-postgresql://flowplane:flowplane@127.0.0.1:55432/flowplane}
TEMPORAL=${FLOWPLANE_TEST_TEMPORAL_ADDRESS:-127.0.0.1:17233}
JAR="$ROOT/api-service/target/flowplane-api-service-0.1.0-SNAPSHOT-all.jar"
REPORT="$ROOT/docs/benchmarks-api.md"
WORK=$(mktemp -d)
random_hex() { python3 -c "import secrets; print(secrets.token_hex($1))"; }
DB="fp_bench_$(random_hex 5)"
DB_URL="${SERVER_URL%/*}/$DB"
TOKEN="bench-admin-$(random_hex 12)"
API_PID=

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
psql "$SERVER_URL" -Atqc 'SELECT 1' >/dev/null || { echo "PostgreSQL at $SERVER_URL is not reachable; start the test stack" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -B -q -o -ntp -pl core,api-service install -DskipTests)
fi

cleanup() {
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  psql "$SERVER_URL" -Atqc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
ADMIN_PORT=$(free_port)
API="http://127.0.0.1:$PORT"

psql "$SERVER_URL" -Atqc "CREATE DATABASE $DB" >/dev/null
FLOWPLANE_DATABASE_URL="$DB_URL" FLOWPLANE_BOOTSTRAP_TOKEN="$TOKEN" FLOWPLANE_TEMPORAL_ADDRESS="$TEMPORAL" \
FLOWPLANE_BIND_ADDRESS=127.0.0.1 FLOWPLANE_API_PORT=$PORT FLOWPLANE_API_ADMIN_PORT=$ADMIN_PORT \
  java -Xmx512m -jar "$JAR" server "$ROOT/deploy/config/api-service.yml" >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$API/api/v1/openapi.json" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { tail -20 "$WORK/api.log" >&2; exit 1; }
  sleep 0.3
done

call() { curl -fsS -X "$1" "$API$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
call POST /api/v1/teams '{"name": "bench"}' >/dev/null
for i in $(seq 1 50); do
  call POST /api/v1/clusters "{\"team\": \"bench\", \"name\": \"seed-$i\", \"endpoints\": [{\"host\": \"10.0.0.$i\", \"port\": 8080}]}" >/dev/null
done
ONE_ID=$(call GET /api/v1/clusters?team=bench | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

cat >"$WORK/post.lua" <<LUA
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local body = '{"team": "bench", "name": "load-' .. tid .. '-' .. counter .. '", "endpoints": [{"host": "10.1.0.1", "port": 80}]}'
  return wrk.format("POST", "/api/v1/clusters", {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}, body)
end
LUA

run_wrk() { # name, extra args...
  local name=$1; shift
  wrk --latency -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" "$@" >"$WORK/$name.txt"
}
run_wrk warmup -H "Authorization: Bearer $TOKEN" "$API/api/v1/clusters/$ONE_ID" -d 5s
run_wrk get-list -H "Authorization: Bearer $TOKEN" "$API/api/v1/clusters?team=bench"
run_wrk get-one -H "Authorization: Bearer $TOKEN" "$API/api/v1/clusters/$ONE_ID"
run_wrk post-create -s "$WORK/post.lua" "$API/api/v1/clusters"

figure() { # file, what: rps | p50 | p99 | errors
  case "$2" in
    rps) awk '/^Requests\/sec:/ {print $2}' "$1" ;;
    p50) awk '$1 == "50%" {print $2}' "$1" ;;
    p99) awk '$1 == "99%" {print $2}' "$1" ;;
    errors) awk '/Non-2xx or 3xx responses:/ {print $NF; found=1} END {if (!found) print 0}' "$1" ;;
  esac
}
row() { echo "| $1 | $(figure "$WORK/$2.txt" rps) | $(figure "$WORK/$2.txt" p50) | $(figure "$WORK/$2.txt" p99) | $(figure "$WORK/$2.txt" errors) |"; }
CREATED=$(psql "$DB_URL" -Atqc "SELECT count(*) FROM clusters WHERE name LIKE 'load-%'")

{
  echo "## REST API load (api-service/bench/api-load.sh)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "everything on loopback on the same machine: wrk, the api-service jar (\`-Xmx512m\`, default pools of 10"
  echo "connections) and the test PostgreSQL primary (no READ_URL, so reads and writes go to the primary)."
  echo
  echo "Method: a fresh database with one team and 50 clusters; the api-service jar started with"
  echo "deploy/config/api-service.yml; a 5 s warm-up; then \`wrk --latency -t $THREADS -c $CONNECTIONS -d ${DURATION}s\`"
  echo "for each row, one after another. Every request carries a bearer token, so each includes the"
  echo "token lookup (one indexed SELECT on the primary). POST creates a cluster with a unique name, in one"
  echo "transaction with its audit row and the revision bump."
  echo
  echo "| request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  row "GET /api/v1/clusters?team=bench (list of 50)" get-list
  row "GET /api/v1/clusters/{id}" get-one
  row "POST /api/v1/clusters (create)" post-create
  echo
  echo "POST created $CREATED clusters. wrk and the service share the same $(nproc) vCPUs, so these"
  echo "figures are a floor for a dedicated host, and they vary by a few tens of percent between runs."
} >"$REPORT"
cat "$REPORT"
