#!/usr/bin/env bash
# The charge path against its physical limit, in one run on one machine:
#   1. POST /v1/charges        (one charge per request)     vs  redis-benchmark EVALSHA of charge.lua
#   2. POST /v1/charges/batch  (BATCH charges per request)  vs  redis-benchmark EVALSHA -P 16 (pipelined)
# against the running suite's wallet-service and the very Redis it uses; the load comes from wrk.
# Prints throughput, p50 and p99 and the ratios. Starts the suite if it is not running.
#
#   bench/charges.sh [SECONDS=20] [CONNECTIONS=50] [BATCH=50]
# Needs Debian's wrk and redis-tools (apt-get install -y wrk redis-tools).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH=${1:-20}
CONNECTIONS=${2:-50}
BATCH=${3:-50}
cd "$ROOT"

for tool in wrk redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install -y wrk redis-tools" >&2; exit 1; }
done
./suite status >/dev/null 2>&1 || ./suite up

PORT=$(grep '^pes.redis.port=' .suite/stack/stack.properties | cut -d= -f2)
WALLET=http://127.0.0.1:8081
export TOKEN APP=bench-app USERS=200
TOKEN=$(./suite token service:bench service)
LUA=wallet-service/src/main/resources/lua
rcli() { redis-cli -p "$PORT" "$@"; }

# An active paid app (explorer split: 7 tokens, 4/3), as app.catalog would have put it.
rcli HSET pes:app:$APP version 1 developer_id dev:bench status active pricing_model paid \
  base_price 5 platform_fee 2 revenue_split_dev 70 >/dev/null
echo "funding $USERS users through the credit route…"
for i in $(seq 0 $((USERS - 1))) raw; do
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"event_id\":\"bench-fund-$i-$RANDOM$RANDOM\",\"amount\":100000000000,\"reason\":\"bench\",\"occurred_at\":\"$(date -u +%FT%TZ)\"}" \
    "$WALLET/v1/wallets/user:bench-$i/credits"
done

SHA=$(rcli SCRIPT LOAD "$(cat "$LUA/common.lua")"$'\n'"$(cat "$LUA/charge.lua")")
raw() {
  # The same script, keys and arguments as wallet-service sends, with a fresh event id each call
  # (random 12-digit ids: a smaller keyspace made ids collide, and the ledger, rightly, books an
  # event id once, which reconciliation then reports).
  redis-benchmark -p "$PORT" -c "$CONNECTIONS" -n "$1" -r 999999999999 -q "${@:2}" \
    EVALSHA "$SHA" 8 pes:event:bench:__rand_int__ pes:wallet:user:bench-raw pes:app:$APP \
    pes:developer:earnings:dev:bench pes:wallet:platform:revenue pes:billing pes:billing:seq pes:accounts \
    "charge|user:bench-raw|$APP|bench|action|false" 604800 bench-__rand_int__ user:bench-raw $APP bench 0 \
    dev:bench platform:revenue | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -1 | cut -d' ' -f1
}
load() {
  BATCH=$1 wrk -t2 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" --latency -s bench/wrk-charge.lua "$WALLET"
}
# Every phase starts with the relay caught up: it shares the cores. (The ledger's and the other
# services' consumers may still be working off the previous phase: see the README's caveat.)
drain() {
  for _ in $(seq 1 120); do
    [ "$(rcli XLEN pes:billing)" -lt 200 ] && { sleep 5; return; }
    sleep 1
  done
}
rate() { awk '/^Requests\/sec/ {print $2}' <<<"$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' <<<"$1"; }
errors() { awk '/Non-2xx|Socket errors/' <<<"$1"; }

echo "== $(nproc) cores, $(date -u +%FT%TZ), Redis $(rcli INFO server | grep -Eo 'redis_version:[0-9.]+' | cut -d: -f2), $CONNECTIONS connections"
load 0 >/dev/null 2>&1 || true   # warm-up of the JVM
drain
raw_single=$(raw 200000)
echo "redis-benchmark EVALSHA:      $raw_single calls/s"
drain
single=$(load 0)
single_rate=$(rate "$single")
echo "POST /v1/charges:             $single_rate charges/s   p50 $(pct "$single" 50)   p99 $(pct "$single" 99)   $(errors "$single")"
drain
raw_piped=$(raw 1000000 -P 16)
echo "redis-benchmark EVALSHA -P 16: $raw_piped calls/s"
drain
batched=$(load "$BATCH")
batch_rate=$(awk -v r="$(rate "$batched")" -v b="$BATCH" 'BEGIN {printf "%.0f", r * b}')
echo "POST /v1/charges/batch ($BATCH): $batch_rate charges/s   p50 $(pct "$batched" 50)   p99 $(pct "$batched" 99) per request   $(errors "$batched")"

awk -v a="$single_rate" -v b="$raw_single" -v c="$batch_rate" -v d="$raw_piped" 'BEGIN {
  printf "ratio single route / raw EVALSHA:          %.2f\n", a / b
  printf "ratio batch route / pipelined EVALSHA:     %.2f\n", c / d }'
