#!/usr/bin/env bash
# The charge path against its physical limit, in one run on one machine:
#   1. POST /v1/charges        (one charge per request)      vs  redis-benchmark EVALSHA of charge.lua
#   2. POST /v1/charges/batch  (BATCH charges per request)   vs  redis-benchmark EVALSHA -P 16 (pipelined)
# against the running suite's wallet-service and the very Redis it uses. Prints throughput, p50, p99
# and the ratios. Starts the suite if it is not running.
#
#   bench/charges.sh [REQUESTS=50000] [CONCURRENCY=50] [BATCH=50]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REQUESTS=${1:-50000}
CONCURRENCY=${2:-50}
BATCH=${3:-50}
cd "$ROOT"

command -v redis-benchmark >/dev/null && command -v redis-cli >/dev/null || {
  echo "redis-benchmark and redis-cli are needed: apt-get install -y redis-tools" >&2; exit 1; }
./suite status >/dev/null 2>&1 || ./suite up
[ -f bench/target/runtime.classpath ] || ./mvnw -B -q package -pl bench -am -DskipTests

PORT=$(grep '^pes.redis.port=' .suite/stack/stack.properties | cut -d= -f2)
WALLET=http://127.0.0.1:8081
TOKEN=$(./suite token service:bench service)
LUA=wallet-service/src/main/resources/lua
BODY="$(cat "$LUA/common.lua")"$'\n'"$(cat "$LUA/charge.lua")"
rcli() { redis-cli -p "$PORT" "$@"; }

# An active paid app (explorer split: 7 tokens, 4/3), as app.catalog would have put it.
rcli HSET pes:app:bench-app version 1 developer_id dev:bench status active pricing_model paid \
  base_price 5 platform_fee 2 revenue_split_dev 70 >/dev/null
USERS=200
echo "funding $USERS users through the credit route…"
for i in $(seq 0 $((USERS - 1))) raw; do
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"event_id\":\"bench-fund-$i-$RANDOM$RANDOM\",\"amount\":1000000000,\"reason\":\"bench\",\"occurred_at\":\"$(date -u +%FT%TZ)\"}" \
    "$WALLET/v1/wallets/user:bench-$i/credits"
done

CP="bench/target/classes:$(cat bench/target/runtime.classpath)"
load() { java -cp "$CP" com.platformeconomy.bench.ChargeLoad "$WALLET" "$TOKEN" bench-app user:bench- "$USERS" "$@"; }
value() { grep "^$1=" <<<"$2" | cut -d= -f2; }

SHA=$(rcli SCRIPT LOAD "$BODY")
raw() {
  # The same script, keys and arguments as wallet-service sends, with a fresh event id each call.
  redis-benchmark -p "$PORT" -c "$CONCURRENCY" -n "$1" -r 1000000000 -q "${@:2}" \
    EVALSHA "$SHA" 8 pes:event:bench:__rand_int__ pes:wallet:user:bench-raw pes:app:bench-app \
    pes:developer:earnings:dev:bench pes:wallet:platform:revenue pes:billing pes:billing:seq pes:accounts \
    "charge|user:bench-raw|bench-app|bench|action|false" 604800 bench-__rand_int__ user:bench-raw bench-app bench 0 \
    dev:bench platform:revenue | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -1 | cut -d' ' -f1
}

echo "== machine: $(nproc) cores; $(date -u +%FT%TZ); Redis $(rcli INFO server | grep -Eo 'redis_version:[0-9.]+' | cut -d: -f2)"
single=$(load "$REQUESTS" "$CONCURRENCY" 0)
echo "$single"
raw_single=$(raw 200000)
echo "redis-benchmark EVALSHA charge.lua -c $CONCURRENCY: $raw_single calls/s"

batched=$(load $((REQUESTS / BATCH * 4)) "$CONCURRENCY" "$BATCH")
echo "$batched"
raw_piped=$(raw 1000000 -P 16)
echo "redis-benchmark EVALSHA charge.lua -c $CONCURRENCY -P 16: $raw_piped calls/s"

awk -v a="$(value throughput_charges_per_s "$single")" -v b="$raw_single" \
    -v c="$(value throughput_charges_per_s "$batched")" -v d="$raw_piped" 'BEGIN {
  printf "ratio single route / raw EVALSHA:            %.2f\n", a / b
  printf "ratio batch route / pipelined raw EVALSHA:   %.2f\n", c / d }'
