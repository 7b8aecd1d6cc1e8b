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
SECONDS_EACH=${1:-20}
CONNECTIONS=${2:-50}
BATCH=${3:-50}
source "$(dirname "$0")/lib.sh"

echo "== $(nproc) cores, $(date -u +%FT%TZ), Redis $(rcli INFO server | grep -Eo 'redis_version:[0-9.]+' | cut -d: -f2), $CONNECTIONS connections"
load "$SECONDS_EACH" "$CONNECTIONS" 0 >/dev/null 2>&1 || true   # warm-up of the JVM
drain
raw_single=$(raw_charged 200000 "$CONNECTIONS")
echo "redis-benchmark EVALSHA:      $raw_single calls/s"
drain
single=$(load "$SECONDS_EACH" "$CONNECTIONS" 0)
single_rate=$(rate "$single")
echo "POST /v1/charges:             $single_rate charges/s   p50 $(pct "$single" 50)   p99 $(pct "$single" 99)   $(errors "$single")"
drain
raw_piped=$(raw_charged 1000000 "$CONNECTIONS" -P 16)
echo "redis-benchmark EVALSHA -P 16: $raw_piped calls/s"
drain
batched=$(load "$SECONDS_EACH" "$CONNECTIONS" "$BATCH")
batch_rate=$(awk -v r="$(rate "$batched")" -v b="$BATCH" 'BEGIN {printf "%.0f", r * b}')
echo "POST /v1/charges/batch ($BATCH): $batch_rate charges/s   p50 $(pct "$batched" 50)   p99 $(pct "$batched" 99) per request   $(errors "$batched")"

awk -v a="$single_rate" -v b="$raw_single" -v c="$batch_rate" -v d="$raw_piped" 'BEGIN {
  printf "ratio single route / raw EVALSHA:          %.2f\n", a / b
  printf "ratio batch route / pipelined EVALSHA:     %.2f\n", c / d }'
