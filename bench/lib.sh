# Shared by the benchmark scripts (source it): the running suite's wallet-service and Redis, funded
# bench users, an active paid app, and the load generators. Starts the suite if it is not running.
# Needs Debian's wrk and redis-tools (apt-get install -y wrk redis-tools).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
for tool in wrk redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install -y wrk redis-tools" >&2; exit 1; }
done
./suite status >/dev/null 2>&1 || ./suite up

PORT=$(grep '^pes.redis.port=' .suite/stack/stack.properties | cut -d= -f2)
# Redis has no default user: the bench looks and seeds as the stack's admin, and runs the raw
# baseline as wallet-service's own ACL user, as the service does.
ADMIN_PASS=$(grep '^pes.redis.admin-password=' .suite/stack/stack.properties | cut -d= -f2)
WALLET_PASS=$(grep '^pes.redis.password=' .suite/stack/stack.properties | cut -d= -f2)
WALLET=http://127.0.0.1:8081
export TOKEN APP=bench-app USERS=200
# An admin may charge, credit and reconcile any account (no service role exists any more: SPEC §10).
TOKEN=$(./suite token admin:bench admin 2>/dev/null)
LUA=wallet-service/src/main/resources/lua
rcli() { redis-cli -p "$PORT" --user admin --pass "$ADMIN_PASS" --no-auth-warning "$@"; }
# BUCKETS: how many buckets the wallets are split into (WALLET_REDIS_BUCKETS, as the suite was
# started with; docs/scaling.md; more than one only on a Redis Cluster, and a power of two). KS: each
# bucket's key prefix. K: the prefix of the bucket holding user:bench-raw, the raw baseline's wallet.
# On a Redis Cluster (./suite up --redis-cluster) rcli follows redirections (-c), and PORT becomes
# the master of K's slot, so that the raw baseline talks to the node its keys live on.
BUCKETS=${WALLET_REDIS_BUCKETS:-1}
K=pes:
CLUSTER=
if grep -q '^pes.redis.client-type=cluster' .suite/stack/stack.properties; then
  CLUSTER=-c
  K='pes:{w}:'
fi
KS=("$K")
if [ "$BUCKETS" -gt 1 ]; then
  [ -n "$CLUSTER" ] || { echo "WALLET_REDIS_BUCKETS > 1: benchmarked on a Redis Cluster only (./suite up --redis-cluster)" >&2; exit 1; }
  KS=(); for b in $(seq 0 $((BUCKETS - 1))); do KS+=("pes:{b$b}:"); done
  # The account's bucket is CRC16 mod N; its slot is CRC16 mod 16384, the same low bits for N a power of two.
  K="pes:{b$(( $(redis-cli -p "$PORT" --user admin --pass "$ADMIN_PASS" --no-auth-warning CLUSTER KEYSLOT user:bench-raw) % BUCKETS ))}:"
fi
rcli() { redis-cli $CLUSTER -p "$PORT" --user admin --pass "$ADMIN_PASS" --no-auth-warning "$@"; }
# movements: how many movements every bucket has numbered (bucket b numbers b+1, b+1+N, …).
movements() {
  local b=0 total=0 c
  for k in "${KS[@]}"; do
    c=$(rcli GET "${k}billing:seq"); c=${c:-0}
    [ "$c" -ge $((b + 1)) ] && total=$((total + (c - b - 1) / BUCKETS + 1))
    b=$((b + 1))
  done
  echo "$total"
}
# stream_length: entries in every bucket's billing stream.
stream_length() { local total=0; for k in "${KS[@]}"; do total=$((total + $(rcli XLEN "${k}billing"))); done; echo "$total"; }
if [ -n "$CLUSTER" ]; then
  SLOT=$(rcli CLUSTER KEYSLOT "${K}billing")
  PORT=$(rcli CLUSTER NODES | awk -v s="$SLOT" '$3 ~ /master/ && $3 !~ /fail/ {
    for (i = 9; i <= NF; i++) { n = split($i, r, "-"); if (n == 1) r[2] = r[1]
      if (s + 0 >= r[1] + 0 && s + 0 <= r[2] + 0) { split($2, a, "[:@]"); print a[2] } } }')
fi

# An active paid app (explorer split: 7 tokens, 4/3), as app.catalog would have put it: in every bucket.
for k in "${KS[@]}"; do
  rcli HSET "${k}app:$APP" version 1 developer_id dev:bench status active pricing_model paid \
    base_price 5 platform_fee 2 revenue_split_dev 70 price 7 developer_share 4 price_byollm 5 developer_share_byollm 3 >/dev/null
done
echo "funding $USERS users through the credit route…" >&2
# Past one admin's allowance a treasury credit waits (202) for a second admin's same request (SPEC §10
# four eyes): every credit is sent by both; the second confirms it, or answers the first outcome (200).
SECOND=$(./suite token admin:bench-second admin 2>/dev/null)
[ -n "$TOKEN" ] && [ -n "$SECOND" ] || { echo "bench: ./suite token made no admin token" >&2; exit 1; }
for i in $(seq 0 $((USERS - 1))) raw; do
  body="{\"event_id\":\"bench-fund-$i-$RANDOM$RANDOM\",\"amount\":100000000000,\"reason\":\"bench\"}"
  for t in "$TOKEN" "$SECOND"; do
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
      -d "$body" "$WALLET/v1/wallets/user:bench-$i/credits"
  done
done
# The deadline every charge carries (common.lua refuse_if_late): the wallet sends now + 5 min; far ahead here.
DEADLINE=$(( $(date +%s) * 1000 + 86400000 ))
SHA=$(rcli SCRIPT LOAD "$(cat "$LUA/common.lua")"$'\n'"$(cat "$LUA/charge.lua")")

# raw N CONNECTIONS [redis-benchmark flags…]: N charges straight to Redis, printed as calls/s.
# The same script, keys and arguments as wallet-service sends, with a fresh event id each call.
# redis-benchmark draws each __rand_int__ on its own, from an int range (-r above 2^31 wraps and
# gives one id forever, so every call after the first is a cheap replay), so an id is two draws:
# 4·10^18 ids, no two alike in a run. (The record key and the id are different draws: a collision
# of ids alone would charge twice under one event id, which the ledger books once.)
raw() {
  redis-benchmark -p "$PORT" --user wallet-service -a "$WALLET_PASS" -c "$2" -n "$1" -r 2000000000 -q "${@:3}" \
    EVALSHA "$SHA" 8 "${K}event:bench-__rand_int__-__rand_int__" "${K}wallet:user:bench-raw" "${K}app:$APP" \
    "${K}developer:earnings:dev:bench" "${K}wallet:platform:revenue" "${K}billing" "${K}billing:seq" "${K}accounts" \
    "0a1b2c3d.0a1b2c3d.0a1b2c3d.0a1b2c3d.0a1b2c3d" 900 bench-__rand_int__-__rand_int__ user:bench-raw $APP bench 0 \
    dev:bench platform:revenue "" "" 0 "$BUCKETS" "$DEADLINE" | tr '\r' '\n' | grep -Eo '[0-9.]+ requests per second' | tail -1 | cut -d' ' -f1
}
# raw_charged N CONNECTIONS [flags…]: as raw, and fails unless every call charged (the billing
# sequence moved by N): a figure made of replays or refusals would flatter Redis.
raw_charged() {
  local before after rate
  before=$(rcli GET "${K}billing:seq"); rate=$(raw "$@"); after=$(rcli GET "${K}billing:seq")
  [ $(((after - before) / BUCKETS)) -eq "$1" ] || { echo "raw run: $1 calls but $(((after - before) / BUCKETS)) charges" >&2; return 1; }
  echo "$rate"
}
# load SECONDS CONNECTIONS BATCH: wrk against POST /v1/charges (BATCH 0) or /v1/charges/batch.
load() {
  BATCH=$3 wrk -t2 -c "$2" -d "$1s" --latency -s bench/wrk-charge.lua "$WALLET"
}
# Every phase starts with the whole pipeline caught up: the relay has emptied the stream and every
# Kafka consumer (the wallet's ledger, developer earnings, revenue roll-ups) has committed the end
# of billing.events. They share the cores, so a phase that starts while they still work off the
# previous one measures them too.
pipeline_lag() { ./suite lag 2>/dev/null | awk '$1 == "total" {print $2}'; }
drain() {
  for _ in $(seq 1 300); do
    if [ "$(stream_length)" -lt 200 ] && [ "$(pipeline_lag)" -lt 200 ]; then
      sleep 3; return
    fi
    sleep 2
  done
  echo "warning: the pipeline did not catch up within 10 minutes; the next figures include its work" >&2
}
rate() { awk '/^Requests\/sec/ {print $2}' <<<"$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' <<<"$1"; }
errors() { awk '/Non-2xx|Socket errors/' <<<"$1"; }
